"""Factories for the ledger's tests. Vouchers are never built by a factory: they come from the services."""

import datetime
from decimal import Decimal

import factory

from finances import chart, rules
from finances.models import Category, CategoryEdition, Fund
from members.models import HardshipCase, Member
from tests.factories import RoleFactory, UnionFactory
from unionhub.models import Role


def ensure_chart() -> None:
    """The seeded chart and rules (a transactional test's flush removes the migration's rows)."""
    if not CategoryEdition.objects.exists():
        chart.seed()
        rules.seed()


def category(name: str, parent: str | None = None, on: datetime.date = datetime.date(2026, 1, 1)) -> Category:
    ensure_chart()
    edition = CategoryEdition.objects.in_force(on)
    found = Category.objects.filter(edition=edition, union__isnull=True, name=name)
    return found.get(parent__name=parent) if parent else found.get(parent__isnull=True)


def officer(union, kind=Role.Kind.TREASURER, **kwargs):
    return RoleFactory(union=union, kind=kind, **kwargs).user


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"会员{n}")
    sex = Member.Sex.MALE
    id_number = factory.Sequence(lambda n: f"T{n:017d}")
    join_date = datetime.date(2020, 1, 1)
    status = Member.Status.ACTIVE


class HardshipCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HardshipCase

    member = factory.SubFactory(MemberFactory)
    union = factory.SelfAttribute("member.union")
    level = HardshipCase.Level.RELATIVE
    opened_on = datetime.date(2025, 1, 1)


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"资金{n}")
    kind = Fund.Kind.UNION_FUND
    restricted = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        ensure_chart()
        return super()._create(model_class, *args, **kwargs)


def money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))
