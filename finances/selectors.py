"""Reading the books: fund balances, what stands (not reversed), who is in arrears, a member's dues,
people helped by aid, a drive's figures and public notice. The one read module of the ledger: a
balance, a "not reversed" or a count of people helped written anywhere else is a copy to remove."""

import calendar
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Cast, Concat, Trim

from finances.membership import paying_members
from finances.models import (
    AidPayment,
    Donation,
    DonationDrive,
    FixedAsset,
    Fund,
    LedgerTotal,
    Voucher,
    VoucherLine,
    WageBase,
    totals,
)
from finances.models.totals import is_month_end
from finances.money import round_money
from members.models import Member
from unionhub.models import Union

ZERO = Decimal("0.00")


# -- what stands ---------------------------------------------------------------------------------


def reversed_(via: str = "voucher") -> Exists:
    """True where the record's voucher (`via`; "" for a voucher itself) has been reversed.

    NOT EXISTS, which PostgreSQL plans as an anti-join; `voucher__reversal__isnull=True` is a LEFT
    JOIN tested on the reversal's id, which PostgreSQL 15 does not recognise as one: it estimates one
    row and nests loops (0.4 s instead of 20 ms for a city federation's donations).
    """
    return Exists(Voucher.objects.filter(reverses=OuterRef(f"{via}_id" if via else "pk")))


def standing_q(via: str) -> Q:
    """The same as a condition on a join (`via` ends at a voucher), for aggregates' filters."""
    return Q(**{f"{via}__reversal__isnull": True})


def standing(queryset: QuerySet, via: str = "voucher") -> QuerySet:
    """Records whose voucher stands: not reversed (a reversal itself stands)."""
    return queryset.filter(~reversed_(via))


def live(queryset: QuerySet, via: str = "voucher") -> QuerySet:
    """Records whose voucher stands and is not itself a reversal: what still counts as done."""
    prefix = f"{via}__" if via else ""
    return standing(queryset, via).filter(**{f"{prefix}reverses__isnull": True})


# -- fixed assets ---------------------------------------------------------------------------


def depreciation(asset: FixedAsset, on: Date) -> Decimal:
    """Accumulated depreciation at the end of `on`: monthly from the month after it was acquired,
    straight line over its life, no residual value (the last month takes the rounding)."""
    months = (on.year - asset.acquired_on.year) * 12 + on.month - asset.acquired_on.month
    life = asset.life_years * 12
    months = max(0, min(months, life))
    if months == life:
        return asset.cost
    return round_money(asset.cost * months / life)


def fixed_assets_carried(union: Union, *, consolidated: bool, on: Date) -> tuple[Decimal, Decimal]:
    """(原值, 累计折旧) of the fixed assets held at the end of `on`."""
    assets = FixedAsset.objects.of(union, rollup=consolidated).filter(acquired_on__lte=on)
    assets = assets.exclude(disposed_on__lte=on)
    cost = sum((asset.cost for asset in assets), Decimal("0.00"))
    return cost, sum((depreciation(asset, on) for asset in assets), Decimal("0.00"))


# -- fund balances -------------------------------------------------------------------------------


def fund_balance(fund: Fund, on: Date | None = None) -> Decimal:
    """A fund's balance at the end of `on` (or now): the sum of its vouchers' effects, read from the
    ledger totals for whole months and from the vouchers for the days of a month begun."""
    kept = LedgerTotal.objects.filter(fund=fund)
    if on is None:
        return kept.aggregate(total=Sum("fund_effect", default=ZERO))["total"]
    if is_month_end(on):
        return kept.filter(totals.through(on)).aggregate(total=Sum("fund_effect", default=ZERO))["total"]
    months = kept.filter(totals.before(on)).aggregate(total=Sum("fund_effect", default=ZERO))["total"]
    return months + Voucher.objects.filter(fund=fund, date__gte=on.replace(day=1), date__lte=on).balance()


