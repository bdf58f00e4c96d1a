"""CSRF everywhere: a POST without the token is refused on every URL of the project, in Chinese."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_url_access import CASES, with_member_logins

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world):
    """The shared world with members' own logins: the members' pages are among the URLs."""
    return with_member_logins(world)


REFUSAL = "表单已过期或来源无法确认"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_a_post_without_token_is_refused(case, world):
    url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
    for user in (None, world.system_chair, world.officers["secretary"]):
        client = Client(enforce_csrf_checks=True)
        if user is not None:
            client.force_login(user)
            client.get(reverse("home"))  # the CSRF cookie is set; only the token is missing
        response = client.post(url, case.post[0](world) if case.post else {})
        assert response.status_code == 403, f"{url} as {user}: {response.status_code}"
        assert REFUSAL in response.content.decode()


def test_the_login_form_works_with_its_token_and_not_without(world):
    client = Client(enforce_csrf_checks=True)
    data = {"username": world.officers["secretary"].username, "password": "test-password"}
    assert client.post(reverse("login"), data).status_code == 403
    page = client.get(reverse("login"))
    data["csrfmiddlewaretoken"] = page.context["csrf_token"]
    response = client.post(reverse("login"), data)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_token_from_another_session_is_refused(world):
    thief, victim = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token = thief.get(reverse("login")).context["csrf_token"]
    victim.force_login(world.officers["secretary"])
    victim.get(reverse("home"))
    assert victim.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 403
