"""The subtree totals kept as the ledger totals are: every union's row of a key holds its own and its
subtree's vouchers; a consolidated statement reads them and says what the ledger totals of the whole
subtree say; a union moved in the tree is followed."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from finances import selectors, services
from finances.models import Fund, LedgerTotal, SubtreeTotal, Voucher
from finances.models.subtree import differences
from tests.factories import UnionFactory
from tests.finances.factories import FundFactory, category
from unionhub.models import Role, Union
from unionhub.services import move_union

D = Decimal
DAY = datetime.date(2026, 3, 10)


def post(union, by, fund, amount, name="会费收入", day=DAY, **more):
    return services.post_voucher(
        union=union,
        by=by,
        date=day,
        fund=fund,
        category=category(name),
        amount=D(amount),
        summary="测试",
        **more,
    )


def subtree_sum(union, **key) -> Decimal:
    rows = SubtreeTotal.objects.filter(union=union, **key)
    return rows.aggregate(total=Sum("fund_effect", default=D("0")))["total"]


def ledger_sum(union, **key) -> Decimal:
    rows = LedgerTotal.objects.within(union).filter(**key)
    return rows.aggregate(total=Sum("fund_effect", default=D("0")))["total"]


@pytest.fixture
def tree(world):
    """甲 and 乙 under the system union, a workshop union under 甲; each with a fund and a treasurer."""
    from tests.factories import RoleFactory

    workshop = UnionFactory(name="甲单位机修车间工会", parent=world.union_a)
    books = {}
    for union in (world.system, world.union_a, world.union_b, workshop):
        treasurer = (
            world.officers[Role.Kind.TREASURER]
            if union == world.union_a
            else RoleFactory(union=union, kind=Role.Kind.TREASURER).user
        )
        books[union.pk] = (treasurer, FundFactory(union=union, name="工会经费", kind=Fund.Kind.UNION_FUND))
    return world, workshop, books


def test_each_union_above_holds_its_subtrees_vouchers(tree):
    world, workshop, books = tree
    post(workshop, *books[workshop.pk], "100")
    post(world.union_a, *books[world.union_a.pk], "40")
    post(world.union_a, *books[world.union_a.pk], "15", name="职工活动支出")
    post(world.union_b, *books[world.union_b.pk], "7", day=DAY.replace(month=5))
    for union in (world.system, world.union_a, world.union_b, workshop):
        assert subtree_sum(union) == ledger_sum(union)
    assert subtree_sum(world.system) == D("132")
    assert subtree_sum(world.union_a, direction="in") == D("140")
    assert subtree_sum(world.union_a, direction="out") == D("-15")
    assert subtree_sum(workshop) == D("100")
    # One row per key for the root, however many unions posted under it.
    assert SubtreeTotal.objects.filter(union=world.system, month=3, direction="in").count() == 1
    assert differences() == []


def test_a_reversal_and_a_move_are_followed(tree):
    world, workshop, books = tree
    voucher = post(workshop, *books[workshop.pk], "100")
    post(workshop, *books[workshop.pk], "30", settlement=Voucher.Settlement.CASH)
    services.reverse_voucher(
        voucher=voucher, by=books[workshop.pk][0], reason="录错", date=DAY.replace(day=20)
    )
    assert subtree_sum(world.union_a) == D("30")
    move_union(union=workshop, parent=Union.objects.get(pk=world.union_b.pk))
    assert subtree_sum(world.union_a) == D("0") and subtree_sum(world.union_b) == D("30")
    assert subtree_sum(world.system) == D("30")
    assert differences() == []


def test_the_consolidated_statement_reads_the_subtree_totals_and_agrees_with_the_ledger(tree):
    world, workshop, books = tree
    post(workshop, *books[workshop.pk], "100")
    post(world.union_b, *books[world.union_b.pk], "60", name="职工活动支出")
    post(world.union_a, *books[world.union_a.pk], "25", day=datetime.date(2025, 11, 2))
    year = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31)}
    with CaptureQueriesContext(connection) as queries:
        sums = selectors.account_sums(world.system, consolidated=True, **year)
        opening = selectors.positions(
            world.system, consolidated=True, on=datetime.date(2025, 12, 31), year=2026
        )
        months = selectors.money_by_month(union=world.system, year=2026)
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "finances_subtreetotal" in read and "finances_ledgertotal" not in read
    assert sum(sums.values(), D("0")) == D("160")
    assert sum(opening.values(), D("0")) == D("25")
    assert sum(months["income"]) == D("100") and sum(months["spending"]) == D("60")
    # A day inside a month adds that month's vouchers to the kept months, as before.
    part = selectors.account_sums(world.system, consolidated=True, start=year["start"], end=DAY)
    assert sum(part.values(), D("0")) == D("160")
    assert sum(
        selectors.account_sums(
            world.system, consolidated=True, start=year["start"], end=DAY.replace(day=9)
        ).values(),
        D("0"),
    ) == D("0")


@pytest.mark.django_db(transaction=True)
def test_a_union_moved_while_a_voucher_is_posted_in_it_waits_for_it(tree):
    """The voucher holds its ledger totals until it commits, then checks its union's row; the move
    takes the ledger totals first (`hooks.BEFORE_MOVE`), so it waits instead of deadlocking."""
    world, workshop, books = tree
    posted, results = threading.Event(), {}

    def post_and_linger():
        try:
            with transaction.atomic():
                post(workshop, *books[workshop.pk], "100")
                posted.set()
                time.sleep(1.5)  # the move starts meanwhile
            results["voucher"] = "ok"
        except Exception as error:  # noqa: BLE001 - reported, and the test fails on it
            results["voucher"] = repr(error)
        finally:
            connection.close()

    def move():
        try:
            posted.wait(10)
            move_union(union=workshop, parent=Union.objects.get(pk=world.union_b.pk))
            results["move"] = "ok"
        except Exception as error:  # noqa: BLE001
            results["move"] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post_and_linger), threading.Thread(target=move)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == {"voucher": "ok", "move": "ok"}
    assert subtree_sum(world.union_b) == D("100") and subtree_sum(world.union_a) == D("0")
    assert differences() == []
