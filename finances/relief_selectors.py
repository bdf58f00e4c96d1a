"""Aid and gifts as the year's papers read them: whom the aid of a year helped (each person once,
by whom they are: `helped`, the one count every page and paper asks), a restricted fund's interest,
what a drive raised and from how many donors. A whole year's people helped and drives' gifts are read
from the rows kept as aid is paid and gifts are given (`finances.models.helped`), counted with the same
SQL. Split from `finances.selectors`, which it builds on (a voucher that stands, the money's zero)."""

from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import BooleanField, CharField, Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.expressions import RawSQL

from finances.models import AidPayment, Donation, DonationDrive, DriveYear, Fund, HelpedCount, Voucher
from finances.models import helped as helped_sql
from finances.models.fund_years import FundYearTotal
from finances.selectors import ZERO, standing
from unionhub.models import Union

# -- people helped --------------------------------------------------------------------------------

# Whom aid helped, as the papers tell it (member, student, child, other), and who one person is: the
# SQL the kept counts use (finances.models.helped), over the payments' own table.
HELPED = ("member", "student", "child", "other")
_TABLE = '"finances_aidpayment"'
# Fixed SQL of ours, no parameters.
_HELPED_AS = RawSQL(helped_sql.HELPED_AS.format(p=_TABLE), [], output_field=CharField())  # noqa: S611  # nosec B611
_PERSON = RawSQL(helped_sql.PERSON.format(p=_TABLE), [], output_field=CharField())  # noqa: S611  # nosec B611
_STUDENT = RawSQL(helped_sql.STUDENT.format(p=_TABLE), [], output_field=BooleanField())  # noqa: S611  # nosec B611


@dataclass(frozen=True)
class Helped:
    """People helped by some aid payments, each person once, by whom they are (`HELPED`, only those
    with someone); the payments and the yuan."""

    by_whom: dict[str, int] = field(default_factory=dict)
    payments: int = 0
    amount: Decimal = ZERO

    @property
    def people(self) -> int:
        return sum(self.by_whom.values())


def aid_paid(
    *, union: Union, year: int, as_of: Date | None = None, rollup: bool = True
) -> QuerySet[AidPayment]:
    """The aid of a year that stands (reversed payments left out), paid by the union (and the unions
    below it, `rollup`) up to the end of `as_of`."""
    payments = AidPayment.objects.of(union, rollup=rollup).filter(date__year=year)
    if as_of is not None:
        payments = payments.filter(date__lte=as_of)
    return standing(payments)


def helped(payments: QuerySet[AidPayment], *by: str) -> dict:
    """People helped, payments and yuan of `payments` per value of the fields `by` ("kind", "fund",
    "drive"; a tuple of values when there are several), each person counted once within each group.
    The one count of people helped: every page and paper asks it."""
    return helped_by(payments, by)[0]


def helped_by(payments: QuerySet[AidPayment], *groupings: tuple[str, ...]) -> list[dict]:
    """`helped` for several groupings of the same payments at once ("kind", "fund", () for all of
    them), in one pass over the payments (GROUPING SETS): a summary dated inside a year asks four of
    them of its payments (`aid_counted`). A dict per grouping, in their order."""
    fields = list(dict.fromkeys(name for grouping in groupings for name in grouping))
    rows = payments.annotate(helped_as=_HELPED_AS, person=_PERSON).values(
        *fields, "helped_as", "person", "amount"
    )
    try:
        sql, params = rows.order_by().query.sql_with_params()
    except EmptyResultSet:  # payments that cannot match any (an empty list of ids)
        return [{} for _ in groupings]
    quoted = {name: connection.ops.quote_name(name) for name in [*fields, "helped_as"]}
    sets = ", ".join(
        "(" + ", ".join(quoted[name] for name in [*grouping, "helped_as"]) + ")" for grouping in groupings
    )
    keys = "".join(f"{quoted[name]}, " for name in fields)
    grouped = "GROUPING(" + ", ".join(quoted[name] for name in fields) + ")" if fields else "0"
    query = (
        # Our own compiled query and quoted field names.
        f"SELECT {keys}helped_as, {grouped}, COUNT(DISTINCT person), COUNT(*), SUM(amount)"  # noqa: S608  # nosec B608
        f" FROM ({sql}) AS payments GROUP BY GROUPING SETS ({sets})"
    )
    # GROUPING's bits: 1 for each field a row is not grouped by, the first field highest.
    masks = [
        sum(1 << (len(fields) - 1 - i) for i, name in enumerate(fields) if name not in grouping)
        for grouping in groupings
    ]
    found: list[dict] = [{} for _ in groupings]
    with connections[payments.db].cursor() as cursor:
        cursor.execute(query, params)
        for *values, helped_as, mask, people, count, amount in cursor.fetchall():
            for which, grouping in enumerate(groupings):
                if mask != masks[which]:
                    continue
                key = tuple(values[fields.index(n)] for n in grouping)
                key = key if len(key) > 1 else key[0] if key else None
                was = found[which].get(key, Helped())
                found[which][key] = Helped(
                    {**was.by_whom, helped_as: people}, was.payments + count, was.amount + amount
                )
                break
    return [{key: _in_order(h) for key, h in groups.items()} for groups in found]


