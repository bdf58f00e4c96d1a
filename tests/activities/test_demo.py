"""The demo's part of the story: a year of union life, idempotent and deterministic."""

import datetime
from unittest import mock

import pytest

from activities import demo, selectors
from activities.models import Activity, ActivitySeries, Attendance, Award, ChronicleEntry, Suggestion
from members.models import Member
from tests.activities.factories import MemberFactory
from unionhub import demo as union_demo

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def unions():
    return union_demo.load()


def with_members(unions, per_union=12):
    for union in unions.values():
        for number in range(per_union):
            MemberFactory(union=union, sex=Member.Sex.FEMALE if number % 3 == 0 else Member.Sex.MALE)


def load(unions):
    with mock.patch("activities.demo.timezone.localdate", return_value=TODAY):
        demo.load(unions)


def snapshot():
    return {
        "activities": sorted(Activity.objects.values_list("union__name", "title", "start_date", "kind")),
        "attendance": sorted(
            Attendance.objects.values_list("activity__title", "activity__start_date", "member_id", "status")
        ),
        "awards": sorted(Award.objects.values_list("event", "title", "date", "level", "winner_kind")),
        "award members": sorted(Award.members.through.objects.values_list("award__title", "member_id")),
        "suggestions": sorted(
            Suggestion.objects.values_list("title", "status", "adopted_on", "member_id", "author_name")
        ),
        "chronicle": sorted(ChronicleEntry.objects.values_list("date", "section", "text")),
    }


def test_the_demo_tells_a_year_of_union_life(unions):
    with_members(unions)
    load(unions)
    system, office = unions[demo.SYSTEM], unions[demo.OFFICE]

    study = ActivitySeries.objects.get(union=office, first_date__year=2026)
    assert study.sessions.count() == 52 and study.weekday == ActivitySeries.Weekday.FRIDAY
    held = study.sessions.filter(start_date__lte=TODAY)
    assert Attendance.objects.filter(activity__in=held).count() == held.count() * 12
    assert not Attendance.objects.filter(activity__series=study, activity__start_date__gt=TODAY).exists()

    counts = selectors.activity_counts_by_kind(union=system, year=2026)
    for kind in [
        "study",
        "lecture",
        "safety",
        "quiz",
        "health_check",
        "competition",
        "culture",
        "sports",
        "congress",
        "evaluation",
    ]:
        assert counts[kind] > 0, kind
    health = Activity.objects.get(kind="health_check", start_date=datetime.date(2026, 3, 8))
    assert set(health.attendances.values_list("member__sex", flat=True)) == {"F"}

    titles = set(selectors.awards(union=system, year=2026).values_list("title", flat=True))
    assert {"冠军", "团体第三名", "最佳魅力奖", "银奖", "金奖", "市级文明单位", "三星级收费站"} <= titles
    assert Award.objects.count() >= 12
    levels = selectors.awards_by_level(union=system, year=2026)
    assert sum(1 for n in levels.values() if n) >= 4
    team = Award.objects.get(title="团体第三名")
    assert team.members.count() == 3 and team.level == Award.Level.PROVINCE
    assert all(m.union == unions[demo.BUSES] for m in team.members.all())
    assert Award.objects.filter(activity__isnull=False).exists()

    figures = selectors.suggestion_figures(union=unions[demo.BUSES], year=2026)
    assert figures == selectors.SuggestionFigures(collected=50, adopted=26, rejected=8, implemented=9)
    assert selectors.chronicle(union=system, year=2026).filter(text__contains="十二项").exists()
    assert selectors.participation_rate(union=office, year=2026) > 0


def test_the_demo_is_idempotent_and_deterministic(unions):
    with_members(unions, per_union=4)
    load(unions)
    first = snapshot()
    load(unions)
    assert snapshot() == first
    for model in (Attendance, Suggestion, ChronicleEntry):
        model.objects.all().delete()
    Award.objects.all().delete()
    Activity.objects.all().delete()
    ActivitySeries.objects.all().delete()
    load(unions)
    assert snapshot() == first


def test_the_demo_runs_before_the_register_and_fills_in_afterwards(unions):
    load(unions)
    assert Activity.objects.count() == 2 * (52 + len(demo.LECTURES) + len(demo.EVENTS))
    assert not Attendance.objects.exists()
    assert not Award.objects.filter(winner_kind=Award.Winner.INDIVIDUAL).exists()
    assert Suggestion.objects.filter(union=unions[demo.BUSES]).count() == 50
    with_members(unions, per_union=3)
    load(unions)
    assert Attendance.objects.exists()
    assert Award.objects.filter(winner_kind=Award.Winner.INDIVIDUAL).count() == 2
    assert Award.objects.get(title="团体第三名").members.count() == 3
