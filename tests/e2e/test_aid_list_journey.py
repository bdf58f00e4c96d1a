"""金秋助学 for 19 students from one fund, entered as one list in the browser: typed into the grid,
checked (a mistyped amount is named at its row and column, nothing saved), corrected, confirmed —
19 aid payments, each with its voucher. The clicks are counted: the README quotes the figure
against the ~236 clicks 19 single payments took."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from finances.models import AidPayment, Fund, Voucher
from tests.finances.factories import FundFactory
from unionhub.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STUDENTS = 19
STAGES = ("大学", "高中", "初中", "小学")


def test_nineteen_students_in_one_grid(world, live_server, page, login, csp_violations):
    union, treasurer = world.union_a, world.officers[Role.Kind.TREASURER]
    FundFactory(union=union, name="工会经费", kind=Fund.Kind.UNION_FUND)
    login(treasurer.username)
    clicks = 0

    def click(locator):
        nonlocal clicks
        clicks += 1
        locator.click()

    def choose(locator, value):
        nonlocal clicks
        clicks += 1  # one pick from a drop-down
        locator.select_option(value)

    page.goto(f"{live_server.url}/finances/aid/")
    click(page.get_by_role("link", name="按名单支付"))
    # The list's fund (the only one), today's date and 学生 are already chosen; the grid has 20 rows.
    for n in range(1, STUDENTS + 1):
        page.get_by_label(f"姓名 {n}", exact=True).fill(f"学生{n:02d}")
        choose(page.get_by_label(f"学段 {n}", exact=True), STAGES[n % 4])
        page.get_by_label(f"学校 {n}", exact=True).fill("嘉兴学院" if n % 4 == 1 else "秀洲中学")
        page.get_by_label(f"金额 {n}", exact=True).fill("1000" if n != 7 else "一千")
    click(page.get_by_role("button", name="检查"))
    expect(page.locator("#aid-batch-summary")).to_contain_text("有问题 1 行")
    expect(page.locator("#aid-grid")).to_contain_text("金额：金额不是数字")
    assert not AidPayment.objects.exists()

    page.get_by_label("金额 7", exact=True).fill("1000")
    click(page.get_by_role("button", name="检查"))
    expect(page.locator("#aid-batch-summary")).to_contain_text("可支付 19 人")
    click(page.get_by_role("button", name="确认支付 19 人"))
    expect(page.locator(".alert-success")).to_contain_text("已支付救助19笔")
    expect(page.locator("body")).to_contain_text("共救助 19 人 19 人次")

    paid = AidPayment.objects.filter(union=union, kind=AidPayment.Kind.SCHOOLING, recipient="student")
    assert paid.count() == STUDENTS
    assert Voucher.objects.filter(aid_payment__in=paid, amount=Decimal("1000")).count() == STUDENTS
    assert set(paid.values_list("schooling", flat=True)) == {"university", "senior", "junior", "primary"}
    print(f"clicks for {STUDENTS} students: {clicks}")
    assert clicks <= STUDENTS + 5  # one drop-down per student, then check, check again, confirm
    assert csp_violations == []
