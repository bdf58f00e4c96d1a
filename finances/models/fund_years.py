"""Fund years (资金年度合计): each fund's income, spending and change of balance per year, kept by
PostgreSQL as the ledger totals are (`FundYearTotal`).

A fund's balance at a year's end summed every month of every account of its ledger totals since it
was opened, for every fund of a federation; its year's income and spending every month of the year.
Each change to a ledger total (`finances.models.totals`) is added to its fund's row of its year: the
summary's money by fund, the balances by kind of fund and the restricted funds holding money read one
row per fund and year. `differences()` recounts every fund from the ledger totals.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from finances.models.chart import Fund
from unionhub import guards
from unionhub.guards import written_by_triggers_only
from unionhub.models import Union
from unionhub.scope import ScopedQuerySet


def _parts(row: str) -> tuple[str, str, str, str]:
    """A ledger total's part of its fund's year: income and spending as the 02表 counts them
    (entries), the change of balance of every kind (opening balances, transfers), the vouchers."""
    return (
        f"(CASE WHEN {row}.kind = 'entry' AND {row}.direction = 'in' THEN {row}.amount ELSE 0 END)",
        f"(CASE WHEN {row}.kind = 'entry' AND {row}.direction = 'out' THEN {row}.amount ELSE 0 END)",
        f"{row}.fund_effect",
        f"{row}.vouchers",
    )


def _add(row: str, sign: str = "", minus: str = "") -> str:
    """Add `sign` × the ledger total `row` (NEW or OLD; less `minus`, the row before an update) to
    its fund's year."""
    parts = [
        f"{sign}({part}{f' - {before}' if minus else ''})"
        for part, before in zip(_parts(row), _parts(minus or row), strict=True)
    ]
    return f"""
    INSERT INTO finances_fundyeartotal AS t (fund_id, union_id, year, income, spending, effect, vouchers)
    VALUES ({row}.fund_id, {row}.union_id, {row}.year, {", ".join(parts)})
    ON CONFLICT (fund_id, year) DO UPDATE SET
        income = t.income + EXCLUDED.income, spending = t.spending + EXCLUDED.spending,
        effect = t.effect + EXCLUDED.effect, vouchers = t.vouchers + EXCLUDED.vouchers;"""  # noqa: S608  # nosec B608


_DROP_EMPTIED = """
    DELETE FROM finances_fundyeartotal WHERE fund_id = OLD.fund_id AND year = OLD.year AND vouchers = 0;"""

_SAME_FUND_YEAR = "(OLD.fund_id, OLD.union_id, OLD.year) = (NEW.fund_id, NEW.union_id, NEW.year)"

# The ledger totals' row trigger (the only writer of the fund years).
ADD_LEDGER_TOTAL = f"""
    IF TG_OP = 'INSERT' THEN
        {_add("NEW")}
    ELSIF TG_OP = 'UPDATE' AND {_SAME_FUND_YEAR} THEN
        {_add("NEW", minus="OLD")}
        {_DROP_EMPTIED}
    ELSE
        {_add("OLD", "-")}
        {_DROP_EMPTIED}
        IF TG_OP = 'UPDATE' THEN
            {_add("NEW")}
        END IF;
    END IF;
    RETURN NULL;
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

EVERY_FUND = """
    SELECT fund_id, union_id, year,
           SUM(CASE WHEN kind = 'entry' AND direction = 'in' THEN amount ELSE 0 END) AS income,
           SUM(CASE WHEN kind = 'entry' AND direction = 'out' THEN amount ELSE 0 END) AS spending,
           SUM(fund_effect) AS effect, SUM(vouchers) AS vouchers
    FROM finances_ledgertotal GROUP BY fund_id, union_id, year HAVING SUM(vouchers) <> 0
"""

FILL = (
    "INSERT INTO finances_fundyeartotal (fund_id, union_id, year, income, spending, effect, vouchers) "
    + EVERY_FUND
)


def differences(using: str = "default") -> list[tuple]:
    """Kept rows that differ from a recount of every fund's years from the ledger totals."""
    return guards.differences(
        recomputed=EVERY_FUND,
        kept="SELECT fund_id, union_id, year, income, spending, effect, vouchers FROM finances_fundyeartotal",
        using=using,
    )


class FundYearTotal(models.Model):
    """A fund's year: income and spending (entries, a reversal negative) and the change of its balance.
    Written only by the ledger totals' trigger."""

    fund = models.ForeignKey(
        Fund, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("资金")
    )
    union = models.ForeignKey(
        Union, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("工会")
    )
    year = models.IntegerField(_("年度"))
    income = models.DecimalField(_("收入"), max_digits=16, decimal_places=2)
    spending = models.DecimalField(_("支出"), max_digits=16, decimal_places=2)
    effect = models.DecimalField(_("资金增减"), max_digits=16, decimal_places=2)
    vouchers = models.IntegerField(_("凭证数"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        app_label = "finances"
        verbose_name = _("资金年度合计")
        verbose_name_plural = _("资金年度合计")
        constraints = [models.UniqueConstraint(fields=["fund", "year"], name="fund_year_total_key")]
        triggers = [written_by_triggers_only("fund_year_total_written_by_ledger")]

    def __str__(self) -> str:
        return f"{self.fund_id} {self.year}: {self.effect}"
