"""The organisation tree of a generated federation and the officers who keep its books.

A city's transport system union at the top, sector system unions below it, the base unions
(基层工会) below those, and union groups (工会小组) under some of the bigger base unions. Every
union that keeps books has a chair, a secretary and a treasurer; a few officers log in with a known
password so the bench and the load test can use the pages as they would.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.hashers import make_password

from bench.scale import words
from finances.models import Fund
from unionhub.models import Role, Union, User

BENCH_PASSWORD = "bench-Password-2026"  # noqa: S105 - a generated bench database's officers only
BENCH_USERS = {
    # username: (which union, role)
    "bench-chair": ("root", Role.Kind.CHAIR),
    "bench-secretary": ("root", Role.Kind.SECRETARY),
    "bench-auditor": ("root", Role.Kind.AUDITOR),
    "bench-big-secretary": ("big", Role.Kind.SECRETARY),
    "bench-big-treasurer": ("big", Role.Kind.TREASURER),
}
LOAD_TREASURERS = 5  # bench-treasurer-1 … -5, each in a different base union


@dataclass
class Org:
    """A generated union as the generator needs it (the database row has the rest)."""

    pk: int
    kind: str
    name: str
    employer: str
    path: str
    parent: "Org | None"
    size: int = 0  # members registered here to begin with
    groups: list["Org"] = field(default_factory=list)
    officers: dict[str, int] = field(default_factory=dict)  # Role.Kind -> user id
    funds: dict[str, int] = field(default_factory=dict)  # Fund.Kind -> fund id

    @property
    def books(self) -> "Org":
        """The union whose books carry this union's members (a group's base union)."""
        return self.parent if self.kind == Union.Kind.GROUP else self


@dataclass
class Federation:
    root: Org
    systems: list[Org]
    bases: list[Org]
    groups: list[Org]
    big: Org  # the largest base union: the bench's 10,000-member dues run
    bench_users: dict[str, int]
    load_treasurers: dict[str, Org]

    @property
    def all(self) -> list[Org]:
        return [self.root, *self.systems, *self.bases, *self.groups]

    @property
    def with_books(self) -> list[Org]:
        return [self.root, *self.systems, *self.bases]


def _union(org_kind: str, name: str, parent: Org | None, founded: date) -> Org:
    employer = name.removesuffix("工会")
    union = Union(
        name=name,
        short_name=name.removesuffix("工会")[-12:],
        kind=org_kind,
        parent_id=parent.pk if parent else None,
        region=words.REGION,
        employer=employer,
        founded=founded,
    )
    union.save()
    return Org(union.pk, org_kind, name, employer, union.path, parent)


def base_sizes(rng: random.Random, *, unions: int, members: int) -> list[int]:
    """Members per base union: a few big enterprises, many small units (a long tail).

    At full size the first base union gets 11.5% of the members: about 10,000 paying ones.
    """
    weights = [rng.lognormvariate(0, 0.9) for _ in range(unions)]
    big_share = 0.115 if members >= 50_000 and unions >= 20 else 0
    if big_share:
        rest = sum(weights[1:])
        weights = [rest * big_share / (1 - big_share), *weights[1:]]
    total = sum(weights)
    sizes = [max(3, int(members * w / total)) for w in weights]
    sizes[0] += members - sum(sizes)
    return sizes


def build(rng: random.Random, *, unions: int, members: int) -> Federation:
    founded = date(1994, 5, 1)
    root = _union(Union.Kind.SYSTEM, words.SYSTEM_NAME, None, founded)
    n_systems = max(1, round(unions / 20))
    systems = []
    for index in range(n_systems):
        sector = words.SECTORS[index % len(words.SECTORS)]
        suffix = "" if index < len(words.SECTORS) else str(index // len(words.SECTORS) + 1)
        systems.append(_union(Union.Kind.SYSTEM, f"滨江市{sector}{suffix}系统工会", root, founded))
    names: set[str] = set()
    bases = []
    for index, size in enumerate(base_sizes(rng, unions=unions, members=members)):
        system = systems[index % n_systems]
        sector = system.name.removeprefix("滨江市").removesuffix("系统工会")
        if index == 0:
            name = f"滨江{sector}总公司工会"
        else:
            name = f"{rng.choice(words.PLACES)}{rng.choice(words.UNITS)}工会"
            while name in names:
                name = f"{rng.choice(words.PLACES)}{rng.choice(words.UNITS)}{rng.randint(2, 99)}工会"
        names.add(name)
        base = _union(Union.Kind.BASE, name, system, date(rng.randint(1980, 2015), 1, 1))
        base.size = size
        bases.append(base)
    groups = []
    for base in bases:
        if base.size < 150 or rng.random() > 0.35:
            continue
        for group_name in rng.sample(words.GROUP_NAMES, rng.randint(2, 4)):
            group = _union(Union.Kind.GROUP, f"{base.employer}{group_name}工会小组", base, date(2016, 3, 1))
            base.groups.append(group)
            groups.append(group)
    big = max(bases, key=lambda org: org.size)
    federation = Federation(root, systems, bases, groups, big, {}, {})
    _officers(rng, federation)
    _funds(federation)
    return federation


def _officers(rng: random.Random, federation: Federation) -> None:
    """A chair, a secretary and a treasurer for every union with books, an auditor for the bigger ones."""
    unusable = make_password(None)
    known = make_password(BENCH_PASSWORD)
    users: list[User] = []
    roles: list[tuple[int, Org, str]] = []  # (index into users, union, role)

    def officer(username: str, union: Org, kind: str, password: str) -> None:
        surname = rng.choice(words.SURNAMES)
        users.append(User(username=username, name=surname + rng.choice(words.GIVEN_MALE), password=password))
        roles.append((len(users) - 1, union, kind))

    for union in federation.with_books:
        kinds = [Role.Kind.CHAIR, Role.Kind.SECRETARY, Role.Kind.TREASURER]
        if union.kind == Union.Kind.SYSTEM or union.size >= 300:
            kinds.append(Role.Kind.AUDITOR)
        for kind in kinds:
            officer(f"u{union.pk}-{kind}", union, kind, unusable)
    targets = {"root": federation.root, "big": federation.big}
    for username, (where, kind) in BENCH_USERS.items():
        officer(username, targets[where], kind, known)
    # The load test's treasurers: mid-sized base unions other than the big one.
    mid = sorted(federation.bases[1:], key=lambda org: -org.size)[: LOAD_TREASURERS * 3 : 3]
    for number, union in enumerate(mid, start=1):
        officer(f"bench-treasurer-{number}", union, Role.Kind.TREASURER, known)
        federation.load_treasurers[f"bench-treasurer-{number}"] = union
    created = User.objects.bulk_create(users)
    Role.objects.bulk_create(Role(user=created[i], union_id=union.pk, kind=kind) for i, union, kind in roles)
    for i, union, kind in roles:
        username = created[i].username
        if username.startswith("bench-"):
            federation.bench_users[username] = created[i].pk
        else:
            union.officers[kind] = created[i].pk


def _funds(federation: Federation) -> None:
    """Every union with books keeps the union fund; base unions also a hardship fund, many a special one."""
    rows = []
    for union in federation.with_books:
        rows.append((union, Fund(union_id=union.pk, name="工会经费", kind=Fund.Kind.UNION_FUND)))
        if union.kind != Union.Kind.BASE:
            continue
        rows.append(
            (
                union,
                Fund(
                    union_id=union.pk,
                    name="帮困基金",
                    kind=Fund.Kind.HARDSHIP,
                    restricted=True,
                    purpose="单位缴纳的帮困资金，以利息和本金用于困难职工帮扶",
                    opened_on=date(1994, 10, 1),
                ),
            )
        )
        if union is federation.big or union.pk % 5 < 2:
            rows.append(
                (
                    union,
                    Fund(
                        union_id=union.pk,
                        name="特困职工帮扶基金",
                        kind=Fund.Kind.SPECIAL_HARDSHIP,
                        restricted=True,
                        purpose="募捐所得，专用于特困职工帮扶",
                    ),
                )
            )
    created = Fund.objects.bulk_create([fund for _union, fund in rows])
    for (union, _fund), fund in zip(rows, created, strict=True):
        union.funds[fund.kind] = fund.pk
