"""Statements read from the vouchers, in SQL: the income and expenditure statement (收入支出表) by
category, fund balances, the cash journal with its running balance, budget against actual.

Each works on one union's books or rolls up over its subtree (汇总), and runs a fixed number of
queries whatever the number of vouchers. Every figure is a `Sum()` over voucher rows; a reversal
counts negative in the period it is dated, so a voucher and its reversal net to zero in any period
holding both.
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, F, Q, QuerySet, Sum, Value, Window
from django.db.models.expressions import RowRange
from django.utils.translation import gettext as _

from finances.models import Budget, Category, CategoryEdition, Direction, Fund, Voucher, totals
from unionhub.models import Union
from unionhub.scope import subtree

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        last = calendar.monthrange(year, month)[1]
        return cls(
            date(year, month, 1),
            date(year, month, last),
            _("%(year)s年%(month)s月") % {"year": year, "month": month},
        )

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        first_month = 3 * quarter - 2
        last = calendar.monthrange(year, first_month + 2)[1]
        return cls(
            date(year, first_month, 1),
            date(year, first_month + 2, last),
            _("%(year)s年第%(quarter)s季度") % {"year": year, "quarter": quarter},
        )

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31), _("%(year)s年度") % {"year": year})

    @property
    def year_start(self) -> date:
        return date(self.end.year, 1, 1)


def scope(union: Union, *, rollup: bool) -> QuerySet[Voucher]:
    """The vouchers a statement reads: the union's own, or its whole subtree's."""
    return Voucher.objects.of(union, rollup=rollup)


def fund_scope(union: Union, *, rollup: bool) -> QuerySet[Fund]:
    return Fund.objects.of(union, rollup=rollup)


@dataclass
class Line:
    """A row of a category statement: a top-level item (with its sub-items) or a sub-item."""

    category: Category
    values: dict[str, Decimal]
    children: list["Line"] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.category.name


@dataclass
class CategoryStatement:
    period: Period
    columns: tuple[str, ...]
    income: list[Line]
    spending: list[Line]

    def total(self, direction: str) -> dict[str, Decimal]:
        lines = self.income if direction == Direction.INCOME else self.spending
        return {column: sum((line.values[column] for line in lines), ZERO) for column in self.columns}

    @property
    def income_total(self) -> dict[str, Decimal]:
        return self.total(Direction.INCOME)

    @property
    def spending_total(self) -> dict[str, Decimal]:
        return self.total(Direction.SPENDING)

    @property
    def surplus(self) -> dict[str, Decimal]:
        income, spending = self.income_total, self.spending_total
        return {column: income[column] - spending[column] for column in self.columns}


def _chart(edition: CategoryEdition | None, union: Union, rollup: bool) -> list[Category]:
    """The edition's standard categories plus the sub-items of the unions in scope, in chart order."""
    categories = Category.objects.filter(edition=edition)
    own = subtree(union) if rollup else Q(union=union)
    return list(categories.filter(Q(union__isnull=True) | own).order_by("code", "union_id", "pk"))


def _fold(
    categories: list[Category], values: dict[int, dict[str, Decimal]], columns
) -> dict[str, list[Line]]:
    """Arrange per-category values as the chart's two levels; a top-level line sums its sub-items.

    Sub-items of the same name from several unions (a roll-up) share one line; a union's own
    sub-item appears only when it has figures.
    """
    empty = dict.fromkeys(columns, ZERO)
    tops: dict[int, Line] = {}
    result: dict[str, list[Line]] = {Direction.INCOME: [], Direction.SPENDING: []}
    for category in categories:
        if category.parent_id is None:
            tops[category.pk] = Line(category, dict(values.get(category.pk, empty)))
            result[category.direction].append(tops[category.pk])
    for category in categories:
        top = tops.get(category.parent_id)
        if top is None:
            continue
        own = values.get(category.pk, empty)
        if category.union_id is not None and not any(own.values()):
            continue
        line = next((child for child in top.children if child.name == category.name), None)
        if line is None:
            line = Line(category, dict(empty))
            top.children.append(line)
        for column in columns:
            line.values[column] += own[column]
            top.values[column] += own[column]
    return result


