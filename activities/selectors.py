"""The year's figures of union life: the one read module of activities' year figures. The annual
work summary, the dashboard and every page that says "N项活动" assemble from it.

Activities held: a weekly series (`ActivitySeries`) is one item however many sessions it had; a
standalone activity is one item. `HELD` counts that way; the sessions are counted apart.

Every function rolls up over the union and all unions below it (`unionhub.scope`),
counts in the database (aggregates, one or two queries each, never a Python loop over rows),
and takes the calendar year of the activity's start date, the award's date, the suggestion's
collection date or the chronicle entry's date.

Who took part (person-times, distinct people) is read from the rows kept as check-ins are written
(`activities.participants.ParticipantYear`), never from the check-ins themselves at view time.

"Members" here are the members on the register now (status ACTIVE); the register's history on
a past date is the members app's business.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from activities.models import (
    Activity,
    ActivityCount,
    Attendance,
    Award,
    ChronicleEntry,
    ParticipantYear,
    ParticipationCount,
    Suggestion,
    Turnout,
)
from members.models import Member
from unionhub.models import Union

# Activities held, over activity rows: each standalone activity once, each series once.
HELD = Count("pk", filter=Q(series__isnull=True)) + Count("series", distinct=True)


@dataclass(frozen=True)
class ActivitiesHeld:
    """The year's activities held: `items` counts a weekly series once; `series` of them are weekly
    series, which met `sessions` times between them."""

    items: int = 0
    series: int = 0
    sessions: int = 0


@dataclass(frozen=True)
class Participation:
    """Participation in the activities of one kind (or all kinds) in a year."""

    activities: int = 0  # activities held (a series once)
    present: int = 0  # person-times present (人次)
    members: int = 0  # distinct members present at least once (人)
    non_members: int = 0  # non-member participants (家属、外单位), summed over the activities
    by_code: int = 0  # of `present`, the person-times members checked in themselves by the activity's code

    @property
    def participants(self) -> int:
        """Person-times including non-members: the "参加 N 人次" of a summary."""
        return self.present + self.non_members


@dataclass(frozen=True)
class MemberAttendance:
    present: int = 0
    absent: int = 0
    on_leave: int = 0

    @property
    def recorded(self) -> int:
        return self.present + self.absent + self.on_leave

    @property
    def rate(self) -> Decimal:
        """Percentage of the recorded check-ins where the member was present, one decimal."""
        return percent(self.present, self.recorded)


@dataclass(frozen=True)
class SuggestionFigures:
    collected: int = 0
    adopted: int = 0  # adopted ones, implemented ones included ("52 collected, 27 adopted")
    rejected: int = 0
    implemented: int = 0

    @property
    def pending(self) -> int:
        return self.collected - self.adopted - self.rejected


def percent(part: int, whole: int) -> Decimal:
    """`part` of `whole` as a percentage with one decimal, ROUND_HALF_UP; 0.0 when `whole` is 0."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ActivitiesOfYear:
    """The year's activities counted every way a summary tells them (a weekly series once): held in
    all, per kind [held, non-members who took part], per audience, and the weekly series per kind
    [series, sessions] (a series under the first of its sessions' kinds)."""

    held: ActivitiesHeld
    by_kind: dict[str, list[int]]
    by_audience: dict[str, int]
    series_by_kind: dict[str, list[int]]


