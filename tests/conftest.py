"""Shared fixtures: a small federation with one officer per role, and the browser set-up."""

import os
from dataclasses import dataclass

import pytest
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, settings

from tests.factories import RoleFactory, UnionFactory
from unionhub import dbroles
from unionhub.models import Role, Union, User

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"

# Property-based tests (hypothesis). The default profile "ci" is deterministic: the same examples on
# every run and every machine (derandomize), no example database, so a red CI is a real defect and
# not a lottery. "wide" (`make hostile`) draws ten times as many examples from a random seed and
# keeps what it finds in .hypothesis/ to replay first next time; tests scale their example counts
# with tests.trust.hostile.examples().
_QUIET = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, suppress_health_check=_QUIET, print_blob=True
)
settings.register_profile(
    "wide", derandomize=False, deadline=None, suppress_health_check=_QUIET, print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """The test database is created and migrated by the owner role (the app role may not CREATEDB)."""
    from django.conf import settings
    from django.db import connections

    if settings.DATABASE_OWNER:
        dbroles.switch_credentials(connections["default"], settings.DATABASE_OWNER)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Then the tests connect as the app role, a login of its own, as the site does (unionhub.dbroles);
    `flush` between transactional tests runs as the owner. The owner drops the database at the end."""
    from django.conf import settings
    from django.db import connections

    with django_db_blocker.unblock():
        _never_analyze(connections["default"])
    if not settings.DATABASE_OWNER:
        yield
        return
    with django_db_blocker.unblock():
        dbroles.switch_credentials(connections["default"], settings.DATABASE_APP)
    yield
    with django_db_blocker.unblock():
        dbroles.switch_credentials(connections["default"], settings.DATABASE_OWNER)


def _never_analyze(connection) -> None:
    """Autovacuum stays away from the test database's tables, and their statistics are those of the
    migrated, near-empty tables. Otherwise it analyzes whatever a browser test left committed for a
    moment (a few rows, or none but dead ones), and the planner then takes a demo loaded inside a test's
    transaction, invisible to autovacuum, for empty tables: nested loops over thousands of rows, one
    query of the summary 50 s instead of 50 ms, a CI run of 68 minutes. Without statistics the planner
    sizes each table from its pages, which the uncommitted rows fill. (`--create-db` clears statistics an
    older run left in a kept database.)"""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            DO $$
            DECLARE t regclass;
            BEGIN
                FOR t IN SELECT c.oid::regclass FROM pg_class c
                         JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = current_schema() AND c.relkind = 'r'
                LOOP
                    EXECUTE format('ALTER TABLE %s SET (autovacuum_enabled = off)', t);
                END LOOP;
            END $$
            """
        )


@dataclass
class World:
    """A system union with two sibling base unions (A and B) and a union group below A.

    `officers` holds one user per role in base union A; `outsider` is B's secretary,
    `system_chair` the chair of the system union above both.
    """

    system: Union
    union_a: Union
    union_b: Union
    group_a: Union
    officers: dict[str, User]
    outsider: User
    system_chair: User


@pytest.fixture
def world(db) -> World:
    system = UnionFactory(name="测试系统工会", kind=Union.Kind.SYSTEM)
    union_a = UnionFactory(name="甲单位工会", parent=system)
    union_b = UnionFactory(name="乙单位工会", parent=system)
    group_a = UnionFactory(name="甲单位一班工会小组", parent=union_a, kind=Union.Kind.GROUP)
    officers = {
        kind: RoleFactory(union=union_a, kind=kind, user__username=f"a-{kind}").user
        for kind in Role.Kind.values
    }
    outsider = RoleFactory(union=union_b, kind=Role.Kind.SECRETARY, user__username="b-secretary").user
    system_chair = RoleFactory(union=system, kind=Role.Kind.CHAIR, user__username="sys-chair").user
    return World(system, union_a, union_b, group_a, officers, outsider, system_chair)


class AxesClient(Client):
    """Django's test client whose login() hands authenticate() a request, as django-axes requires.

    Failed client.login() calls count towards the lockout like real ones (from 127.0.0.1).
    force_login() needs no change: it bypasses authenticate().
    """

    def login(self, **credentials):
        credentials.setdefault("request", RequestFactory().post("/accounts/login/"))
        return super().login(**credentials)


@pytest.fixture
def client():
    return AxesClient()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium; Playwright's own browser download is never used."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def login(live_server, page):
    """Log a user in through the real login form; returns a function taking the username."""

    def _login(username: str, password: str = "test-password"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _login


@pytest.fixture
def csp_violations(page):
    """Content Security Policy violations Chromium reports on `page` ("Refused to …" console errors).

    Request it before the first `page.goto`, visit pages, then `assert csp_violations == []`.
    """
    found: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text or message.text.startswith("Refused to"):
            found.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return found
