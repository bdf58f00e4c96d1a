"""The members' own door on a phone: a member activates a login from a slip, checks in by an
activity's code, sees it on their page and files a suggestion; a worker applies online, the secretary
accepts and the new member logs in. Under the Content Security Policy (QR codes are data: images)."""

import datetime

import pytest
from playwright.sync_api import expect

from activities.models import Attendance, Suggestion
from members.models import JoinApplication, Member
from tests.activities.factories import ActivityFactory, MemberFactory
from tests.unionhub.attachment_files import png
from unionhub.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PASSWORD = "Hm-4kT!wq9Zp"


def slip(page) -> tuple[str, str]:
    expect(page.locator(".login-slip img.qr-code")).to_be_visible()
    return page.locator("#slip-login").inner_text(), page.locator("#slip-code").inner_text()


def activate(page, base, username, code):
    page.goto(f"{base}/me/activate/?login={username}&code={code}")  # what the slip's QR code opens
    expect(page.get_by_label("激活码")).to_have_value(code)
    page.get_by_label("设置密码").fill(PASSWORD)
    page.get_by_label("再次输入密码").fill(PASSWORD)
    page.get_by_role("button", name="激活").click()
    expect(page.locator(".alert-success")).to_contain_text("登录已激活")


def test_members_activate_check_in_suggest_and_join_online(world, live_server, page, login, csp_violations):
    page.set_viewport_size(PHONE)
    base = live_server.url
    member = MemberFactory(union=world.union_a, name="赵小红")
    activity = ActivityFactory(
        union=world.union_a,
        title="职工健步走",
        start_date=datetime.date.today(),
        end_date=None,
        start_time=None,
        end_time=None,
    )
    Suggestion.objects.create(
        union=world.union_a,
        member=MemberFactory(union=world.union_a),
        title="旧建议",
        collected_on=datetime.date.today(),
        campaign="人人献计",
    )

    # The secretary prints the member's slip and shows the activity's code.
    login(world.officers[Role.Kind.SECRETARY].username)
    page.goto(f"{base}/members/{member.pk}/")
    page.locator("#login-slip").click()
    username, code = slip(page)
    page.goto(f"{base}/activities/{activity.pk}/")
    page.locator("#show-code").click()
    expect(page.locator("#checkin-qr")).to_be_visible()
    checkin_url = page.locator("#checkin-url").inner_text()
    page.context.clear_cookies()

    # The member activates from the slip, scans the code, and sees the check-in on their page.
    activate(page, base, username, code)
    expect(page.locator("h1")).to_have_text("赵小红")
    page.goto(checkin_url)
    page.get_by_role("button", name="确认签到").click()
    expect(page.locator(".alert-success")).to_contain_text("签到成功")
    expect(page.locator("#attendance")).to_contain_text("职工健步走")
    expect(page.locator("#attendance")).to_contain_text("扫码签到")
    page.goto(checkin_url)
    expect(page.locator("body")).to_contain_text("您已签到")

    # A suggestion with a photo, into the campaign going on.
    page.goto(f"{base}/me/")
    page.get_by_role("link", name="提合理化建议").click()
    expect(page.locator("body")).to_contain_text("人人献计")
    page.get_by_label("建议标题").fill("食堂增加夜班供餐")
    page.get_by_label("建议内容").fill("夜班职工晚上十点后无处就餐，建议食堂增加夜宵。")
    page.get_by_label("附件（照片或PDF，可不传）").set_input_files(
        {"name": "食堂.png", "mimeType": "image/png", "buffer": png()}
    )
    page.get_by_role("button", name="提交建议").click()
    expect(page.locator("#suggestion-status")).to_have_text("已征集")
    expect(page.locator("body")).to_contain_text("食堂.png")
    suggestion = Suggestion.objects.get(title="食堂增加夜班供餐")
    assert (suggestion.member, suggestion.campaign) == (member, "人人献计")
    assert Attendance.objects.get(activity=activity, member=member).checked_in_at is not None
    page.goto(f"{base}/members/")  # an officer's page does not exist for a member
    expect(page.locator("body")).not_to_contain_text("会员名册")
    page.context.clear_cookies()

    # A worker applies on the union's public page; the secretary accepts; the new member logs in.
    login(world.officers[Role.Kind.SECRETARY].username)
    page.goto(f"{base}/members/online/")
    join_url = page.locator("#join-link").inner_text()
    page.goto(f"{base}/activities/{activity.pk}/attendance/")
    expect(page.locator(".sheet-row", has_text="赵小红")).to_contain_text("扫码")
    page.context.clear_cookies()
    page.goto(join_url)
    page.get_by_label("姓名").fill("钱大勇")
    page.get_by_label("身份证号码").fill("110101199003070038")
    page.get_by_label("工作单位").fill("甲单位车队")
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_label("我自愿加入中华全国总工会").check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#join-sent")).to_be_visible()
    login(world.officers[Role.Kind.SECRETARY].username)
    page.goto(f"{base}/members/online/")
    page.get_by_role("link", name="审核").click()
    page.get_by_role("button", name="同意入会").click()
    username, code = slip(page)
    newcomer = Member.objects.get(name="钱大勇")
    assert newcomer.events.get().kind == "joined" and JoinApplication.objects.get().member == newcomer
    page.context.clear_cookies()
    activate(page, base, username, code)
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("钱大勇")
    expect(page.locator("#register")).to_contain_text("甲单位工会")
    assert csp_violations == []
