"""The generated federation keeps the apps' own invariants, and their services and stats work on it.

One small federation (5 base unions, 500 members, a year) is generated for the module inside a
transaction that is rolled back at the end; each test runs in a savepoint inside it.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone

from activities import participants, year_counts
from activities import selectors as activity_selectors
from activities.models import Activity, Attendance, Award, ChronicleEntry, Suggestion
from bench import scale
from bench.scale.federation import BENCH_PASSWORD
from finances import relief_selectors, selectors
from finances import services as finance_services
from finances.membership import paying_members
from finances.models import (
    AidPayment,
    Allocation,
    AwaitingApproval,
    Category,
    DonationDrive,
    DriveYear,
    DuesMonths,
    DuesRun,
    Fund,
    HelpedCount,
    MonthClose,
    Voucher,
    VoucherCounter,
    VoucherLine,
    WageBase,
    dues_months,
    fund_years,
    helped,
    owing,
    subtree,
    wage_gaps,
)
from finances.models.totals import differences
from finances.models.vouchers import AWAITING_FROM_VOUCHERS
from finances.statements import Period, income_statement
from members import event_counts, roll
from members import selectors as member_selectors
from members.idcard import check_resident_id
from members.models import HardshipCase, Member, MemberEvent
from reports.figures import collect_figures
from unionhub.models import Role, Union, User

TODAY = timezone.localdate()


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        report = scale.generate(unions=5, members=500, years=1, seed=7)
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def fed(generated, db):
    return generated.federation


def test_sizes_are_what_was_asked(fed, generated):
    assert Union.objects.filter(kind=Union.Kind.BASE).count() == 5
    assert Member.objects.count() == 500
    assert generated.rows["finances_voucher"] == Voucher.objects.count() > 500
    assert Attendance.objects.count() > 500
    for model in (
        MemberEvent,
        HardshipCase,
        Activity,
        Award,
        Suggestion,
        ChronicleEntry,
        AidPayment,
        DuesRun,
    ):
        assert model.objects.exists(), model.__name__


def test_id_sequences_are_past_the_generated_rows(fed):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname = 'public' AND c.relname LIKE ANY (%s)
            """,
            [["members_%", "activities_%", "finances_%", "unionhub_%"]],
        )
        for (table,) in cursor.fetchall():
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            if sequence is None:
                continue
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608
            highest = cursor.fetchone()[0]
            cursor.execute(f"SELECT nextval('{sequence}')")  # noqa: S608
            assert cursor.fetchone()[0] > highest, table


def test_generating_into_a_filled_database_is_refused(fed):
    with pytest.raises(scale.NotEmpty):
        scale.generate(unions=5, members=500, years=1)


def test_voucher_numbers_run_without_gaps_and_counters_hold_the_last(fed):
    numbers = defaultdict(list)
    for union_id, year, number in Voucher.objects.values_list("union_id", "year", "number"):
        numbers[(union_id, year)].append(number)
    counters = {(c.union_id, c.year): c.last_number for c in VoucherCounter.objects.all()}
    assert set(counters) == set(numbers)
    for key, found in numbers.items():
        assert sorted(found) == list(range(1, len(found) + 1)), key
        assert counters[key] == len(found)


def test_the_kept_rows_are_what_the_fill_of_a_load_without_triggers_writes(fed):
    """Loaded as a replica, `fill_kept_tables` writes what the triggers keep here: the same rows."""
    assert differences() == []
    assert participants.differences() == []
    assert dues_months.differences() == []
    assert roll.differences() == []
    assert owing.differences() == []
    assert subtree.differences() == []
    assert fund_years.differences() == []
    assert wage_gaps.differences() == []
    assert event_counts.differences() == []
    assert helped.differences() == []
    assert year_counts.differences() == []
    assert DuesMonths.objects.exists()
    assert HelpedCount.objects.exists() and DriveYear.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute(AWAITING_FROM_VOUCHERS)
        assert set(cursor.fetchall()) == set(AwaitingApproval.objects.values_list("voucher_id", "union_id"))


def test_numbers_follow_the_dates(fed):
    for union_id, year in VoucherCounter.objects.values_list("union_id", "year"):
        dates = list(
            Voucher.objects.filter(union_id=union_id, year=year).order_by("number").values_list("date")
        )
        assert dates == sorted(dates)


def test_member_status_and_union_are_those_of_the_latest_event(fed):
    latest = {}
    for event in MemberEvent.objects.order_by("member_id", "date", "pk"):
        latest[event.member_id] = event
    for member in Member.objects.all():
        event = latest[member.pk]
        assert event.status_after == member.status, member.pk
        assert event.union_id == member.union_id, member.pk


def test_members_on_today_are_the_current_members(fed):
    root = Union.objects.get(parent__isnull=True)
    assert member_selectors.members_on(union=root, on=TODAY).count() == Member.objects.current().count()


def test_id_numbers_are_valid_and_match_sex_and_birth(fed):
    for member in Member.objects.all():
        facts = check_resident_id(member.id_number)
        assert (facts.sex, facts.birth_date) == (member.sex, member.birth_date)


