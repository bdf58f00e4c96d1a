import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.utils import IntegrityError
from django.utils import timezone

from finances import services
from finances.forms import VoucherForm
from finances.models import Approval, MonthCloseEvent, Voucher
from tests.finances.factories import FundFactory, category, money
from tests.refused import refused

pytestmark = pytest.mark.django_db


def income(books, day, amount="100.00", **kwargs):
    return services.post_voucher(
        union=books.union,
        by=books.treasurer,
        date=day,
        fund=kwargs.pop("fund", books.fund),
        category=kwargs.pop("category", category("行政补助收入")),
        amount=Decimal(amount),
        summary="行政补助",
        **kwargs,
    )


def spending(books, day, amount="50.00", **kwargs):
    return services.post_voucher(
        union=books.union,
        by=books.treasurer,
        date=day,
        fund=kwargs.pop("fund", books.fund),
        category=kwargs.pop("category", category("文体活动", parent="职工活动支出")),
        amount=Decimal(amount),
        summary="篮球赛",
        **kwargs,
    )


def test_numbers_run_per_union_and_year(books, day, world):
    first, second = income(books, day), spending(books, day)
    last_year = income(books, datetime.date(2025, 1, 5))
    other_fund = FundFactory(union=world.union_b, name="工会经费")
    from tests.finances.factories import officer

    other = services.post_voucher(
        union=world.union_b,
        by=officer(world.union_b),
        date=day,
        fund=other_fund,
        category=category("会费收入"),
        amount=Decimal("5"),
        summary="会费",
    )
    assert (first.number, second.number, last_year.number, other.number) == (1, 2, 1, 1)
    assert (first.year, last_year.year) == (2026, 2025)


def test_amount_is_rounded_half_up_and_must_be_positive(books, day):
    assert income(books, day, "10.005").amount == Decimal("10.01")
    with pytest.raises(ValidationError):
        income(books, day, "0.004")
    with pytest.raises(ValidationError):
        income(books, day, "-3")


def test_direction_comes_from_the_category(books, day):
    assert income(books, day).direction == Voucher.Direction.INCOME
    assert spending(books, day).direction == Voucher.Direction.SPENDING


def test_a_category_of_another_edition_is_refused(books, day):
    old = category("行政支出", on=datetime.date(2015, 1, 1))
    with pytest.raises(ValidationError):
        spending(books, day, category=old)


def test_posted_voucher_cannot_be_updated_or_deleted_even_in_sql(books, day):
    voucher = income(books, day)
    spending(books, day)
    for sql in (
        "UPDATE finances_voucher SET amount = 1 WHERE id = %s",
        "DELETE FROM finances_voucher WHERE id = %s",
    ):
        with refused(), transaction.atomic():
            connection.cursor().execute(sql, [voucher.pk])
    voucher.refresh_from_db()
    assert voucher.amount == Decimal("100.00")
    with refused(), transaction.atomic():
        Voucher.objects.filter(pk=voucher.pk).delete()
    assert Voucher.objects.count() == 2


COPY = """
    INSERT INTO finances_voucher (union_id, date, number, kind, direction, fund_id, category_id, amount,
        summary, counterparty, receipts, benefit, entered_by_id, entered_at)
    SELECT union_id, date, %s, kind, direction, fund_id, category_id, %s, summary, counterparty,
        receipts, benefit, entered_by_id, entered_at FROM finances_voucher WHERE id = %s
"""


def test_database_refuses_a_non_positive_amount_and_a_repeated_number(books, day):
    voucher = income(books, day)
    for number, amount in ((voucher.number, "5"), (99, "0"), (100, "-1")):
        with pytest.raises(IntegrityError), transaction.atomic():
            connection.cursor().execute(COPY, [number, amount, voucher.pk])
    connection.cursor().execute(COPY, [2, "5", voucher.pk])
    assert Voucher.objects.count() == 2


def test_reversal_points_at_the_original_and_nets_to_zero(books, day):
    original = spending(books, day, "80")
    reversal = services.reverse_voucher(voucher=original, by=books.treasurer, reason="金额录错")
    assert reversal.reverses == original and reversal.date == original.date
    assert (reversal.direction, reversal.amount, reversal.category) == (
        original.direction,
        original.amount,
        original.category,
    )
    assert "冲销" in reversal.summary and "金额录错" in reversal.summary
    assert Voucher.objects.filter(pk__in=[original.pk, reversal.pk]).balance() == 0
    with pytest.raises(ValidationError):
        services.reverse_voucher(voucher=original, by=books.treasurer, reason="again")
    with pytest.raises(ValidationError):
        services.reverse_voucher(voucher=reversal, by=books.treasurer, reason="again")


def test_a_reversal_needs_a_reason(books, day):
    with pytest.raises(ValidationError):
        services.reverse_voucher(voucher=income(books, day), by=books.treasurer, reason="  ")


