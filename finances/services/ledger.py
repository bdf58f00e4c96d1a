"""Posting to the ledger: numbering, locks, closed months, restricted funds, reversals, transfers.

Every voucher goes through `_post`, which takes the union's counter row for the year with
SELECT … FOR UPDATE first. That one lock serialises numbering, the closed-month check and the
restricted-fund balance check of a union's books, so two treasurers posting at once get
consecutive numbers and neither can overdraw a fund the other is spending from.
"""

from datetime import date as Date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, Award
from finances import chart, interunion, rules
from finances.models import (
    Allocation,
    BookRules,
    Category,
    CategoryEdition,
    Direction,
    DuesRun,
    Fund,
    MonthClose,
    MonthCloseEvent,
    RuleWarning,
    Voucher,
    VoucherCounter,
)
from finances.money import format_money
from unionhub import access
from unionhub.models import Role, Union, User
from unionhub.money import round_money

RELATED = (
    "union",
    "fund",
    "category",
    "entered_by",
    "activity",
    "award",
    "reverses",
    "transfer_from",
    "counterpart_union",
    "batch",
)


def default_earmark(fund: Fund, category: Category | None) -> bool:
    """专项 unless told otherwise when the fund is restricted; 会费收入 is never earmarked."""
    if category is not None and category.account.top.code == chart.DUES_CODE:
        return False
    return fund.restricted


class RulesBroken(ValidationError):
    """The voucher would break spending rules; post again with `confirm_warnings=True` to go ahead."""

    def __init__(self, breaches: list[rules.Breach]):
        self.breaches = breaches
        super().__init__([breach.message for breach in breaches])


def check_posts_at_once(union: Union) -> None:
    """With 审批后记账 (`BookRules`) every voucher waits for the chair: the services that post at once
    refuse, and the draft ones of `finances.services.approval` take it instead."""
    if BookRules.approve_first_for(union):
        raise ValidationError(_("本工会凭证须经主席审批后记账，请提交主席审批。"))


def require_right(by: User | Role, union: Union, area: str) -> User:
    """The acting role must write `area` in the union or a union above it; returns its user.

    Views pass the acting role (`request.role`): that role, and no other the user holds, is checked.
    A user (a command, the demo) may act through any role it holds.
    """
    roles = [by] if isinstance(by, Role) else by.roles.select_related("union")
    for role in roles:
        if access.can_write(role, area) and role.union.contains(union):
            return role.user if isinstance(by, Role) else by
    raise PermissionDenied(_("您没有在该工会办理此项业务的权限。"))


def lock_books(union: Union, year: int) -> VoucherCounter:
    """Take the union's counter row for the year (created on first use) FOR UPDATE."""
    VoucherCounter.objects.bulk_create([VoucherCounter(union=union, year=year)], ignore_conflicts=True)
    return VoucherCounter.objects.select_for_update().get(union=union, year=year)


def is_closed(union: Union, on: Date) -> bool:
    return MonthClose.objects.filter(union=union, year=on.year, month=on.month).exists()


def open_months(union: Union, year: int) -> list[int]:
    """The months of the year the union has not closed (结账), in order: a voucher may still be dated
    in them, so the year's figures may still move."""
    closed = set(MonthClose.objects.filter(union=union, year=year).values_list("month", flat=True))
    return [month for month in range(1, 13) if month not in closed]


