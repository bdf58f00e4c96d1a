"""A server killed in the middle of an import or a month's dues leaves no partial rows: the work runs
in another process, which is SIGKILLed right after its first bulk insert, inside the transaction."""

import datetime
import io
import multiprocessing
import os
import signal
import time
from decimal import Decimal

import pytest
from django.db import connection

from finances import services as finance_services
from finances.models import DuesRun, Fund, LedgerTotal, Voucher, VoucherCounter, VoucherLine
from finances.models.totals import differences
from members import services as member_services
from members.idcard import make_resident_id
from members.models import Member, MemberEvent, RollImport
from members.rolls import check_roll
from tests.finances.factories import FundFactory
from tests.members.factories import MemberFactory
from tests.trust.killed_worker import run
from tests.trust.test_hostile_import import xlsx
from unionhub.models import Role

# The worker's rows must be visible to this process's connection (or not at all): no test transaction.
pytestmark = pytest.mark.django_db(transaction=True)

BORN = datetime.date(1980, 5, 1)
SESSIONS = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"


def backend_of_worker_gone(before: set[int], timeout: float = 20) -> None:
    """Wait until PostgreSQL has noticed the dead client and ended its session (rolling it back)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not other_sessions() - before:
            return
        time.sleep(0.1)
    raise AssertionError("the killed worker's session is still open")


def other_sessions() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {pid for (pid,) in cursor.fetchall()}


def kill_midway(what: str, pks: dict) -> None:
    context = multiprocessing.get_context("spawn")
    ready, errors = context.Event(), context.Queue()
    sessions = other_sessions()
    worker = context.Process(target=run, args=(connection.settings_dict["NAME"], what, pks, ready, errors))
    worker.start()
    try:
        assert ready.wait(timeout=120), errors.get() if not errors.empty() else "the worker never got there"
        os.kill(worker.pid, signal.SIGKILL)
        worker.join(timeout=30)
    finally:
        if worker.is_alive():
            worker.kill()
    assert worker.exitcode == -signal.SIGKILL
    assert errors.empty(), errors.get()
    backend_of_worker_gone(sessions)


def test_an_import_killed_after_its_first_insert_leaves_no_member(world):
    secretary = world.officers[Role.Kind.SECRETARY]
    rows = [
        [f"会员{n}", "男", make_resident_id(region="330100", birth_date=BORN, sequence=2 * n + 1)]
        for n in range(300)
    ]
    check = check_roll(file=io.BytesIO(xlsx(rows)), file_name="名册.xlsx", union=world.union_a)
    roll_import = RollImport.objects.create(
        union=world.union_a,
        uploaded_by=secretary,
        file_name="名册.xlsx",
        rows=[row.as_dict() for row in check.rows],
        accepted_count=len(check.accepted),
    )
    assert roll_import.accepted_count == 300

    kill_midway("import", {"user": secretary.pk, "roll_import": roll_import.pk})

    assert Member.objects.count() == 0 and MemberEvent.objects.count() == 0
    assert Member._meta.get_field("history").related_model.objects.count() == 0, (
        "not even the audit trail kept a row"
    )
    roll_import.refresh_from_db()
    assert roll_import.committed_at is None
    # Nothing is left locked or half-done: the same import now goes through whole.
    assert member_services.import_roll(roll_import=roll_import, by=secretary) == 300
    assert Member.objects.count() == 300 and MemberEvent.objects.count() == 300


def test_a_dues_run_killed_after_its_first_insert_leaves_no_voucher_line_or_number(world):
    treasurer = world.officers[Role.Kind.TREASURER]
    FundFactory(union=world.union_a, name="工会经费", kind=Fund.Kind.UNION_FUND)
    for member in MemberFactory.create_batch(40, union=world.union_a):
        finance_services.set_wage_base(
            member=member, by=treasurer, amount=Decimal("6000"), effective_from=datetime.date(2025, 1, 1)
        )

    kill_midway("dues", {"user": treasurer.pk, "union": world.union_a.pk})

    assert Voucher.objects.count() == 0 and VoucherLine.objects.count() == 0 and DuesRun.objects.count() == 0
    assert not VoucherCounter.objects.filter(last_number__gt=0).exists(), "no voucher number was used up"
    assert not LedgerTotal.objects.exists(), "the killed run's totals were rolled back with its vouchers"
    run = finance_services.run_monthly_dues(union=world.union_a, year=2026, month=3, by=treasurer)
    assert run.voucher.number == 1 and run.voucher.lines.count() == 40
    assert differences() == []
