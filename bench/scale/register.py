"""Members with their status histories, wage bases, and hardship case files.

Each person's history is simulated event by event under the members app's own rules (the statuses a
change may start from, never two changes out of order, nothing after today), and `Member.status` and
`Member.union` are taken from the last event, as `members.services` keeps them. The `spans` each person
leaves behind (where they were a member, active or retained, from when to when) are what the other
parts of the generator draw from: rolls for activities, paying members for dues.
"""

import random
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from bench.scale import words
from bench.scale.copy import Table
from bench.scale.federation import Federation, Org
from members.idcard import make_resident_id
from members.models import (
    HardshipCase,
    HardshipFamilyMember,
    HardshipVerification,
    Member,
    MemberEvent,
    one_year_after,
    pinyin_full,
    pinyin_initials,
)
from unionhub.models import Role
from unionhub.money import round_money

Kind = MemberEvent.Kind
Status = Member.Status
CENT = Decimal("0.01")
NEW_MEMBERS_PER_YEAR = 0.05
# What may happen next, by status, with weights (members.services.ALLOWED_FROM holds the rules).
NEXT = {
    Status.ACTIVE: (
        (Kind.TRANSFERRED_OUT, 35),  # inside the system: out of one union, into another
        ("outside", 12),  # out of the system, to a union named in words
        (Kind.RETAINED, 30),
        (Kind.LEFT, 10),
        (Kind.REMOVED, 6),
        (Kind.DECEASED, 4),
    ),
    Status.RETAINED: ((Kind.RESTORED, 40), (Kind.LEFT, 20), (Kind.DECEASED, 40)),
}
OUTSIDE_UNIONS = ("省交通投资集团工会", "市建设工程公司工会", "邻市公交公司工会", "市物流协会工会")


@dataclass(slots=True)
class Person:
    pk: int
    home: Org
    sex: str
    birth: date
    join: date
    name: str
    union: Org = None  # where the register has them now
    status: str = Status.ACTIVE
    transferred: bool = False
    # (union, status, from, until or None): where and how they were a member
    spans: list = field(default_factory=list)
    wage_dates: list = field(default_factory=list)
    wage_amounts: list = field(default_factory=list)

    def wage_on(self, day: date) -> Decimal | None:
        index = bisect_right(self.wage_dates, day)
        return self.wage_amounts[index - 1] if index else None


@dataclass
class Register:
    people: list[Person]
    # books union pk -> [(person, from, until or None)] while active in that union's books
    paying: dict[int, list] = field(default_factory=dict)
    # union pk (as registered, group or base) -> [(person, from, until or None)] while active there
    active: dict[int, list] = field(default_factory=dict)
    cases: list[tuple[int, Person, Org, date, date | None]] = field(default_factory=list)  # (pk, …)


def random_day(rng: random.Random, first: date, last: date) -> date:
    if last <= first:
        return first
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _name(rng: random.Random, sex: str) -> str:
    given = words.GIVEN_MALE if sex == "M" else words.GIVEN_FEMALE
    length = 1 if rng.random() < 0.3 else 2
    return rng.choice(words.SURNAMES) + "".join(rng.choice(given) for _ in range(length))


def _pick(rng: random.Random, choices) -> str:
    kinds, weights = zip(*choices, strict=True)
    return rng.choices(kinds, weights)[0]


