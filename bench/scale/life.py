"""Union life: activities with their check-in sheets, weekly study series, awards, suggestions, chronicle.

A base union holds activities all year for the members of its roll (its own and its groups'), about
3.65 check-ins per member a year; the system unions hold competitions and galas for their whole
subtree. Participants are drawn from who was an active member there on the day.
"""

import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from activities.models import Activity, ActivitySeries, Attendance, Award, ChronicleEntry, Suggestion
from bench.scale import words
from bench.scale.copy import Table
from bench.scale.federation import Federation, Org
from bench.scale.register import Register, random_day
from unionhub.models import Role

CHECK_INS_PER_MEMBER_YEAR = 3.65
STATUS_WEIGHTS = (
    (Attendance.Status.PRESENT, 86),
    (Attendance.Status.ON_LEAVE, 9),
    (Attendance.Status.ABSENT, 5),
)
# Tuples, not sets: a set of strings iterates in an order that changes from process to process, and
# the generator draws from these (the same seed must give the same federation every time).
SPORTS_AND_CULTURE = (Activity.Kind.SPORTS, Activity.Kind.CULTURE)
COMPETITIONS = (Activity.Kind.COMPETITION, Activity.Kind.SAFETY, Activity.Kind.QUIZ)


@dataclass
class HeldActivity:
    pk: int
    union: Org
    kind: str
    title: str
    day: date
    present: int


@dataclass
class Life:
    activities: dict[tuple[int, int], list[HeldActivity]] = field(default_factory=dict)  # (union pk, year)
    awards: dict[tuple[int, int], list[tuple[int, date]]] = field(default_factory=dict)  # (pk, date)


class Writer:
    def __init__(self):
        self.activity = Table(
            Activity,
            [
                "id", "union", "kind", "title", "start_date", "end_date", "start_time", "end_time", "place",
                "organiser", "partners", "description", "series", "non_member_participants",
            ],
        )  # fmt: skip
        self.series = Table(
            ActivitySeries,
            [
                "id", "union", "kind", "title", "weekday", "start_time", "end_time", "first_date",
                "last_date", "place", "organiser",
            ],
        )  # fmt: skip
        self.attendance = Table(Attendance, ["activity", "member", "status"])
        self.award = Table(
            Award,
            [
                "id", "union", "event", "level", "title", "date", "activity", "organiser", "category",
                "winner_kind", "team_name", "unit_name",
            ],
        )  # fmt: skip
        self.award_members = Table(Award.members.through, ["award", "member"])
        self.suggestion = Table(
            Suggestion,
            [
                "union", "member", "author_name", "collected_on", "title", "content", "campaign", "status",
                "adopted_on", "rejected_on", "implemented_on", "response", "recorded_by",
            ],
        )  # fmt: skip
        self.chronicle = Table(ChronicleEntry, ["union", "date", "section", "text"])

    def finish(self) -> None:
        for table in (
            self.series, self.activity, self.attendance, self.award, self.award_members, self.suggestion,
            self.chronicle,
        ):  # fmt: skip
            table.finish()


def _statuses(rng: random.Random, n: int) -> list[str]:
    kinds, weights = zip(*STATUS_WEIGHTS, strict=True)
    return rng.choices(kinds, weights, k=n)


def _on_roll(roll: list, day: date) -> list[int]:
    return [person.pk for person, start, until in roll if start <= day and (until is None or day < until)]


