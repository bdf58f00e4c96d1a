"""Subtree totals (下级汇总合计): the ledger totals of a union and every union below it, summed per
account, kind, direction, settlement account, 专项 and month, kept by PostgreSQL as the ledger totals are.

A consolidated statement (汇总的工会02表, 01表) of a federation summed every union's ledger totals: its
cost grew with the federation. Each change to a ledger total (`finances.models.totals`, itself kept by
the vouchers' trigger) is added to the row of its key for the union and every union above it (root
first, so concurrent posts queue on the rows in one order), so a consolidated statement reads one
union's rows, a few hundred whatever the size of the tree. What the subtree totals do not keep (the
fund, the union, the other union of money between unions) is still summed from the ledger totals.

A union moved in the tree changes which unions' subtrees its books belong to: a statement trigger on the
unions recounts the federations it left and joined (`RECOUNT_FUNCTION`), the ledger totals locked
meanwhile. `differences()` recounts every union from the ledger totals.
"""

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from finances.models.chart import Category
from unionhub import guards
from unionhub.guards import union_moved_trigger, written_by_triggers_only
from unionhub.models import Union
from unionhub.scope import ScopedQuerySet, path_ids_sql

# What a subtree total keeps of a ledger total's key (the union being the one above).
KEY = ("category_id", "kind", "direction", "settlement", "earmarked", "year", "month")
COLUMNS = ", ".join(KEY)
SAME_KEY = " AND ".join(
    f"s.{column} IS NOT DISTINCT FROM {{row}}.{column}"
    if column == "category_id"
    else f"s.{column} = {{row}}.{column}"
    for column in KEY
)


def _add(row: str, sign: str, minus: str = "") -> str:
    """Add `sign` × the ledger total `row` (NEW or OLD; less `minus`, the row before an update) to the
    row of its key of its union and of every union above it, root first."""
    less = {field: f" - {minus}.{field}" if minus else "" for field in ("amount", "fund_effect", "vouchers")}
    return f"""
    INSERT INTO finances_subtreetotal (union_id, {COLUMNS}, amount, fund_effect, vouchers)
    SELECT above.id, {", ".join(f"{row}.{column}" for column in KEY)},
           {sign}({row}.amount{less["amount"]}), {sign}({row}.fund_effect{less["fund_effect"]}),
           {sign}({row}.vouchers{less["vouchers"]})
    FROM unionhub_union u, unnest({path_ids_sql("u.path")}) WITH ORDINALITY AS above(id, place)
    WHERE u.id = {row}.union_id
    ORDER BY above.place
    ON CONFLICT ON CONSTRAINT subtree_total_key DO UPDATE SET
        amount = finances_subtreetotal.amount + EXCLUDED.amount,
        fund_effect = finances_subtreetotal.fund_effect + EXCLUDED.fund_effect,
        vouchers = finances_subtreetotal.vouchers + EXCLUDED.vouchers;"""  # noqa: S608  # nosec B608 - fixed SQL of ours


def _drop_emptied(row: str) -> str:
    """Rows of `row`'s key left with no voucher (a ledger total taken out again) go."""
    return f"""
    DELETE FROM finances_subtreetotal s
    USING unionhub_union u, unnest({path_ids_sql("u.path")}) AS above(id)
    WHERE u.id = {row}.union_id AND s.union_id = above.id AND s.vouchers = 0
      AND {SAME_KEY.format(row=row)};"""  # noqa: S608  # nosec B608 - fixed SQL of ours


# The ledger totals' row trigger (the only writer of the subtree totals but the union-moved recount).
ADD_LEDGER_TOTAL = f"""
    IF TG_OP = 'INSERT' THEN
        {_add("NEW", "")}
    ELSIF TG_OP = 'UPDATE' THEN
        IF ({", ".join(f"OLD.{column}" for column in ("union_id", *KEY))})
           IS DISTINCT FROM ({", ".join(f"NEW.{column}" for column in ("union_id", *KEY))}) THEN
            {_add("OLD", "-")}
            {_drop_emptied("OLD")}
            {_add("NEW", "")}
        ELSE
            {_add("NEW", "", minus="OLD")}
        END IF;
        {_drop_emptied("NEW")}
    ELSE
        {_add("OLD", "-")}
        {_drop_emptied("OLD")}
    END IF;
    RETURN NULL;
"""

