"""The year's figures of a union and the unions below it, gathered from every app's records.

`collect_figures` returns plain JSON data (numbers, names; money as "1234.50"), so a finalised summary
can store it. Links to the records behind each figure are not part of the figures: the text carries
a stable key ("members", "kind:study") and `links()` turns the keys into addresses when the page is
drawn, so renaming a route changes no stored summary. A finalised summary compares its figures'
numbers with the records later (`reports.documents.changes.numbers`).

Everything counts up to the summary's date (`as_of`): activities dated later are not "held". Every
figure is computed in the database, so the number of queries does not grow with the records.
"""

import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import NamedTuple
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Sum, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import NoReverseMatch, reverse

from activities import selectors as activity_selectors
from activities.models import Activity, Attendance, ChronicleEntry, Suggestion, Survey, Visit
from finances import relief_selectors, selectors
from finances.models import (
    AidPayment,
    DonationDrive,
    Fund,
    RuleWarning,
)
from members import selectors as member_selectors
from members.models import HardshipCase
from rights import selectors as register_selectors
from rights.registers import REGISTERS
from unionhub.models import Union

ZERO = Decimal("0.00")
# Of the unions below, the funds and drives a sentence names one by one (the largest); the rest summed.
BELOW_TOLD = 3
# Restricted funds that paid nothing in the year, named among the shortcomings (the rest counted).
UNSPENT_TOLD = 3
# How many activities (and weekly series) of a kind the text names as examples (如：…).
EXAMPLES_PER_KIND = 6
# Awards of a category a sentence names one by one, the highest levels first; all are counted.
AWARDS_TOLD = 12
# Chronicle entries of the unions below told per section of a roll-up summary (the rest are counted).
CHRONICLE_BELOW_PER_SECTION = 5


