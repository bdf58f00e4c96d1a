import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from finances import relief_selectors, selectors, services, statements, statutory
from finances.models import Fund, Voucher
from finances.statements import Period
from tests.finances.factories import FundFactory, category, money, officer
from tests.members.factories import HardshipCaseFactory, MemberFactory

pytestmark = pytest.mark.django_db

GRANT = ("专项转移支付补助", "上级补助收入")
SPORTS = ("文体活动", "职工活动支出")


def post(union, by, fund, name, amount, day, parent=None, **kwargs):
    return services.post_voucher(
        union=union,
        by=by,
        date=day,
        fund=fund,
        category=category(name, parent=parent),
        amount=Decimal(amount),
        summary=name,
        **kwargs,
    )


@pytest.fixture
def ledger(books, world):
    """Books of union A and of its group below (the roll-up), over two months, with a reversed mistake."""
    a, t = books.union, books.treasurer
    group_fund = FundFactory(union=world.group_a, name="小组经费")
    group_treasurer = officer(world.group_a)
    post(a, t, books.fund, "会费收入", "1200.00", datetime.date(2026, 1, 31))
    post(a, t, books.fund, *GRANT[:1], "5000.00", datetime.date(2026, 2, 3), parent=GRANT[1])
    post(a, t, books.fund, SPORTS[0], "830.50", datetime.date(2026, 2, 10), parent=SPORTS[1])
    mistake = post(a, t, books.fund, SPORTS[0], "99.99", datetime.date(2026, 2, 11), parent=SPORTS[1])
    services.reverse_voucher(voucher=mistake, by=t, reason="重复录入")
    post(a, t, books.hardship, "其他收入", "3000", datetime.date(2026, 2, 12))
    post(a, t, books.hardship, "困难职工帮扶", "700", datetime.date(2026, 2, 20), parent="维权支出")
    services.transfer_between_funds(
        union=a,
        by=t,
        date=datetime.date(2026, 2, 25),
        from_fund=books.fund,
        to_fund=books.hardship,
        amount=Decimal("100"),
        summary="补充帮困基金",
    )
    post(world.group_a, group_treasurer, group_fund, "行政补助收入", "400", datetime.date(2026, 2, 5))
    post(
        world.group_a,
        group_treasurer,
        group_fund,
        "其他活动",
        "150",
        datetime.date(2026, 2, 6),
        parent=SPORTS[1],
    )
    return books


def voucher_sum(union, rollup, start, end, direction):
    vouchers = (
        statements.scope(union, rollup=rollup).entries().between(start, end).filter(direction=direction)
    )
    return vouchers.aggregate(total=Sum("signed_amount", default=0))["total"]


@pytest.mark.parametrize("rollup", [False, True])
@pytest.mark.parametrize("period", [Period.month(2026, 2), Period.quarter(2026, 1), Period.year(2026)])
def test_statement_totals_equal_the_sums_of_the_vouchers(ledger, rollup, period):
    statement = statements.income_statement(union=ledger.union, period=period, rollup=rollup)
    for direction, total in (("in", statement.income_total), ("out", statement.spending_total)):
        assert total["period"] == voucher_sum(ledger.union, rollup, period.start, period.end, direction)
        assert total["year_to_date"] == voucher_sum(
            ledger.union, rollup, period.year_start, period.end, direction
        )


def test_statement_by_category_one_union_and_rolled_up(ledger):
    own = statements.income_statement(union=ledger.union, period=Period.month(2026, 2))
    lines = {line.name: line for line in own.income + own.spending}
    assert lines["会费收入"].values == {"period": 0, "year_to_date": money(1200)}
    assert lines["上级补助收入"].values["period"] == money(5000)
    assert {c.name: c.values["period"] for c in lines["上级补助收入"].children}["专项转移支付补助"] == money(
        5000
    )
    # The reversed 99.99 nets to nothing; the transfer is neither income nor spending.
    assert lines["职工活动支出"].values["period"] == money("830.50")
    assert lines["维权支出"].values["period"] == money(700)
    assert own.income_total["period"] == money(8000) and own.spending_total["period"] == money("1530.50")
    assert own.surplus["year_to_date"] == money(9200) - money("1530.50")
    # Every top-level item of the chart is on the statement, even with nothing in it.
    assert len(own.income) == 8 and len(own.spending) == 10
    rolled = statements.income_statement(union=ledger.union, period=Period.month(2026, 2), rollup=True)
    assert rolled.income_total["period"] == money(8400)
    assert rolled.spending_total["period"] == money("1680.50")