def activities_of_year(*, union: Union, year: int, until: date | None = None) -> ActivitiesOfYear:
    """`ActivitiesOfYear` of the union and the unions below it, from the year's activities grouped by
    kind, audience and series (a few dozen groups and one per series): for a whole year the groups
    kept as activities are written (`activities.year_counts`), up to a day inside it counted from the
    activities. One query, over the activities only (a check-in changes none of it)."""
    if _whole_year(year, until):
        groups = ActivityCount.objects.filter(union=union, year=year).values_list(
            "kind", "audience", "series", "activities", "non_members"
        )
    else:
        groups = (
            Activity.objects.within(union)
            .in_year(year, until)
            .values_list("kind", "audience", "series")
            .annotate(n=Count("pk"), non_members=Sum("non_member_participants"))
            .order_by()
        )
    standalone, by_kind, by_audience = 0, {}, Counter()
    series_of_kind: dict[str, set] = {}
    series_of_audience: dict[str, set] = {}
    series: dict[int, list] = {}  # a series: [its first kind, its sessions]
    for kind, audience, series_id, n, non_members in groups:
        counts = by_kind.setdefault(kind, [0, 0])
        counts[1] += non_members or 0
        if series_id is None:
            standalone += n
            counts[0] += n
            if audience:
                by_audience[audience] += n
            continue
        series_of_kind.setdefault(kind, set()).add(series_id)
        if audience:
            series_of_audience.setdefault(audience, set()).add(series_id)
        first = series.setdefault(series_id, [kind, 0])
        first[0], first[1] = min(first[0], kind), first[1] + n
    for kind, ids in series_of_kind.items():
        by_kind[kind][0] += len(ids)
    for audience, ids in series_of_audience.items():
        by_audience[audience] += len(ids)
    series_by_kind: dict[str, list[int]] = {}
    for kind, sessions in series.values():
        counts = series_by_kind.setdefault(kind, [0, 0])
        counts[0] += 1
        counts[1] += sessions
    sessions = sum(n for _kind, n in series.values())
    return ActivitiesOfYear(
        held=ActivitiesHeld(items=standalone + len(series), series=len(series), sessions=sessions),
        by_kind=by_kind,
        by_audience=dict(sorted(by_audience.items())),
        series_by_kind=series_by_kind,
    )


def activities_held(*, union: Union, year: int, until: date | None = None) -> ActivitiesHeld:
    """The year's activities held, a series once, and the sessions of the series. One query."""
    return activities_of_year(union=union, year=year, until=until).held


def activity_counts_by_kind(*, union: Union, year: int, until: date | None = None) -> dict[str, int]:
    """Activities held in the year (a series once), by `Activity.Kind` value; every kind is a key."""
    held = held_by_kind(union=union, year=year, until=until)
    return {kind: held.get(kind, (0, 0))[0] for kind in Activity.Kind.values}


@dataclass(frozen=True)
class SeriesHeld:
    """A weekly series as the year's records tell it: one item with its sessions up to the date."""

    title: str
    kind: str
    weekday: int
    union: str
    first: date  # its first session in the year
    sessions: int
    participants: int  # person-times present plus non-members, over the sessions


def series_held(
    *, union: Union, year: int, until: date | None = None, per_kind: int | None = None
) -> list[SeriesHeld]:
    """The weekly series that met in the year, in order of their first session; with `per_kind`,
    only the first few of each kind (a federation's summary names a few and counts the rest with
    `series_by_kind`), and only theirs have their check-ins counted. Two queries."""
    rows = sorted(
        _series_rows(union, year, until, "series__title", "series__weekday", "series__union__name"),
        key=lambda r: (r["first"], r["series__title"], r["series"]),
    )
    if per_kind is not None:
        seen: Counter = Counter()
        first_few = []
        for row in rows:
            seen[row["kind"]] += 1
            if seen[row["kind"]] <= per_kind:
                first_few.append(row)
        rows = first_few
    present = dict(
        Attendance.objects.filter(activity__in=_sessions(union, year, until))
        .filter(activity__series__in=[r["series"] for r in rows])
        .present()
        .values("activity__series")
        .annotate(n=Count("pk"))
        .values_list("activity__series", "n")
        .order_by()
    )
    return [
        SeriesHeld(
            title=r["series__title"],
            kind=r["kind"],
            weekday=r["series__weekday"],
            union=r["series__union__name"],
            first=r["first"],
            sessions=r["sessions"],
            participants=present.get(r["series"], 0) + (r["non_members"] or 0),
        )
        for r in rows
    ]


def series_by_kind(*, union: Union, year: int, until: date | None = None) -> dict[str, list[int]]:
    """Per `Activity.Kind` value that had any: [weekly series that met in the year, their sessions].
    One query."""
    return activities_of_year(union=union, year=year, until=until).series_by_kind


