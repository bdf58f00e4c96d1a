import datetime
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from finances import selectors, services
from finances.models import DuesRun, VoucherLine, WageBase
from finances.money import amount_in_words, drop_below_ten
from members.models import Member
from tests.finances.factories import money, resident_id
from tests.members.factories import MemberFactory
from tests.refused import refused
from unionhub.money import round_money

pytestmark = pytest.mark.django_db


def test_dues_drop_the_part_below_ten_yuan():
    assert drop_below_ten(Decimal("4567")) == Decimal("4560")
    assert services.dues_for(Decimal("4567")) == Decimal("22.80")
    assert services.dues_for(Decimal("4569.99")) == Decimal("22.80")
    assert services.dues_for(Decimal("4570")) == Decimal("22.85")
    assert services.dues_for(Decimal("9.99")) == Decimal("0.00")
    assert services.dues_for(Decimal("3333")) == Decimal("16.65")


@given(st.decimals(min_value=0, max_value=10_000_000, places=2))
def test_dues_are_half_a_percent_of_whole_tens_rounded_half_up(wage):
    dues = services.dues_for(wage)
    base = int(wage) // 10 * 10
    assert dues == round_money(Decimal(base) / 200)
    assert dues.as_tuple().exponent == -2
    assert Decimal(0) <= wage * Decimal("0.005") - dues < Decimal("0.05") + Decimal("0.005")


def test_amount_in_chinese_capitals():
    assert amount_in_words(Decimal("58180")) == "伍万捌仟壹佰捌拾元整"
    assert amount_in_words(Decimal("22.80")) == "贰拾贰元捌角"
    assert amount_in_words(Decimal("1.05")) == "壹元零伍分"
    assert amount_in_words(Decimal("9500.00")) == "玖仟伍佰元整"
    assert amount_in_words(Decimal("0.004")) == "零元整"
    assert amount_in_words(Decimal("-3.20")) == "负叁元贰角"
    with pytest.raises(TypeError):
        round_money(1.1)


@pytest.fixture
def staff(books):
    members = MemberFactory.create_batch(3, union=books.union)
    for member, wage in zip(members, ("4567", "3000", "8888.88"), strict=True):
        services.set_wage_base(
            member=member, by=books.treasurer, amount=Decimal(wage), effective_from=datetime.date(2025, 1, 1)
        )
    retired = MemberFactory(union=books.union, status=Member.Status.RETAINED)
    services.set_wage_base(
        member=retired, by=books.treasurer, amount=Decimal("5000"), effective_from=datetime.date(2025, 1, 1)
    )
    return members


def test_month_of_dues_is_one_voucher_with_a_line_per_paying_member(books, staff):
    run = services.run_monthly_dues(union=books.union, year=2026, month=3, by=books.treasurer)
    voucher = run.voucher
    lines = {line.member_id: line for line in voucher.lines.all()}
    assert set(lines) == {m.pk for m in staff}
    assert lines[staff[0].pk].amount == Decimal("22.80") and lines[staff[0].pk].wage_base == Decimal("4560")
    assert lines[staff[1].pk].amount == Decimal("15.00")
    assert lines[staff[2].pk].amount == Decimal("44.40")
    assert voucher.amount == Decimal("82.20") == sum(line.amount for line in lines.values())
    assert voucher.date == datetime.date(2026, 3, 31) and voucher.category.name == "会费收入"
    assert run.members == 3


def test_re_running_a_month_does_not_double_it(books, staff):
    services.run_monthly_dues(union=books.union, year=2026, month=3, by=books.treasurer)
    with pytest.raises(ValidationError, match="不能重复记账"):
        services.run_monthly_dues(union=books.union, year=2026, month=3, by=books.treasurer)
    assert VoucherLine.objects.count() == 3
    run = DuesRun.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesRun.objects.create(union=books.union, year=2026, month=3, voucher=run.voucher, members=1)


def test_dues_lines_are_immutable_in_sql(books, staff):
    run = services.run_monthly_dues(union=books.union, year=2026, month=3, by=books.treasurer)
    for sql in (
        "UPDATE finances_voucherline SET amount = 1 WHERE voucher_id = %s",
        "DELETE FROM finances_voucherline WHERE voucher_id = %s",
    ):
        with refused(), transaction.atomic():
            connection.cursor().execute(sql, [run.voucher_id])


