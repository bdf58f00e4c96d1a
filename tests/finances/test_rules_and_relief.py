import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from finances import relief_selectors, rules, selectors, services
from finances.models import AidPayment, Donation, RuleWarning, SpendingRule, Voucher
from members.models import Member
from tests.finances.factories import category, money
from tests.members.factories import HardshipCaseFactory, MemberFactory
from tests.refused import refused

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 9, 20)


def gift(books, amount, benefit, confirm=False, day=DAY):
    return services.post_voucher(
        union=books.union,
        by=books.treasurer,
        date=day,
        fund=books.fund,
        category=category("其他活动", parent="职工活动支出"),
        amount=Decimal(amount),
        summary="中秋慰问品",
        benefit=benefit,
        confirm_warnings=confirm,
    )


def test_rules_are_seeded_for_the_provinces_and_the_demo_region():
    regions = set(SpendingRule.objects.values_list("region", flat=True))
    assert {"", "安徽", "湖北", "福建", "黑龙江", "山西", "浙江"} <= regions
    zhejiang = SpendingRule.objects.get(region="浙江", kind="holiday")
    assert "示例" in zhejiang.text
    anhui = SpendingRule.objects.in_force(region="安徽", on=DAY)
    assert {(r.kind, r.cap) for r in anhui if r.region} >= {
        ("holiday", money(1500)),
        ("birthday", money(300)),
    }


def test_holiday_gifts_past_the_yearly_cap_for_the_members_warn_before_posting(books, monkeypatch):
    MemberFactory.create_batch(2, union=books.union)
    MemberFactory(union=books.union, status=Member.Status.RETAINED)
    MemberFactory(union=books.union, status=Member.Status.LEFT)
    # 3 members in good standing × ¥1,500 (浙江's example figure) = ¥4,500 a year.
    gift(books, "4000", "holiday")
    with pytest.raises(services.RulesBroken) as raised:
        gift(books, "500.01", "holiday")
    [breach] = raised.value.breaches
    assert "4,000.00" in breach.message and "4,500.00" in breach.message and "3名会员" in breach.message
    assert Voucher.objects.count() == 1
    voucher = gift(books, "500.01", "holiday", confirm=True)
    warning = RuleWarning.objects.get()
    assert (warning.voucher, warning.confirmed_by, warning.rule.kind) == (voucher, books.treasurer, "holiday")
    # Next year the cap starts again.
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2027, 1, 20))
    gift(books, "4500", "holiday", day=datetime.date(2027, 1, 20))


def test_a_cash_or_shopping_card_gift_is_warned_about_whatever_the_amount(books):
    MemberFactory.create_batch(5, union=books.union)
    with pytest.raises(services.RulesBroken, match="购物卡"):
        gift(books, "10", "cash")
    gift(books, "10", "cash", confirm=True)
    assert RuleWarning.objects.get().rule.region == ""


def test_a_region_without_a_rule_for_the_benefit_passes(books, world):
    books.union.region = "黑龙江"
    books.union.save()
    assert (
        rules.breaches(union=books.union, on=DAY, benefit="birthday", amount=money(10**6), direction="out")
        == []
    )
    MemberFactory(union=books.union)
    assert (
        len(rules.breaches(union=books.union, on=DAY, benefit="holiday", amount=money(1001), direction="out"))
        == 1
    )


def test_rule_effective_dates_are_respected(books):
    books.union.region = "安徽"
    books.union.save()
    MemberFactory(union=books.union)
    early = datetime.date(2017, 6, 1)
    assert (
        rules.breaches(union=books.union, on=early, benefit="holiday", amount=money(9999), direction="out")
        == []
    )
    assert rules.breaches(union=books.union, on=DAY, benefit="holiday", amount=money(1501), direction="out")
    assert rules.breaches(union=books.union, on=DAY, benefit="marriage", amount=money(601), direction="out")
    assert not rules.breaches(
        union=books.union, on=DAY, benefit="marriage", amount=money(600), direction="out"
    )


def test_warnings_are_immutable(books):
    gift(books, "10", "banquet", confirm=True)
    with refused(), transaction.atomic():
        connection.cursor().execute("DELETE FROM finances_rulewarning")


@pytest.fixture
def drive(books):
    return services.create_drive(
        union=books.union,
        by=books.treasurer,
        fund=books.hardship,
        kind="appeal",
        title="扶贫帮困，情暖职工",
        starts_on=datetime.date(2025, 1, 10),
    )


