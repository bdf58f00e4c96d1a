"""Each fund's year kept as the ledger totals are: a whole year's income, spending and balance by fund
read from it equal the ledger totals' months, after postings over two years, a transfer, opening
balances and a reversal; the kept rows equal a recount."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from finances import selectors, services
from finances.models import Voucher
from finances.models.fund_years import differences
from tests.finances.factories import category

D = Decimal


def post(books, day, amount, name="会费收入", fund=None):
    return services.post_voucher(
        union=books.union,
        by=books.treasurer,
        date=day,
        fund=fund or books.fund,
        category=category(name),
        amount=D(amount),
        summary="测试",
    )


def from_the_months(union, year, *, consolidated):
    """What the ledger totals' months say (the path a year not yet ended still takes)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    flows: dict[tuple, Decimal] = {}
    by = ("fund_id", "direction")
    parts = selectors._entries_between(union, consolidated=consolidated, start=start, end=end, by=by)
    for rows, amount in parts:
        for row in rows.values(*by).annotate(total=Sum(amount)).order_by():
            key = (row["fund_id"], row["direction"])
            flows[key] = flows.get(key, D(0)) + row["total"]
    closing = selectors._positions(union, consolidated=consolidated, on=end, year=year, by=("fund_id",))
    return flows, {row["fund_id"]: row["total"] for row in closing}


@pytest.mark.django_db
@pytest.mark.parametrize("consolidated", [False, True])
def test_a_whole_years_funds_read_from_the_fund_years_equal_the_months(books, consolidated):
    post(books, datetime.date(2025, 6, 1), "500")
    post(books, datetime.date(2025, 7, 1), "80", name="职工活动支出")
    post(books, datetime.date(2026, 3, 10), "100")
    wrong = post(books, datetime.date(2026, 3, 11), "30", name="职工活动支出")
    services.reverse_voucher(voucher=wrong, by=books.treasurer, reason="录错", date=datetime.date(2026, 4, 1))
    post(books, datetime.date(2026, 5, 1), "200", name="其他收入", fund=books.hardship)
    post(books, datetime.date(2026, 5, 2), "60", name="职工活动支出", fund=books.hardship)
    for year in (2025, 2026):
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        flows, closing = selectors._fund_flows(books.union, consolidated=consolidated, start=start, end=end)
        kept = {
            (fund, direction): amount
            for fund, d in flows.items()
            for direction, amount in d.items()
            if amount
        }
        months_flows, months_closing = from_the_months(books.union, year, consolidated=consolidated)
        assert kept == {key: amount for key, amount in months_flows.items() if amount}
        assert {row["fund_id"]: row["total"] for row in closing} == months_closing
    money = selectors.year_money(union=books.union, year=2026, consolidated=consolidated)
    fund = next(f for f in money.funds if f.name == books.fund.name)
    assert (fund.income, fund.spending, fund.closing) == (D("100"), D("0"), D("520"))
    assert differences() == []
    assert Voucher.objects.count() == 7
