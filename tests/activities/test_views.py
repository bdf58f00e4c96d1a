"""Pages: they work, they keep to the role's reach, they save what they say, and their query
count does not grow with the rows they show."""

import datetime
import re
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from activities import services
from activities.models import Activity, ActivitySeries, Attendance, Award, ChronicleEntry, Suggestion
from tests.activities.factories import (
    ActivityFactory,
    AttendanceFactory,
    AwardFactory,
    ChronicleEntryFactory,
    MemberFactory,
    SuggestionFactory,
)
from unionhub.models import Role

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def secretary(client, world):
    client.force_login(world.officers[Role.Kind.SECRETARY])
    return client


@pytest.fixture
def treasurer(client, world):
    client.force_login(world.officers[Role.Kind.TREASURER])
    return client


def queries(client, url, method="get", data=None, status=200):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == status, response.content.decode()[:500]
    return len(captured)


def body(response) -> str:
    return response.content.decode()


# Activities ----------------------------------------------------------------------------------


def test_activity_list_shows_the_subtree_and_filters(secretary, world):
    ActivityFactory(union=world.union_a, title="甲的学习", kind="study", start_date=D(2026, 3, 6))
    ActivityFactory(union=world.group_a, title="小组篮球", kind="sports", start_date=D(2026, 8, 14))
    ActivityFactory(union=world.union_b, title="乙的联欢会", kind="culture")
    url = reverse("activities:activity_list")
    page = body(secretary.get(url))
    assert "甲的学习" in page and "小组篮球" in page and "乙的联欢会" not in page
    page = body(secretary.get(url, {"kind": "sports"}))
    assert "小组篮球" in page and "甲的学习" not in page
    page = body(secretary.get(url, {"date_from": "2026-06-01", "date_to": "2026-12-31"}))
    assert "小组篮球" in page and "甲的学习" not in page
    page = body(secretary.get(url, {"union": world.group_a.pk}))
    assert "小组篮球" in page and "甲的学习" not in page
    # B's union is not a choice: the filter ignores it and says so.
    page = body(secretary.get(url, {"union": world.union_b.pk}))
    assert "乙的联欢会" not in page


def test_activity_list_query_count_is_flat(secretary, world):
    url = reverse("activities:activity_list")

    def add(n):
        for _ in range(n):
            activity = ActivityFactory(union=world.group_a, series=None)
            AttendanceFactory(activity=activity)

    add(2)
    few = queries(secretary, url)
    add(45)
    assert queries(secretary, url) == few


def test_calendar_shows_the_months_activities_and_is_flat(secretary, world):
    ActivityFactory(
        union=world.union_a, title="安康杯竞赛", start_date=D(2026, 4, 1), end_date=D(2026, 10, 31)
    )
    ActivityFactory(union=world.union_a, title="三八体检", start_date=D(2026, 3, 8))
    ActivityFactory(union=world.union_b, title="乙的活动", start_date=D(2026, 6, 8))
    url = reverse("activities:activity_calendar")
    june = body(secretary.get(url, {"month": "2026-06"}))
    assert "2026年6月活动" in june and "安康杯竞赛" in june
    assert "三八体检" not in june and "乙的活动" not in june
    assert "三八体检" in body(secretary.get(url, {"month": "2026-03"}))
    assert secretary.get(url, {"month": "2026-13"}).status_code == 200  # falls back to this month
    few = queries(secretary, url, data={"month": "2026-05"})
    ActivityFactory.create_batch(30, union=world.group_a, start_date=D(2026, 5, 15))
    assert queries(secretary, url, data={"month": "2026-05"}) == few