def test_fund_balances_add_up_and_transfers_keep_both_balanced(ledger, world):
    funds = {f.name: f for f in statements.fund_balances(union=ledger.union, period=Period.month(2026, 2))}
    union_fund, hardship = funds["工会经费"], funds["帮困基金"]
    assert union_fund.opening == money(1200)
    assert (union_fund.income, union_fund.spending, union_fund.transfers) == (
        money(5000),
        money("830.50"),
        -100,
    )
    assert union_fund.closing == money("5269.50") == services.fund_balance(ledger.fund)
    assert (hardship.opening, hardship.closing) == (0, money(2400))
    rolled = statements.fund_balances(union=ledger.union, period=Period.year(2026), rollup=True)
    assert (
        sum(f.closing for f in rolled) == Voucher.objects.within(ledger.union).balance() == money("7919.50")
    )


def test_cash_journal_running_balance_from_the_database(ledger):
    journal = statements.cash_journal(union=ledger.union, period=Period.month(2026, 2), fund=ledger.fund)
    rows = list(journal.rows)
    assert journal.opening == money(1200)
    expected, running = [], journal.opening
    for row in rows:
        running += row.fund_effect
        expected.append(running)
    assert [row.running for row in rows] == expected
    assert rows[-1].running == services.fund_balance(ledger.fund)
    assert [row.number for row in rows] == sorted(row.number for row in rows)


def test_journal_and_statements_keep_their_query_count_flat(ledger, django_assert_num_queries):
    def run():
        for rollup in (False, True):
            statements.income_statement(union=ledger.union, period=Period.year(2026), rollup=rollup)
            statements.fund_balances(union=ledger.union, period=Period.year(2026), rollup=rollup)
            list(statements.cash_journal(union=ledger.union, period=Period.year(2026), rollup=rollup).rows)
            statements.budget_statement(union=ledger.union, year=2026, rollup=rollup)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        run()
    for day in range(1, 28):
        post(ledger.union, ledger.treasurer, ledger.fund, "会费收入", "10", datetime.date(2026, 5, day))
    with django_assert_num_queries(len(few)):
        run()


def test_budget_against_actual(ledger):
    services.set_budget(
        union=ledger.union,
        by=ledger.treasurer,
        year=2026,
        amounts={
            category("职工活动支出"): Decimal("2000"),
            category("专项转移支付补助", parent="上级补助收入"): Decimal("6000"),
        },
    )
    statement = statements.budget_statement(union=ledger.union, year=2026)
    lines = {line.name: line for line in statement.income + statement.spending}
    assert lines["职工活动支出"].values == {"budget": money(2000), "actual": money("830.50")}
    assert lines["上级补助收入"].values == {"budget": money(6000), "actual": money(5000)}
    services.set_budget(
        union=ledger.union, by=ledger.treasurer, year=2026, amounts={category("职工活动支出"): None}
    )
    statement = statements.budget_statement(union=ledger.union, year=2026)
    assert {line.name: line for line in statement.spending}["职工活动支出"].values["budget"] == 0


def test_a_treasurers_sub_item_shows_under_its_top_level_item(ledger):
    interest = services.add_sub_item(
        union=ledger.union, by=ledger.treasurer, parent=category("其他收入"), name="利息收入"
    )
    assert interest.code == "40801"
    services.post_voucher(
        union=ledger.union,
        by=ledger.treasurer,
        date=datetime.date(2026, 2, 28),
        fund=ledger.hardship,
        category=interest,
        amount=Decimal("12.34"),
        summary="利息",
    )
    statement = statements.income_statement(union=ledger.union, period=Period.month(2026, 2))
    other = {line.name: line for line in statement.income}["其他收入"]
    assert other.values["period"] == money("3012.34")
    assert [(c.name, c.values["period"]) for c in other.children] == [("利息收入", money("12.34"))]


