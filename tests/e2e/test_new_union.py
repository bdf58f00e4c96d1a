"""A union starts from nothing and runs its own house, in the browser, without the Django admin.

From a database with no union: `start_union` creates a township union and its chair; the chair
logs in with the one-time password and sets her own, sets up village unions, appoints a secretary
and a treasurer who each change their one-time passwords and record something of their own, and a
hand-over (换届) leaves the old treasurer reaching nothing of the union.
"""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from finances.models import Fund
from members.idcard import make_resident_id
from members.models import Member
from unionhub.models import Role, Union, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TOWNSHIP = "青山乡工会"
VILLAGES = ("青山乡上坝村工会", "青山乡下坝村工会", "青山乡石桥村工会")


def one_time_password(text: str) -> str:
    return re.search(r"一次性密码：\s*(\S+)", text).group(1)


def test_a_township_union_sets_itself_up(live_server, page):
    assert not Union.objects.exists()
    out = StringIO()
    call_command(
        "start_union",
        name=TOWNSHIP,
        kind="乡镇工会",
        province="四川省",
        chair="qs.chair",
        chair_name="杨春兰",
        stdout=out,
    )
    chair_password = one_time_password(out.getvalue())
    township = Union.objects.get(name=TOWNSHIP)
    assert (township.kind, township.region) == (Union.Kind.TOWNSHIP, "四川")
    base = live_server.url
    visited: list[str] = []
    page.on("request", lambda request: visited.append(request.url))

    def log_in(username: str, password: str) -> None:
        page.context.clear_cookies()
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()

    def first_login(username: str, one_time: str, own: str) -> None:
        """The one-time password leads only to the password change page until a new one is set."""
        log_in(username, one_time)
        page.wait_for_url(f"{base}/accounts/password/")
        expect(page.locator("#must-change-password")).to_be_visible()
        page.goto(f"{base}/members/")
        page.wait_for_url(f"{base}/accounts/password/")
        page.locator("input[name=old_password]").fill(one_time)
        page.locator("input[name=new_password1]").fill(own)
        page.locator("input[name=new_password2]").fill(own)
        page.get_by_role("button", name="保存新密码").click()
        page.wait_for_url(f"{base}/accounts/password/done/")
        page.goto(f"{base}/")
        assert not User.objects.get(username=username).must_change_password

    # The chair's first login: her own password, then what a new union does first.
    first_login("qs.chair", chair_password, "Qs#chair-7kxp!")
    worklist = page.locator("#worklist")
    expect(worklist).to_contain_text("新工会起步")
    expect(worklist).to_contain_text("任命工会干事和会计")

    # Village unions below the township: entered as one list, the type offered is 村级工会.
    page.goto(f"{base}/organisation/")
    page.get_by_role("link", name="设立下级工会").click()
    page.get_by_label("名称").fill("\n".join(VILLAGES))
    expect(page.get_by_label("类型")).to_have_value("village")
    page.get_by_role("button", name="保存").click()
    for village in VILLAGES:
        expect(page.locator("#child-unions")).to_contain_text(village)
    page.goto(f"{base}/organisation/")
    for village in VILLAGES:
        expect(page.locator(f'#union-tree tr[data-union="{village}"]')).to_contain_text("村级工会")

    # The profile: the province is a list, the party organisation and the term are kept.
    page.goto(f"{base}/organisation/{township.pk}/")
    expect(page.get_by_label("所在省份")).to_have_value("四川")
    page.get_by_label("上级党组织").fill("中共青山乡委员会")
    page.get_by_label("本届委员会任期开始").fill("2024-01-10")
    page.get_by_label("本届委员会任期届满").fill("2029-01-09")
    page.locator("#profile-form").get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存")

    # A secretary and a treasurer, each a new login with a one-time password shown once.
    passwords = {}
    for office, username, name in (("工会干事", "qs.secretary", "赵小燕"), ("会计", "qs.treasurer", "钱进")):
        page.goto(f"{base}/organisation/{township.pk}/officers/")
        page.get_by_role("link", name="任命干部").click()
        page.get_by_label("职务").select_option(label=office)
        page.get_by_label("新登录名").fill(username)
        page.get_by_label("姓名").fill(name)
        page.get_by_role("button", name="保存").click()
        shown = page.locator("#one-time-passwords")
        expect(shown).to_contain_text(username)
        passwords[username] = shown.locator("code.password").inner_text()
        page.reload()
        expect(page.locator("#one-time-passwords")).to_have_count(0)  # shown once only
        expect(page.locator(f'#current-officers tr[data-user="{username}"]')).to_contain_text(office)

    # The secretary registers a member of a village union.
    first_login("qs.secretary", passwords["qs.secretary"], "Qs#secr-9mwt!")
    page.goto(f"{base}/members/new/")
    page.locator("#id_union").select_option(label=f"　{VILLAGES[0]}")
    page.locator("#id_date").fill("2026-03-01")
    page.locator("#id_name").fill("孙大山")
    page.locator("#id_id_number").fill(
        make_resident_id(region="510101", birth_date=date(1980, 5, 20), sequence=11)
    )
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("h1")).to_contain_text("孙大山")
    assert Member.objects.get(name="孙大山").union.name == VILLAGES[0]

    # The treasurer sets up the union fund.
    first_login("qs.treasurer", passwords["qs.treasurer"], "Qs#treas-4hzq!")
    page.goto(f"{base}/finances/funds/new/")
    page.get_by_label("资金名称").fill("工会经费")
    page.get_by_label("资金类别").select_option(label="工会经费")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text("工会经费")
    assert Fund.objects.get(union=township).name == "工会经费"

    # The hand-over: the chair and the secretary stay, a new treasurer comes.
    log_in("qs.chair", "Qs#chair-7kxp!")
    page.goto(f"{base}/organisation/{township.pk}/officers/")
    page.get_by_role("link", name="换届").click()
    page.get_by_label("会计：已有人员").select_option(index=0)
    page.get_by_label("会计：新登录名").fill("qs.treasurer2")
    page.get_by_label("会计：姓名").fill("孙丽")
    page.get_by_label("新一届任期届满").fill("2031-12-31")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("已完成换届")
    expect(page.locator("#one-time-passwords")).to_contain_text("qs.treasurer2")
    current = page.locator("#current-officers")
    expect(current).to_contain_text("qs.treasurer2")
    expect(current.locator('tr[data-user="qs.treasurer"]')).to_have_count(0)
    expect(page.locator('#past-officers tr[data-user="qs.treasurer"]')).to_contain_text("会计")
    old = Role.objects.get(user__username="qs.treasurer")
    assert old.end == timezone.localdate()

    # The old treasurer reaches nothing of the union any more.
    log_in("qs.treasurer", "Qs#treas-4hzq!")
    page.wait_for_url(f"{base}/")
    expect(page.locator("main")).to_contain_text("您还没有在任何工会担任职务")
    for path in ("/finances/", "/finances/funds/", "/members/"):
        response = page.goto(f"{base}{path}")
        assert response.status == 403, path

    assert not [url for url in visited if "/admin/" in url]
