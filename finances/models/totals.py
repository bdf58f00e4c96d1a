"""Ledger totals (账簿合计): the vouchers summed per union, fund, account, settlement account, 专项,
counterpart union and month, kept by PostgreSQL in the same transaction as each voucher.

A posted voucher is never changed or deleted and a correction is a new voucher (a reversal), so an
INSERT trigger on the vouchers is all that keeps the totals: `INSERT … ON CONFLICT DO UPDATE` adds the
voucher to its row, and concurrent posts to the same row queue on its lock instead of losing an
update. Reads that are a pure sum by union, fund, account and month (fund balances, 工会02表, the
dashboard) read these few rows instead of a million vouchers; `manage.py check_totals` recomputes
them from the vouchers and reports any difference.
"""

from datetime import timedelta

import pgtrigger
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from finances.models.chart import Category, Fund
from finances.models.fund_years import ADD_LEDGER_TOTAL as ADD_TO_FUND_YEARS
from finances.models.subtree import ADD_LEDGER_TOTAL as ADD_TO_SUBTREES
from unionhub.guards import written_by_triggers_only
from unionhub.models import Union
from unionhub.scope import ScopedQuerySet

# The key of a total: every column a statement filters or groups the vouchers by.
KEY = (
    "union_id",
    "fund_id",
    "category_id",
    "kind",
    "direction",
    "settlement",
    "earmarked",
    "counterpart_union_id",
    "year",
    "month",
)

ADD_VOUCHER = """
    INSERT INTO finances_ledgertotal (
        union_id, fund_id, category_id, kind, direction, settlement, earmarked, counterpart_union_id, year,
        month, amount, fund_effect, vouchers
    )
    VALUES (
        NEW.union_id, NEW.fund_id, NEW.category_id, NEW.kind, NEW.direction, NEW.settlement,
        NEW.earmarked, NEW.counterpart_union_id, NEW.year, EXTRACT(MONTH FROM NEW.date)::integer,
        NEW.signed_amount, NEW.fund_effect, 1
    )
    ON CONFLICT ON CONSTRAINT ledger_total_key DO UPDATE SET
        amount = finances_ledgertotal.amount + EXCLUDED.amount,
        fund_effect = finances_ledgertotal.fund_effect + EXCLUDED.fund_effect,
        vouchers = finances_ledgertotal.vouchers + 1;
    RETURN NULL;
"""

# The same sums computed from the vouchers: the migration fills the table with it, and
# `check_totals` compares the table against it.
FROM_VOUCHERS = """
    SELECT union_id, fund_id, category_id, kind, direction, settlement, earmarked, counterpart_union_id, year,
           EXTRACT(MONTH FROM date)::integer AS month,
           SUM(signed_amount) AS amount, SUM(fund_effect) AS fund_effect, COUNT(*) AS vouchers
    FROM finances_voucher
    GROUP BY union_id, fund_id, category_id, kind, direction, settlement, earmarked,
             counterpart_union_id, year, EXTRACT(MONTH FROM date)::integer
"""

FILL = (
    """
    INSERT INTO finances_ledgertotal (
        union_id, fund_id, category_id, kind, direction, settlement, earmarked, counterpart_union_id, year,
        month, amount, fund_effect, vouchers
    )"""
    + FROM_VOUCHERS
)