class TestYearFigures:
    def test_the_years_money_by_account_rolled_up(self, ledger):
        money_ = selectors.year_money(union=ledger.union, year=2026)
        names = selectors.account_names()
        assert {names[code]: amount for code, amount in money_.income.items()} == {
            "会费收入": money(1200),
            "上级补助收入": money(5000),
            "行政补助收入": money(400),
            "其他收入": money(3000),
        }
        assert {names[code]: amount for code, amount in money_.spending.items()} == {
            "职工活动支出": money("980.50"),
            "维权支出": money(700),
        }
        assert (money_.income_total, money_.spending_total) == (money(9600), money("1680.50"))
        empty = selectors.year_money(union=ledger.union, year=2025)
        assert (empty.income_total, empty.spending_total) == (0, 0)

    @pytest.mark.parametrize("consolidated", [False, True])
    def test_the_years_money_is_the_02_statements(self, ledger, consolidated):
        for as_of, month in ((datetime.date(2026, 12, 31), None), (datetime.date(2026, 2, 28), 2)):
            money_ = selectors.year_money(
                union=ledger.union, year=2026, as_of=as_of, consolidated=consolidated
            )
            form = statutory.form_02(union=ledger.union, year=2026, month=month, consolidated=consolidated)
            column = 1 if month else 0  # 本年累计数 of the month, 本年数 of the year
            assert money_.income_total == form.value("income", column)
            assert money_.spending_total == form.value("spending", column)
            sheet = statutory.form_01(union=ledger.union, year=2026, month=month, consolidated=consolidated)
            assert money_.net_assets == sheet.value("net_assets", 1)
            assert sum(fund.closing for fund in money_.funds) == money_.closing
        # Mid-month, the days of the month begun count (the ledger totals hold whole months only).
        mid = selectors.year_money(union=ledger.union, year=2026, as_of=datetime.date(2026, 2, 10))
        spent = Voucher.objects.within(ledger.union).entries().filter(direction="out", date__lte="2026-02-10")
        assert mid.spending_total == spent.aggregate(s=Sum("signed_amount"))["s"] > money("830.50")

    def test_fund_balances_by_kind(self, ledger):
        assert selectors.balances_by_kind(union=ledger.union, on=datetime.date(2026, 2, 28)) == {
            Fund.Kind.UNION_FUND.label: money("5519.50"),
            Fund.Kind.HARDSHIP.label: money(2400),
        }
        assert selectors.balances_by_kind(union=ledger.union, on=datetime.date(2026, 1, 31)) == {
            Fund.Kind.UNION_FUND.label: money(1200),
            Fund.Kind.HARDSHIP.label: 0,
        }

    def test_aid_by_kind_and_donation_figures(self, books):
        case = HardshipCaseFactory(member=MemberFactory(union=books.union))
        other = MemberFactory(union=books.union)
        services.record_opening_balance(
            fund=books.hardship, by=books.treasurer, date=datetime.date(2026, 1, 1), amount=Decimal(10000)
        )
        for member, kind, amount in (
            (case.member, "holiday_visit", "500"),
            (case.member, "holiday_visit", "300"),
            (other, "holiday_visit", "200"),
            (other, "schooling", "2000"),
        ):
            services.pay_aid(
                union=books.union,
                by=books.treasurer,
                date=datetime.date(2026, 1, 20),
                fund=books.hardship,
                kind=kind,
                amount=Decimal(amount),
                member=member,
            )
        mistake = services.pay_aid(
            union=books.union,
            by=books.treasurer,
            date=datetime.date(2026, 1, 21),
            fund=books.hardship,
            kind="living",
            amount=Decimal(800),
            case=case,
        )
        services.reverse_voucher(voucher=mistake.voucher, by=books.treasurer, reason="重复发放")
        assert relief_selectors.aid_by_kind(union=books.union, year=2026) == {
            "金秋助学": relief_selectors.Helped({"member": 1}, 1, money(2000)),
            "送温暖": relief_selectors.Helped({"member": 2}, 3, money(1000)),
        }
        drive = services.create_drive(
            union=books.union,
            by=books.treasurer,
            fund=books.hardship,
            kind="annual",
            title="2026年募捐月",
            starts_on=datetime.date(2026, 10, 1),
        )
        services.record_donations(
            drive=drive,
            by=books.treasurer,
            date=datetime.date(2026, 10, 15),
            gifts=[
                services.Gift("member", Decimal(100), member=other),
                services.Gift("unit", Decimal(5000), donor_name="车队"),
                services.Gift("outside", Decimal(50), donor_name="张三丰"),
            ],
        )
        services.record_donations(
            drive=drive,
            by=books.treasurer,
            date=datetime.date(2026, 10, 20),
            gifts=[services.Gift("member", Decimal(100), member=other)],
        )
        assert relief_selectors.donation_figures(
            union=books.union, year=2026
        ) == relief_selectors.DonationFigures(1, 3, money(5250))
        assert relief_selectors.donation_figures(
            union=books.union, year=2025
        ) == relief_selectors.DonationFigures(0, 0, 0)