def build(
    rng: random.Random, federation: Federation, *, members: int, years: int, first_day: date, today: date
) -> Register:
    """Write the members, their events, wage bases and hardship files; return who was where when."""
    member_table = Table(
        Member,
        [
            "id", "union", "name", "name_initials", "name_pinyin", "sex", "birth_date", "ethnicity",
            "id_type", "id_number", "mobile", "education", "skill_level", "household_type",
            "political_status", "employer", "department", "post", "employment_type", "card_number",
            "join_date", "status",
        ],
    )  # fmt: skip
    event_table = Table(
        MemberEvent,
        ["id", "member", "union", "kind", "date", "reason", "other_union", "other_union_name", "recorded_by"],
    )
    wage_table = Table(_wage_model(), ["member", "amount", "effective_from", "recorded_by"])
    targets = list(federation.bases)
    target_weights = [max(org.size, 1) for org in targets]
    new_share = min(0.5, NEW_MEMBERS_PER_YEAR * years)
    ids: set[str] = set()
    initials: dict[str, str] = {}
    readings: dict[str, str] = {}
    people: list[Person] = []
    register = Register(people)
    for base in federation.bases:
        places = [base, *base.groups]
        for card in range(1, base.size + 1):
            org = places[0] if not base.groups or rng.random() < 0.6 else rng.choice(base.groups)
            sex = "F" if rng.random() < 0.38 else "M"
            birth = date(rng.randint(1963, 2003), rng.randint(1, 12), rng.randint(1, 28))
            adult = date(birth.year + 19, birth.month, birth.day)
            if rng.random() < new_share:
                join = random_day(rng, max(first_day, adult), today - timedelta(days=1))
            else:
                join = random_day(rng, max(adult, date(1990, 1, 1)), first_day - timedelta(days=1))
            person = Person(member_table.new_id(), org, sex, birth, join, _name(rng, sex))
            people.append(person)
            while True:
                number = make_resident_id(
                    region=rng.choice(words.ID_REGIONS),
                    birth_date=birth,
                    sequence=rng.randrange(1 if sex == "M" else 0, 1000, 2),
                )
                if number not in ids:
                    ids.add(number)
                    break
            secretary = org.books.officers.get(Role.Kind.SECRETARY)
            _history(rng, person, event_table, secretary, targets, target_weights, first_day, today)
            if person.name not in initials:
                initials[person.name] = pinyin_initials(person.name)[:50]
                readings[person.name] = pinyin_full(person.name)[:200]
            employment = rng.choices(list(Member.EmploymentType.values), weights=(30, 45, 10, 10, 3, 2))[0]
            member_table.add(
                person.pk,
                person.union.pk,
                person.name,
                initials[person.name],
                readings[person.name],
                sex,
                birth,
                rng.choice(words.ETHNICITIES),
                Member.IdType.RESIDENT_ID,
                number,
                f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}",
                rng.choice(words.EDUCATION),
                rng.choice(words.SKILLS),
                rng.choice(words.HOUSEHOLD) if employment != Member.EmploymentType.MIGRANT else "农村",
                rng.choice(words.POLITICAL),
                person.union.books.employer,
                rng.choice(words.DEPARTMENTS),
                rng.choice(words.POSTS),
                employment,
                f"{base.pk:04d}{card:06d}",
                person.join,
                person.status,
            )
            _wages(rng, person, wage_table, base.officers.get(Role.Kind.TREASURER), first_day, today)
    member_table.finish()
    event_table.finish()
    wage_table.finish()
    for person in people:
        for org, status, start, until in person.spans:
            if status == Status.ACTIVE:
                register.paying.setdefault(org.books.pk, []).append((person, start, until))
                register.active.setdefault(org.pk, []).append((person, start, until))
    _hardship(rng, register, first_day, today)
    return register


def _wage_model():
    from finances.models import WageBase

    return WageBase


def _history(rng, person: Person, events: Table, recorder, targets, weights, first_day, today) -> None:
    """Simulate one person's membership and write its events, oldest first."""
    org = person.home
    if person.join >= first_day and rng.random() < 0.1:
        events.add(
            events.new_id(), person.pk, org.pk, Kind.TRANSFERRED_IN, person.join, "工作调动",
            None, rng.choice(OUTSIDE_UNIONS), recorder,
        )  # fmt: skip
    else:
        events.add(events.new_id(), person.pk, org.pk, Kind.JOINED, person.join, "", None, "", recorder)
    status, since = Status.ACTIVE, person.join
    changes = 0
    chance = 0.045 * (today - max(first_day, person.join)).days / 365
    while rng.random() < chance and changes < 2:
        changes += 1
    days = sorted(
        random_day(rng, max(first_day, person.join + timedelta(days=1)), today) for _ in range(changes)
    )
    for day in days:
        if day <= since or day > today:
            continue
        kind = _pick(rng, NEXT[status])
        if kind == Kind.RETAINED and day.year - person.birth.year < 50 and rng.random() < 0.7:
            kind = Kind.LEFT
        target = rng.choices(targets, weights)[0]
        if kind == Kind.TRANSFERRED_OUT and target is org.books:
            continue  # no move to where one already is
        person.spans.append((org, status, since, day))
        recorder_now = org.books.officers.get(Role.Kind.SECRETARY)
        if kind == Kind.TRANSFERRED_OUT:
            target = target if not target.groups or rng.random() < 0.6 else rng.choice(target.groups)
            reason = "工作调动"
            events.add(events.new_id(), person.pk, org.pk, kind, day, reason, target.pk, "", recorder_now)
            events.add(
                events.new_id(), person.pk, target.pk, Kind.TRANSFERRED_IN, day, reason, org.pk, "",
                target.books.officers.get(Role.Kind.SECRETARY),
            )  # fmt: skip
            org, status = target, Status.ACTIVE
            person.transferred = True
        elif kind == "outside":
            events.add(
                events.new_id(), person.pk, org.pk, Kind.TRANSFERRED_OUT, day, "调离本系统", None,
                rng.choice(OUTSIDE_UNIONS), recorder_now,
            )  # fmt: skip
            status = Status.TRANSFERRED_OUT
        else:
            reason = {
                Kind.RETAINED: "退休" if day.year - person.birth.year >= 50 else "待岗",
                Kind.REMOVED: "连续六个月未缴纳会费、未参加工会活动",
                Kind.LEFT: "本人申请退会",
                Kind.DECEASED: "病故",
            }.get(kind, "")
            events.add(events.new_id(), person.pk, org.pk, kind, day, reason, None, "", recorder_now)
            status = MemberEvent.STATUS_AFTER[kind]
        since = day
        if status not in Member.CURRENT_STATUSES:
            break
    if status in Member.CURRENT_STATUSES:
        person.spans.append((org, status, since, None))
    person.union, person.status = org, status


