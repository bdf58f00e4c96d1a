"""Donation drives and aid payments: each posting is also a voucher of its fund."""

from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from finances import chart
from finances.models import AidPayment, Category, Direction, Donation, DonationDrive, Fund, Voucher
from finances.services.ledger import _post, category_for, check_posts_at_once, require_right
from members.idcard import InvalidId, check_resident_id, normalise_id
from members.models import HardshipCase, Member
from unionhub import access
from unionhub.models import Union, User
from unionhub.money import round_money


@dataclass
class Gift:
    """One donor line of a batch: a member, a unit or an outside donor, and the amount."""

    donor_kind: str
    amount: Decimal
    donor_name: str = ""
    member: Member | None = None
    anonymous: bool = False


@transaction.atomic
def create_drive(
    *,
    union: Union,
    by: User,
    fund: Fund,
    kind: str,
    title: str,
    starts_on: Date,
    ends_on: Date | None = None,
    note: str = "",
) -> DonationDrive:
    by = require_right(by, union, access.FINANCES)
    drive = DonationDrive(
        union=union,
        fund=fund,
        kind=kind,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
    )
    drive.full_clean()
    drive.save()
    return drive


@transaction.atomic
def record_donations(
    *, drive: DonationDrive, by: User, date: Date, gifts: list[Gift], receipts: int = 0
) -> Voucher:
    """Post a batch of gifts of a drive as one income voucher of the drive's fund (其他收入), with
    one donation row per donor. A mistake is corrected by reversing the voucher."""
    union = drive.union
    by = require_right(by, union, access.FINANCES)
    if not gifts:
        raise ValidationError(_("请至少填写一笔捐款。"))
    rows = []
    for gift in gifts:
        amount = round_money(gift.amount)
        if amount <= 0:
            raise ValidationError({"amount": _("捐款金额必须大于零。")})
        name = (gift.member.name if gift.member else gift.donor_name).strip()
        if gift.donor_kind == Donation.DonorKind.MEMBER and gift.member is None:
            raise ValidationError({"member": _("会员捐款请选择会员。")})
        if gift.member is not None and not union.contains(gift.member.union):
            raise ValidationError({"member": _("%(member)s不是本工会的会员。") % {"member": gift.member}})
        if not name:
            raise ValidationError({"donor_name": _("请填写捐款人。")})
        rows.append(
            Donation(
                drive=drive,
                donor_kind=gift.donor_kind,
                member=gift.member if gift.donor_kind == Donation.DonorKind.MEMBER else None,
                donor_name=name,
                anonymous=gift.anonymous,
                amount=amount,
            )
        )
    voucher = _post(
        union=union,
        by=by,
        date=date,
        kind=Voucher.Kind.ENTRY,
        direction=Direction.INCOME,
        fund=drive.fund,
        category=category_for(union, date, chart.OTHER_INCOME),
        amount=sum((row.amount for row in rows), Decimal(0)),
        summary=_("“%(drive)s”捐款（%(count)s笔）") % {"drive": drive, "count": len(rows)},
        receipts=receipts,
    )
    for row in rows:
        row.voucher = voucher
        row.full_clean(exclude=["voucher"])
    Donation.objects.bulk_create(rows)
    return voucher


# Which sub-item of 维权支出 an aid payment is booked under.
AID_CATEGORY = {AidPayment.Kind.HOLIDAY_VISIT: chart.HOLIDAY_VISITS}


@dataclass
class AidPlan:
    """An aid payment checked and ready to post: the aid row (no voucher yet) and its voucher's words."""

    aid: AidPayment
    category: Category
    summary: str
    counterparty: str

    @property
    def details(self) -> dict:
        """What a draft keeps of it (`DraftVoucher.details`), to plan it again when approved."""
        aid = self.aid
        return {
            "kind": aid.kind,
            "recipient": aid.recipient,
            "member": aid.member_id,
            "case": aid.case_id,
            "drive": aid.drive_id,
            "beneficiary": aid.beneficiary,
            "id_number": aid.id_number,
            "schooling": aid.schooling,
            "school": aid.school,
            "grade": aid.grade,
        }


def aid_particulars(details: dict) -> dict:
    """The keyword arguments of `plan_aid` a draft's `details` stand for (records that are gone come
    back as None, and planning again refuses them)."""
    found = {
        name: model.objects.filter(pk=details.get(name)).first() if details.get(name) else None
        for name, model in (("member", Member), ("case", HardshipCase), ("drive", DonationDrive))
    }
    plain = ("kind", "recipient", "beneficiary", "id_number", "schooling", "school", "grade")
    return {**{name: details.get(name, "") for name in plain}, **found}


