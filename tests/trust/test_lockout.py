"""Login throttling: 5 failures for one username from one address lock that pair out for 30 minutes;
20 from one address, whatever the usernames (password spraying), lock the address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings
from django.urls import reverse

from unionhub.models import Role
from unionhub.security import client_ip

pytestmark = pytest.mark.django_db

LOCKOUT_TEXT = "登录失败次数过多"


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, username, times, ip="10.0.0.1"):
    return [attempt(client, username, "wrong-password", ip) for _ in range(times)]


def test_four_failures_still_let_the_right_password_in(client, world):
    username = world.officers[Role.Kind.SECRETARY].username
    responses = fail(client, username, 4)
    assert all(r.status_code == 200 and "请输入一个正确的" in r.content.decode() for r in responses)
    response = attempt(client, username, "test-password")
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_the_fifth_failure_locks_the_username_out_with_a_chinese_page(client, world):
    username = world.officers[Role.Kind.SECRETARY].username
    *_, fifth = fail(client, username, 5)
    assert fifth.status_code == 429
    body = fifth.content.decode()
    assert LOCKOUT_TEXT in body and "30 分钟" in body and username in body
    assert "Content-Security-Policy" in fifth
    # Even the right password is refused now, and no session is opened.
    response = attempt(client, username, "test-password")
    assert response.status_code == 429 and LOCKOUT_TEXT in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_the_lockout_is_per_username_and_address(client, world):
    locked = world.officers[Role.Kind.SECRETARY].username
    fail(client, locked, 5, ip="10.0.0.1")
    # Another user at the same desk logs in.
    other = world.officers[Role.Kind.TREASURER].username
    assert attempt(client, other, "test-password", ip="10.0.0.1").status_code == 302
    client.logout()
    # The same user from another address too: one attacker cannot lock a colleague out everywhere.
    assert attempt(client, locked, "test-password", ip="10.0.0.2").status_code == 302


def test_spraying_many_usernames_from_one_address_is_locked_out(client, world):
    """43 wrong passwords for 43 usernames (one each, never five for one name) from one address."""
    responses = [attempt(client, f"guess-{n}", "gonghui2025", ip="203.0.113.9") for n in range(43)]
    statuses = [r.status_code for r in responses]
    assert statuses[:19] == [200] * 19 and set(statuses[19:]) == {429}
    assert "从这个网络地址" in responses[-1].content.decode()
    # A real officer at that address waits too; the same officer from elsewhere logs in.
    good = world.officers[Role.Kind.SECRETARY].username
    assert attempt(client, good, "test-password", ip="203.0.113.9").status_code == 429
    assert attempt(client, good, "test-password", ip="10.0.0.7").status_code == 302


def test_one_good_password_does_not_reset_the_address_count(client, world):
    good = world.officers[Role.Kind.SECRETARY].username
    for n in range(19):
        attempt(client, f"guess-{n}", "wrong-password", ip="203.0.113.9")
    assert attempt(client, good, "test-password", ip="203.0.113.9").status_code == 302
    client.logout()
    assert attempt(client, "guess-19", "wrong-password", ip="203.0.113.9").status_code == 429


def age_attempts(minutes):
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=minutes)
    )


def test_the_lockout_ends_after_thirty_minutes(client, world):
    username = world.officers[Role.Kind.SECRETARY].username
    fail(client, username, 5)
    age_attempts(31)
    assert attempt(client, username, "test-password").status_code == 302


def test_an_attempt_during_the_lockout_restarts_the_thirty_minutes(client, world):
    username = world.officers[Role.Kind.SECRETARY].username
    fail(client, username, 5)
    age_attempts(29)
    assert attempt(client, username, "test-password").status_code == 429
    age_attempts(29)
    assert attempt(client, username, "test-password").status_code == 429
    age_attempts(31)
    assert attempt(client, username, "test-password").status_code == 302


def test_a_success_resets_the_count(client, world):
    username = world.officers[Role.Kind.SECRETARY].username
    fail(client, username, 4)
    assert attempt(client, username, "test-password").status_code == 302
    client.logout()
    assert all(r.status_code == 200 for r in fail(client, username, 4))
    assert attempt(client, username, "test-password").status_code == 302


def test_failures_with_an_unknown_username_lock_out_too(client, world):
    *_, fifth = fail(client, "no-such-user", 5)
    assert fifth.status_code == 429


def test_the_admin_login_is_guarded_as_well(client, world):
    user = world.system_chair
    user.is_staff = True
    user.save()
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": user.username, "password": "nope"}, REMOTE_ADDR="10.0.0.1")
    response = client.post(
        url, {"username": user.username, "password": "test-password"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429


def test_test_client_login_goes_through_the_lockout(client, world):
    username = world.officers[Role.Kind.AUDITOR].username
    assert client.login(username=username, password="test-password")
    client.logout()
    for _ in range(5):
        assert not client.login(username=username, password="wrong")
    assert not client.login(username=username, password="test-password")


def test_client_address_ignores_forwarded_for_without_trusted_proxies():
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.9"


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXY_ADDRESSES=["10.0.0.254"])
def test_client_address_behind_one_proxy_is_the_last_forwarded_entry():
    # The client sent a made-up "6.6.6.6"; the proxy appended the address it saw.
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
    assert client_ip(request) == "1.2.3.4"
    assert client_ip(RequestFactory().post("/", REMOTE_ADDR="10.0.0.254")) == "10.0.0.254"
    # Not from the proxy: the header is the client's own word.
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
    assert client_ip(request) == "10.0.0.9"


def fail_from(client, username, times, *, peer, forwarded):
    """Failed logins from `peer`, each claiming another address in X-Forwarded-For (`forwarded(n)`)."""
    return [
        client.post(
            reverse("login"),
            {"username": username, "password": "wrong-password"},
            REMOTE_ADDR=peer,
            HTTP_X_FORWARDED_FOR=forwarded(n),
        )
        for n in range(times)
    ]


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_forwarded_for_from_a_client_reaching_gunicorn_directly_does_not_lift_the_lock(
    client, world, proxies
):
    """No proxy in front (or TRUSTED_PROXY_COUNT=1 set, but the request comes straight from the client):
    a fresh X-Forwarded-For on every attempt changes nothing; the lock holds on the peer's address."""
    username = world.officers[Role.Kind.SECRETARY].username
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        *_, fifth = fail_from(client, username, 5, peer="10.0.0.9", forwarded=lambda n: f"6.6.6.{n}")
    assert fifth.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.9"}


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_only_the_address_it_saw_counts(client, world):
    """nginx on the machine (deploy/nginx-unionhub.conf) sets the header to the address it saw; what
    the client wrote in front of it is not read."""
    username = world.officers[Role.Kind.SECRETARY].username
    *_, fifth = fail_from(
        client, username, 5, peer="127.0.0.1", forwarded=lambda n: f"6.6.6.{n}, 192.168.1.20"
    )
    assert fifth.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.168.1.20"}


LONG_NAME = "a" * 256


@pytest.mark.parametrize("url", ["login", "admin:login"])
def test_a_login_name_longer_than_any_is_a_form_error_not_a_server_error(client, world, url):
    response = client.post(reverse(url), {"username": LONG_NAME + "b" * 100, "password": "x"})
    assert response.status_code == 200
    assert "登录名最多 150 个字符" in response.content.decode()
    assert not AccessAttempt.objects.exists()