def _in_order(h: Helped) -> Helped:
    return Helped({who: h.by_whom[who] for who in HELPED if h.by_whom.get(who)}, h.payments, h.amount)


def helped_in_all(payments: QuerySet[AidPayment]) -> Helped:
    """People helped by all of `payments`, each person once."""
    return helped(payments).get(None, Helped())


def students_helped(payments: QuerySet[AidPayment]) -> dict[tuple[str, str], Helped]:
    """Students helped per (kind of aid, stage): 大学生, 中小学生 … ("" when no stage was recorded),
    whether recorded as a member's child or as a student; in the order of the kinds and stages."""
    found = helped(payments.alias(student=_STUDENT).filter(student=True), "kind", "schooling")
    stages = [*AidPayment.Schooling.values, ""]
    return {
        (kind, stage): found[kind, stage]
        for kind in AidPayment.Kind.values
        for stage in stages
        if (kind, stage) in found
    }


def aid_by_kind(*, union: Union, year: int, as_of: Date | None = None) -> dict[str, Helped]:
    """Per kind of aid (生活救助, 金秋助学, 送温暖 …, by label, in the kinds' order): people helped,
    payments, yuan."""
    found = helped(aid_paid(union=union, year=year, as_of=as_of), "kind")
    return {kind.label: found[kind.value] for kind in AidPayment.Kind if kind.value in found}


@dataclass(frozen=True)
class AidOfYear:
    """Whom the aid of a year helped, as a summary tells it: per kind, fund and drive, students per
    (kind, stage), in all; and the payments made through a hardship file."""

    by_kind: dict[str, Helped]
    by_fund: dict[int, Helped]
    by_drive: dict[int, Helped]
    students: dict[tuple[str, str], Helped]
    in_all: Helped
    through_case: int


def aid_of_year(*, union: Union, year: int, as_of: Date) -> AidOfYear:
    """`AidOfYear` of the union and the unions below it. For a whole year, one query over the counts
    kept as aid is paid (`finances.models.helped`: one row per key, whatever the size of the tree);
    up to a day inside the year, `aid_counted`."""
    if as_of < Date(year, 12, 31):
        return aid_counted(union=union, year=year, as_of=as_of)
    found: dict[tuple[str, str], Helped] = {}
    rows = HelpedCount.objects.filter(union=union, year=year).values_list(
        "dimension", "value", "helped_as", "people", "times", "amount"
    )
    for dimension, value, helped_as, people, times, amount in rows:
        was = found.get((dimension, value), Helped())
        found[dimension, value] = Helped(
            {**was.by_whom, helped_as: people}, was.payments + times, was.amount + amount
        )
    found = {key: _in_order(h) for key, h in found.items()}
    stages = [*AidPayment.Schooling.values, ""]
    return AidOfYear(
        by_kind={kind: found["kind", kind] for kind in AidPayment.Kind.values if ("kind", kind) in found},
        by_fund={int(value): h for (dimension, value), h in found.items() if dimension == "fund"},
        by_drive={int(value): h for (dimension, value), h in found.items() if dimension == "drive"},
        students={
            (kind, stage): found["stage", f"{kind}:{stage}"]
            for kind in AidPayment.Kind.values
            for stage in stages
            if ("stage", f"{kind}:{stage}") in found
        },
        in_all=found.get(("", ""), Helped()),
        through_case=found.get(("case", ""), Helped()).payments,
    )


