"""Sessions end (8 hours, or when the browser closes); passwords follow Django's validators."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from unionhub.demo import DEMO_PASSWORD, OFFICERS
from unionhub.models import Role, User

pytestmark = pytest.mark.django_db


def log_in_through_the_form(client, user, password="test-password"):
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302
    return response


def test_session_settings():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_the_session_cookie_dies_with_the_browser_and_the_session_within_eight_hours(client, world):
    response = log_in_through_the_form(client, world.officers[Role.Kind.SECRETARY])
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"]
    session = Session.objects.get(session_key=cookie.value)
    assert session.expire_date <= timezone.now() + timedelta(hours=8)


def test_an_expired_session_sends_the_user_back_to_the_login_page(client, world):
    log_in_through_the_form(client, world.officers[Role.Kind.SECRETARY])
    assert client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_logging_in_gives_a_new_session_key(client, world):
    client.get(reverse("login"))
    session = client.session
    session["planted"] = "by someone else"
    session.save()
    planted = session.session_key
    log_in_through_the_form(client, world.officers[Role.Kind.SECRETARY])
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != planted


def test_a_logged_out_session_cannot_be_replayed(client, world):
    log_in_through_the_form(client, world.officers[Role.Kind.SECRETARY])
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("logout"))
    client.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def change_password(client, old, new):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


@pytest.mark.parametrize(
    ("weak", "message"),
    [
        ("12345678", "密码只包含数字"),
        ("password", "这个密码太常见了"),
        ("Zq3!x#7wP", "密码太短，至少需要 10 个字符"),
        ("a-secretary1", "太相似"),
        # The demo's old password and its kind: a word or pinyin and a year, the trade's words.
        ("gonghui2025", "容易被猜到"),
        ("Gonghui@2025", "容易被猜到"),
        ("myunion-2026", "容易被猜到"),
        ("Password#2026", "容易被猜到"),
        ("zhangsan1990", "一个单词或拼音加上年份或数字"),
        ("Hangzhou-2026!", "一个单词或拼音加上年份或数字"),
        ("20260101Beijing", "一个单词或拼音加上年份或数字"),
    ],
)
def test_the_password_change_form_refuses_a_weak_password_in_chinese(client, world, weak, message):
    user = world.officers[Role.Kind.SECRETARY]
    client.force_login(user)
    response = change_password(client, "test-password", weak)
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("test-password")


def test_the_demo_password_passes_the_rules_it_is_shown_with():
    for username, name, _union, _kind in OFFICERS:
        validate_password(DEMO_PASSWORD, User(username=username, name=name))


def test_the_password_change_form_takes_a_strong_password(client, world):
    user = world.officers[Role.Kind.SECRETARY]
    client.force_login(user)
    response = change_password(client, "test-password", "Hz7#mwq2!Lc")
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("Hz7#mwq2!Lc")


def test_the_password_change_form_wants_the_old_password(client, world):
    user = world.officers[Role.Kind.SECRETARY]
    client.force_login(user)
    response = change_password(client, "not-my-password", "Hz7#mwq2!Lc")
    assert "你的旧密码不正确" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("test-password")
