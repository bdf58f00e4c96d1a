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

The year's counts of a union and those below it (`ParticipationCount`: distinct members, person-times
and check-ins by code, per kind and over every kind) are kept beside the rows, so the summary of a
federation reads one row per kind instead of counting the distinct people of its whole tree. A
member's reach — the unions above each activity they came to, by kind — is taken off the counts
before their rows are recomputed and added back after (`COUNT_REACH`); a union moved in the tree
recounts the federations it left and joined.

The participation rate's two numbers are kept per union too (`Turnout`): its active members, and of
them those present at any union's activity in each year, recounted for the unions whose members or
rows changed (`RECOUNT_TURNOUT`), so the rate of a federation adds up one row per union.
"""

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Member
from unionhub import guards
from unionhub.guards import (
    federation_lock,
    federation_lock_of_roots,
    union_moved_trigger,
    written_by_triggers_only,
)
from unionhub.models import Union
from unionhub.scope import ScopedQuerySet, path_ids_sql

# Every (top union, year, kind) a member's rows reach, with the member's person-times there: each row's
# union and every union above it, under its kind and under '' (every kind). {keys} narrows the rows.
REACH = f"""
    SELECT top.id AS union_id, p.year, kinds.kind, p.member_id,
           SUM(p.times) AS times, SUM(p.by_code) AS by_code
    FROM activities_participantyear p
    JOIN unionhub_union u ON u.id = p.union_id
    CROSS JOIN LATERAL unnest({path_ids_sql("u.path")}) AS top(id)
    CROSS JOIN LATERAL (VALUES (p.kind::text), ('')) AS kinds(kind)
    {{keys}}
    GROUP BY top.id, p.year, kinds.kind, p.member_id
