"""Approval (审批): the chair signs a voucher, after it was posted or, where the union keeps its books
so (审批后记账, `BookRules`), before: then it is a draft that takes its number only when approved.

One door: with the rule on, every way of spending (a voucher, an aid payment, a transfer between
funds) is drafted here, the services that post at once refuse it (`ledger.check_posts_at_once`),
and `approve_draft` posts it. The approver is always the person acting (the chair who clicks),
never someone named by the treasurer. Approving, approving twice and withdrawing lock the draft
(or the voucher) row first and then look at its state again, so of two clicks at the same moment
one goes through and the other is told why not.
"""

from datetime import date as Date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from finances import rules
from finances.models import Approval, Category, DraftVoucher, Fund, RuleWarning, Voucher
from finances.services import relief
from finances.services.ledger import (
    RulesBroken,
    _check_category,
    _post,
    check_transfer,
    is_closed,
    move_between_funds,
    require_right,
)
from unionhub import access
from unionhub.models import Role, Union, User
from unionhub.money import round_money


def _draft(
    *,
    union: Union,
    by: User,
    kind: str,
    date: Date,
    fund: Fund,
    amount: Decimal,
    summary: str,
    category: Category | None = None,
    **more,
) -> DraftVoucher:
    amount = round_money(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("金额必须大于零。")})
    if fund.union_id != union.pk:
        raise ValidationError({"fund": _("只能使用本工会的资金。")})
    if is_closed(union, date):
        raise ValidationError(
            {"date": _("%(year)s年%(month)s月已结账。") % {"year": date.year, "month": date.month}}
        )
    draft = DraftVoucher(
        union=union,
        kind=kind,
        date=date,
        fund=fund,
        category=category,
        amount=amount,
        summary=summary.strip(),
        entered_by=by,
        **more,
    )
    draft.full_clean()
    draft.save()
    return draft


@transaction.atomic
def draft_voucher(
    *,
    union: Union,
    by: User | Role,
    date: Date,
    fund: Fund,
    category: Category,
    amount: Decimal,
    summary: str,
    counterparty: str = "",
    receipts: int = 0,
    benefit: str = "",
    settlement: str = Voucher.Settlement.BANK,
    earmarked: bool | None = None,
    project: str = "",
    counterpart_union: Union | None = None,
    confirm_warnings: bool = False,
    **_ignored,
) -> DraftVoucher:
    """A voucher for the chair to approve (审批后记账): it takes no number until approved."""
    by = require_right(by, union, access.FINANCES)
    _check_category(union, date, category)
    found = rules.breaches(
        union=union, on=date, benefit=benefit, amount=round_money(amount), direction=category.direction
    )
    if found and not confirm_warnings:
        raise RulesBroken(found)
    return _draft(
        union=union,
        by=by,
        kind=DraftVoucher.Kind.ENTRY,
        date=date,
        fund=fund,
        category=category,
        amount=amount,
        summary=summary,
        counterparty=counterparty.strip(),
        receipts=receipts,
        benefit=benefit,
        settlement=settlement,
        earmarked=earmarked,
        project=project.strip(),
        counterpart_union=counterpart_union,
    )


@transaction.atomic
def draft_aid(
    *,
    union: Union,
    by: User | Role,
    date: Date,
    fund: Fund,
    amount: Decimal,
    receipts: int = 0,
    **particulars,
) -> DraftVoucher:
    """An aid payment for the chair to approve: checked now as `relief.plan_aid` checks it, and
    again when approved."""
    by = require_right(by, union, access.FINANCES)
    plan = relief.plan_aid(union=union, date=date, fund=fund, amount=amount, **particulars)
    return _draft(
        union=union,
        by=by,
        kind=DraftVoucher.Kind.AID,
        date=date,
        fund=fund,
        category=plan.category,
        amount=amount,
        summary=plan.summary,
        counterparty=plan.counterparty,
        receipts=receipts,
        details=plan.details,
    )


@transaction.atomic
def draft_transfer(
    *,
    union: Union,
    by: User | Role,
    date: Date,
    from_fund: Fund,
    to_fund: Fund,
    amount: Decimal,
    summary: str,
) -> DraftVoucher:
    """A transfer between funds for the chair to approve."""
    by = require_right(by, union, access.FINANCES)
    check_transfer(from_fund, to_fund)
    if to_fund.union_id != union.pk:
        raise ValidationError({"to_fund": _("只能使用本工会的资金。")})
    return _draft(
        union=union,
        by=by,
        kind=DraftVoucher.Kind.TRANSFER,
        date=date,
        fund=from_fund,
        to_fund=to_fund,
        amount=amount,
        summary=summary,
    )


