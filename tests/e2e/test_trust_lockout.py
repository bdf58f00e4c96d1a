"""In the browser: repeated wrong passwords end on the Chinese lockout page, itself within the policy."""

import pytest
from playwright.sync_api import expect

from unionhub.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_five_wrong_passwords_lock_the_login_for_thirty_minutes(world, live_server, page, csp_violations):
    username = world.officers[Role.Kind.SECRETARY].username
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(4):
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill("wrong")
        page.get_by_role("button", name="登录").click()
        expect(page.locator("form")).to_contain_text("请输入一个正确的")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("wrong")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#lockout")).to_contain_text("登录失败次数过多")
    expect(page.locator("#lockout")).to_contain_text("30 分钟")
    page.get_by_role("link", name="返回登录页").click()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("test-password")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#lockout")).to_be_visible()
    assert page.url.endswith("/accounts/login/")
    assert csp_violations == [], "\n".join(csp_violations)
