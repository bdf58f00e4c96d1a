"""A generated federation for benchmarks and load tests (`python -m bench.generate`).

It lives in `reports` because it writes every app's records. Rows go in through PostgreSQL's COPY,
in the order the foreign keys need; each part keeps the owning app's invariants (see the modules).

    generate(*, unions=200, members=100_000, years=3, seed=2026, today=None, log=print) -> Report
"""

import random
import time
from dataclasses import dataclass, field
from datetime import date

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from bench.scale import books, federation, life, register
from unionhub.models import Union

# Bumped whenever the generator makes different data for the same size and seed: a bench database
# built by an older version is rebuilt rather than reused.
VERSION = 3


@dataclass(frozen=True)
class Size:
    unions: int
    members: int
    years: int

    def as_dict(self) -> dict:
        return {"unions": self.unions, "members": self.members, "years": self.years}


@dataclass
class Report:
    size: Size
    seed: int
    today: date
    seconds: dict[str, float] = field(default_factory=dict)
    checked: bool = True
    rows: dict[str, int] = field(default_factory=dict)
    federation: "federation.Federation | None" = None

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


class NotEmpty(RuntimeError):
    pass


def generate(
    *,
    unions: int = 200,
    members: int = 100_000,
    years: int = 3,
    seed: int = 2026,
    today: date | None = None,
    checked: bool = True,
    log=lambda message: None,
) -> Report:
    """Fill an empty (migrated) database with a federation of this size; all in one transaction.

    `checked=False` loads as a replica would (session_replication_role): no row triggers fire, so
    no foreign-key checks and no audit-trail snapshots of the generated rows — minutes instead of
    an hour and more for the full size. The rows are the same either way; the tests generate
    checked, with every foreign key verified and every trigger firing.
    """
    if unions < 1 or members < unions * 3 or years < 1:
        raise ValueError("need at least one union, three members per union and one year")
    if Union.objects.exists():
        raise NotEmpty("the database already holds unions: generate into an empty, migrated database")
    today = today or timezone.localdate()
    size = Size(unions, members, years)
    report = Report(size, seed, today)
    rng = random.Random(seed)
    year_list = list(range(today.year - years + 1, today.year + 1))
    first_day = date(year_list[0], 1, 1)

    def step(name: str, work):
        started = time.perf_counter()
        result = work()
        report.seconds[name] = round(time.perf_counter() - started, 2)
        log(f"{name}: {report.seconds[name]:.1f} s")
        return result

    with transaction.atomic():
        if not checked:
            checked = not _load_as_replica()
        report.checked = checked
        fed = step("unions and officers", lambda: federation.build(rng, unions=unions, members=members))
        reg = step(
            "members and histories",
            lambda: register.build(rng, fed, members=members, years=years, first_day=first_day, today=today),
        )
        held = step(
            "activities and attendance", lambda: life.build(rng, fed, reg, years=year_list, today=today)
        )
        step("books", lambda: books.build(rng, fed, reg, held, years=year_list, today=today))
        if not checked:
            # Loaded without row triggers: write what the voucher, approval and check-in triggers would
            # have kept (ledger totals, spending awaiting approval, participation rows).
            step("kept tables", fill_kept_tables)
        if checked:
            step("foreign keys checked", check_foreign_keys)
    report.federation = fed
    report.rows = step("analyze", table_counts)
    return report


def _load_as_replica() -> bool:
    """Skip row triggers for the rest of the transaction; False where the role may not (not superuser)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    return True


def fill_kept_tables() -> None:
    """The ledger totals (then the subtrees' totals and the funds' years), the vouchers awaiting
    approval and the months paid from the vouchers (then the members owing at each year's end), the
    participation rows and counts from the check-ins, the roll's changes and the year's counts from the
    membership events, the members without a wage base, the people helped and the drives' years from
    the aid and the gifts, the activities' counts per subtree."""
    from activities.participants import FILL as FILL_PARTICIPANTS
    from activities.participants import FILL_COUNTS as FILL_PARTICIPATION_COUNTS
    from activities.participants import FILL_TURNOUT
    from activities.year_counts import FILL as FILL_ACTIVITY_COUNTS
    from finances.models.dues_months import FILL as FILL_DUES_MONTHS
    from finances.models.fund_years import FILL as FILL_FUND_YEARS
    from finances.models.helped import FILL as FILL_HELPED
    from finances.models.owing import FILL as FILL_OWING
    from finances.models.subtree import FILL as FILL_SUBTREES
    from finances.models.totals import FILL
    from finances.models.vouchers import FILL_AWAITING
    from finances.models.wage_gaps import FILL as FILL_WAGE_GAPS
    from members.event_counts import FILL as FILL_EVENT_COUNTS
    from members.roll import FILL as FILL_ROLL

    with connection.cursor() as cursor:
        cursor.execute(FILL)
        cursor.execute(FILL_SUBTREES)
        cursor.execute(FILL_FUND_YEARS)
        cursor.execute(FILL_AWAITING)
        cursor.execute(FILL_PARTICIPANTS)
        cursor.execute(FILL_PARTICIPATION_COUNTS)
        cursor.execute(FILL_TURNOUT)
        cursor.execute(FILL_DUES_MONTHS)
        cursor.execute(FILL_OWING)
        cursor.execute(FILL_WAGE_GAPS)
        cursor.execute(FILL_ROLL)
        cursor.execute(FILL_EVENT_COUNTS)
        cursor.execute(FILL_HELPED)
        cursor.execute(FILL_ACTIVITY_COUNTS)


def check_foreign_keys() -> None:
    """Django's foreign keys are checked at commit (DEFERRABLE INITIALLY DEFERRED): check them now,
    so a test that never commits checks them too, and the build time shows their cost."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


COUNTED = (
    "unionhub_union", "unionhub_user", "members_member", "members_memberevent", "members_hardshipcase",
    "activities_activity", "activities_attendance", "activities_award", "activities_suggestion",
    "activities_chronicleentry", "finances_voucher", "finances_voucherline", "finances_donation",
    "finances_aidpayment", "finances_wagebase",
)  # fmt: skip


def table_counts() -> dict[str, int]:
    """ANALYZE the tables (the planner needs fresh statistics after a bulk load) and count their rows."""
    counts = {}
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        for table in COUNTED:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 # nosec B608
            counts[table] = cursor.fetchone()[0]
    return counts