def plan_aid(
    *,
    union: Union,
    date: Date,
    fund: Fund,
    kind: str,
    amount: Decimal,
    member: Member | None = None,
    case: HardshipCase | None = None,
    beneficiary: str = "",
    id_number: str = "",
    summary: str = "",
    category: Category | None = None,
    recipient: str = AidPayment.Recipient.MEMBER,
    schooling: str = "",
    school: str = "",
    grade: str = "",
    drive: DonationDrive | None = None,
) -> AidPlan:
    """Check an aid payment to a member, a hardship case's member, or someone who is not a member (a
    member's child, a student: `recipient`, named in `beneficiary`, reached through `member` or
    directly), booked under 维权支出 › 困难职工帮扶 (or › 送温暖 for holiday visits)."""
    beneficiary = (beneficiary or "").strip()
    if case is not None:
        if member is not None and member.pk != case.member_id:
            raise ValidationError({"member": _("所选会员与困难职工档案不符。")})
        member = case.member
        if not union.contains(case.union):
            raise ValidationError({"case": _("该困难职工档案不属于本工会。")})
    if recipient not in AidPayment.Recipient.values:
        raise ValidationError({"recipient": _("请选择受助人类别。")})
    if recipient == AidPayment.Recipient.MEMBER and member is None:
        raise ValidationError({"member": _("请选择受助会员或困难职工档案。")})
    if recipient != AidPayment.Recipient.MEMBER and not beneficiary:
        raise ValidationError({"beneficiary": _("请填写受助人姓名。")})
    id_number = _non_member_id(id_number, recipient)
    if member is not None and not union.contains(member.union):
        raise ValidationError({"member": _("%(member)s不是本工会的会员。") % {"member": member}})
    if kind not in AidPayment.Kind.values:
        raise ValidationError({"kind": _("请选择救助类别。")})
    if drive is not None and (drive.union_id != union.pk or drive.fund_id != fund.pk):
        raise ValidationError({"drive": _("所选募捐活动的善款不在这笔资金中。")})
    label = AidPayment.Kind(kind).label
    who = member.name if member is not None else beneficiary
    category = category or category_for(
        union, date, AID_CATEGORY.get(kind, chart.HARDSHIP_AID), parent=chart.RIGHTS
    )
    if category.direction != Direction.SPENDING:
        raise ValidationError({"category": _("救助须记入支出科目。")})
    aid = AidPayment(
        union=union,
        member=member,
        case=case,
        kind=kind,
        recipient=recipient,
        schooling=schooling or "",
        school=(school or "").strip(),
        grade=(grade or "").strip(),
        drive=drive,
        beneficiary=beneficiary,
        id_number=id_number,
        amount=round_money(amount),
        date=date,
        fund=fund,
    )
    named = f"（{beneficiary}）" if beneficiary and beneficiary != who else ""
    return AidPlan(aid, category, summary or f"{label}：{who}{named}", who[:100])


def _non_member_id(id_number: str, recipient: str) -> str:
    """A non-member's ID number as kept (checked like the register's); a member's is the register's."""
    number = normalise_id(id_number)
    if not number or recipient == AidPayment.Recipient.MEMBER:
        return ""
    try:
        return check_resident_id(number).number
    except InvalidId as error:
        raise ValidationError({"id_number": str(error)}) from None


def pay_planned(plan: AidPlan, *, by: User, receipts: int = 0) -> AidPayment:
    """Post a planned aid payment: its spending voucher and the aid row, for a caller that checked
    who may (the treasurer paying at once, or the chair approving a draft)."""
    aid = plan.aid
    aid.voucher = _post(
        union=aid.union,
        by=by,
        date=aid.date,
        kind=Voucher.Kind.ENTRY,
        direction=Direction.SPENDING,
        fund=aid.fund,
        category=plan.category,
        amount=aid.amount,
        summary=plan.summary,
        counterparty=plan.counterparty,
        receipts=receipts,
    )
    aid.amount = aid.voucher.amount
    aid.paid_by = by
    aid.full_clean()
    aid.save()
    return aid


@transaction.atomic
def pay_aid(*, union: Union, by: User, receipts: int = 0, **particulars) -> AidPayment:
    """Pay aid at once (`plan_aid` says what it takes): the aid row and its spending voucher in one
    transaction. Where spending waits for the chair, `approval.draft_aid` takes it instead."""
    by = require_right(by, union, access.FINANCES)
    check_posts_at_once(union)
    return pay_planned(plan_aid(union=union, **particulars), by=by, receipts=receipts)
