"""The worklist's money items read kept rows (ledger totals, vouchers awaiting approval) and this year's
dues runs, and still count what they say: ended months without dues from the first run on, ended
months with vouchers not closed, spending not approved."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from finances import services
from finances.models import DuesRun, Fund
from reports import worklist
from tests.finances.factories import FundFactory, category
from tests.members.factories import MemberFactory
from unionhub.models import Role

TODAY = datetime.date(2026, 5, 15)


def count(provider, world, kind) -> int:
    role = Role.objects.get(union=world.union_a, user=world.officers[kind])
    (item,) = provider(SimpleNamespace(role=role), TODAY)
    return item.count


def post(world, day, name="会费收入"):
    return services.post_voucher(
        union=world.union_a,
        by=world.officers[Role.Kind.TREASURER],
        date=day,
        fund=Fund.objects.get(union=world.union_a),
        category=category(name),
        amount=Decimal("10"),
        summary="测试",
    )


def ran_dues(world, year, month):
    voucher = post(world, datetime.date(year, month, 10))
    DuesRun.objects.create(union=world.union_a, year=year, month=month, voucher=voucher, members=1)


def test_missing_dues_count_from_the_first_run_an_earlier_year_counting_every_ended_month(world):
    FundFactory(union=world.union_a, kind=Fund.Kind.UNION_FUND)
    MemberFactory(union=world.union_a)
    treasurer = Role.Kind.TREASURER
    assert count(worklist.missing_dues_runs, world, treasurer) == 1  # never ran: April only
    ran_dues(world, 2026, 3)
    assert count(worklist.missing_dues_runs, world, treasurer) == 1  # April
    ran_dues(world, 2025, 11)
    assert count(worklist.missing_dues_runs, world, treasurer) == 3  # January, February, April


def test_months_left_open_and_spending_to_approve(world):
    FundFactory(union=world.union_a, kind=Fund.Kind.UNION_FUND)
    treasurer, chair = world.officers[Role.Kind.TREASURER], world.officers[Role.Kind.CHAIR]
    for day in (datetime.date(2026, 2, 3), datetime.date(2026, 3, 4), datetime.date(2026, 5, 2)):
        post(world, day)
    spent = post(world, datetime.date(2026, 3, 9), name="职工活动支出")
    services.close_month(union=world.union_a, by=treasurer, year=2026, month=3)
    assert count(worklist.months_left_open, world, Role.Kind.TREASURER) == 1  # February; May has not ended
    assert count(worklist.spending_to_approve, world, Role.Kind.CHAIR) == 1
    services.approve_voucher(voucher=spent, by=chair)
    assert count(worklist.spending_to_approve, world, Role.Kind.CHAIR) == 0