def _sessions(union: Union, year: int, until: date | None) -> QuerySet[Activity]:
    return Activity.objects.within(union).in_year(year, until).filter(series__isnull=False)


def _series_rows(union: Union, year: int, until: date | None, *fields: str):
    """One row per series that met in the year (with `fields`): its kind, first session, sessions
    and the non-members over them."""
    return (
        _sessions(union, year, until)
        .values("series", *fields)
        .annotate(
            kind=Min("kind"),
            first=Min("start_date"),
            sessions=Count("pk"),
            non_members=Sum("non_member_participants"),
        )
        .order_by()
    )


def participation_by_kind(*, union: Union, year: int, until: date | None = None) -> dict[str, Participation]:
    """Participation by `Activity.Kind` value; every kind is a key. Two queries.

    A member present at a study session and at a gala counts once in each kind; the kinds'
    `members` do not add up to the year's distinct participants (use `participation_total`).
    """
    held = held_by_kind(union=union, year=year, until=until)
    return participation_of(held, turnout_by_kind(union=union, year=year, until=until))


def held_by_kind(*, union: Union, year: int, until: date | None = None) -> dict[str, list[int]]:
    """Per `Activity.Kind` value that had any: [activities held (a series once), non-members who took
    part]. One query, over the activities only (a check-in changes none of it)."""
    return activities_of_year(union=union, year=year, until=until).by_kind


def turnout_by_kind(*, union: Union, year: int, until: date | None = None) -> dict[str, dict[str, int]]:
    """Per `Activity.Kind` value (and EVERY_KIND): person-times present, distinct members and check-ins
    by code. One query over the kept counts (a date inside the year: the kept rows)."""
    return _came_by_kind(union=union, year=year, until=until)


def participation_of(held: dict[str, list[int]], turnout: dict[str, dict]) -> dict[str, Participation]:
    """`held_by_kind` and `turnout_by_kind` put together: a `Participation` for every kind."""
    result = {}
    for kind in Activity.Kind.values:
        (activities, non_members), came = held.get(kind, (0, 0)), turnout.get(kind, {})
        result[kind] = Participation(
            activities=activities,
            present=came.get("present", 0),
            members=came.get("members", 0),
            non_members=non_members,
            by_code=came.get("by_code", 0),
        )
    return result


def participation_total(
    *, union: Union, year: int, until: date | None = None, kinds: list[str] | None = None
) -> Participation:
    """Participation over all kinds (or the given kinds), distinct members counted once. Two queries."""
    activities = Activity.objects.within(union).in_year(year, until)
    attendance = _participants(union=union, year=year, until=until)
    if kinds is not None:
        activities = activities.filter(kind__in=kinds)
        attendance = attendance.filter(kind__in=kinds)
    held = activities.aggregate(n=HELD, non_members=Sum("non_member_participants"))
    if kinds is None and _whole_year(year, until):
        came = _came_by_kind(union=union, year=year, until=until).get(EVERY_KIND, _NO_ONE)
    else:
        came = attendance.aggregate(**_came(year, until))
    return Participation(
        activities=held["n"],
        present=came["present"],
        members=came["members"],
        non_members=held["non_members"] or 0,
    )


def participation_rate(*, union: Union, year: int, until: date | None = None) -> Decimal:
    """Percentage (one decimal) of the union's active members, its lower unions' included, who were
    present at least once in the year at any union activity (their own union's or one above). One query.

    For the whole year the two numbers are the unions' kept turnout (`activities.participants.Turnout`),
    one row per union added up. For a date inside the year: two counts side by side; the "present" test
    is a WHERE … IN over the kept participation rows, which PostgreSQL runs as one hash semi-join.
    (Inside an aggregate's FILTER it becomes a subplan re-run per member once the year's rows outgrow
    work_mem: minutes for a city federation.)
    """
    if _whole_year(year, until):
        turnout = Turnout.objects.within(union).filter(year__in=[0, year])
        row = turnout.aggregate(
            total=Sum("members", filter=Q(year=0), default=0),
            took_part=Sum("took_part", filter=Q(year=year), default=0),
        )
        return percent(row["took_part"], row["total"])
    present_members = _participants(year=year, until=until).values("member_id")
    members = Member.objects.within(union).filter(status=Member.Status.ACTIVE)
    row = (
        Union.objects.filter(pk=union.pk)
        .values(total=_count(members), took_part=_count(members.filter(pk__in=present_members)))
        .get()
    )
    return percent(row["took_part"], row["total"])


