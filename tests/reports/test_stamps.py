"""The summary's figures are kept while their records stay the same, and computed afresh after any
change below the union: PostgreSQL stamps every table the figures read."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Attendance
from finances import services
from finances.models import AidPayment, Fund
from finances.services.relief import pay_aid
from reports.figures import SECTIONS, collect_figures
from reports.models import SummaryFigures
from reports.stamps import records_stamps, summary_figures
from tests.activities.factories import ActivityFactory, ChronicleEntryFactory, MemberFactory
from tests.finances.factories import category, officer

pytestmark = pytest.mark.django_db

# Written only together with a stamped row, by PostgreSQL itself: the voucher trigger keeps the totals
# (and their triggers the subtrees' totals, which a union moved, stamped, recounts, and the funds' years),
# the check-ins' and activities' triggers keep the participation rows and counts (a union moved, stamped
# too, recounts them), the members' and check-ins' triggers the turnout, the dues lines' and reversals'
# triggers the months paid (and the dues', runs' and members' triggers the members owing), the events'
# and members' triggers the roll's changes, the events' trigger the year's event counts (a union moved
# recounts them), the payments', gifts' and reversals' triggers the people helped and the drives' years
# (a union moved recounts the people helped), the activities' triggers their counts per subtree (a union
# moved recounts them).
# The editions of the chart of accounts are the national chart, written by migrations, not by a union.
# A dues run is written only with its voucher (created with it, cancelled with the reversal), stamped.
NOT_STAMPED = {
    "finances_ledgertotal",
    "finances_subtreetotal",
    "finances_fundyeartotal",
    "activities_participantyear",
    "activities_participationcount",
    "activities_turnout",
    "finances_duesmonths",
    "finances_owingcount",
    "members_rollchange",
    "members_eventcount",
    "finances_helpedperson",
    "finances_helpedcount",
    "finances_drivedonor",
    "finances_driveyear",
    "activities_activitycount",
    "finances_categoryedition",
    "finances_duesrun",
}


# What a check-in writes (itself, or its triggers the participation rows, counts and turnout): stamped
# "attendance" (reports/migrations/0012), read only by the sections about who took part.
CHECK_IN_TABLES = {
    "activities_attendance",
    "activities_participantyear",
    "activities_participationcount",
    "activities_turnout",
}


# Aid, gifts and drives: stamped "relief" (reports/migrations/0013). Funds and accounts stamp both parts;
# a voucher stamps "relief" too where relief reads it (a reversal, a restricted fund's voucher).
# The relief reads the kept years of restricted funds only (which earned anything): only their vouchers
# change them. The people helped and the drives' years are written with the payments, gifts and reversals.
RELIEF_TABLES = {
    "finances_aidpayment",
    "finances_donation",
    "finances_donationdrive",
    "finances_helpedperson",
    "finances_helpedcount",
    "finances_drivedonor",
    "finances_driveyear",
}
ALSO_RELIEF = {"finances_fund", "finances_category", "finances_voucher", "finances_fundyeartotal"}


def parts_of(table: str) -> set[str]:
    if table in CHECK_IN_TABLES:
        return {"attendance"}
    if table in RELIEF_TABLES:
        return {"relief"}
    app = table.split("_", 1)[0]
    return {app, "relief"} if table in ALSO_RELIEF else {app}


def records_stamp(*, union, year) -> dict[str, str]:
    """The union's stamps of every app for the year: they differ once any record the figures read changed."""
    return records_stamps(union=union, year=year)


def stamped_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE t.tgname = 'reports_stamp_update'"
        )
        return {row[0] for row in cursor.fetchall()}


def tables_read(queries) -> set[str]:
    read = set()
    for query in queries.captured_queries:
        read |= set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"]))
    return read


def test_every_table_the_figures_read_is_stamped(world):
    ChronicleEntryFactory(union=world.union_a)
    with CaptureQueriesContext(connection) as queries:
        collect_figures(union=world.system, year=2026)
    read = tables_read(queries)
    assert read, "no table read?"
    assert read - NOT_STAMPED <= stamped_tables(), read - NOT_STAMPED - stamped_tables()


