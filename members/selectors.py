"""Members' records read: membership and hardship figures on any date, rebuilt from the events. The one
read module of the members app's year figures: the annual summary and the dashboard quote it.

Every function rolls up over the union's subtree: the union and every union below it.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from members.models import EventCount, HardshipCase, JoinApplication, Member, MemberEvent, RollChange
from unionhub.models import Union
from unionhub.scope import subtree

Kind = MemberEvent.Kind


def latest_events(*, union: Union, on: date) -> QuerySet[MemberEvent]:
    """Each person's last event on or before `on`, kept when it left them in `union` or below.

    One query: an event of the subtree for which no later event of the same person exists (by date,
    then entry order). PostgreSQL runs the NOT EXISTS as an anti-join on the (member, date) index,
    which stays fast for a federation's 100,000 members; a DISTINCT ON subquery joined back by id
    was re-run by every parallel worker and took seconds there.
    """
    later = MemberEvent.objects.filter(member=OuterRef("member"), date__lte=on).filter(
        Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk"))
    )
    return MemberEvent.objects.within(union).filter(date__lte=on).filter(~Exists(later))


def members_on(*, union: Union, on: date) -> QuerySet[Member]:
    """Who was a member (active or retained) of `union` or a union below it on `on`."""
    current = latest_events(union=union, on=on).filter(kind__in=MemberEvent.MEMBER_AFTER)
    return Member.objects.filter(pk__in=current.values("member_id"))


def member_counts(*, union: Union, on: date) -> dict[int, int]:
    """Members on `on` per union of the subtree (each union's own members, not rolled up): {union pk: n}."""
    rows = (
        latest_events(union=union, on=on)
        .filter(kind__in=MemberEvent.MEMBER_AFTER)
        .values("union_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["union_id"]: row["n"] for row in rows}


@dataclass(frozen=True)
class MembershipFigures:
    """A year of membership for a union and everything below it.

    `members`, `women`, `migrant_workers`, `retained`: on 31 December (members include the retained).
    The rest count events during the year. Transfers between two unions both inside the subtree are
    not transfers in or out of it.
    """

    union: Union
    year: int
    members: int
    women: int
    migrant_workers: int
    retained: int
    joined: int
    transferred_in: int
    transferred_out: int
    newly_retained: int
    left: int
    removed: int
    deceased: int

    @property
    def year_end(self) -> date:
        return date(self.year, 12, 31)


def membership_on(*, union: Union, on: date) -> dict[str, int]:
    """Members (active or retained), of whom women, migrant workers and retained, of `union` and below
    on `on`: one pass over each person's latest event (one row per person), joined to the person."""
    on_roll = Q(kind__in=MemberEvent.MEMBER_AFTER)
    migrant = Q(member__employment_type=Member.EmploymentType.MIGRANT)
    return latest_events(union=union, on=on).aggregate(
        members=Count("pk", filter=on_roll),
        women=Count("pk", filter=on_roll & Q(member__sex=Member.Sex.FEMALE)),
        migrant_workers=Count("pk", filter=on_roll & migrant),
        retained=Count("pk", filter=Q(kind=Kind.RETAINED)),
    )


def joined_between(*, union: Union, after: date, until: date) -> int:
    """Members who joined `union` or a union below it after `after`, up to and with `until`."""
    return MemberEvent.objects.within(union).filter(kind=Kind.JOINED, date__gt=after, date__lte=until).count()


def year_end_roll(*, union: Union, year: int) -> dict[str, int]:
    """`membership_on` the year's last day, added up from the unions' kept changes of their rolls
    (`members.roll`): one row per union and year, not every person's latest event. One query."""
    changes = RollChange.objects.within(union).filter(year__lte=year)
    return changes.aggregate(
        members=Sum("members", default=0),
        women=Sum("women", default=0),
        migrant_workers=Sum("migrant", default=0),
        retained=Sum("retained", default=0),
    )


# MembershipFigures' counts of the year's events, by the kind of event they count.
EVENT_FIGURES = {
    "joined": Kind.JOINED,
    "transferred_in": Kind.TRANSFERRED_IN,
    "transferred_out": Kind.TRANSFERRED_OUT,
    "newly_retained": Kind.RETAINED,
    "left": Kind.LEFT,
    "removed": Kind.REMOVED,
    "deceased": Kind.DECEASED,
}


def membership_figures(*, union: Union, year: int) -> MembershipFigures:
    counts = year_end_roll(union=union, year=year)
    # The year's events of the subtree, kept per union as they are written (members.event_counts);
    # transfers only those in from or out to a union outside it.
    by_kind = dict(EventCount.objects.filter(union=union, year=year).values_list("kind", "events"))
    events = {name: by_kind.get(kind, 0) for name, kind in EVENT_FIGURES.items()}
    return MembershipFigures(union=union, year=year, **counts, **events)


@dataclass(frozen=True)
class HardshipFigures:
    """Hardship files of a union and below: on file at 31 December by level, and the year's flow."""

    union: Union
    year: int
    on_file_by_level: dict[str, int] = field(default_factory=dict)  # HardshipCase.Level value -> files
    opened: int = 0
    closed: int = 0

    @property
    def on_file(self) -> int:
        return sum(self.on_file_by_level.values())

    def on_file_of(self, level: str) -> int:
        return self.on_file_by_level.get(level, 0)


def hardship_figures(*, union: Union, year: int) -> HardshipFigures:
    cases = HardshipCase.objects.within(union)
    by_level = dict.fromkeys(HardshipCase.Level.values, 0)
    for row in cases.on_file(date(year, 12, 31)).values("level").annotate(n=Count("pk")).order_by():
        by_level[row["level"]] = row["n"]
    closed = cases.filter(closed_on__year=year).count()
    opened = HardshipCase.objects.filter(subtree(union, via="opened_in"), opened_on__year=year).count()
    return HardshipFigures(union=union, year=year, on_file_by_level=by_level, opened=opened, closed=closed)


def online_applications(*, union: Union, year: int) -> dict[str, int]:
    """网上入会: applications made on the public page of the union and those below in the year (by the
    day they were sent, China time), and how many of them the secretary accepted."""
    applications = JoinApplication.objects.within(union).filter(submitted_at__year=year)
    return applications.aggregate(
        applied=Count("pk"), accepted=Count("pk", filter=Q(status=JoinApplication.Status.ACCEPTED))
    )