# Every union's subtree totals from the ledger totals of the unions in `unions` (a WHERE clause on u).
_SUMMED = f"""
    SELECT above.id AS union_id, {", ".join(f"l.{column}" for column in KEY)},
           SUM(l.amount) AS amount, SUM(l.fund_effect) AS fund_effect, SUM(l.vouchers) AS vouchers
    FROM finances_ledgertotal l JOIN unionhub_union u ON u.id = l.union_id,
         unnest({path_ids_sql("u.path")}) AS above(id)
    {{unions}}
    GROUP BY above.id, {", ".join(f"l.{column}" for column in KEY)}
    HAVING SUM(l.vouchers) <> 0
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

EVERY_UNION = _SUMMED.format(unions="")
FILL = f"INSERT INTO finances_subtreetotal (union_id, {COLUMNS}, amount, fund_effect, vouchers) {EVERY_UNION}"  # noqa: S608  # nosec B608


def lock_for_a_move() -> None:
    """What the recount of a move (`RECOUNT_FUNCTION`) locks, taken before the union's row
    (`unionhub.hooks.BEFORE_MOVE`)."""
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE finances_ledgertotal IN SHARE MODE")


RECOUNT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION finances_recount_subtree_totals(roots bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- No ledger total changes meanwhile (a voucher posted now waits for the move to commit).
    LOCK TABLE finances_ledgertotal IN SHARE MODE;
    DELETE FROM finances_subtreetotal s USING unionhub_union u
    WHERE s.union_id = u.id AND ({path_ids_sql("u.path")})[1] = ANY(roots);
    INSERT INTO finances_subtreetotal (union_id, {COLUMNS}, amount, fund_effect, vouchers)
    {_SUMMED.format(unions=f"WHERE ({path_ids_sql('u.path')})[1] = ANY(roots)")};
END
$$;
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

# A union moved in the tree: the federations it left and joined are recounted (a new union's first
# path, from '', holds no books yet).
UNION_MOVED_TRIGGER = union_moved_trigger(
    function="finances_union_moved",
    trigger="finances_union_moved_recounts_subtree_totals",
    recount="finances_recount_subtree_totals",
)


def differences(using: str = "default") -> list[tuple]:
    """Kept rows that differ from a recount of every union's subtree from the ledger totals."""
    return guards.differences(
        recomputed=EVERY_UNION,
        kept=f"SELECT union_id, {COLUMNS}, amount, fund_effect, vouchers FROM finances_subtreetotal",  # noqa: S608  # nosec B608
        using=using,
    )


class SubtreeTotal(models.Model):
    """The ledger totals of a union and the unions below it sharing a key, for one month. Written only
    by the ledger totals' trigger (and the recount when a union moves). Read one union's rows with
    `filter(union=…)`: `.within()` would add subtrees up twice."""

    union = models.ForeignKey(
        Union, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("工会")
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("科目"),
    )
    kind = models.CharField(_("类型"), max_length=10)
    direction = models.CharField(_("收支"), max_length=3)
    settlement = models.CharField(_("结算方式"), max_length=3)
    earmarked = models.BooleanField(_("专项"))
    year = models.IntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2)
    fund_effect = models.DecimalField(_("资金增减"), max_digits=16, decimal_places=2)
    vouchers = models.IntegerField(_("凭证数"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        app_label = "finances"
        verbose_name = _("下级汇总合计")
        verbose_name_plural = _("下级汇总合计")
        constraints = [
            models.UniqueConstraint(
                fields=["union", *(field.removesuffix("_id") for field in KEY)],
                name="subtree_total_key",
                nulls_distinct=False,
            ),
        ]
        triggers = [written_by_triggers_only("subtree_total_written_by_ledger")]

    def __str__(self) -> str:
        return f"{self.union_id} {self.year}-{self.month:02d} {self.fund_effect}"