def test_each_section_reads_only_the_apps_it_names(world):
    """A section is computed afresh when a stamp of an app it names changes: it must name every app
    whose tables it reads (a table's app is the first word of its name; a check-in's "attendance"; aid,
    gifts and drives "relief")."""
    ChronicleEntryFactory(union=world.union_a)
    figures = collect_figures(union=world.system, year=2026)
    for section in SECTIONS:
        with CaptureQueriesContext(connection) as queries:
            section.compute(world.system, 2026, datetime.date(2026, 12, 31), dict(figures))
        unnamed = [table for table in tables_read(queries) if not parts_of(table) & section.reads]
        assert not unnamed, (section.name, unnamed)


def test_a_voucher_computes_the_money_afresh_and_not_the_activities(world):
    treasurer = officer(world.union_a)
    fund = Fund.objects.create(union=world.union_a, name="工会经费", kind=Fund.Kind.UNION_FUND)
    ChronicleEntryFactory(union=world.union_a, date=datetime.date(2026, 3, 1), text="职工书屋开放")
    before = summary_figures(union=world.system, year=2026)
    services.post_voucher(
        union=world.union_a,
        by=treasurer,
        date=datetime.date(2026, 5, 1),
        fund=fund,
        category=category("会费收入"),
        amount=Decimal("12.00"),
        summary="会费",
    )
    with CaptureQueriesContext(connection) as queries:
        after = summary_figures(union=world.system, year=2026)
    read = tables_read(queries)
    # The year's money from the totals kept per subtree and per fund, not the activities nor the aid.
    assert {"finances_subtreetotal", "finances_fundyeartotal"} <= read
    assert not {t for t in read if t.startswith("activities_")}
    assert not RELIEF_TABLES & read
    assert after["funds"]["income_total"] != before["funds"]["income_total"]
    assert after == collect_figures(union=world.system, year=2026)
    assert SummaryFigures.objects.get(union=world.system, year=2026).figures == after


def test_interest_aid_and_its_reversal_compute_the_relief_afresh(world):
    """What relief reads of the books stamps it too: a restricted fund's voucher (its interest), an aid
    payment, and the reversal that takes the payment back."""
    treasurer = officer(world.union_a)
    fund = Fund.objects.create(union=world.union_a, name="帮困基金", kind=Fund.Kind.HARDSHIP, restricted=True)
    summary_figures(union=world.system, year=2026)
    services.post_voucher(
        union=world.union_a,
        by=treasurer,
        date=datetime.date(2026, 3, 1),
        fund=fund,
        category=category("投资收益"),
        amount=Decimal("300.00"),
        summary="定期存款利息",
    )
    figures = summary_figures(union=world.system, year=2026)
    assert [f["interest"] for f in figures["restricted_funds"]] == ["300.00"]
    member = MemberFactory(union=world.union_a)
    paid = pay_aid(
        union=world.union_a,
        by=treasurer,
        date=datetime.date(2026, 4, 1),
        fund=fund,
        amount=Decimal("100.00"),
        kind=AidPayment.Kind.LIVING,
        member=member,
    )
    assert summary_figures(union=world.system, year=2026)["aid_people"] == 1
    services.reverse_voucher(voucher=paid.voucher, by=treasurer, reason="重复发放")
    figures = summary_figures(union=world.system, year=2026)
    assert figures["aid_people"] == 0
    assert figures == collect_figures(union=world.system, year=2026)


def test_a_check_in_computes_union_life_afresh_and_not_the_books(world):
    """A check-in below recomputes the participation (and the rate among the shortcomings), never the
    money nor the members owing dues: the shortcomings of the books are read back."""
    activity = ActivityFactory(union=world.union_a, kind="study", start_date=datetime.date(2026, 4, 2))
    member = MemberFactory(union=world.union_a)
    before = summary_figures(union=world.system, year=2026)
    Attendance.objects.create(activity=activity, member=member, status=Attendance.Status.PRESENT)
    with CaptureQueriesContext(connection) as queries:
        after = summary_figures(union=world.system, year=2026)
    read = tables_read(queries)
    assert "activities_participationcount" in read and not {t for t in read if t.startswith("finances_")}
    # Only who took part: not the awards, suggestions or chronicle of the year.
    assert not {"activities_award", "activities_suggestion", "activities_chronicleentry"} & read
    assert after["participation"]["study"]["members"] == before["participation"]["study"]["members"] + 1
    assert after == collect_figures(union=world.system, year=2026)


