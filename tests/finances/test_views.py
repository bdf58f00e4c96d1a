import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from finances import services
from finances.models import AidPayment, Budget, MonthClose, RuleWarning, Voucher
from tests.finances.factories import category, officer
from tests.members.factories import HardshipCaseFactory, MemberFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 10)


def post(books, amount="100", name="行政补助收入", parent=None, summary="行政补助", fund=None, day=DAY):
    return services.post_voucher(
        union=books.union,
        by=books.treasurer,
        date=day,
        fund=fund or books.fund,
        category=category(name, parent=parent),
        amount=Decimal(amount),
        summary=summary,
    )


def test_treasurer_posts_a_voucher_and_prints_it_with_the_amount_in_capitals(client, books):
    client.force_login(books.treasurer)
    response = client.post(
        reverse("finances:voucher_create"),
        {
            "date": "2026-03-10",
            "category": category("上级补助收入").pk,
            "fund": books.fund.pk,
            "amount": "58180",
            "summary": "上级工会补助",
            "receipts": "2",
            "approved_by": books.chair.pk,  # no such field: the approver is the chair who clicks
            "counterpart_union": books.union.parent_id,
            "settlement": "131",
        },
    )
    voucher = Voucher.objects.get()
    assert not hasattr(voucher, "approval")
    client.force_login(books.chair)
    client.post(reverse("finances:voucher_approve", args=[voucher.pk]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "finances:voucher_detail", args=[voucher.pk]
    )
    body = client.get(response["Location"]).content.decode()
    assert "伍万捌仟壹佰捌拾元整" in body and "记字第 1 号" in body and "附单据 2 张" in body
    assert books.chair.name in body
    assert "131 应收上级经费" in body and books.union.parent.name in body


def test_bad_input_is_explained_at_the_field(client, books):
    client.force_login(books.treasurer)
    response = client.post(
        reverse("finances:voucher_create"),
        {
            "date": "2026-03-10",
            "category": category("会费收入").pk,
            "fund": books.fund.pk,
            "amount": "-5",
            "summary": "",
        },
    )
    assert response.status_code == 200 and not Voucher.objects.exists()
    form = response.context["form"]
    assert "amount" in form.errors and "summary" in form.errors


def test_overdraft_and_closed_month_come_back_as_form_errors(client, books):
    client.force_login(books.treasurer)
    data = {
        "date": "2026-03-10",
        "category": category("困难职工帮扶", parent="维权支出").pk,
        "fund": books.hardship.pk,
        "amount": "5",
        "summary": "救助",
        "receipts": "0",
    }
    response = client.post(reverse("finances:voucher_create"), data)
    assert "不得透支" in str(response.context["form"].errors)
    services.close_month(union=books.union, by=books.treasurer, year=2026, month=3)
    response = client.post(reverse("finances:voucher_create"), {**data, "fund": books.fund.pk})
    assert "已结账" in str(response.context["form"].errors["date"])


def test_a_rule_warning_is_shown_before_posting_and_kept_for_the_auditor(client, books):
    MemberFactory.create_batch(2, union=books.union)
    client.force_login(books.treasurer)
    data = {
        "date": "2026-09-20",
        "category": category("其他活动", parent="职工活动支出").pk,
        "fund": books.fund.pk,
        "amount": "3500",
        "summary": "中秋慰问品",
        "receipts": "1",
        "benefit": "holiday",
    }
    response = client.post(reverse("finances:voucher_create"), data)
    assert response.status_code == 200 and not Voucher.objects.exists()
    assert "超过2名会员" in response.content.decode() and "3,000.00" in response.content.decode()
    response = client.post(reverse("finances:voucher_create"), {**data, "confirm_warnings": "on"})
    assert response.status_code == 302 and RuleWarning.objects.count() == 1
    client.force_login(books.auditor)
    body = client.get(reverse("finances:audit"), {"year": 2026}).content.decode()
    assert "超过2名会员" in body
    assert client.get(reverse("finances:voucher_create")).status_code == 403


def test_another_unions_voucher_is_not_found(client, books, world):
    voucher = post(books)
    client.force_login(officer(world.union_b))
    assert client.get(reverse("finances:voucher_detail", args=[voucher.pk])).status_code == 404
    assert client.get(reverse("finances:voucher_reverse", args=[voucher.pk])).status_code == 404


def test_auditor_reads_the_books_but_cannot_reverse(client, books):
    voucher = post(books)
    client.force_login(books.auditor)
    assert client.get(reverse("finances:voucher_detail", args=[voucher.pk])).status_code == 200
    assert (
        client.post(reverse("finances:voucher_reverse", args=[voucher.pk]), {"reason": "x"}).status_code
        == 403
    )
    assert not Voucher.objects.filter(reverses=voucher).exists()


def test_reverse_through_the_page(client, books):
    voucher = post(books)
    client.force_login(books.treasurer)
    response = client.post(reverse("finances:voucher_reverse", args=[voucher.pk]), {"reason": "重复录入"})
    reversal = Voucher.objects.get(reverses=voucher)
    assert response["Location"] == reverse("finances:voucher_detail", args=[reversal.pk])
    body = client.get(response["Location"]).content.decode()
    assert "红字冲销" in body and "负壹佰元整" in body


def test_closing_and_reopening_through_the_pages(client, books):
    client.force_login(books.treasurer)
    client.post(reverse("finances:month_close") + f"?union={books.union.pk}", {"year": "2026", "month": "2"})
    assert MonthClose.objects.filter(union=books.union, year=2026, month=2).exists()
    assert (
        client.post(
            reverse("finances:month_reopen"), {"year": "2026", "month": "2", "reason": "x"}
        ).status_code
        == 403
    )
    client.force_login(books.chair)
    response = client.post(
        reverse("finances:month_reopen"), {"year": "2026", "month": "2", "reason": "补记一笔"}
    )
    assert response.status_code == 302 and not MonthClose.objects.exists()
    body = client.get(reverse("finances:month_list"), {"year": 2026}).content.decode()
    assert "补记一笔" in body


def test_dues_run_arrears_and_member_history_pages(client, books):
    paid = MemberFactory(union=books.union)
    MemberFactory(union=books.union, name="欠缴者")
    services.set_wage_base(member=paid, by=books.treasurer, amount=Decimal("4567"), effective_from=DAY)
    client.force_login(books.treasurer)
    response = client.post(reverse("finances:dues"), {"year": "2026", "month": "3"})
    assert response.status_code == 302
    body = client.get(reverse("finances:arrears"), {"year": 2026, "month": 3}).content.decode()
    assert "欠缴者" in body and paid.name not in body
    body = client.get(reverse("finances:member_dues", args=[paid.pk])).content.decode()
    assert "22.80" in body and "4,560.00" in body
    again = client.post(reverse("finances:dues"), {"year": "2026", "month": "3"})
    assert "不能重复记账" in again.content.decode()


def test_donations_and_their_public_notice(client, books):
    drive = services.create_drive(
        union=books.union,
        by=books.treasurer,
        fund=books.hardship,
        kind="appeal",
        title="情暖职工",
        starts_on=DAY,
    )
    member = MemberFactory(union=books.union, name="张三丰")
    client.force_login(books.treasurer)
    data = {
        "batch-date": "2026-03-12",
        "batch-receipts": "3",
        "gift-TOTAL_FORMS": "3",
        "gift-INITIAL_FORMS": "0",
        "gift-0-donor_kind": "member",
        "gift-0-member": member.pk,
        "gift-0-amount": "200",
        "gift-1-donor_kind": "unit",
        "gift-1-donor_name": "汽运公司车队",
        "gift-1-amount": "57980",
        "gift-2-donor_kind": "",
    }
    response = client.post(reverse("finances:drive_detail", args=[drive.pk]), data)
    assert response.status_code == 302
    assert Voucher.objects.get().amount == Decimal("58180.00")
    body = client.get(reverse("finances:drive_notice", args=[drive.pk])).content.decode()
    assert (
        "张*丰" in body and "张三丰" not in body and "汽运公司车队" in body and "伍万捌仟壹佰捌拾元整" in body
    )


def test_aid_to_a_hardship_case_through_the_page(client, books):
    case = HardshipCaseFactory(member=MemberFactory(union=books.union, name="困难户"))
    services.record_opening_balance(fund=books.hardship, by=books.treasurer, date=DAY, amount=Decimal(1000))
    client.force_login(books.treasurer)
    response = client.post(
        reverse("finances:aid_create"),
        {
            "date": "2026-03-15",
            "kind": "living",
            "case": case.pk,
            "fund": books.hardship.pk,
            "amount": "600",
            "receipts": "1",
        },
    )
    assert response.status_code == 302
    aid = AidPayment.objects.get()
    assert aid.voucher.fund == books.hardship and aid.case == case
    assert "困难户" in client.get(reverse("finances:aid_list"), {"year": 2026}).content.decode()


def test_budget_page_and_edit(client, books):
    post(books, "830.50", "文体活动", parent="职工活动支出")
    client.force_login(books.treasurer)
    field = f"c{category('职工活动支出').pk}"
    response = client.post(reverse("finances:budget_edit") + "?year=2026", {field: "2000"})
    assert response.status_code == 302 and Budget.objects.get().amount == Decimal("2000.00")
    body = client.get(reverse("finances:budget"), {"year": 2026}).content.decode()
    assert "2,000.00" in body and "830.50" in body


def test_statement_xlsx_is_formula_safe(client, books):
    post(books, summary='=HYPERLINK("http://evil")')
    client.force_login(books.auditor)
    response = client.get(reverse("finances:journal"), {"year": 2026, "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert '\'=HYPERLINK("http://evil")' in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert Decimal(str(values[-1])) == Decimal("100")
    statement = client.get(reverse("finances:income_statement"), {"year": 2026, "export": "xlsx"})
    rows = list(load_workbook(BytesIO(statement.content)).active.iter_rows(values_only=True))
    assert (None, "收入合计", 100, 100) in [tuple(row[:4]) for row in rows]


def test_the_trial_balance_exports_to_xlsx_with_every_account(client, books):
    """科目余额表's account names are lazy translations, which openpyxl refused: always a 500 before."""
    post(books, amount="100")
    post(books, amount="30", name="职工活动支出", summary="活动")
    client.force_login(books.auditor)
    response = client.get(
        reverse("finances:trial_balance"), {"union": books.union.pk, "year": 2026, "export": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "科目余额表"
    accounts = {row[0]: row for row in rows[4:] if row[0]}
    assert accounts["102"][1] == "银行存款" and accounts["102"][3] == 100 and accounts["102"][4] == 30
    assert accounts["101"][1] == "库存现金"
    assert {"321", "322", "405", "501"} <= set(accounts)  # the funds and the income and spending used


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("finances:voucher_list", {"year": 2026}),
        ("finances:journal", {"year": 2026, "rollup": "on"}),
        ("finances:income_statement", {"year": 2026, "rollup": "on"}),
        ("finances:fund_balances", {"year": 2026, "rollup": "on"}),
        ("finances:budget", {"year": 2026}),
        ("finances:index", {}),
        ("finances:aid_list", {"year": 2026}),
        ("finances:drive_list", {}),
        ("finances:audit", {"year": 2026}),
    ],
)
def test_lists_statements_and_journals_keep_their_query_count_flat(client, books, world, name, query):
    client.force_login(books.chair)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name), query).status_code == 200
        return len(queries)

    post(books)
    few = count()
    group_fund = services.create_fund(
        union=world.group_a, by=officer(world.group_a), name="小组经费", kind="union", restricted=False
    )
    for day in range(1, 29):
        post(books, "10", day=datetime.date(2026, 4, day))
        post(books, "5", "文体活动", parent="职工活动支出", day=datetime.date(2026, 4, day))
    services.reverse_voucher(voucher=Voucher.objects.last(), by=books.treasurer, reason="错")
    services.post_voucher(
        union=world.group_a,
        by=officer(world.group_a),
        date=DAY,
        fund=group_fund,
        category=category("会费收入"),
        amount=Decimal(1),
        summary="x",
        benefit="",
    )
    assert count() == few


def test_the_journal_counts_and_sums_from_the_totals_what_the_vouchers_hold(client, books, world):
    """The journal's "共 N 张凭证" and net effect come from the ledger totals; a search counts the
    vouchers themselves. Both agree with the vouchers, filters and reversals included."""
    client.force_login(books.chair)
    for day in (3, 4, 5):
        post(books, "10", day=datetime.date(2026, 4, day))
    post(books, "7", "文体活动", parent="职工活动支出", summary="篮球赛", day=datetime.date(2026, 5, 6))
    services.reverse_voucher(voucher=Voucher.objects.last(), by=books.treasurer, reason="错")
    for query in ({}, {"month": 4}, {"month": 5}, {"direction": "out"}, {"union": world.union_a.pk}):
        response = client.get(reverse("finances:voucher_list"), {"year": 2026, **query})
        vouchers = Voucher.objects.within(world.union_a).filter(year=2026)
        if "month" in query:
            vouchers = vouchers.filter(date__month=query["month"])
        if "direction" in query:
            vouchers = vouchers.filter(direction=query["direction"])
        assert response.context["page"].paginator.count == vouchers.count(), query
        assert response.context["total"] == sum((v.fund_effect for v in vouchers), Decimal(0)), query
    searched = client.get(reverse("finances:voucher_list"), {"year": 2026, "q": "篮球赛"})
    assert (
        searched.context["page"].paginator.count == Voucher.objects.filter(summary__contains="篮球赛").count()
    )


def test_the_admin_shows_vouchers_but_offers_no_change(client, books, django_user_model):
    voucher = post(books)
    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    assert client.get(reverse("admin:finances_voucher_changelist")).status_code == 200
    page = client.get(reverse("admin:finances_voucher_change", args=[voucher.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert (
        client.post(reverse("admin:finances_voucher_delete", args=[voucher.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert client.get(reverse("admin:finances_spendingrule_changelist")).status_code == 200


def test_the_chairs_worklist_of_unapproved_spending(client, books):
    waiting = post(books, "300", "文体活动", parent="职工活动支出", summary="待审批的奖品")
    post(books, "400", "文体活动", parent="职工活动支出", summary="已审批的奖品")
    services.approve_voucher(voucher=Voucher.objects.get(summary="已审批的奖品"), by=books.chair)
    post(books, "500", summary="一笔收入")
    client.force_login(books.chair)
    page = client.get(reverse("finances:voucher_list"), {"year": 2026, "pending": "on"})
    assert [voucher.pk for voucher in page.context["page"]] == [waiting.pk]
    assert client.post(reverse("finances:voucher_approve", args=[waiting.pk])).status_code == 302
    assert waiting.approval.by == books.chair


def test_a_union_change_keeps_what_was_typed_and_the_activity_picker_shows_recent_first(client, books):
    from django.utils import timezone

    from tests.activities.factories import ActivityFactory

    client.force_login(books.treasurer)
    carried = {"amount": "1234.50", "summary": "购买慰问品", "settlement": "101", "receipts": "3"}
    page = client.get(
        reverse("finances:voucher_create"), {"union": books.union.pk, **carried}
    ).content.decode()
    assert 'value="1234.50"' in page and 'value="购买慰问品"' in page and 'value="3"' in page
    assert '<option value="101" selected>' in page
    assert 'data-carry="date amount category settlement' in page
    today = timezone.localdate()
    for name, days in (("去年的", -400), ("两月前的", -60), ("上周的", -7), ("下周的", 7), ("明年的", 200)):
        ActivityFactory(union=books.union, title=name, start_date=today + datetime.timedelta(days=days))
    page = client.get(reverse("finances:voucher_create")).content.decode()
    picker = page.split('name="activity"')[1].split("</select>")[0]
    shown = [name for name in ("去年的", "两月前的", "上周的", "下周的", "明年的") if name in picker]
    assert sorted(shown, key=picker.index) == ["上周的", "两月前的", "下周的"]