def _post_entry(draft: DraftVoucher) -> Voucher:
    voucher = _post(
        union=draft.union,
        by=draft.entered_by,
        date=draft.date,
        kind=Voucher.Kind.ENTRY,
        direction=draft.category.direction,
        fund=draft.fund,
        category=draft.category,
        amount=draft.amount,
        summary=draft.summary,
        counterparty=draft.counterparty,
        receipts=draft.receipts,
        benefit=draft.benefit,
        settlement=draft.settlement,
        earmarked=draft.earmarked,
        project=draft.project,
        counterpart_union=draft.counterpart_union,
    )
    found = rules.breaches(
        union=draft.union,
        on=draft.date,
        benefit=draft.benefit,
        amount=draft.amount,
        direction=voucher.direction,
    )
    RuleWarning.objects.bulk_create(
        RuleWarning(
            voucher=voucher,
            rule=breach.rule,
            union=draft.union,
            message=breach.message,
            confirmed_by=draft.entered_by,
        )
        for breach in found
    )
    return voucher


def _post_aid(draft: DraftVoucher) -> Voucher:
    plan = relief.plan_aid(
        union=draft.union,
        date=draft.date,
        fund=draft.fund,
        amount=draft.amount,
        summary=draft.summary,
        category=draft.category,
        **relief.aid_particulars(draft.details),
    )
    return relief.pay_planned(plan, by=draft.entered_by, receipts=draft.receipts).voucher


def _post_transfer(draft: DraftVoucher) -> Voucher:
    out, _into = move_between_funds(
        union=draft.union,
        by=draft.entered_by,
        date=draft.date,
        from_fund=draft.fund,
        to_fund=draft.to_fund,
        amount=draft.amount,
        summary=draft.summary,
    )
    return out  # the approval is the spending half's


POST = {
    DraftVoucher.Kind.ENTRY: _post_entry,
    DraftVoucher.Kind.AID: _post_aid,
    DraftVoucher.Kind.TRANSFER: _post_transfer,
}


def _locked(draft: DraftVoucher, gone: str) -> DraftVoucher:
    """The draft, its row locked until the transaction ends, read again; `gone` if it was withdrawn."""
    found = (
        DraftVoucher.objects.select_for_update(of=("self",))
        .select_related("union", "fund", "to_fund", "category", "entered_by")
        .filter(pk=draft.pk)
        .first()
    )
    if found is None:
        raise ValidationError(gone)
    return found


@transaction.atomic
def approve_draft(*, draft: DraftVoucher, by: User | Role) -> Voucher:
    """The chair approves a draft: it is posted now, with the next number, entered by its maker."""
    chair = require_right(by, draft.union, access.CLOSING)
    draft = _locked(draft, _("该凭证已被撤回，不能审批。"))
    if draft.voucher_id is not None:
        raise ValidationError(_("该凭证已审批记账。"))
    if chair.pk == draft.entered_by_id:
        raise ValidationError(_("制单人不能审批自己录入的凭证。"))
    voucher = POST[draft.kind](draft)
    _approve(voucher, chair)
    draft.voucher = voucher
    draft.save(update_fields=["voucher"])
    return voucher


@transaction.atomic
def withdraw_draft(*, draft: DraftVoucher, by: User | Role) -> None:
    """The treasurer takes back a draft not yet approved."""
    require_right(by, draft.union, access.FINANCES)
    draft = _locked(draft, _("该凭证已被撤回。"))
    if draft.voucher_id is not None:
        raise ValidationError(_("该凭证已审批记账，不能撤回；如有差错请红字冲销。"))
    draft.delete()


def _approve(voucher: Voucher, by: User) -> Approval:
    if not chairs_above(voucher.union).filter(pk=by.pk).exists():
        raise ValidationError(_("审批人须是本工会或上级工会的现任主席。"))
    if by.pk == voucher.entered_by_id:
        raise ValidationError(_("制单人不能审批自己录入的凭证。"))
    approval = Approval(voucher=voucher, by=by)
    approval.full_clean()
    approval.save()
    return approval


def chairs_above(union: Union):
    """Users who may approve the union's vouchers: chairs now of the union or of a union above it."""
    chairs = Role.objects.current().filter(kind=Role.Kind.CHAIR, union_id__in=union.lineage_ids)
    return User.objects.filter(roles__in=chairs).distinct().order_by("pk")


@transaction.atomic
def approve_voucher(*, voucher: Voucher, by: User | Role) -> Approval:
    """The chair approves a voucher posted without approval (审批)."""
    by = require_right(by, voucher.union, access.CLOSING)
    voucher = Voucher.objects.select_for_update(of=("self",)).select_related("union").get(pk=voucher.pk)
    if Approval.objects.filter(voucher=voucher).exists():
        raise ValidationError(_("该凭证已审批。"))
    return _approve(voucher, by)


@transaction.atomic
def approve_vouchers(*, vouchers, by: User | Role) -> tuple[list[Approval], list[tuple[Voucher, str]]]:
    """The chair approves many vouchers at once (审批 after the fact), each through `approve_voucher`
    (its row locked and its state read again) in its own savepoint: one that cannot be approved is
    named with the reason and the others are approved together. Returns the approvals and
    (voucher, reason) for each refused one."""
    approved, refused = [], []
    for voucher in vouchers:
        try:
            with transaction.atomic():
                approved.append(approve_voucher(voucher=voucher, by=by))
        except (ValidationError, PermissionDenied) as error:
            reason = (
                "；".join(error.messages)
                if isinstance(error, ValidationError)
                else _("无权审批该工会的凭证。")
            )
            refused.append((voucher, reason))
    return approved, refused
