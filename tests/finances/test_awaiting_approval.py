"""The spending vouchers awaiting the chair's approval, kept by PostgreSQL as vouchers and approvals are
written: equal to what the vouchers say after posting, reversing and approving, and refused to the app."""

from decimal import Decimal

from django.db import connection, transaction

from finances import services
from finances.models import AwaitingApproval, BookRules
from finances.models.vouchers import AWAITING_FROM_VOUCHERS
from tests.finances.factories import category
from tests.finances.test_totals import post
from tests.refused import refused


def kept() -> set[tuple[int, int]]:
    return set(AwaitingApproval.objects.values_list("voucher_id", "union_id"))


def recomputed() -> set[tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(AWAITING_FROM_VOUCHERS)
        return set(cursor.fetchall())


def test_spending_waits_until_approved_and_income_or_a_reversal_never_waits(books, day):
    post(books, day, "100")
    spent = post(books, day, "30", name="职工活动支出")
    assert kept() == {(spent.pk, books.union.pk)}
    services.reverse_voucher(voucher=spent, by=books.treasurer, reason="录错", date=day)
    assert kept() == {(spent.pk, books.union.pk)} == recomputed()
    services.approve_voucher(voucher=spent, by=books.chair)
    assert kept() == set() == recomputed()


def test_a_draft_approved_by_the_chair_is_posted_approved(books, day):
    BookRules.objects.create(union=books.union, approve_first=True)
    draft = services.draft_voucher(
        union=books.union,
        by=books.treasurer,
        date=day,
        fund=books.fund,
        category=category("职工活动支出"),
        amount=Decimal("50"),
        summary="草稿",
    )
    services.approve_draft(draft=draft, by=books.chair)
    assert kept() == set() == recomputed()


def test_the_app_cannot_write_the_rows(books, day):
    income = post(books, day, "100")
    spent = post(books, day, "30", name="职工活动支出")
    for statement, params in (
        ("DELETE FROM finances_awaitingapproval", []),
        (
            "INSERT INTO finances_awaitingapproval (voucher_id, union_id) VALUES (%s, %s)",
            [income.pk, books.union.pk],
        ),
    ):
        with refused(), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    assert kept() == {(spent.pk, books.union.pk)}