def test_restricted_fund_cannot_be_overdrawn(books, day):
    aid = category("困难职工帮扶", parent="维权支出")
    income(books, day, "1000", fund=books.hardship, category=category("其他收入"))
    spending(books, day, "600", fund=books.hardship, category=aid)
    with pytest.raises(ValidationError, match="不得透支"):
        spending(books, day, "400.01", fund=books.hardship, category=aid)
    spending(books, day, "400", fund=books.hardship, category=aid)
    assert services.fund_balance(books.hardship) == 0


def test_a_backdated_spending_may_not_overdraw_a_later_day(books):
    aid = category("困难职工帮扶", parent="维权支出")
    income(books, datetime.date(2026, 3, 1), "500", fund=books.hardship, category=category("其他收入"))
    spending(books, datetime.date(2026, 3, 20), "500", fund=books.hardship, category=aid)
    income(books, datetime.date(2026, 3, 25), "300", fund=books.hardship, category=category("其他收入"))
    # On 10 March 500 was there, but spending it then leaves 20 March short.
    with pytest.raises(ValidationError, match="不得透支"):
        spending(books, datetime.date(2026, 3, 10), "100", fund=books.hardship, category=aid)
    spending(books, datetime.date(2026, 3, 26), "300", fund=books.hardship, category=aid)


def test_reversing_an_income_of_a_restricted_fund_may_not_overdraw_it(books, day):
    gift = income(books, day, "100", fund=books.hardship, category=category("其他收入"))
    spending(books, day, "100", fund=books.hardship, category=category("困难职工帮扶", parent="维权支出"))
    with pytest.raises(ValidationError, match="不得透支"):
        services.reverse_voucher(voucher=gift, by=books.treasurer, reason="退回")


def test_unrestricted_fund_may_go_below_zero(books, day):
    spending(books, day, "10")
    assert services.fund_balance(books.fund) == Decimal("-10.00")


def test_closed_month_refuses_vouchers_until_the_chair_reopens_it(books, day):
    services.close_month(union=books.union, by=books.treasurer, year=2026, month=3)
    with pytest.raises(ValidationError, match="已结账"):
        income(books, day)
    income(books, datetime.date(2026, 4, 1))
    with pytest.raises(PermissionDenied):
        services.reopen_month(union=books.union, by=books.treasurer, year=2026, month=3, reason="补记")
    with pytest.raises(ValidationError):
        services.reopen_month(union=books.union, by=books.chair, year=2026, month=3, reason="")
    services.reopen_month(union=books.union, by=books.chair, year=2026, month=3, reason="漏记一笔")
    income(books, day)
    log = list(
        MonthCloseEvent.objects.filter(union=books.union).order_by("pk").values_list("action", "reason")
    )
    assert log == [("close", ""), ("reopen", "漏记一笔")]


def test_a_mistake_in_a_closed_month_is_reversed_in_an_open_one(books, day):
    voucher = income(books, day)
    services.close_month(union=books.union, by=books.treasurer, year=2026, month=3)
    reversal = services.reverse_voucher(
        voucher=voucher, by=books.treasurer, reason="重复入账", date=datetime.date(2026, 4, 2)
    )
    assert reversal.date == datetime.date(2026, 4, 2)


def test_auditors_and_chairs_never_write_vouchers(books, day):
    for user in (books.auditor, books.chair):
        with pytest.raises(PermissionDenied):
            services.post_voucher(
                union=books.union,
                by=user,
                date=day,
                fund=books.fund,
                category=category("会费收入"),
                amount=Decimal(1),
                summary="x",
            )


def test_treasurer_of_a_sibling_union_cannot_post_here(books, day, world):
    from tests.finances.factories import officer

    with pytest.raises(PermissionDenied):
        services.post_voucher(
            union=books.union,
            by=officer(world.union_b),
            date=day,
            fund=books.fund,
            category=category("会费收入"),
            amount=Decimal(1),
            summary="x",
        )


def test_only_a_fund_of_the_union_may_be_used(books, day, world):
    with pytest.raises(ValidationError):
        income(books, day, fund=FundFactory(union=world.union_b))


def test_transfer_keeps_both_funds_balanced_and_is_neither_income_nor_spending(books, day):
    income(books, day, "1000", fund=books.hardship, category=category("其他收入"))
    out, into = services.transfer_between_funds(
        union=books.union,
        by=books.treasurer,
        date=day,
        from_fund=books.hardship,
        to_fund=books.fund,
        amount=Decimal("250"),
        summary="帮困基金利息转救助",
    )
    assert into.transfer_from == out and (out.number, into.number) == (2, 3)
    assert services.fund_balance(books.hardship) == Decimal("750.00")
    assert services.fund_balance(books.fund) == Decimal("250.00")
    assert Voucher.objects.entries().count() == 1
    with pytest.raises(ValidationError, match="不得透支"):
        services.transfer_between_funds(
            union=books.union,
            by=books.treasurer,
            date=day,
            from_fund=books.hardship,
            to_fund=books.fund,
            amount=Decimal("750.01"),
            summary="x",
        )
    reversal = services.reverse_voucher(voucher=into, by=books.treasurer, reason="划错")
    assert reversal.reverses == into
    assert out.reversal.transfer_to == reversal
    assert services.fund_balance(books.hardship) == Decimal("1000.00")
    assert services.fund_balance(books.fund) == 0