def balances_by_kind(*, union: Union, on: Date) -> dict[str, Decimal]:
    """The balance at the end of `on` per kind of fund (工会经费, 帮困基金 …), summed over the subtree."""
    balances = fund_kind_balances(union=union, on=on)
    return {kind.label: balances[kind.value] for kind in Fund.Kind if kind.value in balances}


def fund_kind_balances(*, union: Union, on: Date) -> dict[str, Decimal]:
    """The same keyed by the kinds' values, for every kind of fund the subtree has."""
    kinds = set(Fund.objects.within(union).values_list("kind", flat=True).distinct())
    balances = dict.fromkeys(kinds, ZERO)
    whole = totals.through(on) if is_month_end(on) else totals.before(on)
    rows = (
        LedgerTotal.objects.within(union).filter(whole).values("fund__kind").annotate(sum=Sum("fund_effect"))
    )
    if not is_month_end(on):
        days = Voucher.objects.within(union).filter(date__gte=on.replace(day=1), date__lte=on)
        rows = [*rows, *days.values("fund__kind").annotate(sum=Sum("fund_effect")).order_by()]
    for row in rows:
        balances[row["fund__kind"]] += row["sum"]
    return balances


def entries_up_to(*, union: Union, year: int, on: Date) -> list[tuple[QuerySet, str]]:
    """The year's income and spending over the subtree up to the end of `on`, as (rows, amount field)
    pairs to sum alike: whole months from the ledger totals (`amount`), the days of a month begun
    from the vouchers (`signed_amount`). Both have union, fund, category and direction."""
    kept = LedgerTotal.objects.within(union).filter(kind=Voucher.Kind.ENTRY, year=year)
    if on.year < year:
        return [(kept.none(), "amount")]
    if on.year > year or is_month_end(on):
        return [(kept.filter(month__lte=12 if on.year > year else on.month), "amount")]
    days = (
        Voucher.objects.within(union).entries().filter(year=year, date__gte=on.replace(day=1), date__lte=on)
    )
    return [(kept.filter(month__lt=on.month), "amount"), (days, "signed_amount")]


def journal_totals(
    totals: QuerySet[LedgerTotal], *, year: int, month: int, direction: str
) -> tuple[int, Decimal]:
    """How many vouchers a journal of the year (a month, a direction) holds and the sum of their
    effect on the funds, from the ledger totals: the journal pages without counting its vouchers."""
    totals = totals.filter(year=year)
    if month:
        totals = totals.filter(month=month)
    if direction:
        totals = totals.filter(direction=direction)
    row = totals.aggregate(vouchers=Sum("vouchers", default=0), effect=Sum("fund_effect", default=ZERO))
    return row["vouchers"], row["effect"]


def month_bounds(year: int, month: int) -> tuple[Date, Date]:
    return Date(year, month, 1), Date(year, month, calendar.monthrange(year, month)[1])


def live_dues_lines() -> QuerySet[VoucherLine]:
    """Dues lines whose voucher stands: neither reversed nor itself a reversal."""
    return live(VoucherLine.objects.filter(period__isnull=False))


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


# -- people helped --------------------------------------------------------------------------------

# Whom aid helped, as the papers tell it: members (职工), students (学生, whether recorded as a
# member's child at school or as a student), members' children not at school, and other people.
HELPED = ("member", "student", "child", "other")

_STUDENTS = Q(recipient=AidPayment.Recipient.STUDENT) | Q(recipient=AidPayment.Recipient.CHILD) & ~Q(
    schooling=""
)
_HELPED_AS = Case(
    When(recipient=AidPayment.Recipient.MEMBER, then=Value("member")),
    When(_STUDENTS, then=Value("student")),
    When(recipient=AidPayment.Recipient.OTHER, then=Value("other")),
    default=Value("child"),
    output_field=CharField(),
)


def _text(field_name: str) -> Cast:
    return Cast(field_name, CharField())