def income_statement(*, union: Union, period: Period, rollup: bool = False) -> CategoryStatement:
    """收入支出表: each category's amount in the period and from the start of its year to the period's end."""
    rows = (
        scope(union, rollup=rollup)
        .entries()
        .between(period.year_start, period.end)
        .values("category_id")
        .annotate(
            period=Sum("signed_amount", filter=Q(date__gte=period.start), default=ZERO),
            year_to_date=Sum("signed_amount", default=ZERO),
        )
    )
    columns = ("period", "year_to_date")
    values = {row["category_id"]: {column: row[column] for column in columns} for row in rows}
    edition = CategoryEdition.objects.in_force(period.end)
    folded = _fold(_chart(edition, union, rollup), values, columns)
    return CategoryStatement(period, columns, folded[Direction.INCOME], folded[Direction.SPENDING])


def budget_statement(*, union: Union, year: int, rollup: bool = False) -> CategoryStatement:
    """Budget against actual for a year, per category."""
    period = Period.year(year)
    actual = (
        scope(union, rollup=rollup)
        .entries()
        .between(period.start, period.end)
        .values("category_id")
        .annotate(total=Sum("signed_amount", default=ZERO))
    )
    budgets = Budget.objects.of(union, rollup=rollup).filter(year=year)
    budgeted = budgets.values("category_id").annotate(total=Sum("amount"))
    columns = ("budget", "actual")
    values: dict[int, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(columns, ZERO))
    for row in budgeted:
        values[row["category_id"]]["budget"] = row["total"]
    for row in actual:
        values[row["category_id"]]["actual"] = row["total"]
    edition = CategoryEdition.objects.in_force(period.end)
    folded = _fold(_chart(edition, union, rollup), values, columns)
    return CategoryStatement(period, columns, folded[Direction.INCOME], folded[Direction.SPENDING])


def fund_balances(*, union: Union, period: Period, rollup: bool = False) -> list[Fund]:
    """Each fund with `opening` (brought forward), `income`, `spending`, `transfers` (net) and `closing`.

    Opening balances recorded in the period (期初结转) count as brought forward.
    """
    if totals.is_month_start(period.start) and totals.is_month_end(period.end):
        # Whole months: read the ledger totals (a few rows per fund and month), not the vouchers.
        rows, amount = "totals__", "totals__amount"
        in_period = totals.months(period.start, period.end, prefix=rows)
        earlier = totals.before(period.start, prefix=rows)
    else:
        rows, amount = "vouchers__", "vouchers__signed_amount"
        in_period = Q(vouchers__date__gte=period.start, vouchers__date__lte=period.end)
        earlier = Q(vouchers__date__lt=period.start)
    effect = f"{rows}fund_effect"
    entry = Q(**{f"{rows}kind": Voucher.Kind.ENTRY})
    funds = (
        fund_scope(union, rollup=rollup)
        .select_related("union")
        .annotate(
            opening=Sum(
                effect,
                filter=earlier | (in_period & Q(**{f"{rows}kind": Voucher.Kind.OPENING})),
                default=ZERO,
            ),
            income=Sum(
                amount,
                filter=in_period & entry & Q(**{f"{rows}direction": Direction.INCOME}),
                default=ZERO,
            ),
            spending=Sum(
                amount,
                filter=in_period & entry & Q(**{f"{rows}direction": Direction.SPENDING}),
                default=ZERO,
            ),
            transfers=Sum(
                effect,
                filter=in_period & Q(**{f"{rows}kind": Voucher.Kind.TRANSFER}),
                default=ZERO,
            ),
        )
        .order_by("union__path", "kind", "name")
    )
    funds = list(funds)
    for fund in funds:
        fund.closing = fund.opening + fund.income - fund.spending + fund.transfers
    return funds


@dataclass
class Journal:
    opening: Decimal
    rows: QuerySet[Voucher]


def cash_journal(*, union: Union, period: Period, rollup: bool = False, fund: Fund | None = None) -> Journal:
    """收支流水 (the cash journal): every voucher of the period in order, with the running balance
    computed by PostgreSQL as a window sum; `opening` is the balance brought into the period."""
    vouchers = scope(union, rollup=rollup)
    if fund is not None:
        vouchers = vouchers.filter(fund=fund)
    opening = vouchers.filter(date__lt=period.start).balance()
    order = [F("date").asc(), F("union_id").asc(), F("number").asc()]
    rows = (
        vouchers.between(period.start, period.end)
        .select_related("union", "fund", "category", "category__parent", "reverses", "reversal")
        .annotate(
            running=Window(Sum("fund_effect"), order_by=order, frame=RowRange(start=None, end=0))
            + Value(opening, output_field=DecimalField(max_digits=14, decimal_places=2))
        )
        .order_by(*order)
    )
    return Journal(opening, rows)
