"""Reading the books: who is in arrears, a member's dues, a drive's figures and public notice."""

import calendar
from datetime import date as Date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from finances.membership import paying_members
from finances.models import Donation, DonationDrive, VoucherLine, WageBase
from members.models import Member
from unionhub.models import Union


def month_bounds(year: int, month: int) -> tuple[Date, Date]:
    return Date(year, month, 1), Date(year, month, calendar.monthrange(year, month)[1])


def live_dues_lines() -> QuerySet[VoucherLine]:
    """Dues lines whose voucher stands: neither reversed nor itself a reversal."""
    return VoucherLine.objects.filter(
        period__isnull=False, voucher__reverses__isnull=True, voucher__reversal__isnull=True
    )


def dues_paid(period: Date, member_ref: str = "pk") -> Exists:
    return Exists(live_dues_lines().filter(member=OuterRef(member_ref), period=period))


def arrears(*, union: Union, year: int, month: int) -> QuerySet[Member]:
    """Paying members of the union (who had joined by then) with no dues recorded for the month."""
    first, last = month_bounds(year, month)
    return (
        paying_members(union)
        .filter(join_date__lte=last)
        .annotate(wage=WageBase.objects.amount_subquery(last))
        .filter(~dues_paid(first))
    )


def dues_history(member: Member) -> QuerySet[VoucherLine]:
    """A member's dues lines, newest month first, with their vouchers (reversed ones included, marked)."""
    return (
        VoucherLine.objects.filter(member=member, period__isnull=False)
        .select_related("voucher", "voucher__reversal")
        .order_by("-period", "-pk")
    )


def standing_donations(drive: DonationDrive) -> QuerySet[Donation]:
    """A drive's gifts whose voucher stands (not reversed)."""
    return drive.donations.filter(voucher__reversal__isnull=True)


def donation_totals(donations: QuerySet[Donation], **more) -> dict:
    """Total, gifts and donors of some gifts (a member counted once however often they gave, other
    donors by name), plus any `more` aggregates, in one query."""
    return donations.aggregate(
        total=Sum("amount", default=Decimal("0.00")),
        gifts=Count("pk"),
        donors=Count("member", distinct=True)
        + Count("donor_name", filter=Q(member__isnull=True), distinct=True),
        **more,
    )


def drive_figures(drive: DonationDrive) -> dict:
    """The drive's total, gifts and donors."""
    return donation_totals(standing_donations(drive))


def mask_name(name: str) -> str:
    """A person's name for a public notice: 张三丰 → 张*丰, 李四 → 李*, 欧阳娜娜 → 欧**娜."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def notice_name(donation: Donation) -> str:
    """How a donor is named on the public notice: units in full, people masked, anonymous as such."""
    if donation.anonymous:
        return "爱心人士"
    if donation.donor_kind == Donation.DonorKind.UNIT:
        return donation.donor_name
    return mask_name(donation.donor_name)
