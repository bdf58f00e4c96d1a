"""Several treasurers posting at the same moment: numbers stay gapless and unique."""

import multiprocessing
from decimal import Decimal

import pytest
from django.db import connection

from finances import services
from finances.models import LedgerTotal, Voucher
from finances.models.totals import differences
from tests.factories import UnionFactory
from tests.finances.concurrent_poster import post_many
from tests.finances.factories import FundFactory, category, officer

PROCESSES = 8
EACH = 200


@pytest.mark.django_db(transaction=True)
def test_eight_processes_posting_at_once_leave_numbers_without_gap_or_repeat():
    union = UnionFactory()
    treasurer = officer(union)
    fund = FundFactory(union=union, name="工会经费")
    income = category("会费收入")
    # Fresh interpreters, each with its own connection to this test database (forking a process
    # that runs a browser or a live server's threads is not safe).
    context = multiprocessing.get_context("spawn")
    start, errors = context.Barrier(PROCESSES), context.Queue()  # all set up, then all at once
    args = (connection.settings_dict["NAME"], union.pk, treasurer.pk, fund.pk, income.pk, EACH, start, errors)
    workers = [context.Process(target=post_many, args=args) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    failures = []
    while not errors.empty():
        failures.append(errors.get())
    assert not failures, failures
    assert all(worker.exitcode == 0 for worker in workers)
    numbers = list(
        Voucher.objects.filter(union=union, year=2026).order_by("number").values_list("number", flat=True)
    )
    assert numbers == list(range(1, PROCESSES * EACH + 1))
    assert services.fund_balance(fund) == Decimal(PROCESSES * EACH)
    # Every post added to the same month's total row at once: none lost to a race.
    assert differences() == []
    total = LedgerTotal.objects.get(union=union, year=2026, month=6)
    assert (total.vouchers, total.amount) == (PROCESSES * EACH, Decimal(PROCESSES * EACH))