def test_unchanged_records_are_read_back_in_two_queries(world):
    ChronicleEntryFactory(union=world.union_a, text="工会委员会换届")
    first = summary_figures(union=world.system, year=2026)
    with CaptureQueriesContext(connection) as queries:
        again = summary_figures(union=world.system, year=2026)
    assert len(queries) == 2  # the stamp and the stored figures
    assert again == first == collect_figures(union=world.system, year=2026)


def test_a_change_below_computes_the_figures_afresh(world):
    summary_figures(union=world.system, year=2026)
    ChronicleEntryFactory(union=world.group_a, date=datetime.date(2026, 6, 1), text="班组读书会")
    figures = summary_figures(union=world.system, year=2026)
    assert "班组读书会" in [entry["text"] for entry in figures["chronicle"]]
    assert SummaryFigures.objects.get(union=world.system, year=2026).figures == figures


def test_what_changes_a_union_s_stamp_and_what_does_not(world):
    def stamp(union=world.union_a, year=2026):
        return records_stamp(union=union, year=year)

    before = stamp()
    ChronicleEntryFactory(union=world.union_b)  # a sibling's record
    assert stamp() == before
    ChronicleEntryFactory(union=world.union_a, date=datetime.date(2027, 1, 5))  # a later year's
    assert stamp() == before
    ChronicleEntryFactory(union=world.union_a, date=datetime.date(2025, 3, 1))  # an earlier year's
    assert stamp() != before

    # A member of A present at the system union's activity: A's participation has changed.
    member = MemberFactory(union=world.union_a)
    before = stamp()
    activity = ActivityFactory(union=world.system, start_date=datetime.date(2026, 4, 1))
    assert stamp() == before
    Attendance.objects.create(activity=activity, member=member, status=Attendance.Status.PRESENT)
    assert stamp() != before

    for change in (
        lambda: Attendance.objects.filter(member=member).update(status=Attendance.Status.ABSENT),
        lambda: Attendance.objects.filter(member=member).delete(),
        lambda: type(member).objects.filter(pk=member.pk).update(name="改名"),  # undated: every year
        lambda: type(world.union_a).objects.filter(pk=world.group_a.pk).update(name="一班新名"),
    ):
        before, sibling = stamp(), stamp(union=world.union_b)
        change()
        assert stamp() != before
        assert stamp(union=world.union_b) == sibling


def test_a_posted_voucher_changes_its_year_and_the_years_after(world):
    treasurer = officer(world.union_a)
    fund = Fund.objects.create(union=world.union_a, name="工会经费", kind=Fund.Kind.UNION_FUND)
    this_year, next_year = (
        records_stamp(union=world.system, year=2026),
        records_stamp(union=world.system, year=2027),
    )
    last_year = records_stamp(union=world.system, year=2025)
    services.post_voucher(
        union=world.union_a,
        by=treasurer,
        date=datetime.date(2026, 5, 1),
        fund=fund,
        category=category("会费收入"),
        amount=Decimal("12.00"),
        summary="会费",
    )
    assert records_stamp(union=world.system, year=2026) != this_year
    assert records_stamp(union=world.system, year=2027) != next_year  # its balance carries forward
    assert records_stamp(union=world.system, year=2025) == last_year


def test_a_deploy_forgets_the_stored_figures(world):
    """`migrate` (every deploy) drops what older code computed: the stamps cannot see code change."""
    from django.core.management.sql import emit_post_migrate_signal

    summary_figures(union=world.system, year=2026)
    assert SummaryFigures.objects.exists()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert not SummaryFigures.objects.exists()