# One person: a member by their id; anyone else by their name, with the member they were reached
# through (a child's parent) or else the union that helped them (two 张伟 of two unions are two people).
_PERSON = Case(
    When(recipient=AidPayment.Recipient.MEMBER, then=Concat(Value("m"), _text("member_id"))),
    When(member__isnull=False, then=Concat(Value("m"), _text("member_id"), Value(":"), Trim("beneficiary"))),
    default=Concat(Value("u"), _text("union_id"), Value(":"), Trim("beneficiary")),
    output_field=CharField(),
)


@dataclass(frozen=True)
class Helped:
    """People helped by some aid payments, each person once, by whom they are (`HELPED`, only those
    with someone); the payments and the yuan."""

    by_whom: dict[str, int] = field(default_factory=dict)
    payments: int = 0
    amount: Decimal = ZERO

    @property
    def people(self) -> int:
        return sum(self.by_whom.values())


def aid_paid(
    *, union: Union, year: int, as_of: Date | None = None, rollup: bool = True
) -> QuerySet[AidPayment]:
    """The aid of a year that stands (reversed payments left out), paid by the union (and the unions
    below it, `rollup`) up to the end of `as_of`."""
    payments = AidPayment.objects.of(union, rollup=rollup).filter(date__year=year)
    if as_of is not None:
        payments = payments.filter(date__lte=as_of)
    return standing(payments)


def helped(payments: QuerySet[AidPayment], *by: str) -> dict:
    """People helped, payments and yuan of `payments` per value of the fields `by` ("kind", "fund",
    "drive"; a tuple of values when there are several), each person counted once within each group.
    The one count of people helped: every page and paper asks it."""
    rows = (
        payments.annotate(helped_as=_HELPED_AS, person=_PERSON)
        .values(*by, "helped_as")
        .annotate(people=Count("person", distinct=True), payments=Count("pk"), amount=Sum("amount"))
        .order_by()
    )
    found: dict = {}
    for row in rows:
        key = tuple(row[name] for name in by) if len(by) > 1 else row[by[0]] if by else None
        was = found.get(key, Helped())
        found[key] = Helped(
            {**was.by_whom, row["helped_as"]: row["people"]},
            was.payments + row["payments"],
            was.amount + row["amount"],
        )
    return {key: _in_order(h) for key, h in found.items()}


def _in_order(h: Helped) -> Helped:
    return Helped({who: h.by_whom[who] for who in HELPED if h.by_whom.get(who)}, h.payments, h.amount)


def helped_in_all(payments: QuerySet[AidPayment]) -> Helped:
    """People helped by all of `payments`, each person once."""
    return helped(payments).get(None, Helped())


def students_helped(payments: QuerySet[AidPayment]) -> dict[tuple[str, str], Helped]:
    """Students helped per (kind of aid, stage): 大学生, 中小学生 … ("" when no stage was recorded),
    whether recorded as a member's child or as a student; in the order of the kinds and stages."""
    found = helped(payments.filter(_STUDENTS), "kind", "schooling")
    stages = [*AidPayment.Schooling.values, ""]
    return {
        (kind, stage): found[kind, stage]
        for kind in AidPayment.Kind.values
        for stage in stages
        if (kind, stage) in found
    }


def aid_by_kind(*, union: Union, year: int, as_of: Date | None = None) -> dict[str, Helped]:
    """Per kind of aid (生活救助, 金秋助学, 送温暖 …, by label, in the kinds' order): people helped,
    payments, yuan."""
    found = helped(aid_paid(union=union, year=year, as_of=as_of), "kind")
    return {kind.label: found[kind.value] for kind in AidPayment.Kind if kind.value in found}


def standing_donations(drive: DonationDrive) -> QuerySet[Donation]:
    """A drive's gifts whose voucher stands (not reversed)."""
    return standing(drive.donations.all())


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
