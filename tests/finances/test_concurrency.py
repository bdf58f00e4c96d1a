"""Several treasurers posting at the same moment: numbers stay gapless and unique."""

import datetime
import multiprocessing
from decimal import Decimal

import pytest
from django.db import connections

from finances import services
from finances.models import Category, Fund, Voucher
from tests.factories import UnionFactory
from tests.finances.factories import FundFactory, category, officer
from unionhub.models import Union, User

PROCESSES = 8
EACH = 200


def post_many(union_pk: int, user_pk: int, fund_pk: int, category_pk: int, start, errors) -> None:
    """Runs in a forked process with its own database connection."""
    try:
        union, by = Union.objects.get(pk=union_pk), User.objects.get(pk=user_pk)
        fund, income = Fund.objects.get(pk=fund_pk), Category.objects.get(pk=category_pk)
        start.wait()
        for i in range(EACH):
            services.post_voucher(
                union=union,
                by=by,
                date=datetime.date(2026, 6, 1 + i % 28),
                fund=fund,
                category=income,
                amount=Decimal("1.00"),
                summary=f"并发 {i}",
            )
    except Exception as error:  # reported to the parent, which fails the test
        errors.put(repr(error))
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_eight_processes_posting_at_once_leave_numbers_without_gap_or_repeat():
    union = UnionFactory()
    treasurer = officer(union)
    fund = FundFactory(union=union, name="工会经费")
    income = category("会费收入")
    connections.close_all()  # each child opens its own connection
    context = multiprocessing.get_context("fork")
    start, errors = context.Event(), context.Queue()
    workers = [
        context.Process(target=post_many, args=(union.pk, treasurer.pk, fund.pk, income.pk, start, errors))
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    start.set()
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
