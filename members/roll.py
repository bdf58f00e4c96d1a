"""The register at each year's end, kept as the membership events are written: how a union's own roll
changed over each year (`RollChange`), so the roll of a union and those below it on 31 December is a
sum of a few rows per union instead of finding every person's latest event in the whole tree.

A union's roll on a date is everyone whose latest event by then is at that union and leaves them a
member (`members.selectors.latest_events`), of whom women, migrant workers and the retained. Each
person's latest event lies at exactly one union, so the unions' rolls add up to their federation's.
`RollChange` keeps, per union and year, the roll at that year's end less the roll at the year before's:
the roll at the end of year Y is the sum of a union's changes up to Y, and a year in which nothing
happened to a union's people needs no row.

An event changes the rolls of the unions its person has events at, from the event's year on; a member's
sex or employment changed changes them from the person's first event (an event deleted past the
append-only guard, those of its own union too). Statement triggers on the events
and on the members recount those unions' years (`RECOUNT`) in the same transaction, under the
federation's lock (the one the participation counts take). `differences()` recounts every union and
lists the rows that disagree (empty when all agree).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhub import guards
from unionhub.guards import federation_lock, written_by_triggers_only
from unionhub.models import Union
from unionhub.scope import ScopedQuerySet

# The event kinds after which the person is a member of the event's union (MemberEvent.MEMBER_AFTER).
ON_ROLL = "('joined', 'transferred_in', 'restored', 'retained')"

# The changes of the unions and years in `spans` (union_id, from_year, last_year): each union's roll at
# every year's end from the year before `from_year` to `last_year`, less the year before's.
CHANGES = f"""
    SELECT union_id, year, members, women, migrant, retained FROM (
        SELECT s.union_id, y.year, s.from_year,
               r.members - LAG(r.members) OVER w AS members, r.women - LAG(r.women) OVER w AS women,
               r.migrant - LAG(r.migrant) OVER w AS migrant, r.retained - LAG(r.retained) OVER w AS retained
        FROM spans s
        CROSS JOIN LATERAL generate_series(s.from_year - 1, s.last_year) AS y(year)
        CROSS JOIN LATERAL (
            SELECT COUNT(*) FILTER (WHERE e.kind IN {ON_ROLL}) AS members,
                   COUNT(*) FILTER (WHERE e.kind IN {ON_ROLL} AND m.sex = 'F') AS women,
                   COUNT(*) FILTER (WHERE e.kind IN {ON_ROLL} AND m.employment_type = 'migrant') AS migrant,
                   COUNT(*) FILTER (WHERE e.kind = 'retained') AS retained
            FROM members_memberevent e JOIN members_member m ON m.id = e.member_id
            WHERE e.union_id = s.union_id AND e.date <= make_date(y.year, 12, 31)
              AND NOT EXISTS (
                  SELECT 1 FROM members_memberevent l
                  WHERE l.member_id = e.member_id AND l.date <= make_date(y.year, 12, 31)
                    AND (l.date > e.date OR (l.date = e.date AND l.id > e.id))
              )
        ) AS r
        WINDOW w AS (PARTITION BY s.union_id ORDER BY y.year)
    ) AS changes
    WHERE year >= from_year AND (members <> 0 OR women <> 0 OR migrant <> 0 OR retained <> 0)
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

# How far each union's years run: to this year, or to the union's last event if that is later.
SPANS = """
    SELECT k.union_id, k.from_year, GREATEST(
        k.from_year, EXTRACT(YEAR FROM current_date)::integer,
        (SELECT EXTRACT(YEAR FROM MAX(e.date))::integer FROM members_memberevent e
         WHERE e.union_id = k.union_id)
    ) AS last_year
    FROM (SELECT union_id, MIN(from_year) AS from_year FROM {keys} GROUP BY union_id) AS k
"""