def lowest_balance_from(fund: Fund, on: Date) -> Decimal:
    """The lowest balance the fund shows at the end of any day from `on` onwards.

    A spending dated `on` lowers every later day's balance too, so this — not just today's
    balance — is what a restricted fund must still cover.
    """
    assert Voucher._meta.db_table == "finances_voucher"  # named in the SQL below
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT LEAST(
                (SELECT COALESCE(SUM(fund_effect), 0) FROM finances_voucher
                 WHERE fund_id = %s AND date <= %s),
                (SELECT MIN(running) FROM (
                    SELECT date, SUM(SUM(fund_effect)) OVER (ORDER BY date) AS running
                    FROM finances_voucher WHERE fund_id = %s GROUP BY date
                ) AS days WHERE date >= %s)
            )
            """,
            [fund.pk, on, fund.pk, on],
        )
        return cursor.fetchone()[0]


def category_for(union: Union, on: Date, name: str, *, parent: str | None = None) -> Category:
    """A standard category of the edition in force on a date, by name (and its top-level item)."""
    edition = CategoryEdition.objects.in_force(on)
    if edition is None:
        first = CategoryEdition.objects.order_by("effective_from").values_list("effective_from", flat=True)
        raise ValidationError(
            {
                "date": _("%(date)s早于最早的会计制度（%(first)s起施行），不能记账。")
                % {"date": on.isoformat(), "first": first[0].isoformat() if first else "—"}
            }
        )
    categories = Category.objects.filter(edition=edition, union__isnull=True, name=name)
    categories = categories.filter(parent__name=parent) if parent else categories.filter(parent__isnull=True)
    found = categories.first()
    if found is None:
        raise ValidationError(
            {
                "date": _("%(edition)s中没有“%(name)s”科目，不能按这个日期记账。")
                % {"edition": edition, "name": name}
            }
        )
    return found


def main_fund(union: Union) -> Fund:
    fund = union.funds.filter(kind=Fund.Kind.UNION_FUND).order_by("pk").first()
    if fund is None:
        raise ValidationError(_("本工会尚未设立“工会经费”资金，请先在资金管理中设立。"))
    return fund


def _check_category(union: Union, on: Date, category: Category) -> None:
    edition = CategoryEdition.objects.in_force(on)
    if edition is None or category.edition_id != edition.pk:
        raise ValidationError({"category": _("该科目不属于凭证日期适用的会计制度版本。")})
    if category.union_id not in (None, union.pk):
        raise ValidationError({"category": _("不能使用其他工会增设的科目。")})


def _check_link(union: Union, record, label: str) -> None:
    if record is not None and not union.contains(record.union):
        raise ValidationError(_("%(label)s不属于本工会或下级工会。") % {"label": label})


def _post(
    *,
    union: Union,
    by: User,
    date: Date,
    kind: str,
    direction: str,
    fund: Fund,
    category: Category | None,
    amount: Decimal,
    summary: str,
    counterparty: str = "",
    receipts: int = 0,
    benefit: str = "",
    activity: Activity | None = None,
    award: Award | None = None,
    reverses: Voucher | None = None,
    transfer_from: Voucher | None = None,
    counter: VoucherCounter | None = None,
    settlement: str = Voucher.Settlement.BANK,
    earmarked: bool | None = None,
    project: str = "",
    counterpart_union: Union | None = None,
    batch=None,
    as_kept: bool = False,
) -> Voucher:
    """Number and save a voucher under the books' lock (`counter`, if the caller already holds it).

    `as_kept`: books kept elsewhere and imported are recorded as they were kept, so a restricted
    fund they overdrew at some point is not refused."""
    amount = round_money(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("金额必须大于零。")})
    if counter is None or counter.year != date.year or counter.union_id != union.pk:
        counter = lock_books(union, date.year)
    if is_closed(union, date):
        raise ValidationError(
            {
                "date": _("%(year)s年%(month)s月已结账，不能再记入该月的凭证。")
                % {"year": date.year, "month": date.month}
            }
        )
    if fund.union_id != union.pk:
        raise ValidationError({"fund": _("只能使用本工会的资金。")})
    takes = (direction == Direction.SPENDING) == (reverses is None)
    if fund.restricted and takes and kind != Voucher.Kind.SETTLE and not as_kept:
        Fund.objects.select_for_update().filter(pk=fund.pk).get()
        available = lowest_balance_from(fund, date)
        if available < amount:
            raise ValidationError(
                {
                    "amount": _(
                        "“%(fund)s”为专款专用资金，不得透支：可用余额%(available)s元，本笔%(amount)s元。"
                    )
                    % {"fund": fund, "available": format_money(available), "amount": format_money(amount)}
                }
            )
    if earmarked is None:
        earmarked = default_earmark(fund, category)
    elif earmarked and category is not None and category.account.top.code == chart.DUES_CODE:
        raise ValidationError({"earmarked": _("会费收入不能列为专项。")})
    project = project.strip()
    if project and not earmarked:
        raise ValidationError({"project": _("只有专项资金才填写专项项目。")})
    if counterpart_union is not None:
        interunion.check_counterpart(
            union=union,
            settlement=settlement,
            account=interunion.account_of(category),
            counterpart=counterpart_union,
        )
    voucher = Voucher(
        union=union,
        date=date,
        number=counter.last_number + 1,
        kind=kind,
        direction=direction,
        fund=fund,
        category=category,
        amount=amount,
        summary=summary.strip(),
        counterparty=counterparty.strip(),
        receipts=receipts,
        benefit=benefit,
        activity=activity,
        award=award,
        reverses=reverses,
        transfer_from=transfer_from,
        entered_by=by,
        settlement=settlement,
        earmarked=earmarked,
        project=project,
        counterpart_union=counterpart_union,
        batch=batch,
    )
    # The related records are instances the caller holds, and PostgreSQL checks the constraints
    # again on insert: validating the fields and clean() here keeps the time under the lock short.
    voucher.full_clean(exclude=["year", "signed_amount", "fund_effect", *RELATED], validate_constraints=False)
    voucher.save()
    counter.last_number = voucher.number
    counter.save(update_fields=["last_number"])
    return voucher


@transaction.atomic
def post_voucher(
    *,
    union: Union,
    by: User,
    date: Date,
    fund: Fund,
    category: Category,
    amount: Decimal,
    summary: str,
    counterparty: str = "",
    receipts: int = 0,
    activity: Activity | None = None,
    award: Award | None = None,
    benefit: str = "",
    confirm_warnings: bool = False,
    settlement: str = Voucher.Settlement.BANK,
    earmarked: bool | None = None,
    project: str = "",
    counterpart_union: Union | None = None,
) -> Voucher:
    """Post an income or spending voucher (direction from the category) with the next number.

    `settlement` is the account the money moved through (库存现金, 银行存款, 应收/应付上级经费);
    `earmarked` (专项) defaults from the fund; `counterpart_union` is the other union of a grant.

    A spending that would break a spending rule raises `RulesBroken` unless `confirm_warnings`;
    confirmed warnings are stored with the voucher for the auditor.
    """
    by = require_right(by, union, access.FINANCES)
    check_posts_at_once(union)
    _check_category(union, date, category)
    _check_link(union, activity, _("所属活动"))
    _check_link(union, award, _("所属奖项"))
    counter = lock_books(union, date.year)
    found = rules.breaches(
        union=union, on=date, benefit=benefit, amount=round_money(amount), direction=category.direction
    )
    if found and not confirm_warnings:
        raise RulesBroken(found)
    voucher = _post(
        union=union,
        by=by,
        date=date,
        kind=Voucher.Kind.ENTRY,
        direction=category.direction,
        fund=fund,
        category=category,
        amount=amount,
        summary=summary,
        counterparty=counterparty,
        receipts=receipts,
        benefit=benefit,
        activity=activity,
        award=award,
        counter=counter,
        settlement=settlement,
        earmarked=earmarked,
        project=project,
        counterpart_union=counterpart_union,
    )
    RuleWarning.objects.bulk_create(
        RuleWarning(voucher=voucher, rule=breach.rule, union=union, message=breach.message, confirmed_by=by)
        for breach in found
    )
    return voucher


@transaction.atomic
def reverse_voucher(*, voucher: Voucher, by: User, reason: str, date: Date | None = None) -> Voucher:
    """Correct a posted voucher with a red-ink reversal (红字冲销) that points at it.

    Dated `date`, or the original's date while its month is open, else today. Reversing one half
    of a transfer reverses both halves. A dues run or allocation reversed may be recorded again.
    """
    by = require_right(by, voucher.union, access.FINANCES)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写冲销原因。")})
    voucher = Voucher.objects.select_for_update().select_related("union", "fund").get(pk=voucher.pk)
    if voucher.is_reversal:
        raise ValidationError(_("冲销凭证不能再冲销。"))
    if Voucher.objects.filter(reverses=voucher).exists():
        raise ValidationError(_("%(voucher)s已被冲销。") % {"voucher": voucher})
    if date is None:
        date = voucher.date if not is_closed(voucher.union, voucher.date) else timezone.localdate()
    if date < voucher.date:
        raise ValidationError({"date": _("冲销日期不能早于原凭证日期。")})
    halves = [voucher]
    partner = _transfer_partner(voucher)
    if partner is not None:
        halves = [partner, voucher] if partner.transfer_from_id is None else [voucher, partner]
    reversals = {}
    for half in halves:
        reversals[half.pk] = _post(
            union=half.union,
            by=by,
            date=date,
            kind=half.kind,
            direction=half.direction,
            fund=half.fund,
            category=half.category,
            amount=half.amount,
            summary=_("冲销%(voucher)s凭证：%(reason)s") % {"voucher": half, "reason": reason},
            counterparty=half.counterparty,
            benefit=half.benefit,
            activity=half.activity,
            award=half.award,
            reverses=half,
            transfer_from=reversals.get(half.transfer_from_id),
            settlement=half.settlement,
            earmarked=half.earmarked,
            project=half.project,
            counterpart_union=half.counterpart_union,
        )
    DuesRun.objects.filter(voucher=voucher).update(cancelled=True)
    Allocation.objects.filter(voucher=voucher).update(cancelled=True)
    return reversals[voucher.pk]


def _transfer_partner(voucher: Voucher) -> Voucher | None:
    if voucher.kind not in (Voucher.Kind.TRANSFER, Voucher.Kind.SETTLE):
        return None
    if voucher.transfer_from_id:
        return Voucher.objects.select_related("union", "fund").get(pk=voucher.transfer_from_id)
    return Voucher.objects.select_related("union", "fund").filter(transfer_from=voucher).first()


@transaction.atomic
def transfer_between_funds(
    *, union: Union, by: User, date: Date, from_fund: Fund, to_fund: Fund, amount: Decimal, summary: str
) -> tuple[Voucher, Voucher]:
    """Move money from one fund to another as a voucher pair: both funds stay balanced, and the
    union's income and spending are untouched (transfers are neither)."""
    by = require_right(by, union, access.FINANCES)
    check_posts_at_once(union)
    return move_between_funds(
        union=union, by=by, date=date, from_fund=from_fund, to_fund=to_fund, amount=amount, summary=summary
    )