def _wages(rng, person: Person, wages: Table, recorder, first_day: date, today: date) -> None:
    """A monthly wage from joining, raised at some new years; every member has one (dues need it)."""
    amount = Decimal(int(rng.lognormvariate(8.55, 0.3))).quantize(CENT)
    start = person.join
    person.wage_dates.append(start)
    person.wage_amounts.append(amount)
    wages.add(person.pk, amount, start, recorder)
    year = max(first_day.year, start.year + 1)
    while date(year, 1, 1) <= today:
        if rng.random() < 0.3:
            amount = round_money(amount * Decimal(rng.uniform(1.02, 1.08)))
            person.wage_dates.append(date(year, 1, 1))
            person.wage_amounts.append(amount)
            wages.add(person.pk, amount, date(year, 1, 1), recorder)
        year += 1


def _hardship(rng: random.Random, register: Register, first_day: date, today: date) -> None:
    """Hardship files for about 3% of the current members who never moved, some closed since."""
    cases = Table(
        HardshipCase,
        [
            "id", "member", "union", "opened_in", "level", "opened_on", "closed_on", "household_size",
            "household_income", "per_capita_income", "health", "housing", "situation", "need", "main_cause",
            "secondary_causes",
            "filed_by", "reviewed_by", "notice_done", "notice_date", "last_verified_on", "closed_reason",
        ],
    )  # fmt: skip
    family = Table(
        HardshipFamilyMember, ["case", "name", "relation", "health", "monthly_income", "school_or_work"]
    )
    checks = Table(
        HardshipVerification, ["case", "date", "level", "per_capita_income", "notes", "verified_by"]
    )
    causes = list(HardshipCase.Cause.values)
    for person in register.people:
        if person.status not in Member.CURRENT_STATUSES or person.transferred or rng.random() > 0.03:
            continue
        union = person.union
        officers = union.books.officers
        opened = random_day(
            rng, max(person.join, first_day - timedelta(days=700)), today - timedelta(days=10)
        )
        closed = None
        if rng.random() < 0.25 and (today - opened).days > 90:
            closed = random_day(rng, opened + timedelta(days=60), today)
        level = rng.choices(list(HardshipCase.Level.values), weights=(30, 50, 20))[0]
        size = rng.randint(2, 5)
        income = Decimal(rng.randint(800, 3600) * size // 2).quantize(CENT)
        per_capita = round_money(income / size)
        main = rng.choice(causes)
        secondary = rng.sample([c for c in causes if c != main], rng.randint(0, 3))
        verified = []
        due = one_year_after(opened)
        while due <= min(today, closed or today):
            verified.append(due)
            due = one_year_after(due)
        pk = cases.new_id()
        notice = opened + timedelta(days=7) if opened + timedelta(days=7) <= today else None
        cases.add(
            pk, person.pk, union.pk, union.pk, level, opened, closed, size, income, per_capita,
            rng.choice(words.HARDSHIP_HEALTH), rng.choice(words.HARDSHIP_HOUSING),
            "家庭收入低，负担较重", "生活救助、子女助学", main, secondary,
            officers.get(Role.Kind.SECRETARY), officers.get(Role.Kind.CHAIR),
            notice is not None, notice, verified[-1] if verified else None, "家庭收入好转" if closed else "",
        )  # fmt: skip
        for _ in range(size - 1 if size <= 4 else 3):
            relation = rng.choice(words.RELATIONS)
            family.add(pk, _name(rng, rng.choice("MF")), relation, "良好", Decimal(rng.randint(0, 3000)), "")
        for day in verified:
            checks.add(pk, day, level, per_capita, "情况属实，继续帮扶", officers.get(Role.Kind.SECRETARY))
        register.cases.append((pk, person, union, opened, closed))
    cases.finish()
    family.finish()
    checks.finish()