def test_a_drive_must_feed_a_restricted_fund_of_the_union(books):
    with pytest.raises(ValidationError, match="专款专用"):
        services.create_drive(
            union=books.union,
            by=books.treasurer,
            fund=books.fund,
            kind="annual",
            title="募捐月",
            starts_on=DAY,
        )


def test_donations_post_one_voucher_per_batch_into_the_drives_fund(books, drive):
    member = MemberFactory(union=books.union, name="张三丰")
    voucher = services.record_donations(
        drive=drive,
        by=books.treasurer,
        date=datetime.date(2025, 1, 12),
        gifts=[
            services.Gift("member", Decimal("200"), member=member),
            services.Gift("unit", Decimal("50000"), donor_name="通达汽运公司"),
            services.Gift("outside", Decimal("7980"), donor_name="欧阳娜娜"),
        ],
    )
    assert voucher.fund == books.hardship and voucher.amount == money(58180)
    assert voucher.category.name == "其他收入" and voucher.donations.count() == 3
    assert relief_selectors.drive_figures(drive) == {"total": money(58180), "gifts": 3, "donors": 3}
    names = [selectors.notice_name(d) for d in drive.donations.order_by("pk")]
    assert names == ["张*丰", "通达汽运公司", "欧**娜"]
    with refused(), transaction.atomic():
        Donation.objects.update(amount=1)


def test_a_reversed_donation_batch_leaves_the_drive(books, drive):
    voucher = services.record_donations(
        drive=drive,
        by=books.treasurer,
        date=datetime.date(2025, 1, 12),
        gifts=[services.Gift("outside", Decimal("100"), donor_name="王五", anonymous=True)],
    )
    assert selectors.notice_name(voucher.donations.get()) == "爱心人士"
    services.reverse_voucher(voucher=voucher, by=books.treasurer, reason="捐款人要求退回")
    assert relief_selectors.drive_figures(drive) == {"total": 0, "gifts": 0, "donors": 0}


def test_member_gift_needs_a_member_and_amounts_must_be_positive(books, drive):
    for bad in (
        services.Gift("member", Decimal("10"), donor_name="无名"),
        services.Gift("outside", Decimal("0"), donor_name="赵六"),
        services.Gift("outside", Decimal("5"), donor_name=" "),
    ):
        with pytest.raises(ValidationError):
            services.record_donations(drive=drive, by=books.treasurer, date=DAY, gifts=[bad])
    assert not Voucher.objects.exists()


def test_masking_names():
    assert [selectors.mask_name(n) for n in ("张三丰", "李四", "欧阳娜娜", "王")] == [
        "张*丰",
        "李*",
        "欧**娜",
        "王",
    ]


def test_aid_to_a_hardship_case_is_a_spending_voucher_of_its_fund(books):
    case = HardshipCaseFactory(member=MemberFactory(union=books.union, name="周困难"))
    services.record_opening_balance(fund=books.hardship, by=books.treasurer, date=DAY, amount=Decimal(3000))
    aid = services.pay_aid(
        union=books.union,
        by=books.treasurer,
        date=DAY,
        fund=books.hardship,
        kind=AidPayment.Kind.SCHOOLING,
        amount=Decimal("2000"),
        case=case,
        beneficiary="周小明（浙江大学）",
    )
    voucher = aid.voucher
    services.approve_voucher(voucher=voucher, by=books.chair)
    assert aid.member == case.member
    assert (voucher.direction, voucher.fund, voucher.amount) == ("out", books.hardship, money(2000))
    assert str(voucher.category) == "维权支出 › 困难职工帮扶"
    assert "金秋助学" in voucher.summary and "周小明" in voucher.summary
    assert voucher.approval.by == books.chair
    visit = services.pay_aid(
        union=books.union,
        by=books.treasurer,
        date=DAY,
        fund=books.hardship,
        kind=AidPayment.Kind.HOLIDAY_VISIT,
        amount=Decimal("500"),
        member=case.member,
    )
    assert str(visit.voucher.category) == "维权支出 › 送温暖"
    with pytest.raises(ValidationError, match="不得透支"):
        services.pay_aid(
            union=books.union,
            by=books.treasurer,
            date=DAY,
            fund=books.hardship,
            kind=AidPayment.Kind.LIVING,
            amount=Decimal("500.01"),
            case=case,
        )
    assert AidPayment.objects.count() == 2


def test_aid_to_another_unions_member_is_refused(books, world):
    stranger = MemberFactory(union=world.union_b)
    with pytest.raises(ValidationError):
        services.pay_aid(
            union=books.union,
            by=books.treasurer,
            date=DAY,
            fund=books.fund,
            kind=AidPayment.Kind.LIVING,
            amount=Decimal("10"),
            member=stranger,
        )
