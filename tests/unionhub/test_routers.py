"""The replica router without a replica: what it sends where, and the read-your-writes cookie."""

import pytest
from django.contrib.sessions.models import Session
from django.test import RequestFactory

from finances.models import LedgerTotal, Voucher
from unionhub import routers
from unionhub.models import Role, User
from unionhub.routers import REPLICA, WROTE_COOKIE, ReplicaMiddleware, ReplicaRouter, reading_from_replica


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(routers, "replica_configured", lambda: True)


def test_without_a_replica_every_read_stays_on_the_primary():
    router = ReplicaRouter()
    with reading_from_replica():
        assert router.db_for_read(Voucher) is None
    assert router.allow_migrate("default", "finances") is None
    assert router.allow_migrate(REPLICA, "finances") is False


def test_report_reads_go_to_the_replica_but_sessions_and_users_do_not(with_replica):
    router = ReplicaRouter()
    assert router.db_for_read(Voucher) is None
    with reading_from_replica():
        assert router.db_for_read(Voucher) == router.db_for_read(LedgerTotal) == REPLICA
        assert router.db_for_read(Role) == REPLICA
        assert router.db_for_read(User) == router.db_for_read(Session) == "default"
        assert router.db_for_write(Voucher) == "default"
    assert router.db_for_read(Voucher) is None


def view_seen_on(request, name: str, cookies=None):
    """Whether the middleware sends the view `name`'s reads to the replica."""
    seen = {}

    def view(request):
        from django.http import HttpResponse

        seen["replica"] = routers._on_replica.get()
        return HttpResponse()

    def handler(request):  # as Django's handler: process_view, then the view, inside __call__
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware = ReplicaMiddleware(handler)
    request.resolver_match = type("Match", (), {"view_name": name})()
    request.COOKIES.update(cookies or {})
    response = middleware(request)
    assert routers._on_replica.get() is False, "the mark does not outlive the request"
    return seen["replica"], response


def test_the_middleware_marks_report_pages_until_the_user_writes(with_replica):
    factory = RequestFactory()
    assert view_seen_on(factory.get("/"), "finances:statutory")[0] is True
    assert view_seen_on(factory.get("/"), "finances:voucher_list")[0] is False
    assert view_seen_on(factory.get("/"), "finances:statutory", {WROTE_COOKIE: "1"})[0] is False
    _, response = view_seen_on(factory.post("/"), "finances:voucher_create")
    assert response.cookies[WROTE_COOKIE]["max-age"] == 10
    _, response = view_seen_on(factory.get("/"), "finances:statutory")
    assert WROTE_COOKIE not in response.cookies