class LedgerTotal(models.Model):
    """The sum of the posted vouchers sharing a key, for one month. Written only by the trigger."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="totals", verbose_name=_("资金"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("科目")
    )
    kind = models.CharField(_("类型"), max_length=10)
    direction = models.CharField(_("收支"), max_length=3)
    settlement = models.CharField(_("结算方式"), max_length=3)
    earmarked = models.BooleanField(_("专项"))
    counterpart_union = models.ForeignKey(
        Union, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("对方工会")
    )
    year = models.IntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    # Σ signed_amount (a reversal counts negative) and Σ fund_effect (income +, spending −).
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2)
    fund_effect = models.DecimalField(_("资金增减"), max_digits=16, decimal_places=2)
    vouchers = models.PositiveIntegerField(_("凭证数"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("账簿合计")
        verbose_name_plural = _("账簿合计")
        constraints = [
            models.UniqueConstraint(
                fields=[field.removesuffix("_id") for field in KEY],
                name="ledger_total_key",
                nulls_distinct=False,
            ),
        ]
        indexes = [models.Index(fields=["union", "year", "month"], name="ledger_total_union_month")]
        # The voucher's trigger is the only writer: a statement of the app's own is refused.
        triggers = [
            written_by_triggers_only("ledger_total_written_by_vouchers"),
            # Keeps finances.SubtreeTotal for the union and every union above (finances/models/subtree.py).
            pgtrigger.Trigger(
                name="ledger_total_adds_to_subtrees",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                level=pgtrigger.Row,
                func=ADD_TO_SUBTREES,
            ),
            # Keeps finances.FundYearTotal for the fund and year (finances/models/fund_years.py).
            pgtrigger.Trigger(
                name="ledger_total_adds_to_fund_years",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                level=pgtrigger.Row,
                func=ADD_TO_FUND_YEARS,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.union_id} {self.year}-{self.month:02d} {self.fund_effect}"


DIFFERENCES = f"""
    WITH recomputed AS ({FROM_VOUCHERS}),
    kept AS (
        SELECT union_id, fund_id, category_id, kind, direction, settlement, earmarked,
               counterpart_union_id, year, month, amount, fund_effect, vouchers
        FROM finances_ledgertotal
    )
    SELECT COALESCE(k.union_id, r.union_id), COALESCE(k.fund_id, r.fund_id),
           COALESCE(k.year, r.year), COALESCE(k.month, r.month),
           k.amount, r.amount, k.fund_effect, r.fund_effect, k.vouchers, r.vouchers
    FROM kept k FULL OUTER JOIN recomputed r
      ON k.union_id = r.union_id AND k.fund_id = r.fund_id
     AND k.category_id IS NOT DISTINCT FROM r.category_id AND k.kind = r.kind
     AND k.direction = r.direction AND k.settlement = r.settlement AND k.earmarked = r.earmarked
     AND k.counterpart_union_id IS NOT DISTINCT FROM r.counterpart_union_id
     AND k.year = r.year AND k.month = r.month
    WHERE k.amount IS DISTINCT FROM r.amount OR k.fund_effect IS DISTINCT FROM r.fund_effect
       OR k.vouchers IS DISTINCT FROM r.vouchers
    ORDER BY 1, 2, 3, 4
"""  # noqa: S608  # nosec B608


def differences(using: str = "default") -> list[tuple]:
    """Totals that differ from the vouchers' sums: (union, fund, year, month, kept amount, recomputed
    amount, kept effect, recomputed effect, kept count, recomputed count). Empty when all agree."""
    from django.db import connections

    with connections[using].cursor() as cursor:
        cursor.execute(DIFFERENCES)
        return cursor.fetchall()


# -- reading by month -------------------------------------------------------------------------


def is_month_start(day) -> bool:
    return day.day == 1


def is_month_end(day) -> bool:
    return (day + timedelta(days=1)).day == 1


def through(day, prefix: str = "") -> Q:
    """Totals of the months up to and including `day`'s month."""
    return Q(**{f"{prefix}year__lt": day.year}) | Q(
        **{f"{prefix}year": day.year, f"{prefix}month__lte": day.month}
    )


def before(day, prefix: str = "") -> Q:
    """Totals of the months before `day`'s month."""
    return Q(**{f"{prefix}year__lt": day.year}) | Q(
        **{f"{prefix}year": day.year, f"{prefix}month__lt": day.month}
    )


def months(start, end, prefix: str = "") -> Q:
    """Totals of the months from `start`'s through `end`'s (whole months: check the bounds first)."""
    return through(end, prefix) & ~before(start, prefix)