def build(
    rng: random.Random, federation: Federation, register: Register, *, years: list[int], today: date
) -> Life:
    life = Life()
    out = Writer()
    kinds = list(words.ACTIVITY_KIND_WEIGHTS)
    weights = list(words.ACTIVITY_KIND_WEIGHTS.values())
    for base in federation.bases:
        roll = [entry for org in (base, *base.groups) for entry in register.active.get(org.pk, [])]
        for year in years:
            first, last = date(year, 1, 1), min(date(year, 12, 31), today)
            if last < first:
                continue
            share = ((last - first).days + 1) / 365
            on_roll = [entry for entry in roll if entry[1] <= last and (entry[2] is None or entry[2] > first)]
            if not on_roll:
                continue
            budget = int(len(on_roll) * CHECK_INS_PER_MEMBER_YEAR * share * rng.uniform(0.85, 1.15))
            budget -= _study_series(rng, out, life, base, on_roll, year, first, last)
            count = max(3, min(150, round(len(on_roll) / 12 * share)))
            shares = [rng.expovariate(1) for _ in range(count)]
            total = sum(shares)
            for part in shares:
                kind = rng.choices(kinds, weights)[0]
                day = random_day(rng, first, last)
                size = max(3, int(budget * part / total))
                _activity(rng, out, life, base, kind, day, on_roll, size)
        _awards_suggestions_chronicle(rng, out, life, base, roll, years, today)
    for system in [federation.root, *federation.systems]:
        subtree = [
            entry
            for base in federation.bases
            if base.path.startswith(system.path)
            for org in (base, *base.groups)
            for entry in register.active.get(org.pk, [])
        ]
        for year in years:
            first, last = date(year, 1, 1), min(date(year, 12, 31), today)
            if last < first or not subtree:
                continue
            for _ in range(rng.randint(3, 6)):
                kind = rng.choice([*COMPETITIONS, *SPORTS_AND_CULTURE])
                _activity(
                    rng, out, life, system, kind, random_day(rng, first, last), subtree, rng.randint(40, 240)
                )
            _chronicle(rng, out, system, year, first, last)
    out.finish()
    return life


def _activity(
    rng, out: Writer, life: Life, union: Org, kind: str, day: date, roll, size: int
) -> HeldActivity:
    candidates = _on_roll(roll, day)
    chosen = rng.sample(candidates, min(size, len(candidates)))
    pk = out.activity.new_id()
    title = f"{day.year}年{rng.choice(words.ACTIVITY_TITLES[kind])}"
    non_members = rng.randint(0, 30) if kind in SPORTS_AND_CULTURE else 0
    days = rng.choice((0, 0, 0, 1, 2)) if kind in (*COMPETITIONS, *SPORTS_AND_CULTURE) else 0
    end = day + timedelta(days=days) if days else None
    out.activity.add(
        pk, union.pk, kind, title, day, end, None, None, f"{union.employer}活动室", union.name, "", "",
        None, non_members,
    )  # fmt: skip
    statuses = _statuses(rng, len(chosen))
    present = 0
    for member, status in zip(chosen, statuses, strict=True):
        out.attendance.add(pk, member, status)
        present += status == Attendance.Status.PRESENT
    held = HeldActivity(pk, union, kind, title, day, present)
    life.activities.setdefault((union.pk, day.year), []).append(held)
    return held


def _study_series(
    rng, out: Writer, life: Life, base: Org, on_roll, year: int, first: date, last: date
) -> int:
    """A weekly study series for some bigger unions: its committee studies every Friday afternoon."""
    if len(on_roll) < 80 or rng.random() > 0.3:
        return 0
    start = date(year, 3, 1) + timedelta(days=(4 - date(year, 3, 1).weekday()) % 7)
    end = min(date(year, 6, 30), last)
    if end < start:
        return 0
    series = out.series.new_id()
    title = "每周五政治理论学习"
    out.series.add(
        series, base.pk, Activity.Kind.STUDY, title, 4, time(14, 30), time(16, 30), start, end,
        f"{base.employer}会议室", base.name,
    )  # fmt: skip
    committee = rng.sample(on_roll, min(len(on_roll), rng.randint(12, 30)))
    used = 0
    day = start
    while day <= end:
        pk = out.activity.new_id()
        out.activity.add(
            pk, base.pk, Activity.Kind.STUDY, f"{title}（{day:%m月%d日}）", day, None, time(14, 30),
            time(16, 30), f"{base.employer}会议室", base.name, "", "", series, 0,
        )  # fmt: skip
        members = _on_roll(committee, day)
        present = 0
        for member, status in zip(members, _statuses(rng, len(members)), strict=True):
            out.attendance.add(pk, member, status)
            present += status == Attendance.Status.PRESENT
        used += len(members)
        life.activities.setdefault((base.pk, year), []).append(
            HeldActivity(pk, base, Activity.Kind.STUDY, title, day, present)
        )
        day += timedelta(days=7)
    return used


