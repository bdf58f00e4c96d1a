import pytest
from playwright.sync_api import expect

from unionhub.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secretary_logs_in_and_sees_the_home_page_in_chinese(world, live_server, page, login):
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="登录工会台账")).to_be_visible()
    login(world.officers[Role.Kind.SECRETARY].username)
    expect(page.get_by_role("heading", name="甲单位工会")).to_be_visible()
    expect(page.locator("body")).to_contain_text("工会干事")
    expect(page.locator("#unions-in-reach")).to_contain_text("甲单位一班工会小组")
    expect(page.locator("#unions-in-reach")).not_to_contain_text("乙单位工会")


def test_wrong_password_is_explained_in_chinese(world, live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("a-secretary")
    page.get_by_label("密码").fill("wrong")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("form")).to_contain_text("请输入一个正确的")


def test_navigation_collapses_on_a_phone(world, live_server, page, login):
    page.set_viewport_size({"width": 390, "height": 844})
    login(world.officers[Role.Kind.SECRETARY].username)
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    toggler.click()
    expect(page.locator("#role-menu")).to_be_visible()
