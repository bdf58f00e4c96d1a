"""Undo what a measured write did over HTTP, so the bench database keeps its size and its books.

In process every write is rolled back. Over HTTP the import really registers 10,000 members and the
dues run really posts a voucher; afterwards those rows go again. The append-only triggers stay in
place: `pgtrigger.ignore` lets this process alone, for these statements alone, past them.
"""

from collections.abc import Callable

import pgtrigger
from django.db import transaction

from finances.models import DuesRun, Voucher, VoucherCounter, VoucherLine
from members.models import Member, MemberEvent, RollImport

ROLL_REGION = "340181"  # the region code of the bench's generated roll (bench.cases.roll_workbook)


def after(case, targets) -> Callable[[], None] | None:
    if case.kind == "import":
        return remove_imported_roll
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
        "finances.Voucher:voucher_immutable", "finances.VoucherLine:voucher_line_immutable"
    ):
        run.delete()
        VoucherLine.objects.filter(voucher=voucher).delete()
        Voucher.objects.filter(pk=voucher.pk).delete()
    counter.last_number -= 1
    counter.save(update_fields=["last_number"])
