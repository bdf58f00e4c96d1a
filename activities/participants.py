"""Who took part, kept as the check-ins are written: one row per member, union, kind of activity and
year (`ParticipantYear`), kept by PostgreSQL in the same transaction as each check-in.

A year's "N人参加" is a count of distinct people over every check-in of a union's subtree: read from
the check-ins it sorts a million rows on the first view after any change. Kept here it is a count
over one row per person and union (a member checked in forty times at their union's study sessions is
one row with `times` 40), so the participation figures in `activities.selectors` read these rows and
nothing else computes them.

Statement-level triggers on the check-ins (insert, update, delete) and a row trigger on an activity
whose date, kind or union changes recompute the rows of the keys they touch from the check-ins
(`REFRESH`): a count, a first and a last date cannot be kept by adding and subtracting (a deleted
check-in may have been the first). Concurrent check-ins of one union queue on an advisory lock, so
each recomputation sees the other's committed rows instead of losing them. `differences()` recomputes
every row from the check-ins and lists any that disagree (empty when all agree).
"""

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Member
from unionhub import guards
from unionhub.guards import written_by_triggers_only
from unionhub.models import Union
from unionhub.scope import ScopedQuerySet

# The rows of the given keys recomputed from the present check-ins. Keys come as four parallel arrays
# (member, union, year, kind), so every trigger passes its own set to one function.
REFRESH_FUNCTION = """
CREATE OR REPLACE FUNCTION activities_refresh_participants(
    members bigint[], unions bigint[], years integer[], kinds text[]
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- One lock per union (in buckets, so a bulk load takes few): a concurrent check-in of the same
    -- union waits for this transaction and then recomputes from its committed rows.
    PERFORM pg_advisory_xact_lock(2601, bucket)
    FROM (SELECT DISTINCT (u % 128)::integer AS bucket FROM unnest(unions) AS u ORDER BY 1) AS buckets;
    DELETE FROM activities_participantyear p
    USING unnest(members, unions, years, kinds) AS k(member_id, union_id, year, kind)
    WHERE p.member_id = k.member_id AND p.union_id = k.union_id AND p.year = k.year AND p.kind = k.kind;
    INSERT INTO activities_participantyear (union_id, year, kind, member_id, first, last, times, by_code)
    SELECT a.union_id, k.year, a.kind, t.member_id,
           MIN(a.start_date), MAX(a.start_date), COUNT(*), COUNT(t.checked_in_at)
    FROM (SELECT DISTINCT * FROM unnest(members, unions, years, kinds)) AS k(member_id, union_id, year, kind)
    JOIN activities_attendance t ON t.member_id = k.member_id AND t.status = 'present'
    JOIN activities_activity a ON a.id = t.activity_id AND a.union_id = k.union_id AND a.kind = k.kind
         AND a.start_date >= make_date(k.year, 1, 1) AND a.start_date < make_date(k.year + 1, 1, 1)
    GROUP BY a.union_id, k.year, a.kind, t.member_id;
END
$$;
"""


def _refresh_from_check_ins(rows: str) -> str:
    """A statement trigger's body: refresh the keys of the check-ins in the transition table `rows`."""
    return f"""
    PERFORM activities_refresh_participants(
        array_agg(k.member_id), array_agg(k.union_id), array_agg(k.year), array_agg(k.kind)
    )
    FROM (
        SELECT DISTINCT c.member_id, a.union_id, EXTRACT(YEAR FROM a.start_date)::integer AS year, a.kind
        FROM {rows} c JOIN activities_activity a ON a.id = c.activity_id
    ) AS k;
    """  # noqa: S608  # nosec B608 - a transition table's name of ours


def _refresh_from_activity(row: str) -> str:
    """A row trigger's body: refresh the keys of the activity as `row` (OLD or NEW) was."""
    return f"""
    PERFORM activities_refresh_participants(
        array_agg(t.member_id), array_agg({row}.union_id),
        array_agg(EXTRACT(YEAR FROM {row}.start_date)::integer), array_agg({row}.kind::text)
    )
    FROM activities_attendance t WHERE t.activity_id = {row}.id;
    """


def check_in_triggers() -> list[pgtrigger.Trigger]:
    """The triggers on the check-ins (`Attendance.Meta.triggers`)."""
    return [
        pgtrigger.Trigger(
            name=f"attendance_keeps_participants_{operation.lower()}",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=getattr(pgtrigger, operation),
            referencing=pgtrigger.Referencing(**{side: f"{side}_rows" for side in sides}),
            func="".join(_refresh_from_check_ins(f"{side}_rows") for side in sides) + "RETURN NULL;",
        )
        for operation, sides in (("Insert", ["new"]), ("Update", ["old", "new"]), ("Delete", ["old"]))
    ]


def activity_trigger() -> pgtrigger.Trigger:
    """The trigger on an activity moved to another date, kind or union (`Activity.Meta.triggers`)."""
    return pgtrigger.Trigger(
        name="activity_keeps_participants",
        level=pgtrigger.Row,
        when=pgtrigger.After,
        operation=pgtrigger.Update,
        condition=pgtrigger.AnyChange("start_date", "kind", "union"),
        func=_refresh_from_activity("OLD") + _refresh_from_activity("NEW") + "RETURN NULL;",
    )


# Every row recomputed from the check-ins: the migration fills the table with it, `differences`
# compares the table against it.
FROM_CHECK_INS = """
    SELECT a.union_id, EXTRACT(YEAR FROM a.start_date)::integer AS year, a.kind, t.member_id,
           MIN(a.start_date) AS first, MAX(a.start_date) AS last, COUNT(*) AS times,
           COUNT(t.checked_in_at) AS by_code
    FROM activities_attendance t JOIN activities_activity a ON a.id = t.activity_id
    WHERE t.status = 'present'
    GROUP BY a.union_id, EXTRACT(YEAR FROM a.start_date)::integer, a.kind, t.member_id
"""

FILL = (
    "INSERT INTO activities_participantyear (union_id, year, kind, member_id, first, last, times, by_code)"
    + FROM_CHECK_INS
)


def differences(using: str = "default") -> list[tuple]:
    """Kept rows that differ from the check-ins (either side's version of each). Empty when all agree."""
    return guards.differences(
        recomputed=FROM_CHECK_INS,
        kept="SELECT union_id, year, kind, member_id, first, last, times, by_code"
        " FROM activities_participantyear",
        using=using,
    )


class ParticipantYear(models.Model):
    """A member's presence at one union's activities of one kind in one year. Written only by the
    triggers of the check-ins and activities."""

    union = models.ForeignKey(
        Union, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("工会")
    )
    year = models.IntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=20)
    member = models.ForeignKey(
        Member, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("会员")
    )
    first = models.DateField(_("首次出席"))
    last = models.DateField(_("最近出席"))
    times = models.PositiveIntegerField(_("出席人次"))
    by_code = models.PositiveIntegerField(_("扫码签到人次"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        app_label = "activities"
        verbose_name = _("年度参与")
        verbose_name_plural = _("年度参与")
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "kind", "member"], name="participant_year_key"),
        ]
        indexes = [models.Index(fields=["year", "member"], name="participant_year_member")]
        triggers = [written_by_triggers_only("participant_year_written_by_check_ins")]

    def __str__(self) -> str:
        return f"{self.union_id} {self.year} {self.kind} {self.member_id}: {self.times}"
