"""Active members without a wage base, counted per union as members and wage bases are written: the
treasurer's worklist reads the counts, and they always equal a recount of the register."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from finances.models import MissingWageBases, WageBase
from finances.models.wage_gaps import differences
from members import services
from tests.members.factories import MemberFactory
from unionhub.models import Role, Union

DAY = datetime.date(2026, 3, 10)


def missing(union) -> int:
    row = MissingWageBases.objects.filter(union=union).first()
    return row.members if row else 0


def wage_base(member, by, day=DAY, amount="5000"):
    return WageBase.objects.create(member=member, amount=Decimal(amount), effective_from=day, recorded_by=by)


@pytest.mark.django_db
def test_the_counts_follow_joining_wage_bases_leaving_and_transfers(world):
    treasurer = world.officers[Role.Kind.TREASURER]
    first, second, third = (MemberFactory(union=world.union_a) for _ in range(3))
    assert missing(world.union_a) == 3
    wage_base(first, treasurer)
    wage_base(first, treasurer, day=DAY.replace(month=6), amount="5200")  # a second one changes nothing
    assert missing(world.union_a) == 2
    services.leave(member=second, by=treasurer, date=DAY, reason="退休")
    assert missing(world.union_a) == 1
    services.transfer(member=third, to_union=world.union_b, by=treasurer, date=DAY)
    assert (missing(world.union_a), missing(world.union_b)) == (0, 1)
    WageBase.objects.filter(member=first).delete()  # both gone: counted again
    assert missing(world.union_a) == 1
    assert differences() == []


@pytest.mark.django_db
def test_the_treasurers_worklist_reads_the_counts(client, world):
    Union.objects.filter(pk=world.union_a.pk).update(dues_mode=Union.DuesMode.WAGE)
    for _ in range(2):
        MemberFactory(union=world.union_a)
    MemberFactory(union=world.group_a)  # a 工会小组's dues are collected by 甲单位工会
    client.force_login(world.officers[Role.Kind.TREASURER])
    body = client.get(reverse("home")).content.decode()
    item = body.split("在册会员未登记缴费工资基数")[1][:400]
    assert ">3<" in item.replace(" ", "")
    assert differences() == []