def _jsonable(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


# The shape of the figures: a summary finalised with another shape is not compared with today's.
SCHEMA = 8


class Section(NamedTuple):
    """A group of the figures: the apps whose records it reads (their record stamps tell when it must
    be computed afresh, `reports.stamps`) and how it is computed (a dict of top-level keys)."""

    name: str
    reads: frozenset[str]
    compute: Callable[..., dict]


# In order: who took part reads the activities counted before it; the shortcomings read the
# participation rate and the members counted before them.
SECTIONS = (
    Section(
        "organisation", frozenset({"unionhub"}), lambda union, year, as_of, figures: {"union": _union(union)}
    ),
    Section(
        "members",
        frozenset({"unionhub", "members"}),
        lambda union, year, as_of, figures: _members(union=union, year=year),
    ),
    Section(
        "money",
        frozenset({"unionhub", "finances"}),
        lambda union, year, as_of, figures: _finances(union=union, year=year, as_of=as_of),
    ),
    # Aid, gifts and drives: stamped apart ("relief": reports/migrations/0013), so a voucher of the
    # union fund does not compute them afresh; a reversal or a restricted fund's voucher does.
    Section(
        "relief",
        frozenset({"unionhub", "relief"}),
        lambda union, year, as_of, figures: _relief(union=union, year=year, as_of=as_of),
    ),
    Section(
        "visits",
        frozenset({"unionhub", "members", "activities"}),
        lambda union, year, as_of, figures: _visits(union=union, year=year, as_of=as_of),
    ),
    Section(
        "activities",
        frozenset({"unionhub", "members", "activities"}),
        lambda union, year, as_of, figures: _activities(union=union, year=year, as_of=as_of),
    ),
    # Who took part: after the activities (it reads what they counted), computed afresh after a
    # check-in ("attendance": reports/migrations/0012) without them.
    Section(
        "participation",
        frozenset({"unionhub", "members", "activities", "attendance"}),
        lambda union, year, as_of, figures: _participation(
            union=union, year=year, as_of=as_of, figures=figures
        ),
    ),
    Section(
        "registers",
        frozenset({"unionhub", "members", "rights"}),
        lambda union, year, as_of, figures: {
            "registers": register_selectors.register_figures(union=union, year=year, until=as_of)
        },
    ),
    # 存在的不足 in two parts, each computed afresh only after a change to what it reads.
    Section(
        "shortcomings",
        frozenset({"unionhub", "members", "activities", "attendance"}),
        lambda union, year, as_of, figures: {
            "shortcomings": {
                **figures.get("shortcomings", {}),
                **_shortcomings(union=union, year=year, as_of=as_of, figures=figures),
            }
        },
    ),
    Section(
        "shortcomings_in_the_books",
        frozenset({"unionhub", "members", "finances"}),
        lambda union, year, as_of, figures: {
            "shortcomings": {
                **figures.get("shortcomings", {}),
                **_shortcomings_in_the_books(union=union, year=year, as_of=as_of),
            }
        },
    ),
)
# Every app a section reads: the parts of a record stamp (reports.stamps).
PARTS = tuple(sorted(set().union(*(section.reads for section in SECTIONS))))


def collect_figures(
    *,
    union: Union,
    year: int,
    as_of: date | None = None,
    kept: dict | None = None,
    changed: set[str] | frozenset[str] = frozenset(PARTS),
) -> dict:
    """The figures of the union's year up to `as_of`. With `kept` (figures computed earlier for the
    same union, year and date), only the sections that read an app in `changed` are computed afresh;
    the others are taken from `kept`."""
    as_of = as_of or date(year, 12, 31)
    figures: dict = dict(kept) if kept is not None else {}
    figures.update({"schema": SCHEMA, "year": year, "as_of": as_of})
    for section in SECTIONS:
        if kept is None or section.reads & changed:
            figures.update(section.compute(union, year, as_of, figures))
    return _jsonable(figures)


# --- the organisation ----------------------------------------------------------------------------


def _union(union: Union) -> dict:
    below = Union.objects.within(union).exclude(pk=union.pk).values("kind").annotate(n=Count("pk")).order_by()
    by_kind = {row["kind"]: row["n"] for row in below}
    return {
        "name": union.name,
        "short_name": union.short_name,
        "kind": union.kind,
        "party": union.party_organisation,
        # Unions below, by type (a township's 村级工会 are its base organisations); union groups
        # (工会小组) are not organisations of their own.
        "by_kind": {kind: by_kind[kind] for kind in Union.Kind.values if by_kind.get(kind)},
        "children": sum(n for kind, n in by_kind.items() if kind != Union.Kind.GROUP),
    }


def _members(*, union: Union, year: int) -> dict:
    m = member_selectors.membership_figures(union=union, year=year)
    h = member_selectors.hardship_figures(union=union, year=year)
    online = member_selectors.online_applications(union=union, year=year)
    return {
        "membership": {
            "members": m.members,
            "women": m.women,
            "migrant": m.migrant_workers,
            "new": m.joined,
            "transferred_in": m.transferred_in,
            "transferred_out": m.transferred_out,
            "retained": m.newly_retained,
            "left": m.left + m.removed,
            "deceased": m.deceased,
            "applied_online": online["applied"],
            "accepted_online": online["accepted"],
        },
        "hardship": {
            "on_file": h.on_file,
            "by_level": [[level.value, h.on_file_of(level.value)] for level in HardshipCase.Level],
            "opened": h.opened,
            "closed": h.closed,
        },
    }


# --- money ---------------------------------------------------------------------------------------


def _finances(*, union: Union, year: int, as_of: date) -> dict:
    """The year's money exactly as the 工会02表 of the union states it (consolidated over the unions
    below, less what only moved inside the tree), broken down by account and by fund; the year-end
    balances add up to the 01表's net assets."""
    money = selectors.year_money(union=union, year=year, as_of=as_of)
    names = selectors.account_names()
    balances: dict[str, Decimal] = {}
    restricted_kinds = set()
    for fund in money.funds:
        balances[fund.kind] = balances.get(fund.kind, ZERO) + fund.closing
        if fund.restricted:
            restricted_kinds.add(fund.kind)
    # The restricted funds' part of it: the union's own and the largest few below told, the rest summed.
    restricted, rest = own_then_largest(
        [
            {
                "name": fund.name,
                "union": fund.union,
                "own": fund.union == union.name,
                "income": fund.income,
                "spending": fund.spending,
                "closing": fund.closing,
            }
            for fund in money.funds
            if fund.restricted and (fund.income or fund.spending)
        ],
        lambda fund: fund["income"] + fund["spending"],
    )
    return {
        "funds": {
            "income_total": money.income_total,
            "spending_total": money.spending_total,
            "income": [[names.get(code, code), amount] for code, amount in money.income.items()],
            "spending": [[names.get(code, code), amount] for code, amount in money.spending.items()],
            "internal": money.moved_inside,
            "opening": money.opening,
            "closing": money.closing,
            "asset_fund": money.asset_fund,
            "net_assets": money.net_assets,
            "restricted": restricted,
            "restricted_rest": {
                "funds": len(rest),
                "income": sum((fund["income"] for fund in rest), ZERO),
                "spending": sum((fund["spending"] for fund in rest), ZERO),
            },
            "balances": [
                [kind, balances[kind], kind in restricted_kinds]
                for kind in Fund.Kind.values
                if kind in balances
            ],
            "warnings": RuleWarning.objects.within(union)
            .filter(voucher__date__year=year, voucher__date__lte=as_of)
            .count(),
        }
    }


def _relief(*, union: Union, year: int, as_of: date) -> dict:
    aid = relief_selectors.aid_of_year(union=union, year=year, as_of=as_of)
    drives, fed = _drives(union=union, year=year, as_of=as_of, spent=aid.by_drive)
    return {
        **_aid(union=union, year=year, as_of=as_of, aid=aid),
        **_restricted_funds(union=union, year=year, as_of=as_of, paid=aid.by_fund, fed=fed),
        **drives,
    }


def own_then_largest(rows: list[dict], weight) -> tuple[list[dict], list[dict]]:
    """The union's own rows, and the largest few of the unions below (in their order); the rest."""
    largest = {
        id(r) for r in sorted((r for r in rows if not r["own"]), key=weight, reverse=True)[:BELOW_TOLD]
    }
    told = [r for r in rows if r["own"] or id(r) in largest]
    return told, [r for r in rows if not r["own"] and id(r) not in largest]


def _helped(h: relief_selectors.Helped) -> dict:
    return {"people": h.people, "by_whom": h.by_whom, "times": h.payments, "amount": h.amount}


def _aid(*, union: Union, year: int, as_of: date, aid: relief_selectors.AidOfYear) -> dict:
    """People helped (each person once, by whom they are) per kind of aid and in all; students by
    stage whether recorded as a member's child or as a student; a few of their schools."""
    examples = (
        relief_selectors.aid_paid(union=union, year=year, as_of=as_of)
        .filter(~Q(recipient=AidPayment.Recipient.MEMBER))
        .exclude(school="")
        .annotate(rn=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("date"), F("pk")]))
        .filter(rn__lte=3)
        .values("kind", "beneficiary", "school", "grade", "schooling")
    )
    return {
        "aid": [
            {"kind": kind, **_helped(aid.by_kind[kind])}
            for kind in AidPayment.Kind.values
            if kind in aid.by_kind
        ],
        "aid_people": aid.in_all.people,
        "aid_by_whom": aid.in_all.by_whom,
        "aid_through_case": aid.through_case,
        "aid_students": [
            {"kind": kind, "schooling": stage, "people": h.people, "amount": h.amount}
            for (kind, stage), h in aid.students.items()
        ],
        "aid_examples": list(examples),
    }


