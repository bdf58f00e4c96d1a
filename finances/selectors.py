"""Reading the books: fund balances, what stands (not reversed), who is in arrears (`arrears` for a
month's list, `members_owing` for the year's one count of members owing dues), a member's dues,
people helped by aid, a drive's figures and public notice. The one read module of the ledger: a
balance, a "not reversed" or a count of people helped written anywhere else is a copy to remove."""

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db.models import (
    Case,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractMonth

from finances import interunion
from finances.membership import paying_members
from finances.models import (
    Category,
    Donation,
    DuesMonths,
    DuesRun,
    FixedAsset,
    Fund,
    LedgerTotal,
    Voucher,
    VoucherLine,
    WageBase,
    totals,
)
from finances.models.fund_years import FundYearTotal
from finances.models.owing import OwingCount
from finances.models.subtree import KEY as SUBTREE_KEY
from finances.models.subtree import SubtreeTotal
from finances.models.totals import is_month_end
from finances.money import round_money
from members.models import Member
from unionhub.models import Union
from unionhub.scope import subtree

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
    whole years from the funds' years at a year's end; else whole months from the ledger totals, the
    days of a month begun from the vouchers."""
    if (on.month, on.day) == (12, 31):
        years = FundYearTotal.objects.within(union).filter(year__lte=on.year)
        return [(row[by], row["sum"]) for row in years.values(by).annotate(sum=Sum("effect")).order_by()]
    whole = totals.through(on) if is_month_end(on) else totals.before(on)
    rows = list(LedgerTotal.objects.within(union).filter(whole).values(by).annotate(sum=Sum("fund_effect")))
    if not is_month_end(on):
        days = Voucher.objects.within(union).filter(date__gte=on.replace(day=1), date__lte=on)
        rows += days.values(by).annotate(sum=Sum("fund_effect")).order_by()
    return [(row[by], row["sum"]) for row in rows]


def restricted_funds_unspent(*, union: Union, year: int, on: Date) -> list[tuple[str, str, Decimal]]:
    """Restricted funds of the subtree (帮困基金, 金秋助学 …) holding money at the end of `on` that paid
    nothing out in the year up to then (no spending voucher that stands): (name, its union's name,
    balance), largest first. What a summary's 存在的不足 may say: money set aside and not used."""
    spent = live(
        Voucher.objects.entries().filter(
            fund=OuterRef("pk"), direction=Voucher.Direction.SPENDING, year=year, date__lte=on
        ),
        via="",
    )
    funds = {
        pk: (name, owner)
        for pk, name, owner in Fund.objects.within(union)
        .filter(restricted=True)
        .filter(Q(opened_on__isnull=True) | Q(opened_on__lte=on))
        .filter(~Exists(spent))
        .values_list("pk", "name", "union__name")
    }
    if not funds:
        return []
    balances = dict.fromkeys(funds, ZERO)
    for fund, amount in _balance_rows(union=union, on=on, by="fund"):
        if fund in balances:
            balances[fund] += amount
    held = [(*funds[pk], amount) for pk, amount in balances.items() if amount > 0]
    return sorted(held, key=lambda row: (-row[2], row[0], row[1]))


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
    on 31 December, before its run) is owed by no one; a union that runs no dues has no one owing.

    Read as one row per member: the months their union ran (as bits, a dozen runs per union) against
    the months they paid, kept by PostgreSQL as the dues are written (`DuesMonths`), instead of a
    join over the year's every dues line (2 s for a city federation's 100,000 members)."""
    expected = (
        Member.objects.within(union)
        .filter(status=Member.Status.ACTIVE, join_date__year__lte=year)
        .order_by()
        # 工会小组 keep no books: their members' dues are run by the union above the group.
        .annotate(
            owing_member=F("pk"),
            book_union=Case(When(union__kind=Union.Kind.GROUP, then=F("union__parent")), default=F("union")),
            first_month=Case(When(join_date__year=year, then=ExtractMonth("join_date")), default=Value(1)),
        )
        .values("owing_member", "book_union", "first_month")
    )
    runs = (
        DuesRun.objects.filter(year=year, cancelled=False, voucher__date__lte=on)
        .order_by()
        .annotate(run_union=F("union"), run_month=F("month"))
        .values("run_union", "run_month")
    )
    paid = DuesMonths.objects.filter(year=year).values("member_id", "months")
    parts = [query.query.sql_with_params() for query in (expected, runs, paid)]
    # Django's own SQL of the three querysets, their parameters passed as parameters. A member owes
    # when a month their union ran, from the month they joined, is not among the months they paid.
    owing = RawSQL(  # noqa: S611  # nosec B611
        f"""SELECT m.owing_member FROM ({parts[0][0]}) m
        JOIN (SELECT run_union, bit_or(1 << (run_month - 1)) AS run_months FROM ({parts[1][0]}) r0
              GROUP BY run_union) r ON r.run_union = m.book_union
        LEFT JOIN ({parts[2][0]}) p ON p.member_id = m.owing_member
        WHERE ((r.run_months & ~COALESCE(p.months, 0)) >> (m.first_month::integer - 1)) <> 0
        """,  # noqa: S608  # nosec B608
        (*parts[0][1], *parts[1][1], *parts[2][1]),
    )
    return Member.objects.filter(pk__in=owing)


def owing_count(*, union: Union, year: int, on: Date) -> int:
    """How many `members_owing` finds. At the end of the year (the annual summary's date) the unions'
    counts kept as the dues and members are written (`OwingCount`), added up: one row per union."""
    if on == Date(year, 12, 31):
        kept = OwingCount.objects.within(union).filter(year=year)
        return kept.aggregate(n=Sum("members", default=0))["n"]
    return members_owing(union=union, year=year, on=on).count()


class DuesMonth(NamedTuple):
    month: int
    paid: Decimal | None  # what stands for the month, or None
    owed: bool  # the union ran the month's dues (by `on`) and nothing of the member's stands


def member_dues_months(*, member: Member, year: int, on: Date) -> list[DuesMonth]:
    """A member's year of dues month by month, as `members_owing` counts it: a month is owed once the
    member's union has run it (a run that stands, dated by `on`) from the month they joined."""
    book_union_id = member.union.parent_id if member.union.kind == Union.Kind.GROUP else member.union_id
    run = set(
        DuesRun.objects.filter(
            union_id=book_union_id, year=year, cancelled=False, voucher__date__lte=on
        ).values_list("month", flat=True)
    )
    paid = dict(
        live_dues_lines()
        .filter(member=member, period__year=year)
        .values_list("period__month")
        .annotate(total=Sum("amount"))
        .values_list("period__month", "total")
    )
    first = member.join_date.month if member.join_date.year == year else 1
    owing = member.status == Member.Status.ACTIVE and member.join_date.year <= year
    return [
        DuesMonth(month, paid.get(month), owing and month >= first and month in run and month not in paid)
        for month in range(1, 13)
    ]


def dues_history(member: Member) -> QuerySet[VoucherLine]:
    """A member's dues lines, newest month first, with their vouchers (reversed ones included, marked)."""
    return (
        VoucherLine.objects.filter(member=member, period__isnull=False)
        .select_related("voucher", "voucher__reversal")
        .order_by("-period", "-pk")
    )


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


# -- the year's money: the 2021 accounts ---------------------------------------------------------
#
# Every paper that states a year's income or spending reads it here: the 工会02表 and 工会01表
# (finances.statutory), the annual work summary, the dashboard and the audit committee's report.
# Income and spending are the sums of income and spending vouchers by 2021 account (an item of an
# older edition counts under the account it maps to); a reversal counts negative in the period it is
# dated. Consolidated (汇总), the subtree's books are added up less the pairs finances.interunion
# removes (a grant down booked by both unions); what only one side booked stays in.

INCOME_ACCOUNTS = ("401", "402", "403", "404", "405", "406", "407", "408")
SPENDING_ACCOUNTS = ("501", "502", "503", "504", "505", "506", "507", "508", "509", "510")


def statement_vouchers(union: Union, *, consolidated: bool) -> QuerySet[Voucher]:
    """The books a statement reads: the union's own, or its subtree's."""
    return Voucher.objects.within(union) if consolidated else Voucher.objects.filter(union=union)


# The fields a subtree total keeps (no fund, union or other union).
SUBTREE_FIELDS = frozenset(SUBTREE_KEY)


def statement_totals(union: Union, *, consolidated: bool, by: tuple[str, ...] = ()) -> QuerySet:
    """The same books as `statement_vouchers`, summed per month by the ledger totals, to be summed by
    the fields `by`. Consolidated, from the union's subtree totals (a few hundred rows whatever the
    size of the tree) when they keep every field of `by`; else from the ledger totals of the subtree."""
    if not consolidated:
        return LedgerTotal.objects.filter(union=union)
    if set(by) <= SUBTREE_FIELDS:
        return SubtreeTotal.objects.filter(union=union)
    return LedgerTotal.objects.within(union)


def between_unions_of(union: Union) -> Q:
    """Vouchers whose other union (对方工会) lies in `union`'s subtree (said to be set too, so that
    PostgreSQL reads them from the partial index voucher_between_unions_date)."""
    return Q(counterpart_union__isnull=False) & subtree(union, via="counterpart_union")


def account_codes() -> dict[int, str]:
    """Each category's 2021 top-level account code (older editions through their mapping)."""
    codes = {}
    for category in Category.objects.select_related("parent", "maps_to__parent", "parent__maps_to"):
        if category.maps_to_id:
            account = category.maps_to
        elif category.parent_id:
            account = category.parent.maps_to or category.parent
        else:
            account = category
        codes[category.pk] = (account.parent.code if account.parent_id else account.code)[:3]
    return codes


def account_names() -> dict[str, str]:
    """The 2021 accounts' names by code (会费收入 …), as the 02表's lines name them."""
    return dict(
        Category.objects.filter(edition__code="2021", parent__isnull=True, union__isnull=True).values_list(
            "code", "name"
        )
    )


def _entries_between(
    union: Union, *, consolidated: bool, start: Date, end: Date, by: tuple[str, ...]
) -> list[tuple[QuerySet, str]]:
    """Income and spending vouchers of a period as (rows, amount field) pairs to sum alike by the
    fields `by`: the ledger totals for its whole months, the vouchers for the days of a month begun or
    ended part-way. The pairs a consolidation removes are still in (see `grant_pairing`)."""
    kept = statement_totals(union, consolidated=consolidated, by=by).filter(kind=Voucher.Kind.ENTRY)
    books = statement_vouchers(union, consolidated=consolidated).entries()
    if totals.is_month_start(start) and totals.is_month_end(end):
        parts = [(kept.filter(totals.months(start, end)), "amount")]
    elif totals.is_month_start(start) and end >= start:
        first_of_end = end.replace(day=1)
        parts = [(books.between(first_of_end, end), "signed_amount")]
        if first_of_end > start:
            parts.append((kept.filter(totals.months(start, first_of_end - timedelta(days=1))), "amount"))
    else:
        parts = [(books.between(start, end), "signed_amount")]
    return parts


def account_sums(union: Union, *, consolidated: bool, start: Date, end: Date) -> dict[str, Decimal]:
    """Income and spending of the period per 2021 account code (401 … 510); consolidated, less the
    grants paired inside the tree."""
    codes = account_codes()
    sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by = ("category_id",)
    for rows, amount in _entries_between(union, consolidated=consolidated, start=start, end=end, by=by):
        for row in rows.values(*by).annotate(total=Sum(amount)).order_by():
            sums[codes[row["category_id"]]] += row["total"]
    if consolidated:
        for code, amount in grant_pairing(union, start=start, end=end).removed_by_account().items():
            sums[code] -= amount
    return sums


# -- money between unions of the subtree (paired by finances.interunion) ------------------------


def _unions_of(union: Union) -> dict[int, Union]:
    return {each.pk: each for each in union.subtree()}


def grant_pairing(union: Union, *, start: Date, end: Date) -> interunion.Pairing:
    """The grants between unions of the subtree in the period, paired (补助下级支出 ↔ 上级补助收入)."""
    codes = account_codes()
    wanted = [pk for pk, code in codes.items() if code in (interunion.GRANT_GIVEN, interunion.GRANT_RECEIVED)]
    rows = (
        Voucher.objects.within(union)
        .entries()
        .between(start, end)
        .filter(between_unions_of(union), category_id__in=wanted)
        .values_list(
            "pk",
            "union_id",
            "counterpart_union_id",
            "category_id",
            "signed_amount",
            "fund_id",
            "direction",
            "date",
        )
        .order_by("date", "pk")
    )
    entries = [
        interunion.Entry(pk, owner, other, codes[category], amount, fund, direction, day.month)
        for pk, owner, other, category, amount, fund, direction, day in rows
    ]
    return interunion.pair_grants(entries, _unions_of(union) if entries else {})


def balance_pairing(union: Union, *, on: Date, year: int) -> interunion.Pairing:
    """The balances owed between unions of the subtree at the end of `on` (opening balances of `year`
    included), paired (应收下级经费 ↔ 应付上级经费, 应付下级经费 ↔ 应收上级经费)."""
    liabilities = Voucher.Settlement.liabilities()
    balances = [
        interunion.Balance(
            row["union_id"],
            row["counterpart_union_id"],
            row["settlement"],
            -row["total"] if row["settlement"] in liabilities else row["total"],
        )
        for row in _positions(
            union,
            consolidated=True,
            on=on,
            year=year,
            by=("union_id", "settlement", "counterpart_union_id"),
            only=Q(settlement__in=Voucher.Settlement.between_unions()) & between_unions_of(union),
        )
        if row["total"]
    ]
    return interunion.pair_balances(balances, _unions_of(union) if balances else {})


def unpaired_between_unions(union: Union, *, start: Date, end: Date) -> list[interunion.Item]:
    """What `union` and another union of its tree booked between them and the other did not match
    (内部往来核对表): grants of the period, balances at its end. Read over the whole tree, so the
    lower union's treasurer sees what the upper union booked and the other way round."""
    root = union.root()
    items = [
        *grant_pairing(root, start=start, end=end).unpaired,
        *balance_pairing(root, on=end, year=end.year).unpaired,
    ]
    return [item for item in items if union.contains(item.lower)]


def positions(union: Union, *, consolidated: bool, on: Date, year: int) -> dict[tuple[str, bool], Decimal]:
    """Σ effect per (settlement account, 专项) at the end of `on`, opening balances of `year` included."""
    result: dict[tuple[str, bool], Decimal] = defaultdict(lambda: ZERO)
    for row in _positions(union, consolidated=consolidated, on=on, year=year, by=("settlement", "earmarked")):
        result[row["settlement"], row["earmarked"]] += row["total"]
    return result


def _positions(
    union: Union, *, consolidated: bool, on: Date, year: int, by: tuple[str, ...], only: Q | None = None
) -> list[dict]:
    """Σ effect per `by` at the end of `on`, opening balances of `year` included: whole months from the
    ledger totals, the days of a month begun from the vouchers; one row per value of `by`."""
    opening = Q(kind=Voucher.Kind.OPENING, year=year)
    whole = totals.through(on) if totals.is_month_end(on) else totals.before(on)
    summed_by = by if only is None else (*by, "counterpart_union_id")
    parts = [statement_totals(union, consolidated=consolidated, by=summed_by).filter(whole | opening)]
    if not totals.is_month_end(on):
        days = statement_vouchers(union, consolidated=consolidated).filter(
            date__gte=on.replace(day=1), date__lte=on
        )
        parts.append(days.exclude(opening))
    sums: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    for part in parts:
        for row in part.filter(only or Q()).values(*by).annotate(total=Sum("fund_effect")).order_by():
            sums[tuple(row[field] for field in by)] += row["total"]
    return [{**dict(zip(by, key, strict=True)), "total": total} for key, total in sums.items()]


@dataclass(frozen=True)
class FundYear:
    """One fund's year: what came in and went out (as the 02表 counts them) and its balance."""

    name: str
    kind: str
    restricted: bool
    union: str
    income: Decimal
    spending: Decimal
    closing: Decimal


@dataclass(frozen=True)
class YearMoney:
    """A year's money up to `as_of`, as the 工会02表 of the same union and scope states it.

    `income` and `spending` map 2021 account codes to amounts (only accounts with an amount);
    `opening` and `closing` are 年初/年末资金结转结余, which the 01表's 工会资金结转 and 工会资金结余
    hold; `asset_fund` is the 01表's 资产基金 (fixed assets at their net value); `funds` break the
    year down by fund, restricted funds included.
    """

    union: Union
    year: int
    as_of: Date
    consolidated: bool
    income: dict[str, Decimal]
    spending: dict[str, Decimal]
    opening: Decimal
    closing: Decimal
    asset_fund: Decimal
    funds: list[FundYear]
    moved_inside: Decimal  # consolidated: grants paired inside the subtree, left out of both sides

    @property
    def income_total(self) -> Decimal:
        return sum(self.income.values(), ZERO)

    @property
    def spending_total(self) -> Decimal:
        return sum(self.spending.values(), ZERO)

    @property
    def difference(self) -> Decimal:
        return self.income_total - self.spending_total

    @property
    def adjustment(self) -> Decimal:
        """二、资金结转结余调整及变动: what moved the balances besides income and spending."""
        return self.closing - self.opening - self.difference

    @property
    def net_assets(self) -> Decimal:
        """The 01表's 净资产合计 at `as_of`."""
        return self.closing + self.asset_fund


def year_money(*, union: Union, year: int, as_of: Date | None = None, consolidated: bool = True) -> YearMoney:
    """The year's money from 1 January to `as_of` (31 December by default): one union's books, or
    consolidated over its subtree (the default: what a union with unions below files)."""
    as_of = min(as_of or Date(year, 12, 31), Date(year, 12, 31))
    start = Date(year, 1, 1)
    sums = account_sums(union, consolidated=consolidated, start=start, end=as_of)
    paired = grant_pairing(union, start=start, end=as_of) if consolidated else interunion.Pairing()
    opening = positions(union, consolidated=consolidated, on=Date(year - 1, 12, 31), year=year)
    flows, closing_rows = _fund_flows(union, consolidated=consolidated, start=start, end=as_of)
    cost, depreciated = fixed_assets_carried(union, consolidated=consolidated, on=as_of)
    return YearMoney(
        union=union,
        year=year,
        as_of=as_of,
        consolidated=consolidated,
        income={code: sums[code] for code in INCOME_ACCOUNTS if sums[code]},
        spending={code: sums[code] for code in SPENDING_ACCOUNTS if sums[code]},
        opening=sum(opening.values(), ZERO),
        closing=sum((row["total"] for row in closing_rows), ZERO),
        asset_fund=cost - depreciated,
        funds=_fund_years(union, consolidated=consolidated, flows=flows, closing=closing_rows, paired=paired),
        moved_inside=paired.removed_by_account()[interunion.GRANT_GIVEN],
    )


def _fund_flows(
    union: Union, *, consolidated: bool, start: Date, end: Date
) -> tuple[dict[int, dict[str, Decimal]], list[dict]]:
    """Per fund of the scope: its income and spending in the period (by direction) and its balance at
    the end ({"fund_id", "total"} rows, opening balances of the year included). A whole year reads the
    funds' years (one row per fund and year); else the ledger totals' months and the vouchers' days."""
    flows: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    year = start.year
    if (start, end) == (Date(year, 1, 1), Date(year, 12, 31)):
        kept = (
            FundYearTotal.objects.within(union) if consolidated else FundYearTotal.objects.filter(union=union)
        )
        this_year = Q(year=year)
        rows = (
            kept.filter(year__lte=year)
            .values("fund_id")
            .annotate(
                total=Sum("effect"),
                income=Sum("income", filter=this_year, default=ZERO),
                spending=Sum("spending", filter=this_year, default=ZERO),
            )
            .order_by()
        )
        closing = []
        for row in rows:
            flows[row["fund_id"]][Voucher.Direction.INCOME] += row["income"]
            flows[row["fund_id"]][Voucher.Direction.SPENDING] += row["spending"]
            closing.append({"fund_id": row["fund_id"], "total": row["total"]})
        return flows, closing
    by = ("fund_id", "direction")
    for rows, amount in _entries_between(union, consolidated=consolidated, start=start, end=end, by=by):
        for row in rows.values(*by).annotate(total=Sum(amount)).order_by():
            flows[row["fund_id"]][row["direction"]] += row["total"]
    return flows, _positions(union, consolidated=consolidated, on=end, year=year, by=("fund_id",))


def _fund_years(
    union: Union,
    *,
    consolidated: bool,
    flows: dict[int, dict[str, Decimal]],
    closing: list[dict],
    paired: interunion.Pairing,
) -> list[FundYear]:
    """Per fund of the scope: its income and spending in the period (`flows`, less the pairs a
    consolidation removes) and its balance at the end (`closing`); funds with none of the three are
    left out."""
    for entry in paired.removed_entries:
        flows[entry.fund_id][entry.direction] -= entry.amount
    balances = {row["fund_id"]: row["total"] for row in closing}
    # Rows, not Fund objects: a federation has thousands of funds.
    funds = (
        Fund.objects.of(union, rollup=consolidated)
        .order_by("union__path", "kind", "pk")
        .values_list("pk", "name", "kind", "restricted", "union__name")
    )
    result = []
    for pk, name, kind, restricted, union_name in funds:
        moved = flows.get(pk, {})
        year = FundYear(
            name=name,
            kind=kind,
            restricted=restricted,
            union=union_name,
            income=moved.get(Voucher.Direction.INCOME, ZERO),
            spending=moved.get(Voucher.Direction.SPENDING, ZERO),
            closing=balances.get(pk, ZERO),
        )
        if year.income or year.spending or year.closing:
            result.append(year)
    return result


def money_by_month(*, union: Union, year: int, consolidated: bool = True) -> dict[str, list[Decimal]]:
    """Income and spending of each month of the year (twelve each), as the 02表 counts them: the
    months add up to the year's `income_total` and `spending_total`."""
    rows = statement_totals(union, consolidated=consolidated, by=("month", "direction")).filter(
        kind=Voucher.Kind.ENTRY, year=year
    )
    by_month = {
        row["month"]: row
        for row in rows.values("month")
        .annotate(
            income=Sum("amount", filter=Q(direction=Voucher.Direction.INCOME), default=ZERO),
            spending=Sum("amount", filter=Q(direction=Voucher.Direction.SPENDING), default=ZERO),
        )
        .order_by()
    }
    months = {
        "income": [by_month.get(m, {}).get("income", ZERO) for m in range(1, 13)],
        "spending": [by_month.get(m, {}).get("spending", ZERO) for m in range(1, 13)],
    }
    if consolidated:
        for entry in grant_pairing(union, start=Date(year, 1, 1), end=Date(year, 12, 31)).removed_entries:
            side = "income" if entry.direction == Voucher.Direction.INCOME else "spending"
            months[side][entry.month - 1] -= entry.amount
    return months