def test_a_reversed_run_may_be_run_again(books, staff):
    run = services.run_monthly_dues(union=books.union, year=2026, month=3, by=books.treasurer)
    services.reverse_voucher(voucher=run.voucher, by=books.treasurer, reason="工资基数有误")
    run.refresh_from_db()
    assert run.cancelled
    assert selectors.arrears(union=books.union, year=2026, month=3).count() == 3
    again = services.run_monthly_dues(union=books.union, year=2026, month=3, by=books.treasurer)
    assert again.voucher.amount == Decimal("82.20")


def test_arrears_list_and_late_dues(books, staff):
    newcomer = MemberFactory(union=books.union, join_date=datetime.date(2026, 3, 15))
    later = MemberFactory(union=books.union, join_date=datetime.date(2026, 4, 2))
    services.run_monthly_dues(union=books.union, year=2026, month=3, by=books.treasurer)
    assert list(selectors.arrears(union=books.union, year=2026, month=3)) == [newcomer]
    with pytest.raises(ValidationError, match="月工资"):
        services.record_member_dues(
            union=books.union,
            by=books.treasurer,
            member=newcomer,
            year=2026,
            month=3,
            date=datetime.date(2026, 4, 3),
        )
    services.set_wage_base(
        member=newcomer, by=books.treasurer, amount=Decimal("5000"), effective_from=datetime.date(2026, 3, 15)
    )
    late = services.record_member_dues(
        union=books.union,
        by=books.treasurer,
        member=newcomer,
        year=2026,
        month=3,
        date=datetime.date(2026, 4, 3),
    )
    assert late.amount == Decimal("25.00")
    assert not selectors.arrears(union=books.union, year=2026, month=3).exists()
    with pytest.raises(ValidationError, match="已记账"):
        services.record_member_dues(
            union=books.union,
            by=books.treasurer,
            member=newcomer,
            year=2026,
            month=3,
            date=datetime.date(2026, 4, 3),
        )
    assert later not in selectors.arrears(union=books.union, year=2026, month=3)


def test_wage_base_in_effect_is_the_latest_by_the_months_end(books, staff):
    services.set_wage_base(
        member=staff[1], by=books.treasurer, amount=Decimal("3500"), effective_from=datetime.date(2026, 3, 20)
    )
    services.set_wage_base(
        member=staff[1], by=books.treasurer, amount=Decimal("9000"), effective_from=datetime.date(2026, 4, 1)
    )
    run = services.run_monthly_dues(union=books.union, year=2026, month=3, by=books.treasurer)
    assert run.voucher.lines.get(member=staff[1]).amount == Decimal("17.50")


def test_member_dues_history(books, staff):
    for month in (1, 2, 3):
        services.run_monthly_dues(union=books.union, year=2026, month=month, by=books.treasurer)
    history = list(selectors.dues_history(staff[0]))
    assert [line.period.month for line in history] == [3, 2, 1]
    assert all(line.amount == Decimal("22.80") for line in history)


def test_ten_thousand_members_in_a_fixed_number_of_queries(books):
    members = [
        Member(
            union=books.union,
            name=f"会员{i}",
            sex=Member.Sex.FEMALE,
            id_number=resident_id(100_000 + i),
            join_date=datetime.date(2020, 1, 1) if i < 5 else datetime.date(2026, 2, 1),
        )
        for i in range(10_000)
    ]
    Member.objects.bulk_create(members)
    WageBase.objects.bulk_create(
        WageBase(
            member=member,
            amount=Decimal(3000 + i % 5000) + Decimal("0.37"),
            effective_from=datetime.date(2025, 1, 1),
            recorded_by=books.treasurer,
        )
        for i, member in enumerate(members)
    )
    with CaptureQueriesContext(connection) as few:
        services.run_monthly_dues(union=books.union, year=2026, month=1, by=books.treasurer)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as many:
        run = services.run_monthly_dues(union=books.union, year=2026, month=2, by=books.treasurer)
    elapsed = time.perf_counter() - started
    print(f"\n10,000 members' dues: {len(many)} queries (5 members: {len(few)}), {elapsed:.2f} s")
    assert len(many) == len(few)
    assert run.members == 10_000 and run.voucher.lines.count() == 10_000
    assert run.voucher.amount == sum(services.dues_for(Decimal(3000 + i % 5000)) for i in range(10_000))
    # Its time is printed, not asserted: speed is measured by `make bench`, not by a loaded test machine.


