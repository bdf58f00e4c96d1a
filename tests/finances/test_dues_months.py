"""The months paid that PostgreSQL keeps beside the dues lines agree with the lines after runs, late
payments and reversals, and the members owing read from them are the members whose own months say
they owe (`member_dues_months`, which reads the lines)."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from finances import selectors, services
from finances.models import DuesMonths
from finances.models.dues_months import differences
from finances.models.owing import differences as owing_differences
from members.models import Member
from tests.factories import UnionFactory
from tests.members.factories import MemberFactory
from tests.refused import refused
from unionhub.models import Union

pytestmark = pytest.mark.django_db

D = datetime.date


def owing_month_by_month(union, year: int, on: datetime.date) -> set[int]:
    """Members owing told one member at a time from their dues lines: the figure's independent reading."""
    return {
        member.pk
        for member in Member.objects.within(union)
        if any(month.owed for month in selectors.member_dues_months(member=member, year=year, on=on))
    }


def owing(union, year: int, on: datetime.date) -> set[int]:
    return set(selectors.members_owing(union=union, year=year, on=on).values_list("pk", flat=True))


def test_kept_months_follow_runs_late_dues_and_reversals(books):
    staff = MemberFactory.create_batch(3, union=books.union, join_date=D(2020, 5, 1))
    for member in staff:
        services.set_wage_base(
            member=member, by=books.treasurer, amount=Decimal("4000"), effective_from=D(2025, 1, 1)
        )
    newcomer = MemberFactory(union=books.union, join_date=D(2026, 2, 20))  # no wage base yet
    MemberFactory(union=books.union, status=Member.Status.RETAINED, join_date=D(2020, 5, 1))
    checks = [D(2026, 1, 15), D(2026, 2, 27), D(2026, 3, 31), D(2026, 12, 31)]

    def agree():
        assert differences() == []
        assert owing_differences() == []
        year_end = D(2026, 12, 31)
        kept = selectors.owing_count(union=books.union, year=2026, on=year_end)
        assert kept == len(owing(books.union, 2026, year_end))
        for on in checks:
            assert owing(books.union, 2026, on) == owing_month_by_month(books.union, 2026, on), on

    runs = {
        month: services.run_monthly_dues(
            union=books.union, year=2026, month=month, by=books.treasurer, date=D(2026, month, 25)
        )
        for month in (1, 2, 3)
    }
    assert dict(DuesMonths.objects.filter(member__in=staff).values_list("member", "months")) == {
        member.pk: 0b111 for member in staff
    }
    assert owing(books.union, 2026, D(2026, 12, 31)) == {newcomer.pk}  # February and March
    agree()

    services.reverse_voucher(
        voucher=runs[2].voucher, by=books.treasurer, reason="基数有误", date=D(2026, 3, 26)
    )
    assert set(DuesMonths.objects.filter(member__in=staff).values_list("months", flat=True)) == {0b101}
    # A reversed run is no run: nobody owes February until it is run again.
    assert owing(books.union, 2026, D(2026, 12, 31)) == {newcomer.pk}
    agree()

    services.run_monthly_dues(union=books.union, year=2026, month=2, by=books.treasurer, date=D(2026, 3, 27))
    services.set_wage_base(
        member=newcomer, by=books.treasurer, amount=Decimal("5000"), effective_from=D(2026, 2, 20)
    )
    for month in (2, 3):
        services.record_member_dues(
            union=books.union,
            by=books.treasurer,
            member=newcomer,
            year=2026,
            month=month,
            date=D(2026, 3, 30),
        )
    assert DuesMonths.objects.get(member=newcomer, year=2026).months == 0b110
    assert owing(books.union, 2026, D(2026, 12, 31)) == set()
    agree()

    with refused(), transaction.atomic():
        DuesMonths.objects.filter(member=newcomer).update(months=0)  # only the triggers write it


def test_the_year_end_count_follows_members_who_leave_move_or_belong_to_a_group(books):
    """The kept count at the year's end is `members_owing`'s, after a run, a member leaving, one
    moving to a 工会小组 (whose dues the union above runs), a member's joining date corrected and the
    group made a union of its own and a group again."""
    group = UnionFactory(name="一车间小组", kind=Union.Kind.GROUP, parent=books.union)
    payer = MemberFactory(union=books.union, join_date=D(2020, 5, 1))
    services.set_wage_base(
        member=payer, by=books.treasurer, amount=Decimal("4000"), effective_from=D(2025, 1, 1)
    )
    ann, bo, cy = MemberFactory.create_batch(3, union=books.union, join_date=D(2020, 5, 1))  # no wage base
    year_end = D(2026, 12, 31)

    def counted() -> int:
        assert owing_differences() == []
        kept = selectors.owing_count(union=books.union, year=2026, on=year_end)
        assert kept == len(owing(books.union, 2026, year_end))
        return kept

    assert counted() == 0  # no dues run yet: no one owes
    services.run_monthly_dues(union=books.union, year=2026, month=1, by=books.treasurer, date=D(2026, 1, 25))
    before = counted()
    assert {ann.pk, bo.pk, cy.pk} <= owing(books.union, 2026, year_end) and payer.pk not in owing(
        books.union, 2026, year_end
    )
    Member.objects.filter(pk=ann.pk).update(status=Member.Status.LEFT)
    assert counted() == before - 1
    Member.objects.filter(pk=bo.pk).update(union=group)  # the group's dues are the union's
    assert counted() == before - 1
    Member.objects.filter(pk=cy.pk).update(join_date=D(2027, 1, 5))  # joined after the year after all
    assert counted() == before - 2
    # The group made a union of its own: it runs no dues, so its member owes none; a group again, he does.
    Union.objects.filter(pk=group.pk).update(kind=Union.Kind.BASE)
    assert counted() == before - 3 and bo.pk not in owing(group, 2026, year_end)
    assert selectors.owing_count(union=group, year=2026, on=year_end) == 0
    Union.objects.filter(pk=group.pk).update(kind=Union.Kind.GROUP)
    assert selectors.owing_count(union=group, year=2026, on=year_end) == 1
    assert counted() == before - 2