@pytest.mark.parametrize(
    "model",
    [
        Member,
        MemberEvent,
        HardshipCase,
        Activity,
        Attendance,
        Award,
        Suggestion,
        ChronicleEntry,
        Voucher,
        VoucherLine,
        DuesRun,
        Allocation,
        AidPayment,
        DonationDrive,
        WageBase,
    ],
)
def test_rows_pass_the_models_own_validation(fed, model):
    exclude = ["year", "signed_amount", "fund_effect"] if model is Voucher else []
    for row in model.objects.order_by("?")[:60]:
        row.full_clean(exclude=exclude)


def test_a_voucher_category_matches_its_direction_and_its_fund_its_union(fed):
    mismatched = Voucher.objects.filter(kind=Voucher.Kind.ENTRY).exclude(category__direction=F("direction"))
    assert not mismatched.exists()
    assert not Voucher.objects.exclude(fund__union=F("union")).exists()


def test_restricted_funds_are_never_overdrawn(fed):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT fund_id, MIN(running) FROM (
                SELECT v.fund_id,
                       SUM(SUM(v.fund_effect)) OVER (PARTITION BY v.fund_id ORDER BY v.date) AS running
                FROM finances_voucher v JOIN finances_fund f ON f.id = v.fund_id
                WHERE f.restricted GROUP BY v.fund_id, v.date
            ) days GROUP BY fund_id
            """
        )
        lowest = dict(cursor.fetchall())
    assert lowest
    assert min(lowest.values()) >= 0


def test_dues_lines_follow_the_rule_and_each_month_is_paid_once(fed):
    for line in VoucherLine.objects.filter(period__isnull=False)[:300]:
        assert line.amount == finance_services.dues_for(line.wage_base)
    twice = (
        VoucherLine.objects.filter(period__isnull=False)
        .values("member_id", "period")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not twice.exists()
    for run in DuesRun.objects.select_related("voucher")[:20]:
        lines = run.voucher.lines.aggregate(n=Count("pk"), total=Sum("amount"))
        assert (lines["n"], lines["total"]) == (run.members, run.voucher.amount)


def test_reversals_point_at_an_earlier_voucher_of_the_same_books(fed):
    for reversal in Voucher.objects.filter(reverses__isnull=False).select_related("reverses"):
        original = reversal.reverses
        assert (original.union_id, original.fund_id, original.direction) == (
            reversal.union_id,
            reversal.fund_id,
            reversal.direction,
        )
        assert original.date <= reversal.date


def test_stats_and_statements_run_and_agree_with_the_rows(fed):
    root = Union.objects.get(parent__isnull=True)
    year = TODAY.year
    figures = member_selectors.membership_figures(union=root, year=year)
    assert figures.members == Member.objects.current().count()
    member_selectors.hardship_figures(union=root, year=year)
    participation = activity_selectors.participation_by_kind(union=root, year=year)
    present = Attendance.objects.filter(status=Attendance.Status.PRESENT).count()
    assert sum(p.present for p in participation.values()) == present
    activity_selectors.suggestion_figures(union=root, year=year)
    money = selectors.year_money(union=root, year=year)
    income, spending = money.income_total, money.spending_total
    entries = Voucher.objects.filter(kind=Voucher.Kind.ENTRY, year=year)
    assert income == entries.filter(direction="in").aggregate(s=Sum("signed_amount"))["s"]
    assert spending == entries.filter(direction="out").aggregate(s=Sum("signed_amount"))["s"]
    statement = income_statement(union=root, period=Period.year(year), rollup=True)
    assert statement.income_total["year_to_date"] == income
    assert statement.spending_total["year_to_date"] == spending
    relief_selectors.aid_by_kind(union=root, year=year)
    assert relief_selectors.donation_figures(union=root, year=year).amount > 0
    assert collect_figures(union=root, year=year)["year"] == year


def test_services_carry_on_from_the_generated_books(fed):
    treasurer = User.objects.get(username="bench-big-treasurer")
    union = Union.objects.get(pk=fed.big.pk)
    fund = Fund.objects.get(union=union, kind=Fund.Kind.UNION_FUND)
    category = Category.objects.get(edition__code="2021", name="会议", union__isnull=True)
    last = VoucherCounter.objects.get(union=union, year=TODAY.year).last_number
    voucher = finance_services.post_voucher(
        union=union,
        by=treasurer,
        date=TODAY,
        fund=fund,
        category=category,
        amount=Decimal("300"),
        summary="会议",
    )
    assert voucher.number == last + 1
    run = finance_services.run_monthly_dues(union=union, year=TODAY.year, month=TODAY.month, by=treasurer)
    assert run.members == paying_members(union).count()
    assert run.voucher.number == last + 2
    assert not selectors.arrears(union=union, year=TODAY.year, month=TODAY.month).exists()


def test_closed_months_are_the_past_ones(fed):
    assert MonthClose.objects.filter(year=TODAY.year, month=TODAY.month).count() == 0
    last = MonthClose.objects.aggregate(last=Max("month"))["last"]
    assert last == (TODAY.month - 1 if TODAY.month > 1 else None)


def test_bench_officers_log_in_with_the_known_password(fed, client):
    assert client.login(username="bench-chair", password=BENCH_PASSWORD)
    chair = User.objects.get(username="bench-chair")
    assert chair.roles.get().kind == Role.Kind.CHAIR
    response = client.get("/members/?q=王")
    assert response.status_code == 200


def test_activities_are_dated_in_the_years_asked(fed):
    assert not Activity.objects.filter(start_date__gt=TODAY).exists()
    assert not Activity.objects.filter(start_date__lt=date(TODAY.year, 1, 1)).exists()
