"""The report pages read from a real streaming replica (scripts/db.sh replica), a user's own writes
from the primary for a moment after.

Runs when DATABASE_REPLICA_URL names the standby (`make test-replica` starts it and sets it)."""

import time
from decimal import Decimal

import psycopg2
import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from finances import services
from tests.finances.factories import category
from unionhub import localdb
from unionhub.routers import REPLICA, WROTE_COOKIE

if REPLICA not in settings.DATABASES:
    pytest.skip(
        "no replica: set DATABASE_REPLICA_URL (scripts/db.sh replica; `make test-replica` does both)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


def superuser(alias: str):
    """A psycopg2 connection as postgres to the server of `alias` (pausing replay needs it), with
    the password scripts/db.sh keeps."""
    config = connections[alias].settings_dict
    connection = psycopg2.connect(
        host=config["HOST"],
        port=config["PORT"],
        user="postgres",
        password=localdb.password("postgres"),
        dbname="postgres",
    )
    connection.autocommit = True
    return connection


def replayed() -> None:
    """Wait until the standby has replayed everything the primary has written so far."""
    with superuser("default") as primary, primary.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (target,) = cursor.fetchone()
    with superuser(REPLICA) as standby, standby.cursor() as cursor:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the replica did not catch up within 30 s")


def statement_csv(client, union) -> str:
    page = client.get(
        "/finances/statements/statutory/",
        {"union": union.pk, "year": 2026, "month": 3, "form": "02", "export": "csv"},
    )
    assert page.status_code == 200
    return page.content.decode("utf-8-sig")


def dues_line(text: str) -> str:
    return next(line for line in text.splitlines() if "会费收入" in line)


def test_a_voucher_posted_on_the_primary_is_in_the_statement_read_from_the_replica(books, day, client):
    assert connections[REPLICA].settings_dict["PORT"] != connections["default"].settings_dict["PORT"]
    services.post_voucher(
        union=books.union,
        by=books.treasurer,
        date=day,
        fund=books.fund,
        category=category("会费收入"),
        amount=Decimal("1234.56"),
        summary="3月会费",
    )
    replayed()
    client.force_login(books.treasurer)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        text = statement_csv(client, books.union)
    assert "1234.56" in dues_line(text) or "1,234.56" in dues_line(text)
    read = " ".join(query["sql"] for query in on_replica.captured_queries)
    assert "finances_ledgertotal" in read, "the statement was not read from the replica"
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0], "the replica alias is not a standby"


def test_after_posting_the_user_reads_the_primary_while_others_read_the_replica(books, day, client):
    client.force_login(books.treasurer)
    others = client.__class__()
    others.force_login(books.chair)
    standby = superuser(REPLICA)
    try:
        with standby.cursor() as cursor:
            replayed()
            cursor.execute("SELECT pg_wal_replay_pause()")
        posted = client.post(
            f"/finances/vouchers/new/?union={books.union.pk}",
            {
                "date": day.isoformat(),
                "category": category("会费收入").pk,
                "fund": books.fund.pk,
                "amount": "777.00",
                "summary": "3月会费",
                "receipts": "1",
                "settlement": "102",
            },
        )
        assert posted.status_code == 302
        assert WROTE_COOKIE in posted.cookies
        # The poster sees the voucher at once: their reads go to the primary.
        assert "777.00" in dues_line(statement_csv(client, books.union))
        # Someone else reads the replica, which has not replayed it yet.
        assert "777.00" not in dues_line(statement_csv(others, books.union))
    finally:
        with standby.cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
        standby.close()
    replayed()
    assert "777.00" in dues_line(statement_csv(others, books.union))
