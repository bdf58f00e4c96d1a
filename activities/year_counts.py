"""Activities counted per subtree and year, kept by PostgreSQL as activities are written
(`ActivityCount`).

A summary tells the year's activities by kind, by audience and in all, a weekly series once: counted
from the activities, a federation's summary read every activity of its tree's year. Each activity adds
one to the row of its kind, audience and series (none for a standalone activity) of its year, for its
union and every union above it (root first, under the federation's lock, so concurrent writers queue
in one order); the summary reads one union's rows, a few dozen and one per series, and counts the
series among them (`activities.selectors.activities_of_year`).

A row trigger on the activities adds an activity inserted, takes off one deleted, and moves one whose
union, date, kind, audience, series or non-members changed. A union moved in the tree recounts the
federations it left and joined. `differences()` recounts every union from the activities.
"""

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhub import guards
from unionhub.guards import (
    federation_lock,
    federation_lock_of_roots,
    union_moved_trigger,
    written_by_triggers_only,
)
from unionhub.models import Union
from unionhub.scope import ScopedQuerySet, path_ids_sql

KEY = ("kind", "audience", "series_id")
COLUMNS = ", ".join(KEY)
SAME_KEY = " AND ".join(f"c.{column} IS NOT DISTINCT FROM {{row}}.{column}" for column in KEY)
FIELDS = ("union", "start_date", "kind", "audience", "series", "non_member_participants")


def _add(row: str, sign: str) -> str:
    """Add `sign` × the activity `row` (NEW or OLD) to the row of its key and year of its union and of
    every union above it, root first; rows down to no activity go."""
    return f"""
    INSERT INTO activities_activitycount AS c (union_id, year, {COLUMNS}, activities, non_members)
    SELECT above.id, EXTRACT(YEAR FROM {row}.start_date)::integer, {", ".join(f"{row}.{c}" for c in KEY)},
           {sign}1, {sign}{row}.non_member_participants
    FROM unionhub_union u, unnest({path_ids_sql("u.path")}) WITH ORDINALITY AS above(id, place)
    WHERE u.id = {row}.union_id
    ORDER BY above.place
    ON CONFLICT ON CONSTRAINT activity_count_key DO UPDATE SET
        activities = c.activities + EXCLUDED.activities, non_members = c.non_members + EXCLUDED.non_members;
    DELETE FROM activities_activitycount c
    USING unionhub_union u, unnest({path_ids_sql("u.path")}) AS above(id)
    WHERE u.id = {row}.union_id AND c.union_id = above.id AND c.activities = 0
      AND c.year = EXTRACT(YEAR FROM {row}.start_date)::integer AND {SAME_KEY.format(row=row)};"""  # noqa: S608  # nosec B608 - fixed SQL of ours


def _locked(row: str) -> str:
    return federation_lock(f"ARRAY[{row}.union_id]")


def activity_triggers() -> list[pgtrigger.Trigger]:
    """The triggers on the activities (`Activity.Meta.triggers`)."""
    return [
        pgtrigger.Trigger(
            name="activity_added_to_counts",
            level=pgtrigger.Row,
            when=pgtrigger.After,
            operation=pgtrigger.Insert,
            func=_locked("NEW") + _add("NEW", "") + "RETURN NULL;",
        ),
        pgtrigger.Trigger(
            name="activity_moved_in_counts",
            level=pgtrigger.Row,
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            condition=pgtrigger.AnyChange(*FIELDS),
            func=_locked("OLD") + _locked("NEW") + _add("OLD", "-") + _add("NEW", "") + "RETURN NULL;",
        ),
        pgtrigger.Trigger(
            name="activity_taken_off_counts",
            level=pgtrigger.Row,
            when=pgtrigger.After,
            operation=pgtrigger.Delete,
            func=_locked("OLD") + _add("OLD", "-") + "RETURN NULL;",
        ),
    ]


# Every union's counts from the activities of the unions in `unions` (a WHERE clause on u).
_COUNTED = f"""
    SELECT above.id AS union_id, EXTRACT(YEAR FROM a.start_date)::integer AS year,
           {", ".join(f"a.{column}" for column in KEY)},
           COUNT(*) AS activities, SUM(a.non_member_participants) AS non_members
    FROM activities_activity a JOIN unionhub_union u ON u.id = a.union_id,
         unnest({path_ids_sql("u.path")}) AS above(id)
    {{unions}}
    GROUP BY 1, 2, {", ".join(f"a.{column}" for column in KEY)}
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

EVERY_UNION = _COUNTED.format(unions="")
FILL = (
    f"INSERT INTO activities_activitycount (union_id, year, {COLUMNS}, activities, non_members) {EVERY_UNION}"  # noqa: S608  # nosec B608
)

RECOUNT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION activities_recount_activity_counts(roots bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    {federation_lock_of_roots("roots")}
    DELETE FROM activities_activitycount c USING unionhub_union u
    WHERE c.union_id = u.id AND ({path_ids_sql("u.path")})[1] = ANY(roots);
    INSERT INTO activities_activitycount (union_id, year, {COLUMNS}, activities, non_members)
    {_COUNTED.format(unions=f"WHERE ({path_ids_sql('u.path')})[1] = ANY(roots)")};
END
$$;
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

# A union moved in the tree: the federations it left and joined are recounted.
UNION_MOVED_TRIGGER = union_moved_trigger(
    function="activities_union_moved_counts",
    trigger="activities_union_moved_recounts_activity_counts",
    recount="activities_recount_activity_counts",
)


def differences(using: str = "default") -> list[tuple]:
    """Kept rows that differ from a recount of every union from the activities. Empty when all agree."""
    return guards.differences(
        recomputed=EVERY_UNION,
        kept=f"SELECT union_id, year, {COLUMNS}, activities, non_members FROM activities_activitycount",  # noqa: S608  # nosec B608
        using=using,
    )


class ActivityCount(models.Model):
    """The activities of a union and the unions below it in a year sharing a kind, an audience and a
    series (none for standalone activities): how many, and the non-members who took part. Written
    only by the triggers of the activities and unions."""

    union = models.ForeignKey(
        Union, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("工会")
    )
    year = models.IntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=20)
    audience = models.CharField(_("对象"), max_length=20, blank=True)
    series = models.ForeignKey(
        "activities.ActivitySeries",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("系列"),
    )
    activities = models.IntegerField(_("活动数"))
    non_members = models.IntegerField(_("非会员参加人次"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        app_label = "activities"
        verbose_name = _("年度活动统计")
        verbose_name_plural = _("年度活动统计")
        constraints = [
            models.UniqueConstraint(
                fields=["union", "year", "kind", "audience", "series"],
                name="activity_count_key",
                nulls_distinct=False,
            )
        ]
        triggers = [written_by_triggers_only("activity_count_written_by_activities")]

    def __str__(self) -> str:
        return f"{self.union_id} {self.year} {self.kind} {self.audience} {self.series_id}: {self.activities}"
