"""Reading the books: fund balances, what stands (not reversed), who is in arrears (`arrears` for a
month's list, `members_owing` for the year's one count of members owing dues), a member's dues,
a drive's figures and public notice. The one read module of the ledger: a balance or a "not
reversed" written anywhere else in finances is a copy to remove."""

import calendar
from datetime import date as Date
from decimal import Decimal

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractMonth

from finances.membership import paying_members
from finances.models import (
    Donation,
    DonationDrive,
    DuesRun,
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
    for kind, amount in _balance_rows(union=union, on=on, by="fund__kind"):
        balances[kind] += amount
    return balances


def _balance_rows(*, union: Union, on: Date, by: str) -> list[tuple]:
    """(value of `by`, effect) rows over the subtree up to the end of `on`, to be summed per value:
    whole months from the ledger totals, the days of a month begun from the vouchers."""
    whole = totals.through(on) if is_month_end(on) else totals.before(on)
    rows = list(LedgerTotal.objects.within(union).filter(whole).values(by).annotate(sum=Sum("fund_effect")))
    if not is_month_end(on):
        days = Voucher.objects.within(union).filter(date__gte=on.replace(day=1), date__lte=on)
        rows += days.values(by).annotate(sum=Sum("fund_effect")).order_by()
    return [(row[by], row["sum"]) for row in rows]


def restricted_funds_unspent(*, union: Union, year: int, on: Date) -> list[tuple[str, Decimal]]:
    """Restricted funds of the subtree (帮困基金, 金秋助学 …) holding money at the end of `on` that paid
    nothing out in the year up to then (no spending voucher that stands): (name, balance), largest
    first. What a summary's 存在的不足 may say: money set aside for a purpose and not used."""
    spent = live(
        Voucher.objects.entries().filter(
            fund=OuterRef("pk"), direction=Voucher.Direction.SPENDING, year=year, date__lte=on
        ),
        via="",
    )
    funds = dict(
        Fund.objects.within(union)
        .filter(restricted=True)
        .filter(Q(opened_on__isnull=True) | Q(opened_on__lte=on))
        .filter(~Exists(spent))
        .values_list("pk", "name")
    )
    if not funds:
        return []
    balances = dict.fromkeys(funds, ZERO)
    for fund, amount in _balance_rows(union=union, on=on, by="fund"):
        if fund in balances:
            balances[fund] += amount
    held = [(funds[pk], amount) for pk, amount in balances.items() if amount > 0]
    return sorted(held, key=lambda row: (-row[1], row[0]))


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


def members_owing(*, union: Union, year: int, on: Date) -> QuerySet[Member]:
    """Members of the union and those below who owe dues at the end of `on`: active members with no
    dues recorded for a month of `year` that their union had run by then (a dues run that stands,
    its voucher dated on or before `on`), from the month they joined. A month not yet run (December
    on 31 December, before its run) is owed by no one; a union that runs no dues has no one owing."""
    runs = DuesRun.objects.filter(
        union=OuterRef("book_union"),
        year=year,
        cancelled=False,
        voucher__date__lte=on,
        month__gte=OuterRef("first_month"),
    )
    paid = live_dues_lines().filter(
        member=OuterRef(OuterRef("pk")), period__year=year, period__month=OuterRef("month")
    )
    return (
        Member.objects.within(union)
        .filter(status=Member.Status.ACTIVE, join_date__year__lte=year)
        .annotate(
            # 工会小组 keep no books: their members' dues are run by the union above the group.
            book_union=Case(When(union__kind=Union.Kind.GROUP, then=F("union__parent")), default=F("union")),
            first_month=Case(When(join_date__year=year, then=ExtractMonth("join_date")), default=Value(1)),
        )
        .filter(Exists(runs.filter(~Exists(paid))))
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
