"""How many members owe dues at a year's end, kept per union as the dues, the runs and the members are
written (`OwingCount`), so "N名会员欠缴会费" of a federation's year adds up one row per union instead of
comparing every member's months.

The rule is `finances.selectors.members_owing` on 31 December: an active member who joined by the
year owes when a month their union ran by then (a run that stands, its voucher dated by 31 December;
a 工会小组's dues are run by the union above it), from the month they joined, is not among the months
they paid (`DuesMonths`). A union's count is recounted (`RECOUNT`) in the same transaction when its
members' months paid change, when its runs (or its book union's) are made or cancelled, when a member
joins, leaves, moves or has their joining date corrected, and when a union becomes a 工会小组 or stops
being one (or a group moves), under the federation's lock.
`differences()` recounts every union and year and lists the rows that disagree.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhub import guards
from unionhub.guards import federation_lock, written_by_triggers_only
from unionhub.models import Union
from unionhub.scope import ScopedQuerySet

# The union whose dues runs a member of union `u` pays under: a 工会小组 keeps no books of its own.
BOOK_UNION = "CASE WHEN u.kind = 'group' THEN u.parent_id ELSE u.id END"

# Members owing on 31 December of k.year, counted per (union, year) of `keys` (a relation of
# (union_id, year)).
COUNT = f"""
    SELECT k.union_id, k.year, COUNT(*) AS members
    FROM {{keys}}
    JOIN unionhub_union u ON u.id = k.union_id
    JOIN LATERAL (
        SELECT bit_or(1 << (r.month - 1)) AS months
        FROM finances_duesrun r JOIN finances_voucher v ON v.id = r.voucher_id
        WHERE r.union_id = {BOOK_UNION} AND r.year = k.year AND NOT r.cancelled
          AND v.date <= make_date(k.year, 12, 31)
    ) AS run ON run.months IS NOT NULL
    JOIN members_member m ON m.union_id = k.union_id AND m.status = 'active'
         AND EXTRACT(YEAR FROM m.join_date) <= k.year
    LEFT JOIN finances_duesmonths p ON p.member_id = m.id AND p.year = k.year
    WHERE ((run.months & ~COALESCE(p.months, 0)) >> (
        CASE WHEN EXTRACT(YEAR FROM m.join_date) = k.year THEN EXTRACT(MONTH FROM m.join_date)::integer
        ELSE 1 END - 1
    )) <> 0
    GROUP BY k.union_id, k.year
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