"""  # noqa: S608  # nosec B608 - fixed SQL of ours (the path expression from unionhub.scope)

# Adds (sign 1) or takes off (sign -1) the reach of the given members' years to the counts.
_REACH_OF_KEYS = REACH.format(
    keys="JOIN (SELECT DISTINCT * FROM unnest(members, years)) AS k(member_id, year)"
    " ON p.member_id = k.member_id AND p.year = k.year"
)
COUNT_REACH_FUNCTION = f"""
CREATE OR REPLACE FUNCTION activities_count_reach(members bigint[], years integer[], sign integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO activities_participationcount AS c (union_id, year, kind, members, times, by_code)
    SELECT reach.union_id, reach.year, reach.kind,
           sign * COUNT(*), sign * SUM(reach.times), sign * SUM(reach.by_code)
    FROM ({_REACH_OF_KEYS}) AS reach
    GROUP BY reach.union_id, reach.year, reach.kind
    ORDER BY 1, 2, 3
    ON CONFLICT (union_id, year, kind) DO UPDATE
    SET members = c.members + EXCLUDED.members, times = c.times + EXCLUDED.times,
        by_code = c.by_code + EXCLUDED.by_code;
END
$$;
"""  # noqa: S608  # nosec B608 - fixed SQL of ours (the path expression from unionhub.scope)

# The rows of the given keys recomputed from the present check-ins, and the counts with them. Keys come
# as four parallel arrays (member, union, year, kind), so every trigger passes its own set to one
# function.
REFRESH_FUNCTION = f"""
CREATE OR REPLACE FUNCTION activities_refresh_participants(
    members bigint[], unions bigint[], years integer[], kinds text[]
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- One lock per federation: its counts are shared by every check-in in it, so a concurrent
    -- check-in waits for this transaction and then recomputes from its committed rows. Taken before
    -- any row of the counts, always in the same order.
    {federation_lock("unions")}
    PERFORM activities_count_reach(members, years, -1);
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
    PERFORM activities_count_reach(members, years, 1);
    PERFORM activities_recount_turnout(array_agg(DISTINCT m.union_id))
    FROM members_member m WHERE m.id = ANY(members) HAVING COUNT(*) > 0;
END
$$;
"""  # noqa: S608  # nosec B608 - fixed SQL of ours (the path expression from unionhub.scope)

# The active members of the given unions, and of them those present in each year, recounted.
RECOUNT_TURNOUT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION activities_recount_turnout(unions bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    {federation_lock("unions")}
    DELETE FROM activities_turnout WHERE union_id = ANY(unions);
    INSERT INTO activities_turnout (union_id, year, members, took_part)
    SELECT m.union_id, 0, COUNT(*), 0 FROM members_member m
    WHERE m.union_id = ANY(unions) AND m.status = 'active' GROUP BY m.union_id
    UNION ALL
    SELECT m.union_id, p.year, 0, COUNT(DISTINCT m.id)
    FROM members_member m JOIN activities_participantyear p ON p.member_id = m.id
    WHERE m.union_id = ANY(unions) AND m.status = 'active' GROUP BY m.union_id, p.year;
END
$$;
"""  # noqa: S608  # nosec B608 - fixed SQL of ours (the path expression from unionhub.scope)

# A member who joins, leaves, changes status or moves to another union changes the turnout of the
# unions on both sides (statement triggers on the members).
MEMBERS_CHANGED_TRIGGERS = """
CREATE OR REPLACE FUNCTION activities_members_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM activities_recount_turnout(array_agg(DISTINCT union_id)) FROM new_members HAVING COUNT(*) > 0;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM activities_recount_turnout(array_agg(DISTINCT union_id)) FROM old_members HAVING COUNT(*) > 0;
    ELSE
        PERFORM activities_recount_turnout(array_agg(DISTINCT changed.union_id))
        FROM (
            SELECT o.union_id FROM old_members o JOIN new_members n ON n.id = o.id
            WHERE o.union_id <> n.union_id OR o.status <> n.status
            UNION
            SELECT n.union_id FROM old_members o JOIN new_members n ON n.id = o.id
            WHERE o.union_id <> n.union_id OR o.status <> n.status
        ) AS changed
        HAVING COUNT(*) > 0;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER activities_members_added_recount_turnout
AFTER INSERT ON members_member REFERENCING NEW TABLE AS new_members
FOR EACH STATEMENT EXECUTE FUNCTION activities_members_changed();
CREATE TRIGGER activities_members_changed_recount_turnout
AFTER UPDATE ON members_member REFERENCING OLD TABLE AS old_members NEW TABLE AS new_members
FOR EACH STATEMENT EXECUTE FUNCTION activities_members_changed();
CREATE TRIGGER activities_members_removed_recount_turnout
AFTER DELETE ON members_member REFERENCING OLD TABLE AS old_members
FOR EACH STATEMENT EXECUTE FUNCTION activities_members_changed();
"""

# The counts of every union in the given federations (by root id) recounted from the rows.
_REACH_OF_ROOTS = REACH.format(keys=f"WHERE ({path_ids_sql('u.path')})[1] = ANY(roots)")
RECOUNT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION activities_recount_participation(roots bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    {federation_lock_of_roots("roots")}
    DELETE FROM activities_participationcount c USING unionhub_union u
    WHERE c.union_id = u.id AND ({path_ids_sql("u.path")})[1] = ANY(roots);
    INSERT INTO activities_participationcount (union_id, year, kind, members, times, by_code)
    SELECT union_id, year, kind, COUNT(*), SUM(times), SUM(by_code) FROM ({_REACH_OF_ROOTS}) AS reach
    GROUP BY union_id, year, kind;
END
$$;
"""  # noqa: S608  # nosec B608 - fixed SQL of ours (the path expression from unionhub.scope)

# A union moved in the tree changes what its rows reach: the federations it left and joined are
# recounted (a statement trigger on the unions, for every path changed by one move; a new union's
# first path, from '', reaches nothing yet).
UNION_MOVED_TRIGGER = union_moved_trigger(
    function="activities_union_moved",
    trigger="activities_union_moved_recounts_participation",
    recount="activities_recount_participation",
)


def _refresh_from_check_ins(rows: str) -> str:
    """A statement trigger's body: refresh the keys of the check-ins in `rows` (a transition table, or a
    query over two), if there are any."""
    return f"""
    PERFORM activities_refresh_participants(
        array_agg(k.member_id), array_agg(k.union_id), array_agg(k.year), array_agg(k.kind)
    )
    FROM (
        SELECT DISTINCT c.member_id, a.union_id, EXTRACT(YEAR FROM a.start_date)::integer AS year, a.kind
        FROM {rows} c JOIN activities_activity a ON a.id = c.activity_id
    ) AS k
    HAVING COUNT(*) > 0;
    """  # noqa: S608  # nosec B608 - a transition table's name of ours


# The check-ins an UPDATE changed in what the rows count (the sheet saved again rewrites every row's
# status and time, mostly to what they were): their keys before and after, once.
_CHANGED = (
    "(o.activity_id, o.member_id, o.status, o.checked_in_at)"
    " IS DISTINCT FROM (n.activity_id, n.member_id, n.status, n.checked_in_at)"
)
UPDATED_ROWS = f"""(
        SELECT o.activity_id, o.member_id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {_CHANGED}
        UNION
        SELECT n.activity_id, n.member_id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {_CHANGED}
    )"""  # noqa: S608  # nosec B608 - fixed SQL of ours


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
            func=_refresh_from_check_ins(rows) + "RETURN NULL;",
        )
        for operation, sides, rows in (
            ("Insert", ["new"], "new_rows"),
            ("Update", ["old", "new"], UPDATED_ROWS),
            ("Delete", ["old"], "old_rows"),
        )
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


COUNTS = "SELECT union_id, year, kind, COUNT(*) AS members, SUM(times) AS times, SUM(by_code) AS by_code"

FILL_COUNTS = (
    "INSERT INTO activities_participationcount (union_id, year, kind, members, times, by_code) "
    + COUNTS
    + f" FROM ({REACH.format(keys='')}) AS reach GROUP BY union_id, year, kind"
)


TURNOUT = """
    SELECT m.union_id, 0 AS year, COUNT(*) AS members, 0 AS took_part FROM members_member m
    WHERE m.status = 'active' GROUP BY m.union_id
    UNION ALL
    SELECT m.union_id, p.year, 0, COUNT(DISTINCT m.id)
    FROM members_member m JOIN activities_participantyear p ON p.member_id = m.id
    WHERE m.status = 'active' GROUP BY m.union_id, p.year
"""

FILL_TURNOUT = "INSERT INTO activities_turnout (union_id, year, members, took_part)" + TURNOUT


def differences(using: str = "default") -> list[tuple]:
    """Kept rows that differ from the check-ins (either side's version of each). Empty when all agree."""
    return (
        guards.differences(
            recomputed=FROM_CHECK_INS,
            kept="SELECT union_id, year, kind, member_id, first, last, times, by_code"
            " FROM activities_participantyear",
            using=using,
        )
        + guards.differences(
            recomputed=COUNTS + f" FROM ({REACH.format(keys='')}) AS reach GROUP BY union_id, year, kind",
            # A count that came down to nothing stays as a row of zeros.
            kept="SELECT union_id, year, kind, members, times, by_code FROM activities_participationcount"
            " WHERE members <> 0 OR times <> 0 OR by_code <> 0",
            using=using,
        )
        + guards.differences(
            recomputed=TURNOUT,
            kept="SELECT union_id, year, members, took_part FROM activities_turnout",
            using=using,
        )
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
        # A member's rows (the counts and turnout recount them by member).
        indexes = [models.Index(fields=["member", "year"], name="participant_member_year")]
        triggers = [written_by_triggers_only("participant_year_written_by_check_ins")]

    def __str__(self) -> str:
        return f"{self.union_id} {self.year} {self.kind} {self.member_id}: {self.times}"


class ParticipationCount(models.Model):
    """The year's participation at the activities of a union and of every union below it: distinct
    members, person-times and check-ins by code, per kind ('' for every kind, each member once).
    Written only by the triggers of the check-ins, activities and unions."""

    union = models.ForeignKey(
        Union, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("工会")
    )
    year = models.IntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=20, blank=True)
    members = models.IntegerField(_("参加人数"))
    times = models.IntegerField(_("出席人次"))
    by_code = models.IntegerField(_("扫码签到人次"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        app_label = "activities"
        verbose_name = _("年度参与统计")
        verbose_name_plural = _("年度参与统计")
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "kind"], name="participation_count_key"),
        ]
        triggers = [written_by_triggers_only("participation_count_written_by_check_ins")]

    def __str__(self) -> str:
        return f"{self.union_id} {self.year} {self.kind or '*'}: {self.members}"


class Turnout(models.Model):
    """The participation rate's numbers for one union's own members: with `year` 0 its active members
    now (`members`), with a year those of them present at any union's activity in it (`took_part`).
    Written only by the triggers of the members and the participation rows."""

    union = models.ForeignKey(
        Union, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("工会")
    )
    year = models.IntegerField(_("年度"))
    members = models.IntegerField(_("在册会员"))
    took_part = models.IntegerField(_("参加活动的会员"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        app_label = "activities"
        verbose_name = _("会员参与面")
        verbose_name_plural = _("会员参与面")
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="turnout_key")]
        triggers = [written_by_triggers_only("turnout_written_by_members_and_check_ins")]

    def __str__(self) -> str:
        return f"{self.union_id} {self.year}: {self.took_part}/{self.members}"