def check_transfer(from_fund: Fund, to_fund: Fund) -> None:
    if from_fund.pk == to_fund.pk:
        raise ValidationError({"to_fund": _("划出和划入的资金不能相同。")})


def move_between_funds(
    *, union: Union, by: User, date: Date, from_fund: Fund, to_fund: Fund, amount: Decimal, summary: str
) -> tuple[Voucher, Voucher]:
    """The voucher pair of a transfer, for a caller that checked who may post it."""
    check_transfer(from_fund, to_fund)
    common = {"union": union, "by": by, "date": date, "kind": Voucher.Kind.TRANSFER, "category": None}
    out = _post(
        **common,
        direction=Direction.SPENDING,
        fund=from_fund,
        amount=amount,
        summary=_("划出至“%(fund)s”：%(summary)s") % {"fund": to_fund, "summary": summary},
    )
    into = _post(
        **common,
        direction=Direction.INCOME,
        fund=to_fund,
        amount=amount,
        summary=_("由“%(fund)s”划入：%(summary)s") % {"fund": from_fund, "summary": summary},
        transfer_from=out,
    )
    return out, into


SETTLE_NAMES = {
    (Voucher.Settlement.BANK, Voucher.Settlement.CASH): _("提取现金"),
    (Voucher.Settlement.CASH, Voucher.Settlement.BANK): _("现金存入银行"),
}


