"""The year's membership events counted per subtree as they are written (`EventCount`), so "新入会N名、
转入N名、离会N名" of a federation's year reads a union's few rows instead of counting every event below it.

An event at a union counts for that union and every union above it, by year and kind; a transfer only
for the unions it crosses out of or into: a move between two unions of one subtree is no transfer in or
out of that subtree (`members.selectors.membership_figures`' rule). Events are never edited: a statement
trigger adds the inserted ones (and takes out the deleted, which only the bench's clean-up does, as
owner), under the federation's lock (which the roll's trigger on the events takes anyway). A union moved
in the tree changes which subtrees its events belong to: a statement trigger on the unions recounts the
federations it left and joined, under the same lock. `differences()` recounts every union.
"""

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

TRANSFERS = "('transferred_in', 'transferred_out')"

# Per union above (or at) each event of `events` and year and kind: the events that count there.
_COUNTED = f"""
    SELECT above.id AS union_id, EXTRACT(YEAR FROM e.date)::integer AS year, e.kind, COUNT(*) AS events
    FROM {{events}} e
    JOIN unionhub_union u ON u.id = e.union_id
    CROSS JOIN LATERAL unnest({path_ids_sql("u.path")}) AS above(id)
    LEFT JOIN unionhub_union other ON other.id = e.other_union_id
    WHERE NOT (e.kind IN {TRANSFERS} AND other.id IS NOT NULL
               AND above.id = ANY({path_ids_sql("other.path")}))
    {{where}}
    GROUP BY 1, 2, 3
"""  # noqa: S608  # nosec B608 - fixed SQL of ours


def _add(events: str, sign: str) -> str:
    return f"""
    INSERT INTO members_eventcount AS c (union_id, year, kind, events)
    SELECT union_id, year, kind, {sign}events FROM ({_COUNTED.format(events=events, where="")}) AS counted
    ORDER BY union_id, year, kind
    ON CONFLICT (union_id, year, kind) DO UPDATE SET events = c.events + EXCLUDED.events;"""  # noqa: S608  # nosec B608


TRIGGERS = f"""
CREATE OR REPLACE FUNCTION members_events_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {federation_lock("ARRAY(SELECT union_id FROM new_events)")}
        {_add("new_events", "")}
    ELSE
        {federation_lock("ARRAY(SELECT union_id FROM old_events)")}
        {_add("old_events", "-")}
        DELETE FROM members_eventcount WHERE events = 0;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER members_events_added_counted
AFTER INSERT ON members_memberevent REFERENCING NEW TABLE AS new_events
FOR EACH STATEMENT EXECUTE FUNCTION members_events_counted();
CREATE TRIGGER members_events_removed_counted
AFTER DELETE ON members_memberevent REFERENCING OLD TABLE AS old_events
FOR EACH STATEMENT EXECUTE FUNCTION members_events_counted();
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

EVERY_UNION = _COUNTED.format(events="members_memberevent", where="")
FILL = f"INSERT INTO members_eventcount (union_id, year, kind, events) {EVERY_UNION}"  # noqa: S608  # nosec B608

RECOUNT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION members_recount_events(roots bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- The federations' lock, which adding events takes too (before their counts): an event added
    -- meanwhile is counted after the recount, on its result.
    {federation_lock_of_roots("roots")}
    DELETE FROM members_eventcount c USING unionhub_union u
    WHERE c.union_id = u.id AND ({path_ids_sql("u.path")})[1] = ANY(roots);
    INSERT INTO members_eventcount (union_id, year, kind, events)
    {_COUNTED.format(events="members_memberevent", where=f"AND ({path_ids_sql('u.path')})[1] = ANY(roots)")};
END
$$;
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

UNION_MOVED_TRIGGER = union_moved_trigger(
    function="members_union_moved_recount_events",
    trigger="members_union_moved_recounts_events",
    recount="members_recount_events",
)


def differences(using: str = "default") -> list[tuple]:
    """Kept counts that differ from a recount of every union's subtree from the events."""
    return guards.differences(
        recomputed=EVERY_UNION,
        kept="SELECT union_id, year, kind, events FROM members_eventcount",
        using=using,
    )


class EventCount(models.Model):
    """How many membership events of a kind a union and the unions below it had in a year (transfers
    only those in from or out to another subtree). Written only by the events' trigger (and the recount
    when a union moves). Read one union's rows with `filter(union=…)`: `.within()` would count
    subtrees twice."""

    union = models.ForeignKey(
        Union, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("工会")
    )
    year = models.IntegerField(_("年度"))
    kind = models.CharField(_("变动类型"), max_length=20)
    events = models.IntegerField(_("次数"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        app_label = "members"
        verbose_name = _("会籍变动次数")
        verbose_name_plural = _("会籍变动次数")
        constraints = [models.UniqueConstraint(fields=["union", "year", "kind"], name="event_count_key")]
        triggers = [written_by_triggers_only("event_count_written_by_events")]

    def __str__(self) -> str:
        return f"{self.union_id} {self.year} {self.kind}: {self.events}"