# The kind of the counts over every kind (`ParticipationCount`): each member once.
EVERY_KIND = ""
_NO_ONE = {"present": 0, "members": 0, "by_code": 0}


def _whole_year(year: int, until: date | None) -> bool:
    return until is None or until >= date(year, 12, 31)


def _came_by_kind(*, union: Union, year: int, until: date | None) -> dict[str, dict]:
    """Person-times, distinct members and check-ins by code at the activities of the union and below,
    by kind (and EVERY_KIND for the whole year). One query: the year's counts kept per subtree, or, for
    a date inside the year, the kept rows counted up to it."""
    if _whole_year(year, until):
        rows = ParticipationCount.objects.filter(union=union, year=year).values_list(
            "kind", "times", "members", "by_code"
        )
        return {kind: {"present": t, "members": m, "by_code": c} for kind, t, m, c in rows}
    rows = _participants(union=union, year=year, until=until).values("kind").annotate(**_came(year, until))
    return {row["kind"]: row for row in rows}


def _participants(*, year: int, until: date | None, union: Union | None = None) -> QuerySet[ParticipantYear]:
    """The kept participation rows (`activities.participants`) of people present in the year by `until`:
    one row per member, union and kind, so a count of distinct people reads no check-in."""
    rows = ParticipantYear.objects.filter(year=year, first__lte=until or date(year, 12, 31))
    return rows.within(union) if union else rows


def _came(year: int, until: date | None) -> dict:
    """Person-times present (and of them checked in by code) and distinct members, over kept rows.

    A row whose last check-in is by `until` counts whole; a row that goes on past `until` (a summary
    dated inside the year) has its check-ins up to `until` counted from the check-ins themselves."""
    until = until or date(year, 12, 31)

    def times(field: str, check_ins: QuerySet) -> Sum:
        up_to = (
            check_ins.filter(
                member=OuterRef("member"), activity__union=OuterRef("union"), activity__kind=OuterRef("kind")
            )
            .in_year(year, until)
            .present()
        )
        whole_or_counted = Case(
            When(last__lte=until, then=F(field)), default=_count(up_to), output_field=IntegerField()
        )
        return Sum(whole_or_counted, default=0)

    check_ins = Attendance.objects.all()
    return {
        "present": times("times", check_ins),
        "members": Count("member", distinct=True),
        "by_code": times("by_code", check_ins.filter(checked_in_at__isnull=False)),
    }


