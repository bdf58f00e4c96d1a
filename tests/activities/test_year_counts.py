"""The activities counted per subtree and year (activities.year_counts) agree with the activities after
every kind of change, and give a summary the same counts as the activities themselves."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities import selectors, year_counts
from activities.models import Activity, ActivityCount, ActivitySeries
from tests.activities.factories import ActivityFactory
from tests.factories import UnionFactory
from tests.refused import refused
from unionhub.services import move_union

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2026


@pytest.fixture
def tree():
    system = UnionFactory(name="系统")
    base = UnionFactory(name="基层", parent=system)
    other = UnionFactory(name="另一基层", parent=system)
    weekly = ActivitySeries.objects.create(
        union=base,
        kind="study",
        title="周五学习",
        weekday=4,
        first_date=D(YEAR, 1, 2),
        last_date=D(YEAR, 1, 16),
    )
    for week in range(3):
        ActivityFactory(union=base, kind="study", series=weekly, start_date=D(YEAR, 1, 2 + 7 * week))
    ActivityFactory(union=base, kind="culture", audience="women", non_member_participants=12)
    ActivityFactory(union=other, kind="culture", audience="women", start_date=D(YEAR, 5, 1))
    ActivityFactory(union=other, kind="sports", start_date=D(YEAR - 1, 5, 1))
    return system, base, other, weekly


def counted(union) -> selectors.ActivitiesOfYear:
    """Counted from the activities (a date inside the year: none of them is on 31 December)."""
    return selectors.activities_of_year(union=union, year=YEAR, until=D(YEAR, 12, 30))


def kept(union) -> selectors.ActivitiesOfYear:
    return selectors.activities_of_year(union=union, year=YEAR)


def test_the_kept_counts_are_the_activities_counted(tree):
    system, base, other, _weekly = tree
    for union in (system, base, other):
        assert kept(union) == counted(union)
    year = kept(system)
    assert (year.held.items, year.held.series, year.held.sessions) == (3, 1, 3)
    assert year.by_kind == {"study": [1, 0], "culture": [2, 12]}
    assert year.by_audience == {"women": 2}
    assert year.series_by_kind == {"study": [1, 3]}
    assert year_counts.differences() == []


def test_a_whole_year_reads_one_unions_rows(tree):
    with CaptureQueriesContext(connection) as queries:
        kept(tree[0])
    assert len(queries) == 1 and 'activities_activity"' not in queries[0]["sql"]


def test_the_counts_follow_an_activity_changed_deleted_or_its_union_moved(tree):
    system, base, other, weekly = tree
    culture = Activity.objects.get(union=base, kind="culture")
    culture.kind, culture.start_date, culture.non_member_participants = "sports", D(YEAR - 1, 9, 1), 3
    culture.save()
    Activity.objects.filter(series=weekly).order_by("start_date").first().delete()
    assert year_counts.differences() == []
    assert kept(system) == counted(system)
    assert kept(system).held.sessions == 2
    assert selectors.activities_of_year(union=system, year=YEAR - 1).by_kind == {"sports": [2, 3]}

    elsewhere = UnionFactory(name="另一系统")
    move_union(union=base, parent=elsewhere)
    assert year_counts.differences() == []
    assert kept(system).held.items == 1 and kept(elsewhere).held.items == 1
    assert kept(elsewhere) == counted(elsewhere)


def test_nobody_writes_the_counts_but_the_triggers(tree):
    with refused():
        ActivityCount.objects.filter(union=tree[0]).update(activities=0)
