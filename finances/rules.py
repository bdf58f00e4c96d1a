"""Spending rules at entry time: the published caps and prohibitions as data, and the check a
spending voucher goes through before it is posted."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from finances.membership import members_in_good_standing
from finances.models import Benefit, Direction, SpendingRule, Voucher
from finances.money import format_money
from unionhub.models import Union

NATIONAL = ""
NATIONAL_SOURCE = "基层工会经费收支管理办法（总工办发〔2017〕32号）"
# Where the year a province's figures took effect is not on record, 2018-01-01 stands in and says so.
ANHUI = "安徽省总工会规定（2018年）"
HUBEI = "湖北省总工会规定（施行日期待核）"
FUJIAN = "福建省总工会规定（2018年）"
HEILONGJIANG = "黑龙江省总工会规定（施行日期待核）"
SHANXI = "山西省总工会规定（施行日期待核）"
YEAR, OCCASION, PROHIBITED = (
    SpendingRule.Basis.PER_MEMBER_YEAR,
    SpendingRule.Basis.PER_OCCASION,
    SpendingRule.Basis.PROHIBITED,
)

# (region, in force from, benefit, basis, cap, text, source). Provincial figures are the examples
# DOMAIN.md lists; Zhejiang's are illustrative so the demo federation (浙江) has rules to meet.
RULES = [
    (NATIONAL, date(2018, 1, 1), Benefit.CASH_GIFT, PROHIBITED, None,
     "不得以现金、购物卡、代金券等形式发放会员福利", NATIONAL_SOURCE),
    (NATIONAL, date(2018, 1, 1), Benefit.BANQUET, PROHIBITED, None,
     "不得用工会经费请客送礼、组织宴请", NATIONAL_SOURCE),
    (NATIONAL, date(2018, 1, 1), Benefit.BONUS, PROHIBITED, None,
     "不得用工会经费发放奖金、津贴、补贴", NATIONAL_SOURCE),
    ("安徽", date(2018, 1, 1), Benefit.HOLIDAY, YEAR, "1500",
     "节日慰问品每人每年不超过1500元", ANHUI),
    ("安徽", date(2018, 1, 1), Benefit.BIRTHDAY, YEAR, "300",
     "生日慰问每人每年不超过300元", ANHUI),
    ("安徽", date(2018, 1, 1), Benefit.MARRIAGE, OCCASION, "600",
     "结婚慰问每人不超过600元", ANHUI),
    ("安徽", date(2018, 1, 1), Benefit.BIRTH, OCCASION, "600",
     "生育慰问每人不超过600元", ANHUI),
    ("安徽", date(2018, 1, 1), Benefit.HOSPITAL, OCCASION, "1000",
     "住院慰问每人不超过1000元", ANHUI),
    ("安徽", date(2018, 1, 1), Benefit.BEREAVEMENT, OCCASION, "2000",
     "会员去世慰问不超过2000元", ANHUI),
    ("湖北", date(2018, 1, 1), Benefit.HOLIDAY, YEAR, "1200",
     "节日慰问品每人每年不超过1200元（经费充足的不超过1500元）", HUBEI),
    ("湖北", date(2018, 1, 1), Benefit.MARRIAGE, OCCASION, "1000",
     "结婚慰问每人不超过1000元", HUBEI),
    ("湖北", date(2018, 1, 1), Benefit.BIRTH, OCCASION, "500",
     "生育慰问每人不超过500元", HUBEI),
    ("福建", date(2018, 1, 1), Benefit.HOLIDAY, YEAR, "1300",
     "节日慰问品每人每年不超过1300元", FUJIAN),
    ("福建", date(2018, 1, 1), Benefit.HOSPITAL, OCCASION, "500",
     "住院慰问每人不超过500元（做手术的不超过1000元）", FUJIAN),
    ("福建", date(2018, 1, 1), Benefit.BEREAVEMENT, OCCASION, "2000",
     "会员去世慰问不超过2000元", FUJIAN),
    ("黑龙江", date(2018, 1, 1), Benefit.HOLIDAY, YEAR, "1000",
     "节日慰问品每人每年不超过1000元", HEILONGJIANG),
    ("山西", date(2018, 1, 1), Benefit.HOLIDAY, YEAR, "1500",
     "节日慰问品每人每年不超过1500元", SHANXI),
    ("浙江", date(2018, 1, 1), Benefit.HOLIDAY, YEAR, "1500",
     "节日慰问品每人每年不超过1500元（示例标准，请按本省现行文件核对）", "示例数据"),
    ("浙江", date(2018, 1, 1), Benefit.BIRTHDAY, YEAR, "300",
     "生日慰问每人每年不超过300元（示例标准，请按本省现行文件核对）", "示例数据"),
]  # fmt: skip


def seed(apps=None, using: str = "default") -> None:
    """Write the rules above; rows already there are left alone, so it is safe to re-run."""
    if apps is None:
        from django.apps import apps
    rules = apps.get_model("finances", "SpendingRule").objects.db_manager(using)
    for region, effective_from, kind, basis, cap, text, source in RULES:
        rules.get_or_create(
            region=region,
            kind=kind,
            effective_from=effective_from,
            defaults={
                "basis": basis,
                "cap": Decimal(cap) if cap else None,
                "text": text,
                "source": source,
            },
        )


@dataclass(frozen=True)
class Breach:
    """A spending rule a voucher would break, and why, in words for the treasurer."""

    rule: SpendingRule
    message: str


def breaches(*, union: Union, on: date, benefit: str, amount: Decimal, direction: str) -> list[Breach]:
    """The rules of the union's region (and the national ones) a spending voucher would break."""
    if direction != Direction.SPENDING or not benefit:
        return []
    found = []
    for rule in SpendingRule.objects.in_force(region=union.region, on=on):
        if rule.kind != benefit:
            continue
        if rule.basis == PROHIBITED:
            found.append(Breach(rule, _("违反规定：%(text)s。") % {"text": rule.text}))
        elif rule.basis == OCCASION and amount > rule.cap:
            found.append(
                Breach(
                    rule,
                    _("本笔%(amount)s元超过标准：%(text)s。")
                    % {"amount": format_money(amount), "text": rule.text},
                )
            )
        elif rule.basis == YEAR:
            members = members_in_good_standing(union).count()
            limit = rule.cap * members
            spent = Voucher.objects.filter(
                union=union, year=on.year, kind=Voucher.Kind.ENTRY, benefit=benefit, direction=direction
            ).aggregate(total=Sum("signed_amount", default=Decimal(0)))["total"]
            if spent + amount > limit:
                found.append(
                    Breach(
                        rule,
                        _(
                            "本年%(kind)s已支出%(spent)s元，加本笔%(amount)s元，超过%(members)s名会员×"
                            "%(cap)s元的年度限额%(limit)s元（%(text)s）。"
                        )
                        % {
                            "kind": rule.get_kind_display(),
                            "spent": format_money(spent),
                            "amount": format_money(amount),
                            "members": members,
                            "cap": format_money(rule.cap),
                            "limit": format_money(limit),
                            "text": rule.text,
                        },
                    )
                )
    return found
