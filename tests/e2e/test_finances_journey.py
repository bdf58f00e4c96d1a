"""The treasurer's month in the browser: an income and a spending, a mistake reversed, the month's
dues, aid to a hardship case, the month closed, and the statement read — under the CSP."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from finances import services
from finances.models import AidPayment, Fund, MonthClose, Voucher
from tests.finances.factories import FundFactory
from tests.members.factories import HardshipCaseFactory, MemberFactory
from unionhub.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_treasurer_keeps_a_month_of_books(world, live_server, page, login, csp_violations):
    union, treasurer = world.union_a, world.officers[Role.Kind.TREASURER]
    today = timezone.localdate()
    FundFactory(union=union, name="工会经费", kind=Fund.Kind.UNION_FUND)
    hardship = FundFactory(union=union, name="帮困基金", kind=Fund.Kind.HARDSHIP, restricted=True)
    services.record_opening_balance(
        fund=hardship, by=treasurer, date=today.replace(day=1), amount=Decimal("10000")
    )
    for name, wage in (("陈会员", "4567"), ("林会员", "6000"), ("周会员", "3333")):
        member = MemberFactory(union=union, name=name, join_date=datetime.date(2020, 1, 1))
        services.set_wage_base(
            member=member, by=treasurer, amount=Decimal(wage), effective_from=datetime.date(2020, 1, 1)
        )
    case = HardshipCaseFactory(member=MemberFactory(union=union, name="困难户"))
    login(treasurer.username)
    base = live_server.url

    # 1. An income and a spending, each printed as a voucher with the amount in capitals.
    for category, amount, summary, words in (
        ("405 行政补助收入", "5000", "单位拨付工会工作经费", "伍仟元整"),
        ("50102 职工活动支出 › 文体活动", "800", "职工篮球赛奖品", "捌佰元整"),
        ("50102 职工活动支出 › 文体活动", "80", "篮球赛饮用水（重复录入）", "捌拾元整"),
    ):
        page.goto(f"{base}/finances/vouchers/new/")
        page.get_by_label("科目").select_option(label=category)
        page.get_by_label("资金").select_option(label="工会经费")
        page.get_by_label("金额（元）").fill(amount)
        page.get_by_label("摘要").fill(summary)
        page.get_by_role("button", name="记账").click()
        expect(page.locator("#amount-in-words")).to_have_text(words)

    # 2. The last one was a mistake: a red-ink reversal corrects it.
    page.get_by_role("link", name="红字冲销").click()
    page.get_by_label("冲销原因").fill("重复录入")
    page.get_by_role("button", name="冲销").click()
    expect(page.locator("#voucher-sheet")).to_contain_text("红字冲销")
    expect(page.locator("#amount-in-words")).to_have_text("负捌拾元整")

    # 3. This month's dues for every paying member in one step.
    page.goto(f"{base}/finances/dues/")
    page.get_by_role("button", name="计算并记账").click()
    expect(page.locator(".alert-success")).to_contain_text("3人")
    dues = Voucher.objects.get(dues_run__isnull=False).amount
    assert dues == Decimal("22.80") + Decimal("30.00") + Decimal("16.65")

    # 4. Aid to the hardship case out of the hardship fund.
    page.goto(f"{base}/finances/aid/new/")
    page.get_by_label("困难职工档案").select_option(label="困难户（相对困难）")
    page.get_by_label("资金").select_option(label="帮困基金")
    page.get_by_label("金额（元）").fill("600")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#aid-table")).to_contain_text("困难户")
    assert AidPayment.objects.get().case == case

    # 5. Close the month.
    page.goto(f"{base}/finances/months/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=f"{today.month}月结账").click()
    expect(page.locator("#month-table")).to_contain_text("已结账")
    assert MonthClose.objects.filter(union=union, year=today.year, month=today.month).exists()

    # 6. The month's income and expenditure statement: the reversed mistake nets to nothing.
    page.goto(f"{base}/finances/statements/income/?year={today.year}&kind=month&month={today.month}")
    expect(page.locator("#income-total")).to_have_text(f"{Decimal('5000') + dues:,.2f}")
    expect(page.locator("#spending-total")).to_have_text("1,400.00")
    assert csp_violations == []
