"""The secretary's register in a browser: import a roll with errors, read the preview, commit, find a
member by pinyin initials, transfer one to a sibling union, open a hardship file — under the CSP."""

import re

import pytest
from playwright.sync_api import expect

from members.models import HardshipCase, Member, MemberEvent
from tests.members.rollfiles import messy_roll
from unionhub.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secretary_imports_a_roll_and_keeps_the_register(
    world, live_server, page, login, csp_violations, tmp_path
):
    roll = messy_roll()
    path = tmp_path / "甲单位会员花名册.xlsx"
    path.write_bytes(roll.content)
    login(world.officers[Role.Kind.SECRETARY].username)
    base = live_server.url

    # 1. Upload the roll she already keeps in Excel.
    page.locator(".card", has=page.get_by_role("heading", name="导入花名册")).click()  # the home page card
    expect(page.get_by_role("heading", name="导入花名册")).to_be_visible()
    page.get_by_label("花名册文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_url(re.compile(r"/members/import/\d+/$"))

    # 2. The preview names every problem at its row and column; nothing is saved yet.
    expect(page.locator("#count-total")).to_have_text("12")
    expect(page.locator("#count-accepted")).to_have_text("3")
    expect(page.locator("#count-rejected")).to_have_text("9")
    problems = page.locator("#import-problems")
    expect(problems.locator("tr[data-row='7']")).to_contain_text("校验位不正确")
    expect(problems.locator("tr[data-row='7']")).to_contain_text("B列")
    expect(problems.locator("tr[data-row='5']")).to_contain_text("缺少姓名")
    expect(problems.locator("tr[data-row='10']")).to_contain_text("与第3行的证件号码重复")
    expect(problems.locator("tr[data-row='12']")).to_contain_text("未知工会")
    expect(page.locator("#import-sample")).to_contain_text("张三丰")
    assert not Member.objects.exists()

    # 3. Commit the valid rows.
    page.get_by_role("button", name="导入 3 名会员").click()
    expect(page.locator(".alert-success")).to_contain_text("已导入 3 名会员")
    assert Member.objects.count() == 3

    # 4. Find a member by the initials of his name.
    page.get_by_label("搜索").fill("zsf")
    page.get_by_role("button", name="查询").click()
    rows = page.locator("#member-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("张三丰")
    rows.first.get_by_role("link", name="张三丰").click()
    expect(page.locator("#member-history")).to_contain_text("入会")

    # 5. Transfer him to the sibling union: the record moves there, out of her reach.
    page.locator("#member-actions").get_by_role("link", name="转出").click()
    expect(page.get_by_label("系统外工会名称")).to_be_hidden()
    page.get_by_label("转入工会").select_option(label=f"　{world.union_b.name}")
    page.get_by_label("原因").fill("调往乙单位工作")
    page.get_by_role("button", name="确认转出").click()
    expect(page.locator(".alert-success")).to_contain_text("张三丰 已转至 乙单位工会")
    zhang = Member.objects.get(name="张三丰")
    assert zhang.union == world.union_b
    assert list(zhang.events.values_list("kind", flat=True).order_by("pk")) == [
        MemberEvent.Kind.JOINED,
        MemberEvent.Kind.TRANSFERRED_OUT,
        MemberEvent.Kind.TRANSFERRED_IN,
    ]
    page.get_by_label("搜索").fill("zsf")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#member-table tbody")).to_contain_text("没有符合条件的会员")

    # 6. Open a hardship file for another member, with her household.
    page.get_by_label("搜索").fill("lxy")
    page.get_by_role("button", name="查询").click()
    page.locator("#member-table").get_by_role("link", name="李秀英").click()
    page.get_by_role("link", name="建立困难档案").click()
    page.get_by_label("困难类别").select_option(label="相对困难")
    page.get_by_label("家庭人口").fill("3")
    page.get_by_label("家庭月收入（元）").fill("3900")
    expect(page.locator("#per-capita-preview")).to_have_text("¥1300.00")
    page.get_by_label("主要致困原因").select_option(label="子女就学")
    page.get_by_label("单亲家庭").check()
    page.locator("input[name='family-0-name']").fill("陈子涵")
    page.locator("input[name='family-0-relation']").fill("女儿")
    page.locator("input[name='family-0-school_or_work']").fill("浙江工业大学")
    page.get_by_role("button", name="添加家庭成员").click()
    page.locator("input[name='family-1-name']").fill("李桂兰")
    page.locator("input[name='family-1-relation']").fill("母亲")
    page.get_by_role("button", name="保存档案").click()
    expect(page.locator(".alert-success")).to_contain_text("已为 李秀英 建立困难职工档案")
    expect(page.locator("#per-capita")).to_contain_text("1,300.00")
    expect(page.locator("#hardship-family")).to_contain_text("浙江工业大学")
    expect(page.locator("#hardship-family")).to_contain_text("李桂兰")
    case = HardshipCase.objects.get()
    assert (case.member.name, case.level, case.union) == ("李秀英", "relative", world.group_a)
    assert case.filed_by == world.officers[Role.Kind.SECRETARY]

    assert page.url.startswith(base)
    assert csp_violations == []