def test_approval_is_the_chairs_and_not_the_clerks(books, day):
    unapproved = income(books, day)
    with pytest.raises(PermissionDenied):
        services.approve_voucher(voucher=unapproved, by=books.auditor)
    services.approve_voucher(voucher=unapproved, by=books.chair)
    assert Approval.objects.get().by == books.chair
    with pytest.raises(ValidationError):
        services.approve_voucher(voucher=unapproved, by=books.chair)


def test_opening_balance_counts_in_the_fund_but_not_as_income(books, day):
    services.record_opening_balance(fund=books.hardship, by=books.treasurer, date=day, amount=Decimal("5000"))
    assert services.fund_balance(books.hardship) == money(5000)
    assert not Voucher.objects.entries().exists()


def test_services_check_the_acting_role_not_every_role_the_user_holds(books, day):
    from unionhub.models import Role

    treasurer = Role.objects.get(user=books.treasurer, union=books.union, kind=Role.Kind.TREASURER)
    auditing = Role.objects.create(user=books.treasurer, union=books.union, kind=Role.Kind.AUDITOR)
    post = {
        "union": books.union,
        "date": day,
        "fund": books.fund,
        "category": category("行政补助收入"),
        "amount": Decimal("10"),
        "summary": "行政补助",
    }
    with pytest.raises(PermissionDenied):
        services.post_voucher(by=auditing, **post)
    voucher = services.post_voucher(by=treasurer, **post)
    assert voucher.entered_by == books.treasurer
    assert services.post_voucher(by=books.treasurer, **post).number == voucher.number + 1


def test_with_approval_first_a_draft_takes_its_number_only_when_the_chair_approves(books, day, client):
    from finances.models import BookRules, DraftVoucher

    first = income(books, day)
    rule = BookRules.objects.create(union=books.union, approve_first=True)
    client.force_login(books.treasurer)
    page = client.post(
        f"/finances/vouchers/new/?union={books.union.pk}",
        {
            "date": day.isoformat(),
            "category": category("行政补助收入").pk,
            "fund": books.fund.pk,
            "amount": "300",
            "summary": "行政补助",
            "receipts": "2",
            "settlement": "101",
        },
    )
    assert page.status_code == 302
    draft = DraftVoucher.objects.get(union=books.union)
    with pytest.raises(ValidationError, match="须经主席审批后记账"):
        income(books, day)  # the rule on, nothing posts at once
    BookRules.objects.filter(pk=rule.pk).update(approve_first=False)
    second = income(books, day)
    assert second.number == first.number + 1  # the draft took no number
    with pytest.raises((ValidationError, PermissionDenied)):
        services.approve_draft(draft=draft, by=books.treasurer)  # not a chair (and its maker)
    client.force_login(books.chair)
    done = client.post(f"/finances/vouchers/drafts/{draft.pk}/approve/")
    voucher = Voucher.objects.get(union=books.union, number=second.number + 1)
    assert done.status_code == 302 and done["Location"].endswith(f"/vouchers/{voucher.pk}/")
    assert voucher.entered_by == books.treasurer and voucher.approval.by == books.chair
    assert voucher.settlement == "101" and voucher.amount == Decimal("300.00")
    assert DraftVoucher.objects.get().voucher == voucher
    assert client.post(f"/finances/vouchers/drafts/{draft.pk}/approve/").status_code == 302  # once only
    assert Voucher.objects.filter(union=books.union).count() == 3
    printed = client.get(f"/finances/vouchers/{voucher.pk}/").content.decode()
    for label in ("会计主管", "记账", "出纳", "审核", "制单", "附单据 2 张"):
        assert label in printed


def test_a_voucher_cannot_be_dated_after_today(books, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 12, 7))
    with pytest.raises(ValidationError) as refused_error:
        income(books, datetime.date(2026, 12, 8))
    assert "日期不能晚于今天（2026-12-07）" in refused_error.value.message_dict["date"][0]
    assert income(books, datetime.date(2026, 12, 7)).number == 1
    form = VoucherForm({"date": "2026-12-31"}, union=books.union)
    assert not form.is_valid()
    assert form.errors["date"] == ["日期不能晚于今天（2026-12-07）：请按实际收付日期填写。"]