def _awards_suggestions_chronicle(rng, out: Writer, life: Life, base: Org, roll, years, today: date) -> None:
    secretary = base.officers.get(Role.Kind.SECRETARY)
    for year in years:
        first, last = date(year, 1, 1), min(date(year, 12, 31), today)
        if last < first:
            continue
        on_roll = [entry for entry in roll if entry[1] <= last and (entry[2] is None or entry[2] > first)]
        if not on_roll:
            continue
        held = [
            a
            for a in life.activities.get((base.pk, year), [])
            if a.kind in (*COMPETITIONS, *SPORTS_AND_CULTURE)
        ]
        for _ in range(1 + len(on_roll) // 150):
            _award(rng, out, life, base, held, on_roll, first, last)
        for _ in range(max(1, len(on_roll) // 40)):
            _suggestion(rng, out, base, on_roll, first, last, today, secretary)
        _chronicle(rng, out, base, year, first, last)


def _award(rng, out: Writer, life: Life, base: Org, held, on_roll, first: date, last: date) -> None:
    pk = out.award.new_id()
    winner = rng.choices(("individual", "team", "unit"), (70, 20, 10))[0]
    level = rng.choices(list(Award.Level.values), (3, 12, 25, 20, 40))[0]
    activity = rng.choice(held) if held and rng.random() < 0.5 else None
    day = activity.day if activity else random_day(rng, first, last)
    event = activity.title if activity else rng.choice(words.AWARD_EVENTS)
    if winner == "unit":
        category, title = Award.Category.HONOUR, rng.choice(words.UNIT_HONOURS)
        activity = None
        event = f"{day.year}年度{title}评选"
    else:
        category = (
            Award.Category.SKILLS
            if activity is None or activity.kind in COMPETITIONS
            else Award.Category.CULTURE_SPORTS
        )
        title = rng.choice(words.AWARD_TITLES)
    team = f"{base.employer}代表队" if winner == "team" else ""
    unit = base.employer if winner == "unit" else ""
    organiser = {"system": "滨江市交通运输系统工会", "city": "滨江市总工会"}.get(level, "")
    out.award.add(
        pk, base.pk, event, level, title, day, activity.pk if activity else None, organiser, category, winner,
        team, unit,
    )  # fmt: skip
    if winner != "unit":
        candidates = _on_roll(on_roll, day)
        for member in rng.sample(candidates, min(len(candidates), 1 if winner == "individual" else 4)):
            out.award_members.add(pk, member)
    life.awards.setdefault((base.pk, day.year), []).append((pk, day))


def _suggestion(
    rng, out: Writer, base: Org, on_roll, first: date, last: date, today: date, secretary
) -> None:
    collected = random_day(rng, first, last)
    candidates = _on_roll(on_roll, collected)
    member = rng.choice(candidates) if candidates and rng.random() < 0.85 else None
    status = rng.choices(("collected", "adopted", "rejected", "implemented"), (25, 30, 20, 25))[0]
    adopted = rejected = implemented = None
    if status in ("adopted", "implemented"):
        adopted = random_day(rng, collected, min(today, collected + timedelta(days=60)))
    if status == "implemented":
        implemented = random_day(rng, adopted, min(today, adopted + timedelta(days=90)))
    if status == "rejected":
        rejected = random_day(rng, collected, min(today, collected + timedelta(days=60)))
    out.suggestion.add(
        base.pk, member, "" if member else f"{rng.choice(words.DEPARTMENTS)}班组", collected,
        rng.choice(words.SUGGESTION_TITLES), "", rng.choice(words.CAMPAIGNS), status, adopted, rejected,
        implemented, "" if status == "collected" else "经工会委员会研究", secretary,
    )  # fmt: skip


def _chronicle(rng, out: Writer, union: Org, year: int, first: date, last: date) -> None:
    for section, text in rng.sample(words.CHRONICLE_TEXTS, rng.randint(3, 7)):
        out.chronicle.add(union.pk, random_day(rng, first, last), section, text)
