"""Services: weekly series, check-in sheets saved at once, awards and their winners, suggestion steps."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities import services
from activities.models import Activity, Attendance, Award, Suggestion
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
P, A, L = Attendance.Status.PRESENT, Attendance.Status.ABSENT, Attendance.Status.ON_LEAVE


def friday_series(union, **kwargs):
    defaults = {
        "union": union,
        "title": "每周五下午集中学习",
        "weekday": 4,
        "first_date": D(2026, 1, 1),
        "start_time": datetime.time(14, 30),
        "end_time": datetime.time(16, 30),
        "place": "四楼活动室",
    }
    return services.create_series(**{**defaults, **kwargs})


# Series --------------------------------------------------------------------------------------


def test_series_dates_are_every_weekday_between_the_dates():
    dates = services.series_dates(weekday=4, first_date=D(2026, 1, 1), last_date=D(2026, 1, 31))
    assert dates == [D(2026, 1, 2), D(2026, 1, 9), D(2026, 1, 16), D(2026, 1, 23), D(2026, 1, 30)]
    assert services.series_dates(weekday=0, first_date=D(2026, 1, 5), last_date=D(2026, 1, 5)) == [
        D(2026, 1, 5)
    ]


def test_a_weekly_series_creates_the_years_sessions_at_once():
    union = UnionFactory()
    with CaptureQueriesContext(connection) as short:
        friday_series(union, last_date=D(2026, 1, 31))
    with CaptureQueriesContext(connection) as queries:
        series = friday_series(union)
    # 2026 has 52 Fridays, from 2 January to 25 December; all saved in one insert.
    sessions = list(series.sessions.order_by("start_date"))
    assert len(sessions) == 52
    assert sessions[0].start_date == D(2026, 1, 2) and sessions[-1].start_date == D(2026, 12, 25)
    assert {s.start_date.weekday() for s in sessions} == {4}
    assert {(s.title, s.place, s.kind, s.union_id) for s in sessions} == {
        ("每周五下午集中学习", "四楼活动室", Activity.Kind.STUDY, union.pk)
    }
    assert series.last_date == D(2026, 12, 31)
    assert len(queries) == len(short)


def test_a_series_without_any_matching_day_or_too_long_is_refused():
    union = UnionFactory()
    with pytest.raises(ValidationError) as raised:
        friday_series(union, first_date=D(2026, 1, 5), last_date=D(2026, 1, 7))
    assert "没有符合条件" in str(raised.value)
    with pytest.raises(ValidationError) as raised:
        friday_series(union, last_date=D(2029, 1, 1))
    assert "last_date" in raised.value.message_dict
    assert not Activity.objects.exists()


def test_editing_a_series_changes_only_the_sessions_from_the_date_on():
    series = friday_series(UnionFactory())
    changed = services.update_series(
        series=series,
        from_date=D(2026, 7, 1),
        title="每周五集中学习（下半年）",
        place="三楼会议室",
        start_time=datetime.time(15, 0),
        end_time=datetime.time(17, 0),
    )
    assert changed == 26
    before = series.sessions.get(start_date=D(2026, 6, 26))
    after = series.sessions.get(start_date=D(2026, 7, 3))
    assert (before.title, before.place, before.start_time) == (
        "每周五下午集中学习",
        "四楼活动室",
        datetime.time(14, 30),
    )
    assert (after.title, after.place, after.start_time) == (
        "每周五集中学习（下半年）",
        "三楼会议室",
        datetime.time(15),
    )
    series.refresh_from_db()
    assert series.title == "每周五集中学习（下半年）"


def test_cutting_a_series_short_deletes_future_sessions_without_records():
    union = UnionFactory()
    series = friday_series(union)
    member = MemberFactory(union=union)
    recorded = series.sessions.get(start_date=D(2026, 10, 9))
    AttendanceFactory(activity=recorded, member=member)
    awarded = series.sessions.get(start_date=D(2026, 11, 6))
    AwardFactory(union=union, activity=awarded, event="")
    past = series.sessions.get(start_date=D(2026, 9, 4))
    cut = services.end_series(series=series, from_date=D(2026, 10, 1))
    # 13 Fridays from 2 October; two hold records and stay.
    assert (cut.deleted, cut.kept) == (11, 2)
    assert set(series.sessions.filter(start_date__gte=D(2026, 10, 1))) == {recorded, awarded}
    assert Activity.objects.filter(pk=past.pk).exists()
    assert Attendance.objects.filter(activity=recorded).count() == 1
    series.refresh_from_db()
    assert series.last_date == D(2026, 11, 6)


def test_cutting_before_the_first_session_is_refused():
    series = friday_series(UnionFactory())
    with pytest.raises(ValidationError) as raised:
        services.end_series(series=series, from_date=D(2026, 1, 1))
    assert "from_date" in raised.value.message_dict
    assert series.sessions.count() == 52


def test_deleting_an_activity_with_an_award_is_refused_in_plain_words():
    union = UnionFactory()
    activity = ActivityFactory(union=union)
    AttendanceFactory(activity=activity)
    AwardFactory(union=union, activity=activity)
    with pytest.raises(ValidationError) as raised:
        services.delete_activity(activity=activity)
    assert "获奖" in str(raised.value)
    Award.objects.all().delete()
    services.delete_activity(activity=activity)
    assert not Activity.objects.exists() and not Attendance.objects.exists()


# Attendance ----------------------------------------------------------------------------------


def test_a_sheet_is_saved_whole_updating_adding_and_removing_rows():
    union = UnionFactory()
    activity = ActivityFactory(union=union)
    one, two, three = (MemberFactory(union=union) for _ in range(3))
    services.record_attendance(activity=activity, statuses={one.pk: P, two.pk: A}, non_member_participants=5)
    counts = services.record_attendance(
        activity=activity, statuses={two.pk: P, three.pk: L}, non_member_participants=2
    )
    assert dict(Attendance.objects.values_list("member_id", "status")) == {two.pk: P, three.pk: L}
    assert (counts.present, counts.absent, counts.on_leave, counts.non_members) == (1, 0, 1, 2)
    activity.refresh_from_db()
    assert activity.non_member_participants == 2
    assert services.sheet_counts(activity=activity) == counts


def test_a_sheet_for_a_parent_union_takes_members_of_its_base_unions():
    system = UnionFactory()
    base = UnionFactory(parent=system)
    activity = ActivityFactory(union=system)
    member = MemberFactory(union=base)
    services.record_attendance(activity=activity, statuses={member.pk: P}, non_member_participants=0)
    assert Attendance.objects.get().member == member


def test_a_sheet_with_a_stranger_or_a_bad_status_saves_nothing():
    union = UnionFactory()
    activity = ActivityFactory(union=union)
    member = MemberFactory(union=union)
    stranger = MemberFactory(union=UnionFactory())
    with pytest.raises(ValidationError) as raised:
        services.record_attendance(
            activity=activity, statuses={member.pk: P, stranger.pk: P}, non_member_participants=0
        )
    assert "不在本活动的参加范围内" in str(raised.value)
    with pytest.raises(ValidationError):
        services.record_attendance(activity=activity, statuses={member.pk: "late"}, non_member_participants=0)
    with pytest.raises(ValidationError):
        services.record_attendance(activity=activity, statuses={member.pk: P}, non_member_participants=-1)
    assert not Attendance.objects.exists()


def test_saving_a_sheet_takes_the_same_queries_for_5_or_200_members():
    def queries_for(size):
        union = UnionFactory()
        activity = ActivityFactory(union=union)
        members = MemberFactory.create_batch(size, union=union)
        AttendanceFactory(activity=activity, member=members[0], status=A)
        statuses = {m.pk: P for m in members[1:]}
        with CaptureQueriesContext(connection) as captured:
            services.record_attendance(activity=activity, statuses=statuses, non_member_participants=3)
        assert Attendance.objects.filter(activity=activity).count() == size - 1
        return len(captured)

    assert queries_for(5) == queries_for(200)


# Awards --------------------------------------------------------------------------------------


def test_a_team_award_keeps_its_members():
    union = UnionFactory()
    members = MemberFactory.create_batch(3, union=UnionFactory(parent=union))
    award = services.save_award(
        award=Award(
            union=union,
            event="全省营运大客车驾驶员技能比赛",
            level=Award.Level.PROVINCE,
            title="团体第三名",
            date=D(2026, 9, 20),
            winner_kind=Award.Winner.TEAM,
            team_name="汽运公司代表队",
            unit_name="leftover",
        ),
        members=members,
    )
    assert set(award.members.all()) == set(members)
    assert award.unit_name == ""


def test_an_individual_award_needs_a_member_of_the_union():
    union = UnionFactory()
    base = Award(union=union, event="市技能大赛", level="city", title="冠军", date=D(2026, 5, 1))
    with pytest.raises(ValidationError) as raised:
        services.save_award(award=base, members=[])
    assert "members" in raised.value.message_dict
    outsider = MemberFactory(union=UnionFactory(), name="外人")
    with pytest.raises(ValidationError) as raised:
        services.save_award(award=base, members=[outsider])
    assert "外人" in str(raised.value.message_dict["members"])
    assert not Award.objects.exists()


def test_a_unit_honour_has_no_members():
    union = UnionFactory()
    award = Award(
        union=union,
        event="星级收费站评定",
        level="province",
        title="三星级收费站",
        date=D(2026, 10, 15),
        winner_kind=Award.Winner.UNIT,
        unit_name="新庙收费站",
    )
    with pytest.raises(ValidationError):
        services.save_award(award=award, members=[MemberFactory(union=union)])
    assert services.save_award(award=award).winner_label == "新庙收费站"


# Suggestions ---------------------------------------------------------------------------------


def test_a_suggestion_is_logged_from_a_member_or_by_name():
    union = UnionFactory()
    member = MemberFactory(union=union)
    by_member = services.log_suggestion(
        union=union, title="节约燃油", collected_on=D(2026, 3, 2), member=member, author_name="ignored"
    )
    assert by_member.author == member.name and by_member.author_name == ""
    by_name = services.log_suggestion(
        union=union, title="轮胎翻新", collected_on=D(2026, 3, 2), author_name="车队"
    )
    assert by_name.author == "车队" and by_name.status == Suggestion.Status.COLLECTED
    with pytest.raises(ValidationError):
        services.log_suggestion(union=union, title="无名", collected_on=D(2026, 3, 2))
    with pytest.raises(ValidationError):
        services.log_suggestion(
            union=union, title="外人", collected_on=D(2026, 3, 2), member=MemberFactory(union=UnionFactory())
        )


def test_suggestion_steps_collected_adopted_implemented():
    suggestion = SuggestionFactory(union=UnionFactory(), collected_on=D(2026, 3, 2))
    services.adopt_suggestion(suggestion=suggestion, on=D(2026, 3, 20), response="采纳")
    done = services.implement_suggestion(suggestion=suggestion, on=D(2026, 5, 1))
    assert (done.status, done.adopted_on, done.implemented_on, done.response) == (
        "implemented",
        D(2026, 3, 20),
        D(2026, 5, 1),
        "采纳",
    )
    with pytest.raises(ValidationError):
        services.reject_suggestion(suggestion=done, on=D(2026, 5, 2))


def test_implementing_at_once_adopts_the_same_day():
    suggestion = SuggestionFactory(union=UnionFactory())
    done = services.implement_suggestion(suggestion=suggestion, on=D(2026, 4, 3))
    assert (done.adopted_on, done.implemented_on) == (D(2026, 4, 3), D(2026, 4, 3))


def test_a_rejected_suggestion_cannot_be_adopted_and_dates_cannot_precede_collection():
    suggestion = SuggestionFactory(union=UnionFactory(), collected_on=D(2026, 4, 1))
    with pytest.raises(ValidationError) as raised:
        services.adopt_suggestion(suggestion=suggestion, on=D(2026, 3, 1))
    assert "on" in raised.value.message_dict
    services.reject_suggestion(suggestion=suggestion, on=D(2026, 4, 2))
    with pytest.raises(ValidationError) as raised:
        services.adopt_suggestion(suggestion=suggestion, on=D(2026, 4, 3))
    assert "未采纳" in str(raised.value)
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.adopted_on) == ("rejected", None)