@transaction.atomic
def move_between_accounts(
    *,
    union: Union,
    by: User,
    date: Date,
    fund: Fund,
    from_account: str,
    to_account: str,
    amount: Decimal,
    summary: str = "",
    counterpart_union: Union | None = None,
) -> tuple[Voucher, Voucher]:
    """Money of one fund moved between settlement accounts: cash drawn from the bank (提现), cash
    paid in (存现), the upper union's share paid up (应付上级经费 → 银行存款) … — a voucher pair that
    is neither income nor spending; the fund's balance and its 专项 part are untouched. A move of
    money owed between unions (131, 132, 211, 212) names the other union on both halves."""
    by = require_right(by, union, access.FINANCES)
    return move_money(
        union=union,
        by=by,
        date=date,
        fund=fund,
        from_account=from_account,
        to_account=to_account,
        amount=amount,
        summary=summary,
        counterpart_union=counterpart_union,
    )


def move_money(
    *,
    union: Union,
    by: User,
    date: Date,
    fund: Fund,
    from_account: str,
    to_account: str,
    amount: Decimal,
    summary: str = "",
    batch=None,
    counter: VoucherCounter | None = None,
    counterpart_union: Union | None = None,
) -> tuple[Voucher, Voucher]:
    """The voucher pair of `move_between_accounts`, for callers that checked the right already
    (and hold the books' lock, `counter`, if they pass it)."""
    accounts = dict(Voucher.Settlement.choices)
    if from_account not in accounts or to_account not in accounts:
        raise ValidationError({"to_account": _("请选择结算科目。")})
    if from_account == to_account:
        raise ValidationError({"to_account": _("转出和转入的科目不能相同。")})
    summary = summary.strip() or SETTLE_NAMES.get(
        (from_account, to_account),
        _("%(from)s转%(to)s") % {"from": accounts[from_account], "to": accounts[to_account]},
    )
    common = {
        "union": union,
        "by": by,
        "date": date,
        "kind": Voucher.Kind.SETTLE,
        "category": None,
        "batch": batch,
        "counter": counter,
        "counterpart_union": counterpart_union,
    }
    out = _post(
        **common,
        direction=Direction.SPENDING,
        fund=fund,
        amount=amount,
        summary=summary,
        settlement=from_account,
    )
    into = _post(
        **common,
        direction=Direction.INCOME,
        fund=fund,
        amount=amount,
        summary=summary,
        settlement=to_account,
        transfer_from=out,
    )
    return out, into


