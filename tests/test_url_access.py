"""Every URL of the project against every role, a sibling union's officer, and an anonymous visitor."""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.access import UrlCase, expected_status
from unionhub.models import Role

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


def visitors(world):
    """(label, user or None, role kind, whether the visitor reaches union A's records)."""
    yield "anonymous", None, None, False
    for kind, user in world.officers.items():
        yield f"A-{kind}", user, kind, True
    yield "B-secretary", world.outsider, Role.Kind.SECRETARY, False
    yield "system-chair", world.system_chair, Role.Kind.CHAIR, True


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_url_answers_each_visitor_as_its_rules_say(case, world, client):
    url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
    if case.query:
        url = f"{url}?{case.query}"
    failures = []
    for label, user, kind, reaches in visitors(world):
        client.logout()
        if user is not None:
            client.force_login(user)
        for method in case.methods:
            expected = expected_status(case, method, role_kind=kind, reaches_record=reaches)
            if expected is None:
                continue
            if method == "GET":
                response = client.get(url)
            else:
                data = case.post[0](world) if case.post else {}
                response = client.post(url, data)
            if response.status_code != expected:
                failures.append(f"{label} {method} {url}: {response.status_code}, expected {expected}")
            elif expected == 302 and user is None:
                assert "/accounts/login/" in response["Location"]
    assert not failures, "\n".join(failures)


def test_admin_is_for_staff_only(world, client):
    client.force_login(world.system_chair)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