def test_secretary_creates_and_edits_an_activity(secretary, world):
    response = secretary.post(
        reverse("activities:activity_create"),
        {
            "union": world.union_a.pk,
            "kind": "health_check",
            "title": "“三八”女职工健康体检",
            "start_date": "2026-03-08",
            "place": "市第一人民医院",
            "organiser": "工会女职工委员会",
            "partners": "市第一人民医院",
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    assert (activity.kind, activity.place, activity.partners) == (
        "health_check",
        "市第一人民医院",
        "市第一人民医院",
    )
    response = secretary.post(
        reverse("activities:activity_edit", args=[activity.pk]),
        {"union": world.group_a.pk, "kind": "health_check", "title": "健康体检", "start_date": "2026-03-09"},
    )
    activity.refresh_from_db()
    assert (activity.union, activity.title, activity.start_date) == (world.group_a, "健康体检", D(2026, 3, 9))


def test_bad_activity_input_is_explained_at_the_field(secretary, world):
    response = secretary.post(
        reverse("activities:activity_create"),
        {
            "union": world.union_b.pk,
            "kind": "sports",
            "title": "x",
            "start_date": "2026-05-02",
            "end_date": "2026-05-01",
        },
    )
    page = body(response)
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in page
    assert "选择一个有效的选项" in page  # B's union is not in reach
    assert not Activity.objects.exists()


def test_activity_detail_counts_and_lists_attendance(secretary, world):
    activity = ActivityFactory(union=world.union_a, non_member_participants=7)
    AttendanceFactory(activity=activity, member=MemberFactory(union=world.group_a, name="出席者"))
    AttendanceFactory(
        activity=activity, status="leave", member=MemberFactory(union=world.union_a, name="请假者")
    )
    page = body(secretary.get(activity.get_absolute_url()))
    assert "出席者" in page and "请假者" in page and "请假（1）" in page
    other = ActivityFactory(union=world.union_b)
    assert secretary.get(other.get_absolute_url()).status_code == 404


def test_deleting_an_activity(secretary, world):
    activity = ActivityFactory(union=world.union_a)
    AttendanceFactory(activity=activity)
    url = reverse("activities:activity_delete", args=[activity.pk])
    assert "将同时删除 1 条考勤记录" in body(secretary.get(url))
    AwardFactory(union=world.union_a, activity=activity)
    response = secretary.post(url, follow=True)
    assert "不能删除" in body(response) and Activity.objects.filter(pk=activity.pk).exists()
    Award.objects.all().delete()
    assert secretary.post(url).status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_read_only_roles_see_but_cannot_change(treasurer, world):
    activity = ActivityFactory(union=world.union_a)
    assert treasurer.get(activity.get_absolute_url()).status_code == 200
    assert treasurer.get(reverse("activities:activity_edit", args=[activity.pk])).status_code == 403
    assert treasurer.post(reverse("activities:activity_create"), {}).status_code == 403
    assert treasurer.post(reverse("activities:attendance_sheet", args=[activity.pk]), {}).status_code == 403


def test_pages_need_a_login(client, world):
    activity = ActivityFactory(union=world.union_a)
    for url in [
        reverse("activities:activity_list"),
        reverse("activities:attendance_sheet", args=[activity.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Series --------------------------------------------------------------------------------------


def test_secretary_creates_edits_and_cuts_a_series(secretary, world):
    response = secretary.post(
        reverse("activities:series_create"),
        {
            "union": world.union_a.pk,
            "kind": "study",
            "title": "每周五下午集中学习",
            "weekday": 4,
            "start_time": "14:30",
            "end_time": "16:30",
            "first_date": "2026-01-01",
            "place": "四楼活动室",
        },
    )
    series = ActivitySeries.objects.get()
    assert response.status_code == 302 and series.sessions.count() == 52
    assert series.last_date == D(2026, 12, 31)
    page = body(secretary.get(series.get_absolute_url()))
    assert page.count("每周五下午集中学习") >= 52

    secretary.post(
        reverse("activities:series_edit", args=[series.pk]),
        {
            "from_date": "2026-09-01",
            "title": "每周五集中学习",
            "place": "三楼",
            "start_time": "15:00",
            "end_time": "17:00",
        },
    )
    assert series.sessions.filter(place="三楼").count() == 17

    response = secretary.post(
        reverse("activities:series_end", args=[series.pk]), {"from_date": "2026-12-01"}, follow=True
    )
    assert "已删除 4 场" in body(response)
    assert series.sessions.count() == 48


def test_a_series_with_the_times_reversed_is_refused(secretary, world):
    response = secretary.post(
        reverse("activities:series_create"),
        {
            "union": world.union_a.pk,
            "kind": "study",
            "title": "学习",
            "weekday": 4,
            "start_time": "16:30",
            "end_time": "14:30",
            "first_date": "2026-01-01",
        },
    )
    assert response.status_code == 200 and "结束时间应晚于开始时间" in body(response)
    assert not Activity.objects.exists()


# Attendance ----------------------------------------------------------------------------------


def test_sheet_lists_the_eligible_members_and_saves_them(secretary, world):
    activity = ActivityFactory(union=world.union_a, title="学习")
    ann = MemberFactory(union=world.union_a, name="安安")
    bo = MemberFactory(union=world.group_a, name="波波")
    cy = MemberFactory(union=world.union_a, name="曦曦")
    MemberFactory(union=world.union_b, name="乙会员")
    url = reverse("activities:attendance_sheet", args=[activity.pk])
    page = body(secretary.get(url))
    assert "安安" in page and "波波" in page and "乙会员" not in page
    assert "data-sheet-search" in page and "全部出席" in page
    response = secretary.post(
        url, {f"m{ann.pk}": "present", f"m{bo.pk}": "leave", f"m{cy.pk}": "", "non_member_participants": "3"}
    )
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("member__name", "status")) == {
        "安安": "present",
        "波波": "leave",
    }
    activity.refresh_from_db()
    assert activity.non_member_participants == 3
    page = body(secretary.get(url))
    assert f'id="m{ann.pk}-present" value="present" autocomplete="off" checked' in page


def test_sheet_refuses_bad_input_and_keeps_what_was_typed(secretary, world):
    activity = ActivityFactory(union=world.union_a)
    member = MemberFactory(union=world.union_a)
    stranger = MemberFactory(union=world.union_b)
    url = reverse("activities:attendance_sheet", args=[activity.pk])
    response = secretary.post(url, {f"m{member.pk}": "present", "non_member_participants": "很多"})
    assert response.status_code == 400 and "请填写整数" in body(response)
    assert f'id="m{member.pk}-present" value="present" autocomplete="off" checked' in body(response)
    response = secretary.post(url, {f"m{member.pk}": "present", f"m{stranger.pk}": "present"})
    assert response.status_code == 400 and "不在本活动的参加范围内" in body(response)
    assert not Attendance.objects.exists()


def test_sheet_for_another_union_is_hidden(secretary, world):
    activity = ActivityFactory(union=world.union_b)
    url = reverse("activities:attendance_sheet", args=[activity.pk])
    assert secretary.get(url).status_code == 404
    assert secretary.post(url, {}).status_code == 404


def test_read_only_sheet_has_disabled_inputs(treasurer, world):
    activity = ActivityFactory(union=world.union_a)
    MemberFactory(union=world.union_a)
    page = body(treasurer.get(reverse("activities:attendance_sheet", args=[activity.pk])))
    assert " disabled>" in page and "保存考勤" not in page


def test_sheet_of_200_members_takes_as_many_queries_as_one_of_5(secretary, world):
    def measure(size):
        activity = ActivityFactory(union=world.union_a)
        members = MemberFactory.create_batch(size, union=world.group_a)
        AttendanceFactory(activity=activity, member=members[0], status="absent")
        url = reverse("activities:attendance_sheet", args=[activity.pk])
        reading = queries(secretary, url)
        data = {f"m{m.pk}": "present" for m in members} | {"non_member_participants": "2"}
        saving = queries(secretary, url, "post", data, status=302)
        assert Attendance.objects.filter(activity=activity, status="present").count() == size
        return reading, saving

    assert measure(5) == measure(200)


def test_attendance_export_is_a_spreadsheet_safe_from_formulas(secretary, world):
    activity = ActivityFactory(union=world.union_a, title="=cmd|' /C calc'!A0", place="@SUM(1+1)")
    evil = MemberFactory(union=world.group_a, name='=HYPERLINK("http://x")', name_initials="a")
    plain = MemberFactory(union=world.union_a, name="王芳", name_initials="wf")
    MemberFactory(union=world.union_b, name="乙会员")
    AttendanceFactory(activity=activity, member=evil, status="present")
    response = secretary.get(reverse("activities:attendance_xlsx", args=[activity.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    values = [cell.value for cell in cells]
    assert "'=cmd|' /C calc'!A0" in values
    assert '\'=HYPERLINK("http://x")' in values
    assert "王芳" in values and "乙会员" not in values
    rows = {row[1].value: row[4].value for row in sheet.iter_rows(min_row=5, max_row=6)}
    assert rows == {'\'=HYPERLINK("http://x")': "出席", "王芳": "未登记"}
    assert plain.name in values


# Awards --------------------------------------------------------------------------------------


def test_secretary_records_a_team_award(secretary, world):
    team = MemberFactory.create_batch(3, union=world.group_a)
    MemberFactory(union=world.union_a)
    url = reverse("activities:award_create")
    page = body(secretary.get(url))
    assert 'data-filter-for="member-picker"' in page and team[0].name in page
    response = secretary.post(
        url,
        {
            "union": world.union_a.pk,
            "date": "2026-09-20",
            "event": "全省营运大客车驾驶员技能比赛",
            "organiser": "省总工会",
            "level": "province",
            "category": "skills",
            "title": "团体第三名",
            "winner_kind": "team",
            "team_name": "驾驶员代表队",
            "members": [m.pk for m in team],
        },
    )
    assert response.status_code == 302
    award = Award.objects.get()
    assert set(award.members.all()) == set(team)
    page = body(secretary.get(reverse("activities:award_list")))
    assert "团体第三名" in page and "驾驶员代表队" in page


def test_award_for_our_activity_and_errors(secretary, world):
    quiz = ActivityFactory(union=world.union_a, kind="quiz", title="安全知识竞赛", start_date=D(2026, 6, 18))
    outsider = MemberFactory(union=world.union_b)
    url = reverse("activities:award_create")
    base = {
        "union": world.union_a.pk,
        "date": "2026-06-18",
        "level": "system",
        "category": "skills",
        "title": "一等奖",
    }
    response = secretary.post(url, {**base, "winner_kind": "individual"})
    assert response.status_code == 200 and "请选择本会活动或填写外部赛事名称" in body(response)
    assert "个人获奖请至少选择一名会员" in body(response)
    response = secretary.post(
        url, {**base, "activity": quiz.pk, "winner_kind": "individual", "members": [outsider.pk]}
    )
    assert response.status_code == 200 and not Award.objects.exists()
    member = MemberFactory(union=world.union_a)
    response = secretary.post(
        url, {**base, "activity": quiz.pk, "winner_kind": "individual", "members": [member.pk]}
    )
    assert response.status_code == 302
    award = Award.objects.get()
    assert (award.event, award.activity) == ("安全知识竞赛", quiz)
    assert "一等奖" in body(secretary.get(quiz.get_absolute_url()))


def test_award_edit_and_delete(secretary, world):
    award = AwardFactory(union=world.union_a, title="银奖")
    secretary.post(
        reverse("activities:award_edit", args=[award.pk]),
        {
            "union": world.union_a.pk,
            "date": "2026-06-28",
            "event": "文艺汇演",
            "level": "system",
            "category": "culture_sports",
            "title": "金奖",
            "winner_kind": "unit",
            "unit_name": "局机关",
        },
    )
    award.refresh_from_db()
    assert (award.title, award.unit_name) == ("金奖", "局机关")
    assert secretary.post(reverse("activities:award_delete", args=[award.pk])).status_code == 302
    assert not Award.objects.exists()
    assert (
        secretary.get(
            reverse("activities:award_edit", args=[AwardFactory(union=world.union_b).pk])
        ).status_code
        == 404
    )


def test_award_list_filters_and_is_flat(secretary, world):
    url = reverse("activities:award_list")

    def add(n):
        for _ in range(n):
            award = AwardFactory(union=world.group_a, winner_kind="team", team_name="队", unit_name="")
            award.members.set(MemberFactory.create_batch(2, union=world.group_a))

    add(2)
    few = queries(secretary, url)
    add(40)
    assert queries(secretary, url) == few
    AwardFactory(union=world.union_a, title="往年荣誉", date=D(2025, 1, 1), level="national")
    AwardFactory(union=world.union_b, title="乙的荣誉")
    page = body(secretary.get(url))
    assert "往年荣誉" in page and "乙的荣誉" not in page
    assert "往年荣誉" not in body(secretary.get(url, {"year": "2026"}))
    assert "往年荣誉" in body(secretary.get(url, {"level": "national"}))


# Suggestions ---------------------------------------------------------------------------------


def test_secretary_logs_suggestions_and_adopts_one(secretary, world):
    member = MemberFactory(union=world.union_a, name="献计人")
    url = reverse("activities:suggestion_create")
    response = secretary.post(
        url,
        {
            "union": world.union_a.pk,
            "collected_on": "2026-03-02",
            "member": member.pk,
            "campaign": "人人献计",
            "title": "节约燃油",
            "another": "1",
        },
    )
    # The next form keeps the union, the date and the campaign, not the author or the title.
    assert response.status_code == 302 and response["Location"].startswith(url + "?")
    page = secretary.get(response["Location"]).content.decode()
    assert 'value="2026-03-02"' in page and 'value="人人献计"' in page and 'value="节约燃油"' not in page
    assert re.search(rf'<option value="{world.union_a.pk}"[^>]*selected', page)
    secretary.post(
        url,
        {"union": world.union_a.pk, "collected_on": "2026-03-03", "author_name": "车队", "title": "轮胎翻新"},
    )
    fuel = Suggestion.objects.get(title="节约燃油")
    list_url = reverse("activities:suggestion_list") + "?campaign=人人献计"
    response = secretary.post(
        reverse("activities:suggestion_adopt", args=[fuel.pk]), {"on": "2026-03-20", "next": list_url}
    )
    assert response.status_code == 302 and unquote(response["Location"]) == list_url
    fuel.refresh_from_db()
    assert (fuel.status, fuel.adopted_on, fuel.recorded_by) == (
        "adopted",
        D(2026, 3, 20),
        world.officers["secretary"],
    )
    page = body(secretary.get(reverse("activities:suggestion_list")))
    assert "共征集 2 条，采纳 1 条" in page and "献计人" in page and "车队" in page


def test_suggestion_steps_refuse_bad_dates_and_foreign_redirects(secretary, world):
    suggestion = SuggestionFactory(union=world.union_a, collected_on=D(2026, 4, 1))
    url = reverse("activities:suggestion_reject", args=[suggestion.pk])
    response = secretary.post(url, {"on": "2026-03-01"})
    assert response.status_code == 400 and "不能早于提出日期" in body(response)
    response = secretary.post(url, {"on": "2026-04-10", "next": "https://evil.example/"})
    assert response["Location"] == reverse("activities:suggestion_list")
    response = secretary.post(
        reverse("activities:suggestion_adopt", args=[suggestion.pk]), {"on": "2026-04-11"}
    )
    assert response.status_code == 400 and "只有“已征集”的建议可以采纳" in body(response)


def test_suggestion_without_an_author_is_refused_and_edit_fixes_dates(secretary, world):
    response = secretary.post(
        reverse("activities:suggestion_create"),
        {"union": world.union_a.pk, "collected_on": "2026-03-02", "title": "无名"},
    )
    assert "请选择提出会员或填写提出人" in body(response)
    suggestion = SuggestionFactory(union=world.union_a, status="adopted", adopted_on=D(2026, 4, 5))
    response = secretary.post(
        reverse("activities:suggestion_edit", args=[suggestion.pk]),
        {
            "union": world.union_a.pk,
            "collected_on": "2026-04-01",
            "author_name": "职工",
            "title": suggestion.title,
            "adopted_on": "2026-04-06",
            "rejected_on": "2026-04-07",
        },
    )
    assert "当前状态下不应填写此日期" in body(response)
    secretary.post(
        reverse("activities:suggestion_edit", args=[suggestion.pk]),
        {
            "union": world.union_a.pk,
            "collected_on": "2026-04-01",
            "author_name": "职工",
            "title": "改过",
            "adopted_on": "2026-04-06",
        },
    )
    suggestion.refresh_from_db()
    assert (suggestion.title, suggestion.adopted_on) == ("改过", D(2026, 4, 6))


def test_suggestion_list_filters_and_is_flat(secretary, world):
    url = reverse("activities:suggestion_list")
    SuggestionFactory.create_batch(
        2, union=world.group_a, member=MemberFactory(union=world.group_a), author_name=""
    )
    few = queries(secretary, url)
    for _ in range(40):
        SuggestionFactory(
            union=world.group_a, member=MemberFactory(union=world.group_a), author_name="", campaign="金点子"
        )
    assert queries(secretary, url) == few
    SuggestionFactory(union=world.union_b, title="乙的建议")
    SuggestionFactory(union=world.union_a, title="已驳回", status="rejected", rejected_on=D(2026, 5, 1))
    page = body(secretary.get(url, {"status": "rejected"}))
    assert "已驳回" in page and "乙的建议" not in page and "共征集 1 条" in page
    assert "共征集 40 条" in body(secretary.get(url, {"campaign": "金点子"}))


# Chronicle -----------------------------------------------------------------------------------


def test_secretary_keeps_the_chronicle(secretary, world):
    response = secretary.post(
        reverse("activities:chronicle_create"),
        {
            "union": world.union_a.pk,
            "date": "2026-01-23",
            "section": "organisation",
            "text": "制定十二项工会工作制度",
        },
    )
    assert response.status_code == 302
    entry = ChronicleEntry.objects.get()
    secretary.post(
        reverse("activities:chronicle_edit", args=[entry.pk]),
        {
            "union": world.union_a.pk,
            "date": "2026-01-24",
            "section": "organisation",
            "text": "制定十二项制度",
        },
    )
    entry.refresh_from_db()
    assert (entry.date, entry.text) == (D(2026, 1, 24), "制定十二项制度")
    ChronicleEntryFactory(union=world.union_b, text="乙的大事")
    page = body(secretary.get(reverse("activities:chronicle_list")))
    assert "制定十二项制度" in page and "乙的大事" not in page
    assert "制定十二项制度" not in body(
        secretary.get(reverse("activities:chronicle_list"), {"section": "honours"})
    )
    assert secretary.post(reverse("activities:chronicle_delete", args=[entry.pk])).status_code == 302
    assert not ChronicleEntry.objects.filter(pk=entry.pk).exists()


def test_chronicle_list_is_flat(secretary, world):
    url = reverse("activities:chronicle_list")
    ChronicleEntryFactory.create_batch(2, union=world.group_a)
    few = queries(secretary, url, data={"year": "2026"})
    ChronicleEntryFactory.create_batch(40, union=world.group_a)
    assert queries(secretary, url, data={"year": "2026"}) == few


def test_series_page_is_flat(secretary, world):
    short = services.create_series(
        union=world.union_a, title="短", weekday=4, first_date=D(2026, 1, 1), last_date=D(2026, 1, 31)
    )
    long = services.create_series(union=world.union_a, title="长", weekday=4, first_date=D(2026, 1, 1))
    for session in long.sessions.all()[:10]:
        AttendanceFactory(activity=session)
    assert queries(secretary, short.get_absolute_url()) == queries(secretary, long.get_absolute_url())


def test_home_pages_lead_to_the_activities(client, world):
    client.force_login(world.officers[Role.Kind.SECRETARY])
    page = body(client.get(reverse("home")))
    assert reverse("activities:activity_list") in page and reverse("activities:suggestion_list") in page
    client.force_login(world.officers[Role.Kind.CHAIR])
    assert reverse("activities:activity_calendar") in body(client.get(reverse("home")))