@transaction.atomic
def record_opening_balance(
    *,
    fund: Fund,
    by: User,
    date: Date,
    amount: Decimal,
    summary: str = "",
    settlement: str = Voucher.Settlement.BANK,
    earmarked: bool | None = None,
) -> Voucher:
    """A fund's balance brought forward (期初结转) when its books start in UnionHub, held in cash or at
    the bank. The statements count it as brought forward into the year it is dated in."""
    by = require_right(by, fund.union, access.FINANCES)
    if settlement not in (Voucher.Settlement.CASH, Voucher.Settlement.BANK):
        raise ValidationError({"settlement": _("期初余额只能是库存现金或银行存款。")})
    return _post(
        settlement=settlement,
        earmarked=earmarked,
        union=fund.union,
        by=by,
        date=date,
        kind=Voucher.Kind.OPENING,
        direction=Direction.INCOME,
        fund=fund,
        category=None,
        amount=amount,
        summary=summary or _("“%(fund)s”期初余额结转") % {"fund": fund},
    )


@transaction.atomic
def close_month(*, union: Union, by: User, year: int, month: int) -> MonthClose:
    """结账: from now on no voucher may be dated in that month."""
    by = require_right(by, union, access.FINANCES)
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("月份应在1至12之间。")})
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ValidationError({"month": _("不能对尚未到来的月份结账。")})
    lock_books(union, year)
    if MonthClose.objects.filter(union=union, year=year, month=month).exists():
        raise ValidationError(_("%(year)s年%(month)s月已结账。") % {"year": year, "month": month})
    closed = MonthClose.objects.create(union=union, year=year, month=month, closed_by=by)
    MonthCloseEvent.objects.create(
        union=union, year=year, month=month, action=MonthCloseEvent.Action.CLOSE, by=by
    )
    return closed


@transaction.atomic
def reopen_month(*, union: Union, by: User, year: int, month: int, reason: str) -> None:
    """反结账: the chair's decision, with a reason, in the log the auditor reads."""
    by = require_right(by, union, access.CLOSING)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写反结账原因。")})
    lock_books(union, year)
    if not MonthClose.objects.filter(union=union, year=year, month=month).exists():
        raise ValidationError(_("%(year)s年%(month)s月尚未结账。") % {"year": year, "month": month})
    # Logged first: PostgreSQL lets a closed month go only once its reopening is on the log.
    MonthCloseEvent.objects.create(
        union=union, year=year, month=month, action=MonthCloseEvent.Action.REOPEN, by=by, reason=reason
    )
    MonthClose.objects.filter(union=union, year=year, month=month).delete()
