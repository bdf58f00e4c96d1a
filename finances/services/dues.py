"""Dues (会费) and the employer's 2% allocation (拨缴经费)."""

from datetime import date as Date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from finances import chart
from finances.membership import paying_members
from finances.models import Allocation, Direction, DuesRun, Fund, Voucher, VoucherLine, WageBase
from finances.money import drop_below_ten, format_money
from finances.selectors import arrears, live_dues_lines, month_bounds
from finances.services.ledger import _post, category_for, lock_books, main_fund, move_money, require_right
from members.models import Member
from unionhub import access
from unionhub.models import Union, User
from unionhub.money import round_money

# 0.5% of the monthly wage (全总 工发〔1978〕101号): national and unchanged, so a constant.
DUES_RATE = Decimal("0.005")
# The employer's 2% of total payroll (工会法 art. 43); the kept share is a parameter.
ALLOCATION_RATE = Decimal("0.02")
DEFAULT_KEPT_SHARE = Decimal("0.6")


def dues_for(wage: Decimal) -> Decimal:
    """A month's dues: 0.5% of the wage with the part below ten yuan dropped (¥4,567 → ¥22.80)."""
    return round_money(drop_below_ten(wage) * DUES_RATE)


def collects_dues(union: Union) -> None:
    """Refuses dues for a union whose profile says it collects none (a township of farmers whose
    members pay at their village, say)."""
    if union.dues_mode == Union.DuesMode.NONE:
        raise ValidationError(
            _("%(union)s的会费收缴方式为“本级不收缴会费”，不记会费；如需收缴，请在工会基本情况中修改。")
            % {"union": union.label}
        )


def _income(
    *,
    union: Union,
    by: User,
    on: Date,
    category: str,
    amount: Decimal,
    summary: str,
    fund: Fund | None,
    counterparty: str = "",
) -> Voucher:
    """An income voucher of a standard top-level category, into the given fund or the union fund."""
    return _post(
        union=union,
        by=by,
        date=on,
        kind=Voucher.Kind.ENTRY,
        direction=Direction.INCOME,
        fund=fund or main_fund(union),
        category=category_for(union, on, category),
        amount=amount,
        summary=summary,
        counterparty=counterparty,
    )


def run_date(year: int, month: int, date: Date | None) -> Date:
    """The day a month's dues or allocation is dated: as given, else the month's last day, or today
    while the month is still running (no voucher is dated after today). A month not yet begun is
    refused: nothing of it has been paid."""
    first, last = month_bounds(year, month)
    today = timezone.localdate()
    if first > today:
        raise ValidationError(
            {"month": _("%(year)s年%(month)s月尚未开始，不能记账。") % {"year": year, "month": month}}
        )
    return date or min(last, today)


@transaction.atomic
def run_monthly_dues(
    *, union: Union, year: int, month: int, by: User, date: Date | None = None, fund: Fund | None = None
) -> DuesRun:
    """Record a month's dues for every paying member with a wage base, as one voucher with member lines.

    Members whose dues for the month are already recorded (paid late, say) are left out; members
    with no wage base on record are left in the arrears list. Once per month: a second run is
    refused (and the database refuses it too) unless the first run's voucher was reversed.
    Queries: a fixed number, whatever the number of members (one bulk insert of the lines).
    """
    by = require_right(by, union, access.FINANCES)
    collects_dues(union)
    first, _last = month_bounds(year, month)
    on = run_date(year, month, date)
    lock_books(union, on.year)
    done = DuesRun.objects.filter(union=union, year=year, month=month, cancelled=False).select_related(
        "voucher"
    )
    if done:
        raise ValidationError(
            _("%(year)s年%(month)s月会费已记账（%(voucher)s凭证），不能重复记账。")
            % {"year": year, "month": month, "voucher": done[0].voucher}
        )
    owing = arrears(union=union, year=year, month=month)
    if union.dues_mode == Union.DuesMode.FIXED:
        members = list(owing.values_list("pk", flat=True))
        lines = [
            VoucherLine(member_id=pk, period=first, wage_base=None, amount=union.dues_fixed_amount)
            for pk in members
        ]
    else:
        members = list(owing.filter(wage__isnull=False).values_list("pk", "wage"))
        lines = [
            VoucherLine(member_id=pk, period=first, wage_base=drop_below_ten(wage), amount=dues_for(wage))
            for pk, wage in members
        ]
    if not lines:
        raise ValidationError(_("没有可计缴会费的会员：请先登记会员的月工资。"))
    total = sum((line.amount for line in lines), Decimal(0))
    voucher = _income(
        union=union,
        by=by,
        on=on,
        category=chart.DUES,
        amount=total,
        summary=_("%(year)s年%(month)s月会费（%(count)s人）")
        % {"year": year, "month": month, "count": len(lines)},
        fund=fund,
    )
    for line in lines:
        line.voucher = voucher
    VoucherLine.objects.bulk_create(lines)
    run = DuesRun(union=union, year=year, month=month, voucher=voucher, members=len(lines))
    run.full_clean()
    run.save()
    return run