def _restricted_funds(*, union: Union, year: int, as_of: date, paid: dict, fed: set[int]) -> dict:
    """The restricted funds that existed by the summary's date and earned interest, or paid aid that
    no drive of the year fed (`fed`: a drive's sentence tells that): who set each up and when, what
    it earned, whom it helped and what it paid. The union's own and the largest few of the unions
    below are told; the rest summed."""
    restricted = (
        Fund.objects.within(union)
        .filter(restricted=True)
        .filter(Q(opened_on__isnull=True) | Q(opened_on__lte=as_of))
        .order_by("opened_on", "pk")
    )
    interest = relief_selectors.interest_earned(restricted, year=year, as_of=as_of)
    fund_rows = restricted.values("pk", "name", "kind", "purpose", "opened_on", "union__name")
    funds = []
    for row in fund_rows:
        out = paid.get(row["pk"], relief_selectors.Helped())
        earned = interest.get(row["pk"], ZERO)
        if not earned and not (out.amount and row["pk"] not in fed):
            continue
        funds.append(
            {
                "name": row["name"],
                "kind": row["kind"],
                "purpose": row["purpose"],
                "opened": row["opened_on"].year if row["opened_on"] else None,
                "union": row["union__name"],
                "own": row["union__name"] == union.name,
                "interest": earned,
                "paid": out.amount,
                "people": out.people,
                "by_whom": out.by_whom,
            }
        )
    told, rest = own_then_largest(funds, lambda fund: fund["interest"] + fund["paid"])
    return {
        "restricted_funds": told,
        "restricted_funds_rest": {
            "funds": len(rest),
            "interest": sum((fund["interest"] for fund in rest), ZERO),
            "paid": sum((fund["paid"] for fund in rest), ZERO),
        },
    }


