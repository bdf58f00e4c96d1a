"""Figures of a year's books for the annual work summary (issue 6), each rolled up over the union's
subtree (汇总) and computed in SQL.

Amounts are sums over vouchers dated in the year. A reversal counts negative in the year it is
dated, so a voucher reversed in the same year contributes nothing; transfers between funds and
opening balances are neither income nor spending. Aid payments and donations whose voucher was
reversed are left out of the counts and amounts.
"""

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from finances import selectors
from finances.models import (
    Category,
    CategoryEdition,
    Direction,
    Donation,
    LedgerTotal,
    Voucher,
)
from unionhub.models import Union

ZERO = Decimal("0.00")


class DonationFigures(NamedTuple):
    drives: int
    donors: int
    amount: Decimal


def _kept_year(union: Union, year: int):
    """The year's income and spending (no transfers or openings), as the ledger totals keep them."""
    return LedgerTotal.objects.within(union).filter(kind=Voucher.Kind.ENTRY, year=year)


def _by_top_category(*, union: Union, year: int, direction: str) -> dict[str, Decimal]:
    rows = (
        _kept_year(union, year)
        .filter(direction=direction)
        .annotate(top=Coalesce("category__parent__name", "category__name"))
        .values("top")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    totals = {row["top"]: row["total"] for row in rows}
    edition = CategoryEdition.objects.in_force(date(year, 12, 31))
    order = Category.objects.filter(edition=edition, parent__isnull=True, direction=direction).order_by(
        "code"
    )
    return {name: totals[name] for name in order.values_list("name", flat=True) if totals.get(name)}


def income_by_category(*, union: Union, year: int) -> dict[str, Decimal]:
    """Income per top-level category (会费收入 …), in chart order; categories with no income left out."""
    return _by_top_category(union=union, year=year, direction=Direction.INCOME)


def spending_by_category(*, union: Union, year: int) -> dict[str, Decimal]:
    """Spending per top-level category (职工活动支出 …), in chart order; empty ones left out."""
    return _by_top_category(union=union, year=year, direction=Direction.SPENDING)


def totals(*, union: Union, year: int) -> tuple[Decimal, Decimal]:
    """(income, spending) of the year; reversed vouchers and their reversals cancel out."""
    sums = _kept_year(union, year).aggregate(
        income=Sum("amount", filter=Q(direction=Direction.INCOME), default=ZERO),
        spending=Sum("amount", filter=Q(direction=Direction.SPENDING), default=ZERO),
    )
    return sums["income"], sums["spending"]


# The balance per kind of fund, as the summary reads it.
fund_balances = selectors.balances_by_kind


def donation_figures(*, union: Union, year: int) -> DonationFigures:
    """Drives that received gifts in the year, distinct donors, and the yuan given."""
    donations = selectors.standing(Donation.objects.within(union).filter(voucher__date__year=year))
    sums = selectors.donation_totals(donations, drives=Count("drive", distinct=True))
    return DonationFigures(sums["drives"], sums["donors"], sums["total"])
