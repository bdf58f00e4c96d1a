"""The year's figures for the annual summary: roll-up over child unions, year bounds, one query each."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities import selectors
from activities.models import Activity, Attendance, Award, ChronicleEntry
from tests.activities.factories import (
    ActivityFactory,
    AttendanceFactory,
    AwardFactory,
    ChronicleEntryFactory,
    MemberFactory,
    SuggestionFactory,
)
from tests.factories import UnionFactory

pytestmark = pytest.mark.django_db

D = datetime.date
P, A, L = Attendance.Status.PRESENT, Attendance.Status.ABSENT, Attendance.Status.ON_LEAVE


@pytest.fixture
def tree():
    """A system union over base unions X and Y, a group under X, and a stranger tree."""
    system = UnionFactory(name="系统")
    x = UnionFactory(name="X", parent=system)
    y = UnionFactory(name="Y", parent=system)
    group = UnionFactory(name="X组", parent=x)
    stranger = UnionFactory(name="外")
    return system, x, y, group, stranger


def test_activity_counts_roll_up_over_the_subtree_and_stay_in_the_year(tree):
    system, x, y, group, stranger = tree
    ActivityFactory(union=system, kind=Activity.Kind.SAFETY, start_date=D(2026, 4, 1))
    ActivityFactory(union=x, kind=Activity.Kind.STUDY, start_date=D(2026, 1, 1))
    ActivityFactory(union=group, kind=Activity.Kind.STUDY, start_date=D(2026, 12, 31))
    ActivityFactory(union=y, kind=Activity.Kind.SPORTS, start_date=D(2026, 8, 14))
    ActivityFactory(union=x, kind=Activity.Kind.STUDY, start_date=D(2025, 12, 26))  # last year
    ActivityFactory(union=stranger, kind=Activity.Kind.STUDY, start_date=D(2026, 3, 6))

    counts = selectors.activity_counts_by_kind(union=system, year=2026)
    assert list(counts) == Activity.Kind.values
    assert {kind: n for kind, n in counts.items() if n} == {"study": 2, "safety": 1, "sports": 1}
    assert selectors.activity_counts_by_kind(union=x, year=2026)["study"] == 2
    assert selectors.activity_counts_by_kind(union=y, year=2026)["study"] == 0
    assert selectors.activity_counts_by_kind(union=x, year=2025)["study"] == 1


def test_participation_counts_person_times_distinct_members_and_non_members(tree):
    system, x, y, group, _stranger = tree
    ann, bo, cy = MemberFactory(union=x), MemberFactory(union=group), MemberFactory(union=y)
    study1 = ActivityFactory(union=x, kind="study", start_date=D(2026, 3, 6))
    study2 = ActivityFactory(union=x, kind="study", start_date=D(2026, 3, 13))
    gala = ActivityFactory(
        union=system, kind="culture", start_date=D(2026, 1, 24), non_member_participants=30
    )
    ActivityFactory(union=y, kind="culture", start_date=D(2026, 10, 20), non_member_participants=5)
    for activity, member, status in [
        (study1, ann, P),
        (study1, bo, P),
        (study2, ann, P),
        (study2, bo, L),
        (gala, ann, P),
        (gala, cy, P),
        (gala, bo, A),
    ]:
        AttendanceFactory(activity=activity, member=member, status=status)

    with CaptureQueriesContext(connection) as queries:
        by_kind = selectors.participation_by_kind(union=system, year=2026)
    assert len(queries) == 2
    assert by_kind["study"] == selectors.Participation(activities=2, present=3, members=2, non_members=0)
    assert by_kind["culture"] == selectors.Participation(activities=2, present=2, members=2, non_members=35)
    assert by_kind["culture"].participants == 37
    assert by_kind["quiz"] == selectors.Participation()
    # Base union X does not see the system union's gala, nor Y's activities.
    x_kinds = selectors.participation_by_kind(union=x, year=2026)
    assert x_kinds["culture"] == selectors.Participation()
    assert x_kinds["study"].members == 2

    total = selectors.participation_total(union=system, year=2026)
    assert total == selectors.Participation(activities=4, present=5, members=3, non_members=35)
    assert selectors.participation_total(union=system, year=2026, kinds=["study"]).present == 3


def test_participation_rate_is_the_share_of_active_members_present_at_least_once(tree):
    system, x, y, group, _stranger = tree
    members = [
        MemberFactory(union=x),
        MemberFactory(union=group),
        MemberFactory(union=y),
        MemberFactory(union=y),
    ]
    MemberFactory(union=x, status="retained")  # not counted
    left = MemberFactory(union=x, status="left")
    gala = ActivityFactory(union=system, start_date=D(2026, 1, 24))
    AttendanceFactory(activity=gala, member=members[0], status=P)
    AttendanceFactory(activity=gala, member=members[2], status=A)  # absent: not a participant
    AttendanceFactory(activity=gala, member=left, status=P)  # no longer on the register
    AttendanceFactory(activity=ActivityFactory(union=x, start_date=D(2025, 6, 1)), member=members[1])

    with CaptureQueriesContext(connection) as queries:
        rate = selectors.participation_rate(union=system, year=2026)
    assert len(queries) == 1
    assert rate == Decimal("25.0")  # 1 of 4
    # A base union's members who took part at the system union's activity count for the base union.
    assert selectors.participation_rate(union=x, year=2026) == Decimal("50.0")
    assert selectors.participation_rate(union=y, year=2026) == Decimal("0.0")
    assert selectors.participation_rate(union=x, year=2025) == Decimal("50.0")
    assert selectors.participation_rate(union=UnionFactory(), year=2026) == Decimal("0.0")


def test_percent_rounds_half_up():
    assert selectors.percent(1, 3) == Decimal("33.3")
    assert selectors.percent(2, 3) == Decimal("66.7")
    assert selectors.percent(1, 8) == Decimal("12.5")
    assert selectors.percent(1, 16) == Decimal("6.3")


def test_member_attendance_over_a_year(tree):
    _system, x, *_ = tree
    member = MemberFactory(union=x)
    for day, status in [(6, P), (13, P), (20, L), (27, A)]:
        AttendanceFactory(
            activity=ActivityFactory(union=x, start_date=D(2026, 3, day)), member=member, status=status
        )
    AttendanceFactory(activity=ActivityFactory(union=x, start_date=D(2025, 3, 6)), member=member, status=P)
    AttendanceFactory(activity=ActivityFactory(union=x, start_date=D(2026, 3, 6)), status=P)  # someone else
    result = selectors.member_attendance(member=member, year=2026)
    assert result == selectors.MemberAttendance(present=2, absent=1, on_leave=1)
    assert (result.recorded, result.rate) == (4, Decimal("50.0"))
    assert selectors.member_attendance(member=member, year=2024).rate == Decimal("0.0")


def test_awards_by_level_and_the_years_awards(tree):
    system, x, y, group, stranger = tree
    AwardFactory(union=system, level=Award.Level.CITY, category="culture_sports", date=D(2026, 4, 26))
    AwardFactory(union=x, level=Award.Level.PROVINCE, category="skills", date=D(2026, 9, 20))
    AwardFactory(union=group, level=Award.Level.CITY, category="skills", date=D(2026, 5, 28))
    AwardFactory(union=y, level=Award.Level.PROVINCE, category="honour", date=D(2026, 10, 15))
    AwardFactory(union=y, level=Award.Level.PROVINCE, category="honour", date=D(2025, 10, 16))
    AwardFactory(union=stranger, level=Award.Level.NATIONAL, date=D(2026, 1, 1))

    levels = selectors.awards_by_level(union=system, year=2026)
    assert list(levels) == Award.Level.values
    assert levels == {"national": 0, "province": 2, "city": 2, "county": 0, "system": 0}
    assert selectors.awards_by_level(union=x, year=2026) == {
        **dict.fromkeys(Award.Level.values, 0),
        "province": 1,
        "city": 1,
    }
    assert selectors.awards_by_level(union=system, year=2026, category="skills")["city"] == 1

    awards = selectors.awards(union=system, year=2026)
    assert [a.date for a in awards] == [D(2026, 4, 26), D(2026, 5, 28), D(2026, 9, 20), D(2026, 10, 15)]
    assert selectors.awards(union=system, year=2026, category="honour").count() == 1


def test_awards_print_their_winners_without_a_query_per_award(tree):
    system, x, *_ = tree
    for _ in range(5):
        award = AwardFactory(union=x, winner_kind="team", team_name="队", unit_name="", date=D(2026, 6, 1))
        award.members.set(MemberFactory.create_batch(3, union=x))
    with CaptureQueriesContext(connection) as queries:
        labels = [award.winner_label for award in selectors.awards(union=system, year=2026)]
    assert len(queries) == 2 and len(labels) == 5


def test_suggestion_figures_count_adopted_with_implemented(tree):
    system, x, y, _group, stranger = tree
    for _ in range(3):
        SuggestionFactory(union=x, collected_on=D(2026, 3, 2))
    SuggestionFactory(union=x, collected_on=D(2026, 3, 2), status="adopted", adopted_on=D(2026, 3, 20))
    SuggestionFactory(
        union=y,
        collected_on=D(2026, 3, 2),
        status="implemented",
        adopted_on=D(2026, 3, 20),
        implemented_on=D(2026, 5, 1),
    )
    SuggestionFactory(union=y, collected_on=D(2026, 3, 2), status="rejected", rejected_on=D(2026, 3, 20))
    SuggestionFactory(union=x, collected_on=D(2025, 12, 30))
    SuggestionFactory(union=stranger, collected_on=D(2026, 3, 2))

    figures = selectors.suggestion_figures(union=system, year=2026)
    assert figures == selectors.SuggestionFigures(collected=6, adopted=2, rejected=1, implemented=1)
    assert figures.pending == 3
    assert selectors.suggestion_figures(union=x, year=2026).collected == 4


def test_chronicle_lists_the_years_entries_in_date_order(tree):
    system, x, _y, _group, stranger = tree
    later = ChronicleEntryFactory(union=x, date=D(2026, 11, 18), section=ChronicleEntry.Section.HONOURS)
    earlier = ChronicleEntryFactory(union=system, date=D(2026, 1, 9))
    ChronicleEntryFactory(union=system, date=D(2025, 12, 31))
    ChronicleEntryFactory(union=stranger, date=D(2026, 2, 2))
    assert list(selectors.chronicle(union=system, year=2026)) == [earlier, later]
    assert list(selectors.chronicle(union=system, year=2026, section="honours")) == [later]
    assert list(selectors.chronicle(union=x, year=2026)) == [later]


def test_a_weekly_series_is_one_activity_held_with_its_sessions_counted_apart(tree):
    """52 Fridays of one study series and two other activities: three activities held, not 54."""
    from activities import services

    system, x, y, _group, _stranger = tree
    series = services.create_series(
        union=x, title="周五学习会", weekday=4, first_date=D(2026, 1, 1), kind=Activity.Kind.STUDY
    )
    assert series.sessions.count() == 52
    ActivityFactory(union=x, kind=Activity.Kind.STUDY, start_date=D(2026, 3, 3))
    ActivityFactory(union=y, kind=Activity.Kind.SPORTS, start_date=D(2026, 5, 1))
    ann = MemberFactory(union=x)
    for session in series.sessions.all()[:3]:
        AttendanceFactory(activity=session, member=ann, status=P)

    assert selectors.activities_held(union=system, year=2026) == selectors.ActivitiesHeld(
        items=3, series=1, sessions=52
    )
    assert selectors.activity_counts_by_kind(union=system, year=2026)["study"] == 2
    assert selectors.participation_by_kind(union=system, year=2026)["study"].activities == 2
    assert selectors.participation_total(union=system, year=2026).activities == 3
    # Up to a date: the sessions held by then.
    assert selectors.activities_held(union=system, year=2026, until=D(2026, 1, 31)).sessions == 5
    [held] = selectors.series_held(union=system, year=2026)
    assert (held.title, held.kind, held.sessions, held.participants, held.union) == (
        "周五学习会",
        "study",
        52,
        3,
        "X",
    )
    assert selectors.series_held(union=y, year=2026) == []
    assert selectors.series_by_kind(union=system, year=2026) == {"study": [1, 52]}
    assert selectors.series_by_kind(union=y, year=2026) == {}
    assert selectors.series_held(union=system, year=2026, per_kind=1) == [held]