NOTHING_RAISED = relief_selectors.DriveRaised(ZERO, 0, 0)


def _drives(*, union: Union, year: int, as_of: date, spent: dict) -> tuple[dict, set[int]]:
    """The drives of the year (started in it, or given to in it) that raised or paid anything: the
    union's own and the largest few of the unions below told one by one (what each raised from how
    many donors, whom it helped and what it paid), the rest summed; what each raised is kept as gifts
    are given (`relief_selectors.raised_in_year`). With the figures, the funds the drives fed."""
    drives = DonationDrive.objects.within(union).filter(starts_on__lte=as_of)
    raised = relief_selectors.raised_in_year(drives, year=year, as_of=as_of)
    rows = []
    for row in (
        drives.filter(Q(starts_on__year=year) | Q(pk__in=list(raised)))
        .values("pk", "title", "kind", "starts_on", "union__name", "fund", "fund__name")
        .order_by("starts_on", "pk")
    ):
        got, out = raised.get(row["pk"]), spent.get(row["pk"], relief_selectors.Helped())
        if got or out.payments:
            rows.append(
                {**row, "own": row["union__name"] == union.name, "got": got or NOTHING_RAISED, "out": out}
            )
    told, rest = own_then_largest(rows, lambda d: d["got"].amount + d["out"].amount)
    figures = {
        "drives": [
            {
                "title": d["title"],
                "kind": d["kind"],
                "starts_on": d["starts_on"],
                "union": d["union__name"],
                "own": d["own"],
                "fund": d["fund__name"],
                "amount": d["got"].amount,
                "gifts": d["got"].gifts,
                "donors": d["got"].donors,
                "paid": d["out"].amount,
                "paid_people": d["out"].people,
                "paid_by_whom": d["out"].by_whom,
            }
            for d in told
        ],
        "drives_rest": {
            "drives": len(rest),
            "amount": sum((d["got"].amount for d in rest), ZERO),
            "paid": sum((d["out"].amount for d in rest), ZERO),
        },
    }
    # The funds the year's drives fed: their aid is told with the drive, not the fund.
    return figures, {d["fund"] for d in rows}


