"""The secretary's year on a phone: the weekly study series, a check-in sheet, a team award,
two suggestions (one adopted) and a chronicle entry — all under the Content Security Policy."""

import datetime

import pytest
from playwright.sync_api import expect

from activities.models import ActivitySeries, Attendance, Award, ChronicleEntry, Suggestion
from tests.activities.factories import MemberFactory
from unionhub.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_secretary_keeps_a_year_of_union_life_on_a_phone(world, live_server, page, login, csp_violations):
    members = [
        MemberFactory(union=world.union_a, name=f"甲会员{n:02d}", name_initials=f"jhy{n:02d}")
        for n in range(24)
    ]
    members += [
        MemberFactory(union=world.group_a, name=f"班组会员{n}", name_initials=f"bzhy{n}") for n in range(6)
    ]
    driver_names = ["司机张", "司机王", "司机李"]
    drivers = [
        MemberFactory(union=world.union_a, name=name, name_initials=f"sj{n}")
        for n, name in enumerate(driver_names)
    ]
    MemberFactory(union=world.union_b, name="乙单位会员")
    page.set_viewport_size(PHONE)
    login(world.officers[Role.Kind.SECRETARY].username)
    base = live_server.url

    # 1. The weekly study series: every Friday afternoon, the whole year at once.
    page.goto(f"{base}/activities/")
    page.get_by_role("link", name="每周系列活动").click()
    page.get_by_label("名称").fill("每周五下午集中学习")
    page.get_by_label("每周").select_option(label="星期五")
    page.get_by_label("开始时间").fill("14:30")
    page.get_by_label("结束时间").fill("16:30")
    page.get_by_label("起始日期").fill("2026-01-01")
    page.get_by_label("地点").fill("局机关四楼工会活动室")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("共 52 场")
    series = ActivitySeries.objects.get()
    assert series.sessions.count() == 52

    # 2. Attendance for the session of 6 March, on the phone.
    session = series.sessions.get(start_date=datetime.date(2026, 3, 6))
    page.locator("#session-table tr", has_text="2026-03-06").get_by_role("link", name="考勤").click()
    rows = page.locator(".sheet-row")
    expect(rows).to_have_count(33)
    expect(page.locator("body")).not_to_contain_text("乙单位会员")
    save = page.get_by_role("button", name="保存考勤")
    expect(save).to_be_in_viewport()  # the sticky footer keeps it under the thumb
    page.get_by_placeholder("搜索姓名或拼音首字母").fill("bzhy")
    expect(page.locator(".sheet-row:visible")).to_have_count(6)
    page.get_by_placeholder("搜索姓名或拼音首字母").fill("")
    expect(page.locator(".sheet-row:visible")).to_have_count(33)
    page.get_by_role("button", name="全部出席").click()
    expect(page.locator('[data-count="present"]')).to_have_text("33")
    leave = page.locator(f'label[for="m{members[3].pk}-leave"]')
    box = leave.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a touch target
    leave.click()
    page.locator(f'label[for="m{members[5].pk}-absent"]').click()
    expect(page.locator('[data-count="present"]')).to_have_text("31")
    page.get_by_label("非会员参加人数").fill("2")
    save.click()
    expect(page.locator(".alert-success")).to_contain_text("出席 31 人，缺席 1 人，请假 1 人，非会员 2 人")
    statuses = dict(Attendance.objects.filter(activity=session).values_list("member_id", "status"))
    assert len(statuses) == 33 and statuses[members[3].pk] == "leave" and statuses[members[5].pk] == "absent"
    session.refresh_from_db()
    assert session.non_member_participants == 2

    # 3. A team of three wins third place in a provincial drivers' contest.
    page.goto(f"{base}/activities/awards/new/")
    page.get_by_label("获奖日期").fill("2026-09-20")
    page.get_by_label("赛事/评比").fill("全省营运大客车驾驶员技能比赛")
    page.get_by_label("主办单位").fill("省交通运输厅、省总工会")
    page.get_by_label("级别").select_option(label="省级")
    page.get_by_label("类别").select_option(label="劳动竞赛与技能比武")
    page.get_by_label("名次/称号").fill("团体第三名")
    page.get_by_label("团体", exact=True).check()
    page.get_by_label("团队名称").fill("驾驶员代表队")
    page.get_by_placeholder("搜索会员姓名").fill("司机")
    expect(page.locator("#member-picker .form-check:visible")).to_have_count(3)
    for name in driver_names:
        page.get_by_label(f"{name}（", exact=False).check()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#award-table")).to_contain_text("团体第三名")
    award = Award.objects.get()
    assert set(award.members.all()) == set(drivers) and award.level == "province"

    # 4. Two suggestions; one is adopted from the list.
    page.goto(f"{base}/activities/suggestions/new/")
    page.get_by_label("提出日期").fill("2026-03-02")
    page.get_by_label("提出会员").select_option(label=f"{drivers[0].name}（{world.union_a.name}）")
    page.get_by_label("征集活动").fill("人人献计 管理挖潜")
    page.get_by_label("建议标题").fill("优化车辆调度")
    page.get_by_role("button", name="保存并继续登记").click()
    expect(page.locator(".alert-success")).to_contain_text("优化车辆调度")
    page.get_by_label("提出日期").fill("2026-03-03")
    page.get_by_label("提出人").fill("车队全体")
    page.get_by_label("征集活动").fill("人人献计 管理挖潜")
    page.get_by_label("建议标题").fill("节约燃油")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("#suggestion-figures")).to_contain_text("共征集 2 条，采纳 0 条")
    page.locator("#suggestion-table tr", has_text="优化车辆调度").get_by_role(
        "button", name="采纳", exact=True
    ).click()
    expect(page.locator("#suggestion-figures")).to_contain_text("共征集 2 条，采纳 1 条")
    adopted = Suggestion.objects.get(title="优化车辆调度")
    assert adopted.status == "adopted" and adopted.member == drivers[0] and adopted.adopted_on is not None
    assert Suggestion.objects.get(title="节约燃油").status == "collected"

    # 5. A chronicle entry.
    page.goto(f"{base}/activities/chronicle/new/")
    page.get_by_label("日期").fill("2026-01-23")
    page.get_by_label("栏目").select_option(label="组织建设")
    page.get_by_label("事项").fill("制定十二项工会工作制度，配备工会专用公章。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#chronicle-table")).to_contain_text("制定十二项工会工作制度")
    assert ChronicleEntry.objects.get().section == "organisation"

    assert csp_violations == [], "\n".join(csp_violations)
