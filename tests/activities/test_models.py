"""Model rules: each named constraint holds in the database and has a friendly twin in `clean()`."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from activities.models import Activity, ActivitySeries, Attendance, Award, Suggestion
from tests.activities.factories import (
    ActivityFactory,
    AttendanceFactory,
    AwardFactory,
    MemberFactory,
    SuggestionFactory,
)
from tests.factories import UnionFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def violates(constraint: str, save) -> bool:
    """Run `save` and tell whether the database refused it with the named constraint."""
    try:
        with transaction.atomic():
            save()
    except IntegrityError as error:
        return constraint in str(error)
    return False


def test_activity_end_date_cannot_precede_start():
    activity = ActivityFactory.build(union=UnionFactory(), start_date=D(2026, 5, 2), end_date=D(2026, 5, 1))
    with pytest.raises(ValidationError) as raised:
        activity.full_clean()
    assert "结束日期不能早于开始日期" in str(raised.value.message_dict["end_date"])
    assert violates("activity_dates_ordered", activity.save)


def test_activity_times_are_ordered_within_one_day_only():
    union = UnionFactory()
    same_day = ActivityFactory.build(
        union=union, start_time=datetime.time(16, 0), end_time=datetime.time(15, 0)
    )
    with pytest.raises(ValidationError):
        same_day.full_clean()
    assert violates("activity_times_ordered", same_day.save)
    # A two-day trip may end at an earlier hour on its last day.
    trip = ActivityFactory.build(
        union=union,
        start_date=D(2026, 5, 1),
        end_date=D(2026, 5, 2),
        start_time=datetime.time(16, 0),
        end_time=datetime.time(11, 0),
    )
    trip.full_clean()
    trip.save()


def test_in_month_includes_activities_spanning_into_the_month():
    union = UnionFactory()
    long_run = ActivityFactory(union=union, start_date=D(2026, 4, 1), end_date=D(2026, 10, 31))
    inside = ActivityFactory(union=union, start_date=D(2026, 6, 30))
    ActivityFactory(union=union, start_date=D(2026, 7, 1))
    ActivityFactory(union=union, start_date=D(2026, 5, 31))
    assert set(Activity.objects.in_month(2026, 6)) == {long_run, inside}
    assert set(Activity.objects.in_month(2026, 12)) == set()


def test_within_reaches_down_the_tree_only():
    parent = UnionFactory()
    child = UnionFactory(parent=parent)
    sibling = UnionFactory()
    mine, below = ActivityFactory(union=parent), ActivityFactory(union=child)
    ActivityFactory(union=sibling)
    assert set(Activity.objects.within(parent)) == {mine, below}
    assert set(Activity.objects.within(child)) == {below}


def test_eligible_members_are_the_active_members_of_the_subtree_plus_those_recorded():
    parent = UnionFactory()
    child = UnionFactory(parent=parent)
    activity = ActivityFactory(union=parent)
    here, below = MemberFactory(union=parent), MemberFactory(union=child)
    MemberFactory(union=UnionFactory())  # another tree
    retired = MemberFactory(union=parent, status="retained")
    left_since = MemberFactory(union=child, status="left")
    AttendanceFactory(activity=activity, member=left_since)
    assert set(activity.eligible_members()) == {here, below, left_since}
    assert retired not in activity.eligible_members()
    # The child's own activity does not reach up to the parent's members.
    assert set(ActivityFactory(union=child).eligible_members()) == {below}


def test_a_member_is_checked_in_once_per_activity():
    attendance = AttendanceFactory()
    duplicate = Attendance(activity=attendance.activity, member=attendance.member, status="absent")
    assert violates("attendance_once_per_activity", duplicate.save)


def test_series_dates_and_times_are_ordered():
    series = ActivitySeries(
        union=UnionFactory(),
        title="学习",
        weekday=4,
        first_date=D(2026, 3, 1),
        last_date=D(2026, 2, 1),
        start_time=datetime.time(15),
        end_time=datetime.time(14),
    )
    with pytest.raises(ValidationError) as raised:
        series.full_clean()
    assert set(raised.value.message_dict) == {"last_date", "end_time"}
    assert violates("activity_series_dates_ordered", series.save)


def test_award_names_its_event_or_points_at_our_activity():
    union = UnionFactory()
    award = AwardFactory.build(union=union, event="")
    with pytest.raises(ValidationError) as raised:
        award.full_clean()
    assert "event" in raised.value.message_dict
    assert violates("award_names_its_event", award.save)
    award.activity = ActivityFactory(union=union, title="安全生产知识竞赛")
    award.full_clean()
    assert award.event == "安全生产知识竞赛"


def test_team_and_unit_awards_carry_their_names():
    union = UnionFactory()
    team = AwardFactory.build(union=union, winner_kind=Award.Winner.TEAM, team_name="")
    assert violates("award_team_has_name", team.save)
    unit = AwardFactory.build(union=union, winner_kind=Award.Winner.UNIT, unit_name="")
    with pytest.raises(ValidationError) as raised:
        unit.full_clean()
    assert "unit_name" in raised.value.message_dict
    assert violates("award_unit_has_name", unit.save)


def test_award_for_a_sibling_unions_activity_is_refused():
    system = UnionFactory()
    a, b = UnionFactory(parent=system), UnionFactory(parent=system)
    award = AwardFactory.build(union=a, activity=ActivityFactory(union=b))
    with pytest.raises(ValidationError) as raised:
        award.full_clean()
    assert "activity" in raised.value.message_dict
    # The system union's quiz may be won by a base union's team.
    AwardFactory.build(union=a, activity=ActivityFactory(union=system)).full_clean()


def test_winner_label_names_members_team_or_unit():
    union = UnionFactory()
    one = MemberFactory(union=union, name="张三", name_initials="zs")
    two = MemberFactory(union=union, name="李四", name_initials="ls")
    team = AwardFactory(union=union, winner_kind=Award.Winner.TEAM, team_name="驾驶员代表队", unit_name="")
    team.members.set([one, two])
    assert team.winner_label == "驾驶员代表队（李四、张三）"
    assert AwardFactory(union=union, unit_name="新庙收费站").winner_label == "新庙收费站"


def test_suggestion_needs_an_author():
    suggestion = SuggestionFactory.build(union=UnionFactory(), author_name="")
    with pytest.raises(ValidationError) as raised:
        suggestion.full_clean()
    assert "author_name" in raised.value.message_dict
    assert violates("suggestion_has_author", suggestion.save)


@pytest.mark.parametrize(
    ("status", "dates", "bad_field"),
    [
        ("collected", {"adopted_on": D(2026, 4, 2)}, "adopted_on"),
        ("adopted", {}, "adopted_on"),
        ("rejected", {"rejected_on": None}, "rejected_on"),
        ("implemented", {"adopted_on": D(2026, 4, 2)}, "implemented_on"),
        ("adopted", {"adopted_on": D(2026, 4, 2), "rejected_on": D(2026, 4, 3)}, "rejected_on"),
    ],
)
def test_suggestion_dates_follow_its_status(status, dates, bad_field):
    suggestion = SuggestionFactory.build(union=UnionFactory(), status=status, **dates)
    with pytest.raises(ValidationError) as raised:
        suggestion.full_clean()
    assert bad_field in raised.value.message_dict
    assert violates("suggestion_dates_match_status", suggestion.save)


def test_suggestion_steps_cannot_go_back_in_time():
    suggestion = SuggestionFactory.build(
        union=UnionFactory(), collected_on=D(2026, 4, 10), status="adopted", adopted_on=D(2026, 4, 1)
    )
    with pytest.raises(ValidationError) as raised:
        suggestion.full_clean()
    assert "不能早于提出日期" in str(raised.value.message_dict["adopted_on"])
    assert violates("suggestion_steps_in_order", suggestion.save)


def test_adopted_queryset_includes_implemented():
    union = UnionFactory()
    adopted = SuggestionFactory(union=union, status="adopted", adopted_on=D(2026, 4, 5))
    done = SuggestionFactory(
        union=union, status="implemented", adopted_on=D(2026, 4, 5), implemented_on=D(2026, 5, 1)
    )
    SuggestionFactory(union=union, status="rejected", rejected_on=D(2026, 4, 5))
    SuggestionFactory(union=union)
    assert set(Suggestion.objects.adopted()) == {adopted, done}