RECOUNT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION finances_recount_owing(unions bigint[], years integer[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    {federation_lock("unions")}
    DELETE FROM finances_owingcount c USING unnest(unions, years) AS k(union_id, year)
    WHERE c.union_id = k.union_id AND c.year = k.year;
    INSERT INTO finances_owingcount (union_id, year, members)
    {COUNT.format(keys="(SELECT DISTINCT * FROM unnest(unions, years)) AS k(union_id, year)")};
END
$$;
"""  # noqa: S608  # nosec B608 - fixed SQL of ours (the path expression from unionhub.scope)

# The years a union's members can owe in: those its book union ran dues for.
_RUN_YEARS = f"""
    SELECT DISTINCT touched.union_id, r.year
    FROM ({{unions}}) AS touched(union_id)
    JOIN unionhub_union u ON u.id = touched.union_id
    JOIN finances_duesrun r ON r.union_id = {BOOK_UNION}
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

# The unions of an update whose book union changed.
_BOOK_CHANGED = """
            SELECT n.id FROM old_unions o JOIN new_unions n ON n.id = o.id
            WHERE (o.kind = 'group') IS DISTINCT FROM (n.kind = 'group')
               OR (n.kind = 'group' AND o.parent_id IS DISTINCT FROM n.parent_id)"""

_RECOUNT_KEYS = """
    PERFORM finances_recount_owing(array_agg(k.union_id), array_agg(k.year))
    FROM ({keys}) AS k HAVING COUNT(*) > 0;
"""

TRIGGERS = f"""
CREATE OR REPLACE FUNCTION finances_dues_months_recount_owing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {
    _RECOUNT_KEYS.format(
        keys="SELECT DISTINCT m.union_id, d.year FROM changed_months d"
        " JOIN members_member m ON m.id = d.member_id"
    )
}
    RETURN NULL;
END
$$;
CREATE TRIGGER finances_dues_months_added_recount_owing
AFTER INSERT ON finances_duesmonths REFERENCING NEW TABLE AS changed_months
FOR EACH STATEMENT EXECUTE FUNCTION finances_dues_months_recount_owing();
CREATE TRIGGER finances_dues_months_changed_recount_owing
AFTER UPDATE ON finances_duesmonths REFERENCING NEW TABLE AS changed_months
FOR EACH STATEMENT EXECUTE FUNCTION finances_dues_months_recount_owing();

CREATE OR REPLACE FUNCTION finances_dues_runs_recount_owing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The run's union and the 工会小组 whose dues it runs.
    {
    _RECOUNT_KEYS.format(
        keys="SELECT DISTINCT u.id AS union_id, r.year FROM changed_runs r"
        " JOIN unionhub_union u ON u.id = r.union_id OR (u.parent_id = r.union_id AND u.kind = 'group')"
    )
}
    RETURN NULL;
END
$$;
CREATE TRIGGER finances_dues_runs_added_recount_owing
AFTER INSERT ON finances_duesrun REFERENCING NEW TABLE AS changed_runs
FOR EACH STATEMENT EXECUTE FUNCTION finances_dues_runs_recount_owing();
CREATE TRIGGER finances_dues_runs_changed_recount_owing
AFTER UPDATE ON finances_duesrun REFERENCING NEW TABLE AS changed_runs
FOR EACH STATEMENT EXECUTE FUNCTION finances_dues_runs_recount_owing();
CREATE TRIGGER finances_dues_runs_removed_recount_owing
AFTER DELETE ON finances_duesrun REFERENCING OLD TABLE AS changed_runs
FOR EACH STATEMENT EXECUTE FUNCTION finances_dues_runs_recount_owing();

CREATE OR REPLACE FUNCTION finances_members_recount_owing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_RECOUNT_KEYS.format(keys=_RUN_YEARS.format(unions="SELECT DISTINCT union_id FROM new_members"))}
    ELSIF TG_OP = 'DELETE' THEN
        {_RECOUNT_KEYS.format(keys=_RUN_YEARS.format(unions="SELECT DISTINCT union_id FROM old_members"))}
    ELSE
        {
    _RECOUNT_KEYS.format(
        keys=_RUN_YEARS.format(
            unions='''
            SELECT o.union_id FROM old_members o JOIN new_members n ON n.id = o.id
            WHERE (o.union_id, o.status, o.join_date) IS DISTINCT FROM (n.union_id, n.status, n.join_date)
            UNION
            SELECT n.union_id FROM old_members o JOIN new_members n ON n.id = o.id
            WHERE (o.union_id, o.status, o.join_date) IS DISTINCT FROM (n.union_id, n.status, n.join_date)
        '''
        )
    )
}
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER finances_members_added_recount_owing
AFTER INSERT ON members_member REFERENCING NEW TABLE AS new_members
FOR EACH STATEMENT EXECUTE FUNCTION finances_members_recount_owing();
CREATE TRIGGER finances_members_changed_recount_owing
AFTER UPDATE ON members_member REFERENCING OLD TABLE AS old_members NEW TABLE AS new_members
FOR EACH STATEMENT EXECUTE FUNCTION finances_members_recount_owing();
CREATE TRIGGER finances_members_removed_recount_owing
AFTER DELETE ON members_member REFERENCING OLD TABLE AS old_members
FOR EACH STATEMENT EXECUTE FUNCTION finances_members_recount_owing();
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

# A union made a 工会小组 or no longer one, or a group moved under another union: its members' dues are
# now run by another union (`BOOK_UNION`), so its years are recounted: those the new book union ran,
# and those it had counts for.
_BOOK_CHANGED_YEARS = f"""
        {_RUN_YEARS.format(unions=_BOOK_CHANGED)}
        UNION
        SELECT c.union_id, c.year FROM finances_owingcount c WHERE c.union_id IN ({_BOOK_CHANGED})"""  # noqa: S608  # nosec B608
UNION_TRIGGER = f"""
CREATE OR REPLACE FUNCTION finances_unions_recount_owing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_RECOUNT_KEYS.format(keys=_BOOK_CHANGED_YEARS)}
    RETURN NULL;
END
$$;
CREATE TRIGGER finances_unions_changed_recount_owing
AFTER UPDATE ON unionhub_union REFERENCING OLD TABLE AS old_unions NEW TABLE AS new_unions
FOR EACH STATEMENT EXECUTE FUNCTION finances_unions_recount_owing();
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

# Every union and year it ran dues for (and its groups): the migration fills the table with it,
# `differences` compares the table against it.
_EVERY_RUN_YEAR = _RUN_YEARS.format(unions="SELECT id FROM unionhub_union")
EVERY_UNION = COUNT.format(keys=f"({_EVERY_RUN_YEAR}) AS k(union_id, year)")

FILL = "INSERT INTO finances_owingcount (union_id, year, members) " + EVERY_UNION


def differences(using: str = "default") -> list[tuple]:
    """Kept rows that differ from a recount of every union's years (either side's version of each)."""
    return guards.differences(
        recomputed=EVERY_UNION,
        kept="SELECT union_id, year, members FROM finances_owingcount",
        using=using,
    )


class OwingCount(models.Model):
    """How many of a union's own members owe dues at the end of a year (31 December). Written only by
    the triggers of the months paid, the dues runs and the members."""

    union = models.ForeignKey(
        Union, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("工会")
    )
    year = models.IntegerField(_("年度"))
    members = models.IntegerField(_("欠缴会员"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        app_label = "finances"
        verbose_name = _("年末欠缴人数")
        verbose_name_plural = _("年末欠缴人数")
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="owing_count_key")]
        triggers = [written_by_triggers_only("owing_count_written_by_dues")]

    def __str__(self) -> str:
        return f"{self.union_id} {self.year}: {self.members}"