def _count(queryset: QuerySet) -> Subquery:
    """COUNT(*) of a queryset as a scalar subquery."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


def member_attendance(*, member: Member, year: int) -> MemberAttendance:
    """One member's check-ins in the year, at any union's activities. One query."""
    row = (
        Attendance.objects.filter(member=member)
        .in_year(year)
        .aggregate(
            present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
            absent=Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
            on_leave=Count("pk", filter=Q(status=Attendance.Status.ON_LEAVE)),
        )
    )
    return MemberAttendance(**row)


def awards(
    *, union: Union, year: int, until: date | None = None, category: str | None = None
) -> QuerySet[Award]:
    """The year's awards, oldest first, with union, activity and the winners' names loaded for
    printing (a federation's year has hundreds of awards: whole member rows cost 0.1 s)."""
    queryset = (
        Award.objects.within(union)
        .in_year(year, until)
        .select_related("union", "activity")
        .prefetch_related(Prefetch("members", queryset=Member.objects.only("pk", "name")))
        .order_by("date", "pk")
    )
    if category is not None:
        queryset = queryset.filter(category=category)
    return queryset


def award_rows(
    *, union: Union, year: int, until: date | None = None, per_category: int | None = None
) -> list[dict]:
    """The year's awards as `awards` orders them, as plain rows for the summary's figures: what the
    summary says of each, the winners as printed and how many members won. With `per_category`, only
    that many of each category, the highest levels first (a federation's year has thousands of
    awards: the summary names the highest and counts all with `award_counts`). One query."""
    chosen = awards(union=union, year=year, until=until).select_related(None).prefetch_related(None)
    if per_category is not None:
        level_rank = Case(
            *(When(level=level, then=Value(rank)) for rank, level in enumerate(Award.Level.values)),
            default=Value(len(Award.Level.values)),
        )
        ranked = chosen.annotate(
            rank=Window(RowNumber(), partition_by=[F("category")], order_by=[level_rank, F("date"), F("pk")])
        ).filter(rank__lte=per_category)
        chosen = Award.objects.filter(pk__in=ranked.values("pk")).order_by("date", "pk")
    # The activity's title and the winners' names looked up per award told (PostgreSQL cannot tell how
    # few a window keeps, and joined every activity and winner of the tree to them instead).
    winners = (
        Member.objects.filter(awards=OuterRef("pk")).order_by("name_pinyin", "name", "pk").values("name")
    )
    rows = chosen.annotate(
        activity_title=Subquery(Activity.objects.filter(pk=OuterRef("activity_id")).values("title")),
        names=ArraySubquery(winners),
    ).values(
        "pk", "date", "winner_kind", "unit_name", "team_name", "event", "activity_title", "organiser",
        "level", "title", "category", "names",
    )  # fmt: skip
    return [
        {
            "date": row["date"],
            "winner": Award.label_of(
                row["winner_kind"], unit_name=row["unit_name"], team_name=row["team_name"], names=row["names"]
            ),
            "winner_kind": row["winner_kind"],
            "members": len(row["names"]),
            "event": row["event"] or row["activity_title"] or "",
            "organiser": row["organiser"],
            "level": row["level"],
            "title": row["title"],
            "category": row["category"],
        }
        for row in rows
    ]


def award_counts(*, union: Union, year: int, until: date | None = None) -> dict[str, dict[str, int]]:
    """The year's awards by category, then by level: only those won. One query."""
    counts: dict[str, dict[str, int]] = {}
    rows = Award.objects.within(union).in_year(year, until).values("category", "level")
    for row in rows.annotate(n=Count("pk")).order_by():
        counts.setdefault(row["category"], {})[row["level"]] = row["n"]
    return counts


def awards_by_level(
    *, union: Union, year: int, until: date | None = None, category: str | None = None
) -> dict[str, int]:
    """Awards won in the year by `Award.Level` value; every level is a key. One query."""
    queryset = Award.objects.within(union).in_year(year, until)
    if category is not None:
        queryset = queryset.filter(category=category)
    found = {row["level"]: row["n"] for row in queryset.values("level").annotate(n=Count("pk")).order_by()}
    return {level: found.get(level, 0) for level in Award.Level.values}


def suggestion_figures(*, union: Union, year: int, until: date | None = None) -> SuggestionFigures:
    """Suggestions collected in the year and where they stand now. One query."""
    row = (
        Suggestion.objects.within(union)
        .in_year(year, until)
        .aggregate(
            collected=Count("pk"),
            adopted=Count(
                "pk", filter=Q(status__in=[Suggestion.Status.ADOPTED, Suggestion.Status.IMPLEMENTED])
            ),
            rejected=Count("pk", filter=Q(status=Suggestion.Status.REJECTED)),
            implemented=Count("pk", filter=Q(status=Suggestion.Status.IMPLEMENTED)),
        )
    )
    return SuggestionFigures(**row)


def chronicle(
    *, union: Union, year: int, until: date | None = None, section: str | None = None
) -> QuerySet[ChronicleEntry]:
    """The year's chronicle entries in date order, optionally of one `ChronicleEntry.Section`."""
    queryset = (
        ChronicleEntry.objects.within(union)
        .in_year(year, until)
        .select_related("union")
        .order_by("date", "pk")
    )
    if section is not None:
        queryset = queryset.filter(section=section)
    return queryset
