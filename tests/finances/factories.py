"""Factories for the ledger's tests. Vouchers are never built by a factory: they come from the services."""

import datetime
from decimal import Decimal

import factory

from finances.models import Category, CategoryEdition, Fund
from tests.factories import RoleFactory, UnionFactory
from unionhub.models import Role


def category(name: str, parent: str | None = None, on: datetime.date = datetime.date(2026, 1, 1)) -> Category:
    edition = CategoryEdition.objects.in_force(on)
    found = Category.objects.filter(edition=edition, union__isnull=True, name=name)
    return found.get(parent__name=parent) if parent else found.get(parent__isnull=True)


def officer(union, kind=Role.Kind.TREASURER, **kwargs):
    return RoleFactory(union=union, kind=kind, **kwargs).user


def resident_id(n: int) -> str:
    """A well-formed 18-digit resident ID (ISO 7064 MOD 11-2 check digit) for test member `n`."""
    born = datetime.date(1970, 1, 1) + datetime.timedelta(days=n // 1000)
    body = f"330402{born:%Y%m%d}{n % 1000:03d}"
    total = sum(int(digit) * (2 ** (17 - i) % 11) for i, digit in enumerate(body))
    return body + "10X98765432"[total % 11]


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"资金{n}")
    kind = Fund.Kind.UNION_FUND
    restricted = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return super()._create(model_class, *args, **kwargs)


def money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))