def test_the_two_percent_allocation_keeps_sixty_and_remits_forty(books):
    allocation = services.record_allocation(
        union=books.union, by=books.treasurer, year=2026, month=3, payroll=Decimal("1234567.89")
    )
    assert allocation.total == money("24691.36")
    assert allocation.kept == money("14814.82") and allocation.remitted == money("9876.54")
    assert allocation.voucher.amount == allocation.kept
    assert allocation.voucher.category.name == "拨缴经费收入"
    assert "留成60%" in allocation.voucher.summary
    with pytest.raises(ValidationError):
        services.record_allocation(
            union=books.union, by=books.treasurer, year=2026, month=3, payroll=Decimal("1")
        )
    other = services.record_allocation(
        union=books.union,
        by=books.treasurer,
        year=2026,
        month=4,
        payroll=Decimal("100000"),
        kept_share=Decimal("0.7"),
    )
    assert (other.kept, other.remitted) == (money(1400), money(600))


def test_the_whole_two_percent_received_shows_the_upper_share_as_owed(books):
    from finances import statutory
    from finances.models import Voucher

    services.record_allocation(
        union=books.union,
        by=books.treasurer,
        year=2026,
        month=3,
        payroll=Decimal("100000"),
        received_whole=True,
    )
    sheet = statutory.form_01(union=books.union, year=2026, month=3)
    assert sheet.value("money", 1) == money(2000)
    assert sheet.value("payable_upper", 1) == money(800) == sheet.value("liabilities", 1)
    assert sheet.value("surplus", 1) == money(1200)
    assert sheet.value("assets", 1) == sheet.value("liabilities_and_net_assets", 1)
    assert statutory.form_02(union=books.union, year=2026, month=3).value("income") == money(1200)
    services.move_between_accounts(
        union=books.union,
        by=books.treasurer,
        date=datetime.date(2026, 3, 31),
        fund=books.fund,
        from_account=Voucher.Settlement.BANK,
        to_account=Voucher.Settlement.PAYABLE,
        amount=Decimal("800"),
        summary="上解拨缴经费",
    )
    sheet = statutory.form_01(union=books.union, year=2026, month=3)
    assert sheet.value("payable_upper", 1) == 0 and sheet.value("money", 1) == money(1200)


def test_the_dues_run_names_whom_it_skipped_and_why(books, staff, client):
    from django.urls import reverse

    nowage = MemberFactory(union=books.union, name="未登工资")
    early = staff[0]
    services.record_member_dues(
        union=books.union,
        by=books.treasurer,
        member=early,
        year=2026,
        month=3,
        date=datetime.date(2026, 3, 5),
    )
    client.force_login(books.treasurer)
    response = client.post(
        reverse("finances:dues") + f"?union={books.union.pk}", {"year": 2026, "month": 3}, follow=True
    )
    page = response.content.decode()
    assert "已记2026年3月会费：2人" in page
    assert "未计入 2 人" in page
    assert f"{nowage.name}（未登记月工资）" in page
    assert f"{early.name}（本月会费已另行记账）" in page


def test_a_union_of_fixed_dues_charges_each_paying_member_the_amount_and_one_of_none_charges_nobody(books):
    members = MemberFactory.create_batch(2, union=books.union)  # no wage base: not needed for a fixed amount
    union = books.union
    union.dues_mode, union.dues_fixed_amount = union.DuesMode.FIXED, Decimal("2.00")
    union.save()
    run = services.run_monthly_dues(union=union, year=2026, month=3, by=books.treasurer)
    lines = list(run.voucher.lines.all())
    assert {line.member_id for line in lines} == {m.pk for m in members}
    assert {(line.amount, line.wage_base) for line in lines} == {(Decimal("2.00"), None)}
    assert run.voucher.amount == Decimal("4.00")

    union.dues_mode = union.DuesMode.NONE
    union.save()
    with pytest.raises(ValidationError, match="本级不收缴会费"):
        services.run_monthly_dues(union=union, year=2026, month=4, by=books.treasurer)
    day = datetime.date(2026, 4, 30)
    with pytest.raises(ValidationError, match="本级不收缴会费"):
        services.record_member_dues(
            union=union, by=books.treasurer, member=members[0], year=2026, month=4, date=day
        )


def test_a_run_of_the_running_month_is_dated_today_and_a_month_to_come_is_refused(books, staff, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 12, 7))
    run = services.run_monthly_dues(union=books.union, year=2026, month=12, by=books.treasurer)
    assert run.voucher.date == datetime.date(2026, 12, 7)
    with pytest.raises(ValidationError, match="2027年1月尚未开始"):
        services.run_monthly_dues(union=books.union, year=2027, month=1, by=books.treasurer)
    with pytest.raises(ValidationError, match="日期不能晚于今天"):
        services.run_monthly_dues(
            union=books.union, year=2026, month=11, by=books.treasurer, date=datetime.date(2026, 12, 31)
        )
