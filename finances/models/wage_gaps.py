"""How many active members of each union have no wage base (缴费工资基数) recorded, kept as members and
wage bases are written (`MissingWageBases`), so the treasurer's worklist ("N名在册会员未登记缴费工资
基数") adds up a row per union instead of looking every member up.

Each statement changes the counts by what it changed (a delta, not a recount): a member who joins
active without a wage base adds one to their union, leaving or moving takes one off (and adds it where
they went), a first wage base takes one off, deleting the last adds it back. A wage base statement
locks its members' rows first, so a concurrent change of the same member's status counts after it, on
what it committed. `differences()` recounts every union and lists the rows that disagree.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhub import guards
from unionhub.guards import written_by_triggers_only
from unionhub.models import Union
from unionhub.scope import ScopedQuerySet


def _add(deltas: str) -> str:
    """Add `deltas` (a query of (union_id, change) rows) to the counts."""
    return f"""
    INSERT INTO finances_missingwagebases AS c (union_id, members)
    SELECT union_id, SUM(change) FROM ({deltas}) AS deltas GROUP BY union_id HAVING SUM(change) <> 0
    ORDER BY union_id
    ON CONFLICT (union_id) DO UPDATE SET members = c.members + EXCLUDED.members;"""  # noqa: S608  # nosec B608 - fixed SQL of ours


# An active member without a wage base counts one (wage bases are not changed by a members statement).
_COUNTED = (
    "{m}.status = 'active' AND NOT EXISTS (SELECT 1 FROM finances_wagebase w WHERE w.member_id = {m}.id)"
)
_JOINED = f"SELECT n.union_id, 1 AS change FROM new_members n WHERE {_COUNTED.format(m='n')}"  # noqa: S608  # nosec B608
_LEFT = f"SELECT o.union_id, -1 AS change FROM old_members o WHERE {_COUNTED.format(m='o')}"  # noqa: S608  # nosec B608

_NONE = "SELECT NULL::bigint AS member_id WHERE false"


def _wage_bases_change(added: str, removed: str) -> str:
    """Per active member whose wage bases a statement changed (`added`, `removed`: queries of member_id,
    one row per wage base): +1 if they have none now, -1 if they had none before."""
    return f"""
    SELECT m.union_id,
           (CASE WHEN now.bases = 0 THEN 1 ELSE 0 END)
           - (CASE WHEN now.bases - changed.added + changed.removed = 0 THEN 1 ELSE 0 END) AS change
    FROM (
        SELECT member_id, SUM(added) AS added, SUM(removed) AS removed
        FROM (SELECT member_id, 1 AS added, 0 AS removed FROM ({added}) AS a
              UNION ALL SELECT member_id, 0, 1 FROM ({removed}) AS r) AS rows
        GROUP BY member_id
    ) AS changed
    JOIN members_member m ON m.id = changed.member_id AND m.status = 'active'
    CROSS JOIN LATERAL (
        SELECT COUNT(*) AS bases FROM finances_wagebase w WHERE w.member_id = changed.member_id
    ) AS now"""  # noqa: S608  # nosec B608 - fixed SQL of ours


def _lock_members(rows: str) -> str:
    """The members of the wage bases in `rows` locked first: a concurrent change of their status
    counts after this statement's, on what it committed."""
    return f"""
    PERFORM 1 FROM members_member m WHERE m.id IN ({rows}) ORDER BY m.id FOR NO KEY UPDATE;"""  # noqa: S608  # nosec B608


_NEW, _OLD = "SELECT member_id FROM new_bases", "SELECT member_id FROM old_bases"

TRIGGERS = f"""
CREATE OR REPLACE FUNCTION finances_members_count_wage_gaps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_add(_JOINED)}
    ELSIF TG_OP = 'DELETE' THEN
        {_add(_LEFT)}
    ELSE
        {_add(f"{_JOINED} UNION ALL {_LEFT}")}
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER finances_members_added_count_wage_gaps
AFTER INSERT ON members_member REFERENCING NEW TABLE AS new_members
FOR EACH STATEMENT EXECUTE FUNCTION finances_members_count_wage_gaps();
CREATE TRIGGER finances_members_changed_count_wage_gaps
AFTER UPDATE ON members_member REFERENCING OLD TABLE AS old_members NEW TABLE AS new_members
FOR EACH STATEMENT EXECUTE FUNCTION finances_members_count_wage_gaps();
CREATE TRIGGER finances_members_removed_count_wage_gaps
AFTER DELETE ON members_member REFERENCING OLD TABLE AS old_members
FOR EACH STATEMENT EXECUTE FUNCTION finances_members_count_wage_gaps();

CREATE OR REPLACE FUNCTION finances_wage_bases_count_wage_gaps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_lock_members(_NEW)}
        {_add(_wage_bases_change(_NEW, _NONE))}
    ELSIF TG_OP = 'DELETE' THEN
        {_lock_members(_OLD)}
        {_add(_wage_bases_change(_NONE, _OLD))}
    ELSE
        {_lock_members(f"{_NEW} UNION {_OLD}")}
        {_add(_wage_bases_change(_NEW, _OLD))}
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER finances_wage_bases_added_count_wage_gaps
AFTER INSERT ON finances_wagebase REFERENCING NEW TABLE AS new_bases
FOR EACH STATEMENT EXECUTE FUNCTION finances_wage_bases_count_wage_gaps();
CREATE TRIGGER finances_wage_bases_changed_count_wage_gaps
AFTER UPDATE ON finances_wagebase REFERENCING OLD TABLE AS old_bases NEW TABLE AS new_bases
FOR EACH STATEMENT EXECUTE FUNCTION finances_wage_bases_count_wage_gaps();
CREATE TRIGGER finances_wage_bases_removed_count_wage_gaps
AFTER DELETE ON finances_wagebase REFERENCING OLD TABLE AS old_bases
FOR EACH STATEMENT EXECUTE FUNCTION finances_wage_bases_count_wage_gaps();
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

EVERY_UNION = f"""
    SELECT m.union_id, COUNT(*) AS members FROM members_member m WHERE {_COUNTED.format(m="m")}
    GROUP BY m.union_id
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

FILL = "INSERT INTO finances_missingwagebases (union_id, members) " + EVERY_UNION


def differences(using: str = "default") -> list[tuple]:
    """Kept counts that differ from a recount of every union (either side's version of each)."""
    return guards.differences(
        recomputed=EVERY_UNION,
        kept="SELECT union_id, members FROM finances_missingwagebases WHERE members <> 0",
        using=using,
    )


class MissingWageBases(models.Model):
    """How many of a union's own active members have no wage base. Written only by the triggers of the
    members and the wage bases."""

    union = models.OneToOneField(
        Union, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("工会")
    )
    members = models.IntegerField(_("未登记工资基数的会员"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        app_label = "finances"
        verbose_name = _("未登记缴费工资基数人数")
        verbose_name_plural = _("未登记缴费工资基数人数")
        triggers = [written_by_triggers_only("missing_wage_bases_written_by_triggers")]

    def __str__(self) -> str:
        return f"{self.union_id}: {self.members}"
