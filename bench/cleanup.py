"""Undo what a measured write did over HTTP, so the bench database keeps its size and its books.

In process every write is rolled back. Over HTTP the import really registers 10,000 members and the
dues run really posts a voucher; afterwards those rows go again. The append-only triggers stay in
place: `pgtrigger.ignore` lets this process alone, for these statements alone, past them.
"""

import time
from collections.abc import Callable

import pgtrigger
from django.db import connections, transaction
from django.db.models import F

from finances.models import DuesRun, LedgerTotal, Voucher, VoucherCounter, VoucherLine
from finances.models.totals import KEY
from members.models import Member, MemberEvent, RollImport
from reports.models import SummaryFigures
from unionhub import routers

ROLL_REGION = "340181"  # the region code of the bench's generated roll (bench.cases.roll_workbook)


def _take_out_of_totals(voucher: Voucher) -> None:
    """The ledger totals are kept by an INSERT trigger only (posted vouchers are never deleted): take
    the removed voucher out of its row again, so `check_totals` still agrees."""
    key = {field: getattr(voucher, field) for field in KEY if field != "month"}
    total = LedgerTotal.objects.get(**key, month=voucher.date.month)
    if total.vouchers == 1:
        total.delete()
    else:
        LedgerTotal.objects.filter(pk=total.pk).update(
            amount=F("amount") - voucher.signed_amount,
            fund_effect=F("fund_effect") - voucher.fund_effect,
            vouchers=F("vouchers") - 1,
        )


def forget_summary_figures(part: str = "all") -> None:
    """The summary's stored figures gone ("all"), or their stamp of one app (`part`), so the next view
    computes them as after a change to every record, or to that app's records. With a replica, once
    the standby has replayed it too (else its copy would still be read)."""
    if part == "all":
        SummaryFigures.objects.all().delete()
    else:
        for pk, stamps in SummaryFigures.objects.values_list("pk", "stamps"):
            if stamps.pop(part, None) is not None:
                SummaryFigures.objects.filter(pk=pk).update(stamps=stamps)
    if routers.replica_configured():
        # Replayed up to here: the load test's officers store their own figures meanwhile, so waiting
        # for these rows to look forgotten there could wait for ever.
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            written = cursor.fetchone()[0]
        for _ in range(1200):  # replay may wait out a standby query (max_standby_streaming_delay)
            with connections["replica"].cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
                if cursor.fetchone()[0]:
                    return
            time.sleep(0.05)
        raise RuntimeError("the standby did not replay the change within 60 s")


def after(case, targets) -> Callable[[], None] | None:
    if case.kind == "import":
        return remove_imported_roll
    if case.fresh:
        return lambda: forget_summary_figures(case.fresh)
    if case.kind == "dues":
        return lambda: remove_dues_run(union=targets.big, year=targets.today.year, month=targets.today.month)
    return None


@transaction.atomic
def remove_imported_roll() -> None:
    members = Member.objects.filter(id_number__startswith=ROLL_REGION)
    with pgtrigger.ignore("members.MemberEvent:member_event_append_only"):
        MemberEvent.objects.filter(member__in=members).delete()
    members.delete()
    RollImport.objects.filter(uploaded_by__username="bench-big-secretary").delete()


@transaction.atomic
def remove_dues_run(*, union, year: int, month: int) -> None:
    """Take the month's dues run out again and give its number back (it was the last one)."""
    run = DuesRun.objects.filter(union=union, year=year, month=month, cancelled=False).first()
    if run is None:
        return
    voucher = run.voucher
    counter = VoucherCounter.objects.select_for_update().get(union=union, year=voucher.year)
    if counter.last_number != voucher.number:
        raise RuntimeError("the dues voucher is not the last of its books: not removing it")
    with pgtrigger.ignore(
        "finances.Voucher:voucher_immutable",
        "finances.VoucherLine:voucher_line_immutable",
        "finances.LedgerTotal:ledger_total_written_by_vouchers",
    ):
        run.delete()
        VoucherLine.objects.filter(voucher=voucher).delete()
        Voucher.objects.filter(pk=voucher.pk).delete()
        _take_out_of_totals(voucher)
    counter.last_number -= 1
    counter.save(update_fields=["last_number"])