@transaction.atomic
def record_member_dues(
    *, union: Union, by: User, member: Member, year: int, month: int, date: Date, fund: Fund | None = None
) -> Voucher:
    """One member's dues for a month, paid late (补缴) or after a reversed run."""
    by = require_right(by, union, access.FINANCES)
    first, last = month_bounds(year, month)
    lock_books(union, date.year)
    if not paying_members(union).filter(pk=member.pk).exists():
        raise ValidationError(_("%(member)s不是本工会的缴费会员。") % {"member": member})
    if live_dues_lines().filter(member=member, period=first).exists():
        raise ValidationError(
            _("%(member)s %(year)s年%(month)s月的会费已记账。")
            % {"member": member, "year": year, "month": month}
        )
    collects_dues(union)
    wage = WageBase.objects.in_effect(last).filter(member=member).order_by("-effective_from").first()
    if union.dues_mode == Union.DuesMode.FIXED:
        amount = union.dues_fixed_amount
    elif wage is None:
        raise ValidationError(_("请先登记%(member)s的月工资。") % {"member": member})
    else:
        amount = dues_for(wage.amount)
    voucher = _income(
        union=union,
        by=by,
        on=date,
        category=chart.DUES,
        amount=amount,
        summary=_("%(member)s补缴%(year)s年%(month)s月会费")
        % {"member": member, "year": year, "month": month},
        fund=fund,
    )
    VoucherLine.objects.create(
        voucher=voucher,
        member=member,
        period=first,
        wage_base=drop_below_ten(wage.amount) if wage and union.dues_mode == Union.DuesMode.WAGE else None,
        amount=amount,
    )
    return voucher


@transaction.atomic
def set_wage_base(*, member: Member, by: User, amount: Decimal, effective_from: Date) -> WageBase:
    """Record a member's monthly wage for dues from a date on (a later row supersedes, none is edited)."""
    by = require_right(by, member.union, access.FINANCES)
    wage = WageBase(member=member, amount=round_money(amount), effective_from=effective_from, recorded_by=by)
    wage.full_clean()
    wage.save()
    return wage


@transaction.atomic
def record_allocation(
    *,
    union: Union,
    by: User,
    year: int,
    month: int,
    payroll: Decimal,
    date: Date | None = None,
    kept_share: Decimal = DEFAULT_KEPT_SHARE,
    fund: Fund | None = None,
    counterparty: str = "",
    received_whole: bool = False,
) -> Allocation:
    """The employer's 2% of the month's payroll: the union keeps `kept_share` (60% unless a rule
    says otherwise) as 拨缴经费收入 and remits the rest upward; the voucher records the kept part.

    With `received_whole` the employer paid the whole 2% into the union's bank account: the part
    owed upward is recorded as 应付上级经费 (银行存款 up, the liability up, no income) until it is
    paid up with `move_between_accounts` (应付上级经费 ← 银行存款)."""
    by = require_right(by, union, access.FINANCES)
    payroll = round_money(payroll)
    if payroll <= 0:
        raise ValidationError({"payroll": _("工资总额必须大于零。")})
    if not Decimal(0) < kept_share <= 1:
        raise ValidationError({"kept_share": _("留成比例应在0到100%之间。")})
    on = run_date(year, month, date)
    lock_books(union, on.year)
    if Allocation.objects.filter(union=union, year=year, month=month, cancelled=False).exists():
        raise ValidationError(_("%(year)s年%(month)s月的拨缴经费已记账。") % {"year": year, "month": month})
    total = round_money(payroll * ALLOCATION_RATE)
    kept = round_money(total * kept_share)
    remitted = total - kept
    voucher = _income(
        union=union,
        by=by,
        on=on,
        category=chart.ALLOCATED,
        fund=fund,
        amount=kept,
        summary=_(
            "%(year)s年%(month)s月拨缴经费：工资总额%(payroll)s元×2%%=%(total)s元，留成%(share)s%%计%(kept)s元，上解%(remitted)s元"
        )
        % {
            "year": year,
            "month": month,
            "payroll": format_money(payroll),
            "total": format_money(total),
            "share": format(kept_share * 100, "f").rstrip("0").rstrip("."),
            "kept": format_money(kept),
            "remitted": format_money(remitted),
        },
        counterparty=counterparty or union.employer,
    )
    if received_whole and remitted > 0:
        move_money(
            union=union,
            by=by,
            date=on,
            fund=voucher.fund,
            from_account=Voucher.Settlement.PAYABLE,
            to_account=Voucher.Settlement.BANK,
            counterpart_union=union.parent,
            amount=remitted,
            summary=_("%(year)s年%(month)s月拨缴经费应上解部分%(remitted)s元")
            % {"year": year, "month": month, "remitted": format_money(remitted)},
        )
    allocation = Allocation(
        union=union,
        year=year,
        month=month,
        payroll=payroll,
        total=total,
        kept_share=kept_share,
        kept=kept,
        remitted=remitted,
        voucher=voucher,
    )
    allocation.full_clean()
    allocation.save()
    return allocation
