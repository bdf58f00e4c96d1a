"""The admin is the superusers' back office, in Chinese: app headings, model names, django-axes' records
and the user pages."""

import re

import pytest
from django.urls import reverse

from tests.factories import RoleFactory, UserFactory
from unionhub.models import LoginAttempt, User

pytestmark = pytest.mark.django_db
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("root", password="Admin-pass-2026"))
    return client


def test_the_admin_index_has_no_english_headings_or_model_names(superuser_client):
    page = superuser_client.get(reverse("admin:index")).content.decode()
    headings = re.findall(r"<caption>\s*<a[^>]*>(.*?)</a>", page, re.S)
    models = [name.strip() for name in re.findall(r'<th scope="row"[^>]*>\s*<a[^>]*>(.*?)</a>', page, re.S)]
    assert len(headings) >= 5 and len(models) >= 10, (headings, models)
    english = [name.strip() for name in headings + models if LATIN.search(name)]
    assert not english, english
    for heading in ("会员", "经费", "活动与获奖", "工会组织与用户", "认证和授权"):
        assert heading in headings
    assert "登录失败记录" in models  # django-axes' records


def test_the_lockout_records_and_the_user_pages_read_in_chinese(superuser_client):
    LoginAttempt.objects.create(
        username="zhangsan",
        ip_address="10.0.0.9",
        user_agent="Firefox",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
    )
    page = superuser_client.get(reverse("admin:unionhub_loginattempt_changelist")).content.decode()
    assert "连续失败次数" in page and "zhangsan" in page
    for english in ("Failed Logins", "User Agent", "IP Address"):
        assert english not in page
    role = RoleFactory()
    page = superuser_client.get(reverse("admin:unionhub_user_change", args=[role.user.pk])).content.decode()
    for label in ("姓名", "须修改密码", "任职日期", "卸任日期", "个人信息", "权限"):
        assert label in page
    assert superuser_client.get(reverse("admin:unionhub_user_changelist")).status_code == 200
    UserFactory()
