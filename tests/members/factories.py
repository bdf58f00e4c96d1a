"""Factories for members, their history and hardship files. IDs are real-looking: valid check digits."""

from datetime import date, timedelta
from decimal import Decimal

import factory

from members.idcard import make_resident_id
from members.models import HardshipCase, Member, MemberEvent
from tests.factories import UnionFactory


class MemberFactory(factory.django.DjangoModelFactory):
    """A member with a joining event, as `members.services.join` would leave it."""

    class Meta:
        model = Member
        skip_postgeneration_save = True

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"会员{n}")
    sex = Member.Sex.MALE
    birth_date = factory.Sequence(lambda n: date(1970, 1, 1) + timedelta(days=37 * n % 12000))
    id_number = factory.LazyAttributeSequence(
        lambda member, n: make_resident_id(
            region=f"{330100 + n // 1000 % 100:06d}",
            birth_date=member.birth_date,
            sequence=(n % 500) * 2 + (1 if member.sex == Member.Sex.MALE else 0),
        )
    )
    employment_type = Member.EmploymentType.CONTRACT
    join_date = date(2015, 3, 1)
    status = Member.Status.ACTIVE

    @factory.post_generation
    def joined(member, create, extracted, **kwargs):
        if create and extracted is not False:
            MemberEvent.objects.create(
                member=member, union=member.union, kind=MemberEvent.Kind.JOINED, date=member.join_date
            )


class HardshipCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HardshipCase

    member = factory.SubFactory(MemberFactory)
    union = factory.LazyAttribute(lambda case: case.member.union)
    level = HardshipCase.Level.RELATIVE
    opened_on = date(2024, 3, 1)
    household_size = 3
    household_income = Decimal("3000.00")
    main_cause = HardshipCase.Cause.ILLNESS