def _visits(*, union: Union, year: int, as_of: date) -> dict:
    """Visits by campaign, and the surveys that went before them."""
    visits = Visit.objects.within(union).in_year(year, as_of)
    visit_rows = (
        visits.values("campaign")
        .annotate(
            visits=Count("pk"),
            members=Count("member", distinct=True),
            households=Count("household", distinct=True, filter=~Q(household="")),
            cash=Sum("cash"),
            goods_value=Sum("goods_value"),
        )
        .order_by("campaign")
    )
    goods = (
        visits.exclude(goods="")
        .values("campaign", "goods", "goods_unit")
        .annotate(quantity=Sum("goods_quantity"))
        .order_by("campaign", "goods", "goods_unit")
    )
    visitors = (
        visits.values("campaign", "visitors").annotate(n=Count("pk")).order_by("campaign", "-n", "visitors")
    )
    campaigns = {}
    for row in visit_rows:
        campaigns[row["campaign"]] = {
            "visits": row["visits"],
            "households": row["members"] + row["households"],
            "cash": row["cash"] or ZERO,
            "goods_value": row["goods_value"] or ZERO,
            "goods": [],
            "visitors": [],
        }
    for row in goods:
        quantity = f"{row['quantity']}{row['goods_unit']}" if row["quantity"] else ""
        campaigns[row["campaign"]]["goods"].append(f"{row['goods']}{quantity}")
    for row in visitors:
        names = campaigns[row["campaign"]]["visitors"]
        for name in re.split(r"[、，,；;\s]+", row["visitors"]):
            if name and name not in names and len(names) < 4:
                names.append(name)
    surveys = [
        {
            "title": s["title"],
            "campaign": s["campaign"],
            "date": s["date"],
            "households": s["households"],
            "found": s["found"],
        }
        for s in Survey.objects.within(union)
        .in_year(year, as_of)
        .values("title", "campaign", "date", "households", "found")
        .order_by("date", "pk")
    ]
    return {
        "visits": campaigns,
        "surveys": surveys,
    }


# --- union life ----------------------------------------------------------------------------------


def _activities(*, union: Union, year: int, as_of: date) -> dict:
    """What union life held in the year: activities by kind (a weekly series once), the series, the
    audiences, awards, suggestions and the chronicle. Nothing here reads a check-in: who took part is
    `_participation`'s, so a check-in computes only that afresh."""
    held = activity_selectors.activities_of_year(union=union, year=year, until=as_of)
    return {
        "activities_held": {
            "items": held.held.items,
            "series": held.held.series,
            "sessions": held.held.sessions,
        },
        "held_by_kind": held.by_kind,
        "activity_counts": {kind: n for kind, (n, _non_members) in held.by_kind.items() if n},
        "series_by_kind": held.series_by_kind,
        "audiences": held.by_audience,
        "awards": activity_selectors.award_rows(
            union=union, year=year, until=as_of, per_category=AWARDS_TOLD
        ),
        "award_counts": activity_selectors.award_counts(union=union, year=year, until=as_of),
        "suggestions": _suggestions(union=union, year=year, as_of=as_of),
        **_chronicle(union=union, year=year, as_of=as_of),
    }


def _participation(*, union: Union, year: int, as_of: date, figures: dict) -> dict:
    """Who took part: by kind (the counts kept as check-ins are written, beside the activities held
    that `_activities` counted), the share of the members who took part, and the examples the text
    names (the first few activities and weekly series of each kind) with their participants."""
    turnout = activity_selectors.turnout_by_kind(union=union, year=year, until=as_of)
    participation = activity_selectors.participation_of(figures["held_by_kind"], turnout)
    # A series is one example, told by its title, never once per session; only the examples have
    # their check-ins counted.
    series = activity_selectors.series_held(union=union, year=year, until=as_of, per_kind=EXAMPLES_PER_KIND)
    present = Attendance.objects.filter(activity=OuterRef("pk"), status=Attendance.Status.PRESENT)
    held = Activity.objects.within(union).in_year(year, as_of)
    examples = (
        Activity.objects.filter(pk__in=_first_of_each_kind(held))
        .annotate(came=Coalesce(_subquery_count(present), 0))
        .values(
            "kind",
            "title",
            "start_date",
            "audience",
            "subject",
            "speaker",
            "partners",
            "cohosts",
            "came",
            "non_member_participants",
            "union__name",
        )
        .order_by("start_date", "pk")
    )
    return {
        "participation": {
            kind: {
                "activities": p.activities,
                "present": p.present,
                "members": p.members,
                "non_members": p.non_members,
                "by_code": p.by_code,
            }
            for kind, p in participation.items()
            if p.activities
        },
        "participation_rate": float(
            activity_selectors.participation_rate(union=union, year=year, until=as_of)
        ),
        "activity_series": [
            {
                "kind": s.kind,
                "title": s.title,
                "weekday": s.weekday,
                "date": s.first,
                "sessions": s.sessions,
                "participants": s.participants,
                "union": s.union,
            }
            for s in series
        ],
        "activities": sorted([*_examples(examples), *_series_examples(series)], key=lambda a: a["date"]),
    }


