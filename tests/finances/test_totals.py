"""The ledger totals kept by PostgreSQL as vouchers are posted: equal to the vouchers' sums after
posting, drafts, approval, reversals, transfers and imports; a changed total is found by the check."""

import datetime
from decimal import Decimal

import pgtrigger
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from finances import services, statutory
from finances.imports import import_vouchers
from finances.models import BookRules, LedgerTotal, Voucher
from finances.models.totals import differences
from tests.finances.factories import category
from tests.finances.test_statutory import workbook
from unionhub import dbroles

D = Decimal


def total(union, **key) -> tuple[Decimal, Decimal, int]:
    rows = LedgerTotal.objects.filter(union=union, **key)
    return (
        sum((row.amount for row in rows), D("0")),
        sum((row.fund_effect for row in rows), D("0")),
        sum(row.vouchers for row in rows),
    )


def post(books, day, amount="100", name="会费收入", **more):
    return services.post_voucher(
        union=books.union,
        by=books.treasurer,
        date=day,
        fund=books.fund,
        category=category(name),
        amount=D(amount),
        summary="测试",
        **more,
    )


def test_a_posted_voucher_is_in_the_totals_in_its_own_transaction(books, day):
    assert total(books.union) == (D("0"), D("0"), 0)
    post(books, day, "100")
    post(books, day.replace(day=20), "50.25")
    post(books, day, "30", name="职工活动支出")
    assert total(books.union, month=3, direction="in") == (D("150.25"), D("150.25"), 2)
    assert total(books.union, month=3, direction="out") == (D("30"), D("-30"), 1)
    assert differences() == []
    call_command("check_totals")


def test_a_reversal_takes_its_voucher_back_out(books, day):
    voucher = post(books, day, "100")
    services.reverse_voucher(voucher=voucher, by=books.treasurer, reason="录错", date=day.replace(month=4))
    assert total(books.union, month=3) == (D("100"), D("100"), 1)
    assert total(books.union, month=4) == (D("-100"), D("-100"), 1)
    assert total(books.union) == (D("0"), D("0"), 2)
    assert differences() == []


def test_transfers_moves_and_openings_keep_the_totals_equal(books, day):
    services.record_opening_balance(fund=books.fund, by=books.treasurer, date=day, amount=D("1000"))
    services.transfer_between_funds(
        union=books.union,
        by=books.treasurer,
        date=day,
        from_fund=books.fund,
        to_fund=books.hardship,
        amount=D("200"),
        summary="划转",
    )
    services.move_between_accounts(
        union=books.union,
        by=books.treasurer,
        date=day,
        fund=books.fund,
        from_account=Voucher.Settlement.BANK,
        to_account=Voucher.Settlement.CASH,
        amount=D("50"),
    )
    assert differences() == []
    by_fund = {fund: total(books.union, fund=fund)[1] for fund in (books.fund, books.hardship)}
    assert by_fund == {books.fund: D("800"), books.hardship: D("200")}
    assert services.fund_balance(books.fund) == D("800")


def test_a_draft_counts_only_once_the_chair_approves_it(books, day):
    BookRules.objects.create(union=books.union, approve_first=True)
    draft = services.draft_voucher(
        union=books.union,
        by=books.treasurer,
        date=day,
        fund=books.fund,
        category=category("会费收入"),
        amount=D("300"),
        summary="草稿",
    )
    assert not LedgerTotal.objects.filter(union=books.union).exists()
    services.approve_draft(draft=draft, by=books.chair)
    assert total(books.union) == (D("300"), D("300"), 1)
    assert differences() == []


def test_an_imported_year_is_in_the_totals(books):
    check = import_vouchers(union=books.union, by=books.treasurer, file=workbook(), file_name="2025.xlsx")
    assert not check.problems
    assert total(books.union)[2] == Voucher.objects.filter(union=books.union).count() == 13
    assert differences() == []
    # The statement read through the totals still balances: 资产总计 = 负债与净资产总计.
    sheet = statutory.form_01(union=books.union, year=2025)
    assert sheet.value("assets", 1) == sheet.value("liabilities_and_net_assets", 1)


@pytest.mark.django_db(transaction=True)  # the owner's own connection (as_owner) sees the voucher
def test_check_totals_finds_a_total_changed_behind_the_vouchers_back(books, day, capsys):
    post(books, day, "100")
    # Only the owner, skipping the trigger's guard, can (the app role is refused: tests/trust).
    guard = "finances.LedgerTotal:ledger_total_written_by_vouchers"
    with dbroles.as_owner(), pgtrigger.ignore(guard), connection.cursor() as cursor:
        cursor.execute("UPDATE finances_ledgertotal SET amount = amount + 1")
    assert len(differences()) == 1
    with pytest.raises(CommandError, match="1 ledger totals differ"):
        call_command("check_totals")
    assert "vouchers say 100.00" in capsys.readouterr().out


def test_the_trigger_adds_concurrent_months_and_keys_apart(books, day):
    """Different settlement accounts, 专项 flags and months are different rows, summed apart."""
    post(books, day, "10", settlement=Voucher.Settlement.CASH)
    post(books, day, "20", settlement=Voucher.Settlement.BANK)
    post(books, datetime.date(2026, 5, 1), "40")
    assert LedgerTotal.objects.filter(union=books.union).count() == 3
    assert differences() == []


def test_reads_up_to_a_day_inside_a_month_add_that_months_vouchers_to_the_totals(books):
    from django.db.models import Sum

    from finances import selectors

    for day, amount in ((datetime.date(2026, 2, 3), "10"), (datetime.date(2026, 3, 5), "20")):
        post(books, day, amount)
    post(books, datetime.date(2026, 3, 20), "40")  # after the day asked about
    post(books, datetime.date(2026, 3, 1), "7", name="职工活动支出")
    on = datetime.date(2026, 3, 10)

    def entries_up_to(on):  # the year's income and spending over the subtree, as the statements read it
        start = datetime.date(2026, 1, 1)
        return selectors._entries_between(
            books.union, consolidated=True, start=start, end=on, by=("direction",)
        )

    parts = entries_up_to(on)
    assert len(parts) == 2  # February from the totals, 1-10 March from the vouchers
    income = sum(
        (
            rows.filter(direction="in").aggregate(total=Sum(field, default=D("0")))["total"]
            for rows, field in parts
        ),
        D("0"),
    )
    assert income == D("30")
    assert selectors.fund_balance(books.fund, on) == D("23")
    assert selectors.fund_balance(books.fund, datetime.date(2026, 3, 31)) == D("63")
    assert selectors.fund_kind_balances(union=books.union, on=on)[books.fund.kind] == D("23")
    whole = entries_up_to(datetime.date(2026, 3, 31))
    assert [field for _rows, field in whole] == ["amount"]
