"""The months each member has paid dues for, kept as the dues are written: one row per member and year
(`DuesMonths`) whose `months` has bit m−1 set when a dues line for month m stands (its voucher neither
reversed nor itself a reversal), kept by PostgreSQL in the same transaction as each voucher.

"Members owing" (`finances.selectors.members_owing`) compares, per member, the months their union has
run with the months they paid: read from the dues lines that is a join over every line of the year
(a million for a city federation); read from here it is one row per member.

A statement trigger on the dues lines (insert, and delete, which only the bench's clean-up may do)
and a row trigger on a reversal voucher recompute the rows of the (member, year) keys they touch from
the lines (`REFRESH`): a month paid twice and reversed once is still paid, so the bits are recomputed,
not flipped. Concurrent writers of one member queue on an advisory lock, so each recomputation sees
the other's committed lines. `differences()` lists rows that disagree with the lines (empty when all
agree).
"""

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Member
from unionhub import guards
from unionhub.guards import written_by_triggers_only

# A line counts when its voucher stands and is not itself a reversal (`finances.selectors.live`).
LIVE_LINE = """
    finances_voucherline l JOIN finances_voucher v ON v.id = l.voucher_id AND v.reverses_id IS NULL
    AND NOT EXISTS (SELECT 1 FROM finances_voucher r WHERE r.reverses_id = v.id)
"""
MONTH_BIT = "(1 << (EXTRACT(MONTH FROM l.period)::integer - 1))"

# The rows of the given (member, year) keys recomputed from the dues lines (two parallel arrays).
REFRESH_FUNCTION = f"""
CREATE OR REPLACE FUNCTION finances_refresh_dues_months(members bigint[], years integer[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- One lock per member bucket, taken in order: a concurrent payment for the same member waits for
    -- this transaction and then recomputes from its committed lines.
    PERFORM pg_advisory_xact_lock(2602, bucket)
    FROM (SELECT DISTINCT (m % 128)::integer AS bucket FROM unnest(members) AS m ORDER BY 1) AS buckets;
    INSERT INTO finances_duesmonths (member_id, year, months)
    SELECT k.member_id, k.year, COALESCE(bit_or({MONTH_BIT}) FILTER (WHERE l.id IS NOT NULL), 0)
    FROM (SELECT DISTINCT * FROM unnest(members, years)) AS k(member_id, year)
    LEFT JOIN ({LIVE_LINE}) ON l.member_id = k.member_id
        AND l.period >= make_date(k.year, 1, 1) AND l.period < make_date(k.year + 1, 1, 1)
    GROUP BY k.member_id, k.year
    ON CONFLICT (member_id, year) DO UPDATE SET months = EXCLUDED.months;
END
$$;
"""  # noqa: S608  # nosec B608 - our own table names


def _refresh_from_lines(rows: str) -> str:
    """A statement trigger's body: refresh the keys of the dues lines in the transition table `rows`."""
    return f"""
    PERFORM finances_refresh_dues_months(array_agg(k.member_id), array_agg(k.year))
    FROM (
        SELECT DISTINCT member_id, EXTRACT(YEAR FROM period)::integer AS year
        FROM {rows} WHERE member_id IS NOT NULL AND period IS NOT NULL
    ) AS k HAVING COUNT(*) > 0;
    """  # noqa: S608  # nosec B608 - a transition table's name of ours


def line_triggers() -> list[pgtrigger.Trigger]:
    """The triggers on the voucher lines (`VoucherLine.Meta.triggers`)."""
    return [
        pgtrigger.Trigger(
            name=f"voucher_line_keeps_dues_months_{operation.lower()}",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=getattr(pgtrigger, operation),
            referencing=pgtrigger.Referencing(**{side: f"{side}_rows"}),
            func=_refresh_from_lines(f"{side}_rows") + "RETURN NULL;",
        )
        for operation, side in (("Insert", "new"), ("Delete", "old"))
    ]


# The lines of the voucher a reversal (NEW) reverses.
REVERSED_LINES = (
    "(SELECT member_id, period FROM finances_voucherline WHERE voucher_id = NEW.reverses_id) AS lines"
)


def reversal_trigger() -> pgtrigger.Trigger:
    """The trigger on a reversal: the lines of the voucher it reverses stop counting
    (`Voucher.Meta.triggers`)."""
    return pgtrigger.Trigger(
        name="reversal_keeps_dues_months",
        level=pgtrigger.Row,
        when=pgtrigger.After,
        operation=pgtrigger.Insert,
        condition=pgtrigger.Condition("NEW.reverses_id IS NOT NULL"),
        func=_refresh_from_lines(REVERSED_LINES) + "RETURN NULL;",
    )


# Every row recomputed from the lines: the migration fills the table with it, `differences` compares
# the table against it (members whose lines all stopped counting keep a row of 0 there: left out).
FROM_LINES = f"""
    SELECT l.member_id, EXTRACT(YEAR FROM l.period)::integer AS year, bit_or({MONTH_BIT}) AS months
    FROM {LIVE_LINE}
    WHERE l.member_id IS NOT NULL AND l.period IS NOT NULL
    GROUP BY l.member_id, EXTRACT(YEAR FROM l.period)::integer
"""  # noqa: S608  # nosec B608

FILL = "INSERT INTO finances_duesmonths (member_id, year, months)" + FROM_LINES


def differences(using: str = "default") -> list[tuple]:
    """Kept rows that differ from the dues lines (either side's version of each). Empty when all agree."""
    return guards.differences(
        recomputed=FROM_LINES,
        kept="SELECT member_id, year, months FROM finances_duesmonths WHERE months <> 0",
        using=using,
    )


class DuesMonths(models.Model):
    """The months of a year a member's dues stand for, as bits (January = 1). Written only by the
    triggers of the vouchers and their lines."""

    member = models.ForeignKey(
        Member, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("会员")
    )
    year = models.IntegerField(_("年度"))
    months = models.IntegerField(_("已缴月份"))

    class Meta:
        app_label = "finances"
        verbose_name = _("年度缴费月份")
        verbose_name_plural = _("年度缴费月份")
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="dues_months_key")]
        triggers = [written_by_triggers_only("dues_months_written_by_vouchers")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.year}: {self.months:012b}"
