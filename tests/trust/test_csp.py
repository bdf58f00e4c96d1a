"""The Content Security Policy header, and templates that can live under it (no inline script or style)."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from unionhub.models import Role
from unionhub.security import build_policy

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def test_the_policy_is_the_agreed_one():
    assert build_policy(settings.SECURE_CSP) == POLICY


def test_every_kind_of_page_carries_the_policy(client, world):
    assert client.get(reverse("login"))["Content-Security-Policy"] == POLICY
    client.force_login(world.officers[Role.Kind.CHAIR])
    for response in (
        client.get(reverse("home")),
        client.get(reverse("password_change")),
        client.get("/no-such-page/"),
        client.get(reverse("admin:index")),
    ):
        assert response["Content-Security-Policy"] == POLICY, response


@override_settings(DEBUG=True)
def test_debug_error_pages_keep_their_inline_styles(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Content-Security-Policy" not in response


def test_a_page_that_sets_its_own_policy_keeps_it(rf):
    from django.http import HttpResponse

    from unionhub.security import ContentSecurityPolicyMiddleware

    def view(request):
        response = HttpResponse()
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    assert (
        ContentSecurityPolicyMiddleware(view)(rf.get("/"))["Content-Security-Policy"] == "default-src 'none'"
    )


INLINE = {
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"'{]", re.I),
    "javascript: URL": re.compile(r"=\s*[\"']\s*javascript:", re.I),
    "<style> element": re.compile(r"<style[\s>]", re.I),
}


def project_templates() -> list[Path]:
    dirs = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    for config in apps.get_app_configs():
        if Path(config.path).is_relative_to(settings.BASE_DIR) and ".venv" not in Path(config.path).parts:
            dirs.append(Path(config.path) / "templates")
    return sorted(path for d in dirs if d.is_dir() for path in d.rglob("*.html"))


def inline_code(text: str) -> list[tuple[int, str]]:
    """(line, kind) of each piece of inline script or style. A line guarded by `for_pdf` is rendered
    only into a WeasyPrint PDF, never served to a browser, and may inline its stylesheet."""
    found = []
    for what, pattern in INLINE.items():
        for match in pattern.finditer(text):
            number = text.count("\n", 0, match.start()) + 1
            if "for_pdf" not in text.splitlines()[number - 1]:
                found.append((number, what))
    return found


def test_no_template_needs_inline_script_or_style():
    templates = project_templates()
    assert Path(settings.BASE_DIR, "templates", "base.html") in templates
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}: {what}"
        for path in templates
        for number, what in inline_code(path.read_text(encoding="utf-8"))
    ]
    assert not found, "the Content Security Policy blocks these; use static/css or static/js:\n" + "\n".join(
        found
    )


def test_only_pdf_only_lines_may_inline_a_stylesheet():
    assert inline_code("<head>\n{% if for_pdf %}<style>{{ css }}</style>{% endif %}\n") == []
    assert inline_code("<head>\n<style>{{ css }}</style>\n") == [(2, "<style> element")]


@pytest.mark.parametrize(
    "snippet",
    [
        '<li class="x" style="padding-left: 2rem">',
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<a href="javascript:void(0)">',
        "<style>p{}</style>",
    ],
)
def test_the_template_scan_catches(snippet):
    assert any(pattern.search(snippet) for pattern in INLINE.values())


@pytest.mark.parametrize(
    "snippet",
    ['<script src="/static/js/unionhub.js"></script>', '<div data-confirm="确定？" class="stylish">'],
)
def test_the_template_scan_lets_pass(snippet):
    assert not any(pattern.search(snippet) for pattern in INLINE.values())
