"""In the browser: the pages run under the Content Security Policy without a single violation."""

import pytest
from playwright.sync_api import expect

from unionhub.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_login_page_passes_the_policy(world, live_server, page, csp_violations):
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", name="登录工会台账")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert csp_violations == []


def test_each_role_home_page_passes_the_policy(world, live_server, page, login, csp_violations):
    users = [*world.officers.values(), world.system_chair]
    for user in users:
        page.context.clear_cookies()
        login(user.username)
        page.wait_for_load_state("networkidle")
        # Bootstrap's dropdown positions itself through the CSSOM, which the policy allows.
        page.locator("#role-menu").click()
        expect(page.locator(".dropdown-menu.show")).to_be_visible()
        # The union tree is indented by classes now, not by inline styles.
        first = page.locator("#unions-in-reach li").first
        assert first.evaluate("el => getComputedStyle(el).paddingLeft") != "0px"
    assert csp_violations == [], "\n".join(csp_violations)


def test_the_phone_navigation_passes_the_policy(world, live_server, page, login, csp_violations):
    page.set_viewport_size({"width": 390, "height": 844})
    login(world.officers[Role.Kind.TREASURER].username)
    page.locator(".navbar-toggler").click()
    expect(page.locator("#role-menu")).to_be_visible()
    page.goto(f"{live_server.url}/accounts/password/")
    page.wait_for_load_state("networkidle")
    assert csp_violations == [], "\n".join(csp_violations)


def test_the_policy_blocks_injected_markup_and_the_fixture_reports_it(
    world, live_server, page, csp_violations
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        """() => document.body.insertAdjacentHTML('beforeend',
            '<p id="injected" style="color: rgb(255, 0, 0)">x</p>' +
            '<img src="data:," onerror="window.pwned = true">')"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.pwned") is None
    assert page.locator("#injected").evaluate("el => getComputedStyle(el).color") != "rgb(255, 0, 0)"
    assert any("style" in v for v in csp_violations) and any("event handler" in v for v in csp_violations)