def aid_counted(*, union: Union, year: int, as_of: Date) -> AidOfYear:
    """`AidOfYear` counted from the year's payments up to `as_of`."""
    aid = aid_paid(union=union, year=year, as_of=as_of)
    by_kind, by_fund, by_drive, in_all = helped_by(aid, ("kind",), ("fund",), ("drive",), ())
    return AidOfYear(
        by_kind=by_kind,
        by_fund=by_fund,
        by_drive={drive: h for drive, h in by_drive.items() if drive is not None},
        students=students_helped(aid),
        in_all=in_all.get(None, Helped()),
        through_case=aid.filter(case__isnull=False).count(),
    )


# What makes an income voucher interest: its account (or the account above it) or its summary says so.
INTEREST_WORDS = ("利息", "投资收益")


def interest_earned(funds: QuerySet[Fund], *, year: int, as_of: Date) -> dict[int, Decimal]:
    """Per fund of `funds` that earned any: its interest of the year up to `as_of` (income vouchers
    whose account or summary says 利息 or 投资收益). Read fund by fund on the vouchers' fund index (over
    a list of the funds PostgreSQL read the year's every voucher); for a whole year only the funds
    with any income in their kept year are read, a federation's hundreds of idle funds are not."""
    interest = Q()
    for word in INTEREST_WORDS:
        interest |= (
            Q(category__name__contains=word)
            | Q(category__parent__name__contains=word)
            | Q(summary__contains=word)
        )
    if as_of >= Date(year, 12, 31):
        with_income = FundYearTotal.objects.filter(year=year).exclude(income=0).values("fund_id")
        funds = funds.filter(pk__in=with_income)
    came_in = (
        Voucher.objects.entries()
        .filter(fund=OuterRef("pk"), direction=Voucher.Direction.INCOME, year=year, date__lte=as_of)
        .filter(interest)
        .values("fund")
        .annotate(total=Sum("signed_amount"))
        .values("total")
    )
    rows = funds.order_by().annotate(earned=Subquery(came_in)).values_list("pk", "earned")
    return {pk: earned for pk, earned in rows if earned}


def standing_donations(drive: DonationDrive) -> QuerySet[Donation]:
    """A drive's gifts whose voucher stands (not reversed)."""
    return standing(drive.donations.all())


def donors() -> Count:
    """Donors among gifts: a member counted once however often they gave, other donors by name."""
    return Count("member", distinct=True) + Count("donor_name", filter=Q(member__isnull=True), distinct=True)


def donation_totals(donations: QuerySet[Donation], **more) -> dict:
    """Total, gifts and donors of some gifts (a member counted once however often they gave, other
    donors by name), plus any `more` aggregates, in one query."""
    return donations.aggregate(
        total=Sum("amount", default=Decimal("0.00")),
        gifts=Count("pk"),
        donors=donors(),
        **more,
    )


def drive_figures(drive: DonationDrive) -> dict:
    """The drive's total, gifts and donors."""
    return donation_totals(standing_donations(drive))


class DriveRaised(NamedTuple):
    amount: Decimal
    gifts: int
    donors: int


def raised_in_year(drives: QuerySet[DonationDrive], *, year: int, as_of: Date) -> dict[int, DriveRaised]:
    """Per drive of `drives` given to in the year up to `as_of` (by the gifts' voucher dates): yuan,
    gifts and donors (`donors`). For a whole year, the drives' rows kept as gifts are given
    (`finances.models.helped`); up to a day inside the year, counted from the gifts."""
    if as_of >= Date(year, 12, 31):
        rows = DriveYear.objects.filter(drive__in=drives, year=year).values_list(
            "drive", "amount", "times", "people"
        )
    else:
        gifts = standing(
            Donation.objects.filter(drive__in=drives, voucher__date__year=year, voucher__date__lte=as_of)
        )
        rows = (
            gifts.values("drive")
            .annotate(amount=Sum("amount"), gifts=Count("pk"), donors=donors())
            .values_list("drive", "amount", "gifts", "donors")
            .order_by()
        )
    return {drive: DriveRaised(amount, gifts, people) for drive, amount, gifts, people in rows}


# -- aid and gifts of a year -----------------------------------------------------------------------


class DonationFigures(NamedTuple):
    drives: int
    donors: int
    amount: Decimal


def donation_figures(*, union: Union, year: int) -> DonationFigures:
    """Drives that received gifts in the year, distinct donors, and the yuan given."""
    donations = standing(Donation.objects.within(union).filter(voucher__date__year=year))
    sums = donation_totals(donations, drives=Count("drive", distinct=True))
    return DonationFigures(sums["drives"], sums["donors"], sums["total"])