def _suggestions(*, union: Union, year: int, as_of: date) -> dict:
    """The year's suggestions, and the campaigns that collected the most."""
    suggestions = activity_selectors.suggestion_figures(union=union, year=year, until=as_of)
    campaigns = (
        Suggestion.objects.within(union)
        .in_year(year, as_of)
        .exclude(campaign="")
        .values("campaign", "union__name")
        .annotate(
            collected=Count("pk"),
            adopted=Count("pk", filter=Q(status__in=["adopted", "implemented"])),
        )
        .order_by("-collected", "campaign", "union__name")
    )
    return {
        "collected": suggestions.collected,
        "adopted": suggestions.adopted,
        "rejected": suggestions.rejected,
        "implemented": suggestions.implemented,
        "campaigns": [
            {
                "campaign": row["campaign"],
                "union": row["union__name"],
                "collected": row["collected"],
                "adopted": row["adopted"],
            }
            for row in campaigns[:5]
        ],
    }


def _first_of_each_kind(held):
    """The first few standalone activities of each kind in the year, as a subquery: one LIMIT per
    kind, each read in date order on its index (`activity_kind_date`), so a federation's thousands
    are not sorted."""
    per_kind = [
        held.filter(kind=kind, series__isnull=True)
        .order_by("start_date", "pk")
        .values("pk")[:EXAMPLES_PER_KIND]
        for kind in Activity.Kind.values
    ]
    return per_kind[0].union(*per_kind[1:], all=True)


def _examples(rows) -> list[dict]:
    return [
        {
            "kind": a["kind"],
            "title": a["title"],
            "date": a["start_date"],
            "audience": a["audience"],
            "subject": a["subject"],
            "speaker": a["speaker"],
            "partners": a["partners"],
            "cohosts": a["cohosts"],
            "participants": (a["came"] or 0) + a["non_member_participants"],
            "union": a["union__name"],
        }
        for a in rows
    ]


def _series_examples(series: list) -> list[dict]:
    """A weekly series as one example: its title, its first session's date, its sessions."""
    return [
        {
            "kind": s.kind,
            "title": s.title,
            "date": s.first,
            "audience": "",
            "subject": "",
            "speaker": "",
            "partners": "",
            "cohosts": "",
            "participants": s.participants,
            "union": s.union,
            "sessions": s.sessions,
        }
        for s in series
    ]


def _chronicle(*, union: Union, year: int, as_of: date) -> dict:
    """The union's own chronicle entries in full; of the unions below, the first few of each section
    (a federation's summary cannot tell every base union's every event) and how many more there were."""
    entries = activity_selectors.chronicle(union=union, year=year, until=as_of)
    # The entries told chosen over narrow rows first, then read in full: a federation's year has
    # thousands, and sorting them whole with their texts and unions cost more than the rest.
    chosen = (
        entries.select_related(None)
        .annotate(
            rn=Window(
                RowNumber(),
                partition_by=[F("section"), Case(When(union=union, then=Value(1)), default=Value(0))],
                order_by=[F("date"), F("pk")],
            )
        )
        .filter(Q(union=union) | Q(rn__lte=CHRONICLE_BELOW_PER_SECTION))
        .values("pk")
    )
    shown = list(ChronicleEntry.objects.filter(pk__in=chosen).select_related("union").order_by("date", "pk"))
    below = entries.exclude(union=union).values("section").annotate(n=Count("pk")).order_by()
    told = Counter(entry.section for entry in shown if entry.union_id != union.pk)
    more = {row["section"]: row["n"] - told[row["section"]] for row in below}
    return {
        "chronicle": [
            {
                "date": entry.date,
                "section": entry.section,
                "text": entry.text,
                "union": "" if entry.union_id == union.pk else entry.union.name,
                "union_short": "" if entry.union_id == union.pk else entry.union.short_name,
            }
            for entry in shown
        ],
        "chronicle_more": {section: n for section, n in more.items() if n},
    }


