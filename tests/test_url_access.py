"""Every URL of the project against every role, a sibling union's officer, and an anonymous visitor;
and every HTTP method against every URL: a case lists exactly the methods its URL answers."""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from members.services import issue_login
from tests.access import UrlCase, expected_status
from tests.members.factories import MemberFactory
from unionhub.access import can_read, can_write
from unionhub.models import Role, User

# Every method a browser or a script might send. HEAD goes with GET; the rest must be listed.
ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")

SKIPPED_NAMESPACES = {"admin"}  # Django's admin guards itself: staff only, tested below.


def project_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or namespace
                if ns in SKIPPED_NAMESPACES:
                    continue
                walk(entry.url_patterns, f"{ns}" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver().url_patterns, "")
    return names


def all_cases() -> list[UrlCase]:
    cases = []
    for info in pkgutil.iter_modules(tests.__path__):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{info.name}.access_cases")
        except ModuleNotFoundError:
            continue
        cases.extend(module.CASES)
    return cases


CASES = all_cases()


def test_every_url_has_an_access_case():
    covered = [case.name for case in CASES]
    assert len(covered) == len(set(covered)), "a URL is listed twice"
    missing = project_url_names() - set(covered)
    assert not missing, f"URLs without an entry in tests/<app>/access_cases.py: {sorted(missing)}"
    stale = set(covered) - project_url_names()
    assert not stale, f"access cases for URLs that no longer exist: {sorted(stale)}"


@pytest.fixture
def world(world):
    return with_member_logins(world)


def with_member_logins(world):
    """The shared world with two members' own logins: member A's, and another member's of the same union."""
    world.member = MemberFactory(union=world.union_a)
    world.member_user = issue_login(member=world.member, by=None)[0].user
    world.other_member_user = issue_login(member=MemberFactory(union=world.union_a), by=None)[0].user
    return world


def visitors(world):
    """(label, user or None, role kind, whether the visitor reaches union A's records, member: own/other)."""
    yield "anonymous", None, None, False, None
    for kind, user in world.officers.items():
        yield f"A-{kind}", user, kind, True, None
    yield "B-secretary", world.outsider, Role.Kind.SECRETARY, False, None
    yield "system-chair", world.system_chair, Role.Kind.CHAIR, True, None
    yield "member-A", world.member_user, None, False, "own"
    yield "member-other", world.other_member_user, None, False, "other"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_url_answers_each_visitor_as_its_rules_say(case, world, client):
    url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
    if case.query:
        url = f"{url}?{case.query}"
    failures = []
    for label, user, kind, reaches, member in visitors(world):
        client.logout()
        if user is not None:
            user.must_change_password = False  # a member's slip forces a new password first
            user.save(update_fields=["must_change_password"])
            client.force_login(user)
        for method in case.methods:
            expected = expected_status(case, method, role_kind=kind, reaches_record=reaches, member=member)
            if method == "GET":
                response = client.get(url)
            else:
                data = case.post[0](world) if case.post else {}
                response = client.post(url, data)
            if expected is None:
                # An allowed POST the case gives no data for: an empty form is refused with the page,
                # a redirect, or a refusal the view decides itself (403) — never a server error.
                if response.status_code >= 500 or response.status_code == 405:
                    failures.append(f"{label} POST {url} (empty): {response.status_code}")
                continue
            if response.status_code != expected:
                failures.append(f"{label} {method} {url}: {response.status_code}, expected {expected}")
            elif expected == 302 and user is None:
                assert "/accounts/login/" in response["Location"]
    assert not failures, "\n".join(failures)


def allowed_visitor(case: UrlCase, world):
    """An officer of union A whom the case lets in (a writer when the area has one), or None (public)."""
    if case.public:
        return None
    if case.member_page:
        User.objects.filter(pk=world.member_user.pk).update(must_change_password=False)
        return world.member_user
    for kind, user in world.officers.items():
        role = Role(kind=kind)
        if case.area is None or (
            can_read(role, case.area) and (not case.write or can_write(role, case.area))
        ):
            return user
    raise AssertionError(f"no officer of union A may use {case.name}")


def accepted(case: UrlCase) -> set[str]:
    return set(case.methods) | ({"HEAD"} if "GET" in case.methods else set())


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_url_answers_exactly_the_methods_its_case_lists(case, world, client):
    """For a visitor the URL lets in: a method not listed answers 405; a listed one does not."""
    url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
    if case.query:
        url = f"{url}?{case.query}"
    user = allowed_visitor(case, world)
    if user is not None:
        client.force_login(user)
    failures = []
    for method in ALL_METHODS:
        if method == "POST":
            response = client.post(url, case.post[0](world) if case.post else {})
        else:
            response = client.generic(method, url)
        if method in accepted(case):
            if response.status_code == 405:
                failures.append(f"{method} {url}: 405, but the case lists {method}")
        elif response.status_code != 405:
            failures.append(f"{method} {url}: {response.status_code}, expected 405 (not in the case)")
        else:
            allowed = {m.strip() for m in response["Allow"].split(",")}
            if allowed != accepted(case):
                failures.append(f"{method} {url}: Allow {sorted(allowed)}, the case {sorted(accepted(case))}")
    assert not failures, "\n".join(failures)


def test_admin_is_for_staff_only(world, client):
    client.force_login(world.system_chair)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
