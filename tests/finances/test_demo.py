"""The demo books tell the reference summaries' story, balance, and load only once."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from finances import demo, relief_selectors, selectors, statements, statutory
from finances.models import (
    AidPayment,
    DonationDrive,
    DuesRun,
    Fund,
    MonthClose,
    MonthCloseEvent,
    RuleWarning,
    Voucher,
)
from members import demo as members_demo
from unionhub import demo as union_demo

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def federation(db, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    unions = union_demo.load()
    members_demo.load(unions)
    from activities import demo as activities_demo

    activities_demo.load(unions)
    demo.load(unions)
    return unions


def test_the_demo_books(federation, django_assert_max_num_queries):
    system = federation[demo.SYSTEM]
    special = Fund.objects.get(union=system, kind=Fund.Kind.SPECIAL_HARDSHIP)
    drive = DonationDrive.objects.get(fund=special)
    assert relief_selectors.drive_figures(drive)["total"] == Decimal("58180.00")
    paid = Voucher.objects.filter(fund=special, direction="out").aggregate(total=Sum("signed_amount"))[
        "total"
    ]
    assert paid == Decimal("9500.00")
    hardship = Fund.objects.get(union=system, kind=Fund.Kind.HARDSHIP)
    for year in (2025, 2026):
        aid = AidPayment.objects.filter(fund=hardship, date__year=year).aggregate(total=Sum("amount"))[
            "total"
        ]
        assert Decimal(8000) <= aid <= Decimal(12000)
    # A year of dues for each base union, every month.
    for name in demo.BASES:
        months = DuesRun.objects.filter(union=federation[name], year=2025).count()
        assert months == 12, name
        assert DuesRun.objects.filter(union=federation[name], year=2026).count() == 11
    # The bus company's October donation month, both years.
    assert DonationDrive.objects.filter(union=federation[demo.BUSES], kind="annual").count() == 2
    # One reversed mistake, one warning posted anyway, one reopened month, past months closed.
    assert Voucher.objects.filter(reverses__isnull=False).count() == 1
    assert RuleWarning.objects.count() == 1
    assert MonthCloseEvent.objects.filter(action="reopen").count() == 1
    assert MonthClose.objects.filter(union=system, year=2026).count() == 10
    assert not MonthClose.objects.filter(year=2026, month=11).exists()
    # Spending is linked to the activities it paid for; 金秋助学 and 送温暖 were paid.
    assert Voucher.objects.filter(activity__isnull=False).count() >= 20
    kinds = relief_selectors.aid_by_kind(union=system, year=2026)
    assert {"金秋助学", "送温暖"} <= set(kinds)
    # The statements agree with the vouchers, rolled up.
    statement = statements.income_statement(union=system, period=statements.Period.year(2026), rollup=True)
    money = selectors.year_money(union=system, year=2026, consolidated=False)
    own = statements.income_statement(union=system, period=statements.Period.year(2026))
    assert (money.income_total, money.spending_total) == (
        own.income_total["period"],
        own.spending_total["period"],
    )
    assert statement.income_total["period"] >= money.income_total
    balances = selectors.balances_by_kind(union=system, on=TODAY)
    assert sum(balances.values()) == Voucher.objects.within(system).balance()
    assert all(value >= 0 for fund in Fund.objects.filter(restricted=True) for value in [fund_balance(fund)])
    # The statutory books: every union's balance sheet balances, alone and consolidated, and the
    # system union's consolidated 02表 is the sum of its unions' less the grants between them.
    for union in federation.values():
        for consolidated in (False, True):
            for month in (None, 10):
                sheet = statutory.form_01(union=union, year=2026, month=month, consolidated=consolidated)
                for column in (0, 1):
                    assert sheet.value("assets", column) == sheet.value("liabilities_and_net_assets", column)
    whole = statutory.form_02(union=system, year=2026, consolidated=True)
    parts = [statutory.form_02(union=union, year=2026) for union in system.subtree()]
    grants = Voucher.objects.within(system).filter(year=2026, counterpart_union__isnull=False)
    internal = grants.filter(direction="out").aggregate(total=Sum("signed_amount"))["total"]
    assert internal == Decimal(3000) * len(demo.BASES)
    assert grants.filter(direction="in").aggregate(total=Sum("signed_amount"))["total"] == internal
    less = {"403": internal, "508": internal, "income": internal, "spending": internal}
    for row in whole.rows:
        assert row.values[0] == sum(part.value(row.key) for part in parts) - less.get(row.key, 0), row.name
    assert whole.value("508") == 0
    assert whole.value("open") + whole.value("adjust") + whole.value("difference") == whole.value("close")
    # Loading again adds nothing.
    count = Voucher.objects.count()
    demo.load(federation)
    assert Voucher.objects.count() == count


def fund_balance(fund):
    return Voucher.objects.filter(fund=fund).balance()