def _subquery_count(queryset):
    from django.db.models import Func

    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


def _shortcomings(*, union: Union, year: int, as_of: date, figures: dict) -> dict:
    due = HardshipCase.objects.within(union).due_for_verification(as_of, warning_days=0)
    return {
        "participation_rate": figures["participation_rate"] if figures["membership"]["members"] else None,
        "reverify_due": due.count(),
    }


def _shortcomings_in_the_books(*, union: Union, year: int, as_of: date) -> dict:
    unspent = selectors.restricted_funds_unspent(union=union, year=year, on=as_of)
    return {
        # Owed for months whose dues were run by the summary's date: never a month not yet run.
        "arrears": selectors.owing_count(union=union, year=year, on=as_of),
        # The first few named (with their union, if below), all counted.
        "unspent_funds": [
            [name, balance, "" if owner == union.name else owner]
            for name, owner, balance in unspent[:UNSPENT_TOLD]
        ],
        "unspent_funds_count": len(unspent),
    }


# --- where each figure leads ---------------------------------------------------------------------


def _url(name: str, **query) -> str:
    try:
        base = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{base}?{urlencode(query)}" if query else base


def links(*, union: Union, year: int) -> dict[str, str]:
    """Where each figure of the summary leads: the lists of records it was counted from. Made when
    the page is drawn, never stored."""
    u = union.pk
    first, last = f"{year}-01-01", f"{year}-12-31"
    result = {
        "unions": _url("home"),
        "members": _url("members:member_list", union=u),
        "women": _url("members:member_list", union=u, sex="F"),
        "migrant": _url("members:member_list", union=u, employment_type="migrant"),
        "new": _url("members:member_list", union=u, join_year=year, status="all"),
        "applied_online": _url("members:application_list"),
        "transferred_in": _url("members:member_list", union=u, status="all"),
        "transferred_out": _url("members:member_list", union=u, status="transferred_out"),
        "retained": _url("members:member_list", union=u, status="retained"),
        "hardship": _url("members:hardship_list", union=u),
        "hardship_due": _url("members:hardship_due"),
        "activities": _url("activities:activity_list", union=u, date_from=first, date_to=last),
        "awards": _url("activities:award_list", union=u, year=year),
        "suggestions": _url("activities:suggestion_list", union=u, year=year),
        "suggestions_adopted": _url("activities:suggestion_list", union=u, year=year, status="adopted"),
        "suggestions_implemented": _url(
            "activities:suggestion_list", union=u, year=year, status="implemented"
        ),
        "visits": _url("activities:visit_list", union=u, year=year),
        # The money is the consolidated 工会02表's; the balances add up to its 01表's net assets.
        "statement": _url("finances:statutory", union=u, year=year, form="02", consolidated="on"),
        "balances": _url("finances:statutory", union=u, year=year, form="01", consolidated="on"),
        "aid": _url("finances:aid_list", year=year),
        "donations": _url("finances:drive_list"),
        "warnings": _url("finances:audit"),
        "arrears": _url("finances:arrears", union=u),
    }
    for kind in Activity.Kind.values:
        result[f"kind:{kind}"] = _url(
            "activities:activity_list", union=u, kind=kind, date_from=first, date_to=last
        )
    for kind in AidPayment.Kind.values:
        result[f"aid:{kind}"] = _url("finances:aid_list", year=year, kind=kind)
    for slug in REGISTERS:
        where = reverse("rights:list", kwargs={"register": slug})
        result[f"register:{slug}"] = f"{where}?{urlencode({'union': u, 'year': year})}"
    for level in HardshipCase.Level.values:
        result[f"hardship:{level}"] = _url("members:hardship_list", union=u, level=level)
    return result