RECOUNT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION members_recount_roll(unions bigint[], from_years integer[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
    firsts integer[];
    lasts integer[];
BEGIN
    {federation_lock("unions")}
    SELECT array_agg(union_id), array_agg(from_year), array_agg(last_year) INTO ids, firsts, lasts
    FROM ({SPANS.format(keys="unnest(unions, from_years) AS given(union_id, from_year)")}) AS s;
    DELETE FROM members_rollchange c USING unnest(ids, firsts, lasts) AS s(union_id, from_year, last_year)
    WHERE c.union_id = s.union_id AND c.year BETWEEN s.from_year AND s.last_year;
    WITH spans AS (SELECT * FROM unnest(ids, firsts, lasts) AS s(union_id, from_year, last_year))
    INSERT INTO members_rollchange (union_id, year, members, women, migrant, retained) {CHANGES};
END
$$;
"""  # noqa: S608  # nosec B608 - fixed SQL of ours (the path expression from unionhub.scope)

# The unions a person has events at, from the given year: what their new event (from its year) or new
# sex or employment (from their first event) changes. {people} is a relation of (member_id, from_year).
_UNIONS_OF_PEOPLE = """
    PERFORM members_recount_roll(array_agg(touched.union_id), array_agg(touched.from_year))
    FROM (
        SELECT e.union_id, MIN(p.from_year) AS from_year
        FROM ({people}) AS p(member_id, from_year)
        JOIN members_memberevent e ON e.member_id = p.member_id
        GROUP BY e.union_id
    ) AS touched
    HAVING COUNT(*) > 0;
"""

TRIGGERS = f"""
CREATE OR REPLACE FUNCTION members_events_recount_roll() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {
    _UNIONS_OF_PEOPLE.format(
        people="SELECT member_id, MIN(EXTRACT(YEAR FROM date))::integer FROM new_events GROUP BY member_id"
    )
}
    RETURN NULL;
END
$$;
CREATE TRIGGER members_events_recount_roll
AFTER INSERT ON members_memberevent REFERENCING NEW TABLE AS new_events
FOR EACH STATEMENT EXECUTE FUNCTION members_events_recount_roll();

CREATE OR REPLACE FUNCTION members_people_recount_roll() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {
    _UNIONS_OF_PEOPLE.format(
        people="SELECT o.id, (SELECT EXTRACT(YEAR FROM MIN(e.date))::integer FROM members_memberevent e"
        " WHERE e.member_id = o.id) FROM old_members o JOIN new_members n ON n.id = o.id"
        " WHERE o.sex IS DISTINCT FROM n.sex OR o.employment_type IS DISTINCT FROM n.employment_type"
    )
}
    RETURN NULL;
END
$$;
CREATE TRIGGER members_people_recount_roll
AFTER UPDATE ON members_member REFERENCING OLD TABLE AS old_members NEW TABLE AS new_members
FOR EACH STATEMENT EXECUTE FUNCTION members_people_recount_roll();
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

# History is append-only, but an event can be deleted past that guard (the bench takes its imported
# roll out again): the unions of the deleted events are recounted too, not only those of the events left.
DELETE_TRIGGER = """
CREATE OR REPLACE FUNCTION members_events_removed_recount_roll() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM members_recount_roll(array_agg(touched.union_id), array_agg(touched.from_year))
    FROM (
        SELECT union_id, MIN(EXTRACT(YEAR FROM date))::integer AS from_year FROM old_events GROUP BY union_id
        UNION ALL
        SELECT e.union_id, MIN(p.from_year)
        FROM (
            SELECT member_id, MIN(EXTRACT(YEAR FROM date))::integer AS from_year
            FROM old_events GROUP BY member_id
        ) AS p
        JOIN members_memberevent e ON e.member_id = p.member_id
        GROUP BY e.union_id
    ) AS touched
    HAVING COUNT(*) > 0;
    RETURN NULL;
END
$$;
CREATE TRIGGER members_events_removed_recount_roll
AFTER DELETE ON members_memberevent REFERENCING OLD TABLE AS old_events
FOR EACH STATEMENT EXECUTE FUNCTION members_events_removed_recount_roll();
"""

# Every union's changes from its first event: the migration fills the table with it, `differences`
# compares the table against it.
_FIRST_EVENTS = SPANS.format(
    keys="(SELECT union_id, EXTRACT(YEAR FROM MIN(date))::integer AS from_year"
    " FROM members_memberevent GROUP BY union_id) AS first_events"
)
EVERY_UNION = f"WITH spans AS ({_FIRST_EVENTS}) {CHANGES}"  # noqa: S608  # nosec B608 - fixed SQL of ours

FILL = "INSERT INTO members_rollchange (union_id, year, members, women, migrant, retained) " + EVERY_UNION


def differences(using: str = "default") -> list[tuple]:
    """Kept rows that differ from a recount of every union (either side's version of each)."""
    return guards.differences(
        recomputed=EVERY_UNION,
        kept="SELECT union_id, year, members, women, migrant, retained FROM members_rollchange",
        using=using,
    )


class RollChange(models.Model):
    """How a union's own roll changed over a year: its members, women, migrant workers and retained
    members at the year's end less those at the end of the year before. Written only by the triggers of
    the membership events and the members."""

    union = models.ForeignKey(
        Union, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("工会")
    )
    year = models.IntegerField(_("年度"))
    members = models.IntegerField(_("会员增减"))
    women = models.IntegerField(_("女会员增减"))
    migrant = models.IntegerField(_("农民工会员增减"))
    retained = models.IntegerField(_("保留会籍增减"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        app_label = "members"
        verbose_name = _("年末会员变化")
        verbose_name_plural = _("年末会员变化")
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="roll_change_key")]
        triggers = [written_by_triggers_only("roll_change_written_by_events")]

    def __str__(self) -> str:
        return f"{self.union_id} {self.year}: {self.members:+d}"
