"""The year's figures of a union and the unions below it, gathered from every app's records.

`collect_figures` returns plain JSON data (numbers, names; money as "1234.50"), so a finalised summary
can store it. Links to the records behind each figure are not part of the figures: the text carries
a stable key ("members", "kind:study") and `links()` turns the keys into addresses when the page is
drawn, so renaming a route changes no stored summary. `numbers()` is what a finalised summary
compares with the records later: the figures' numbers only, keyed by their place in the figures.

Everything counts up to the summary's date (`as_of`): activities dated later are not "held". Every
figure is computed in the database, so the number of queries does not grow with the records.
"""

import json
import re
from collections import Counter
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Sum, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import NoReverseMatch, reverse

from activities import selectors as activity_selectors
from activities.models import Activity, Attendance, Suggestion, Survey, Visit
from finances import chart, selectors
from finances.models import (
    AidPayment,
    Donation,
    DonationDrive,
    Fund,
    RuleWarning,
    Voucher,
)
from members import selectors as member_selectors
from members.models import HardshipCase
from unionhub.models import Union

ZERO = Decimal("0.00")
# How many activities of a kind the text names as examples (如：…).
EXAMPLES_PER_KIND = 6
# Chronicle entries of the unions below told per section of a roll-up summary (the rest are counted).
CHRONICLE_BELOW_PER_SECTION = 5
# The spending item of money granted to the unions below (补助下级支出): inside a roll-up it only moves.
GRANTS_DOWN = "补助下级支出"
INTEREST_WORDS = ("利息", "投资收益")


def _jsonable(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


# The shape of the figures: a summary finalised with another shape is not compared with today's.
SCHEMA = 4


def collect_figures(*, union: Union, year: int, as_of: date | None = None) -> dict:
    as_of = as_of or date(year, 12, 31)
    figures: dict = {
        "schema": SCHEMA,
        "union": _union(union),
        "year": year,
        "as_of": as_of,
    }
    figures.update(_members(union=union, year=year))
    figures.update(_finances(union=union, year=year, as_of=as_of))
    figures.update(_relief(union=union, year=year, as_of=as_of))
    figures.update(_activities(union=union, year=year, as_of=as_of))
    figures["shortcomings"] = _shortcomings(union=union, year=year, as_of=as_of, figures=figures)
    return _jsonable(figures)


def records_changed(stored: dict, now: dict) -> bool:
    """Whether the numbers behind a finalised summary differ from today's records. Figures stored in
    an earlier shape (before SCHEMA) cannot be compared number by number: they are not said to differ."""
    if stored.get("schema") != now.get("schema"):
        return False
    return numbers(stored) != numbers(now)


def numbers(figures: dict) -> dict[str, object]:
    """The numbers of some figures keyed by their place ("membership.members", "aid.0.amount"):
    what a finalised summary compares with today's records. Names, labels and any stored links
    are left out, so renaming a route or a label does not make a summary say its records changed."""
    found: dict[str, object] = {}

    def walk(value, key: str) -> None:
        if key.endswith(("links", "href", "label")):
            return
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{key}.{k}" if key else str(k))
        elif isinstance(value, list):
            found[f"{key}.#"] = len(value)  # a record added or taken away is a change
            for i, v in enumerate(value):
                walk(v, f"{key}.{i}")
        elif isinstance(value, bool) or value is None:
            return
        elif isinstance(value, int | float) or isinstance(value, str) and re.fullmatch(r"-?\d+\.\d\d", value):
            found[key] = value

    walk({k: v for k, v in figures.items() if k != "links"}, "")
    return found


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
        },
        "hardship": {
            "on_file": h.on_file,
            "by_level": [[level.value, h.on_file_of(level.value)] for level in HardshipCase.Level],
            "opened": h.opened,
            "closed": h.closed,
        },
    }


# --- money ---------------------------------------------------------------------------------------


def _standing(queryset):
    """Rows whose voucher stands (not reversed)."""
    return queryset.filter(~Exists(Voucher.objects.filter(reverses=OuterRef("voucher"))))


def _internal(union: Union) -> Q:
    """Vouchers that only move money between unions of the roll-up: grants from a union of the tree
    to the unions below it, and the same grants received by those below (each counted once: not at all,
    since the tree as a whole neither received nor spent them)."""
    return Q(direction=Voucher.Direction.SPENDING) & (
        Q(category__name=GRANTS_DOWN) | Q(category__parent__name=GRANTS_DOWN)
    ) | Q(direction=Voucher.Direction.INCOME) & ~Q(union=union) & (
        Q(category__name=chart.GRANTS) | Q(category__parent__name=chart.GRANTS)
    )


def _finances(*, union: Union, year: int, as_of: date) -> dict:
    """工会经费: the income and spending of the funds that are not restricted (donations to and interest
    of restricted funds are told in their own sentences), less what moved inside the tree."""
    internal, rows = ZERO, []
    # Whole months from the ledger totals, the days of a month begun from the vouchers.
    for part, amount in selectors.entries_up_to(union=union, year=year, on=as_of):
        entries = part.filter(fund__restricted=False)
        internal += entries.filter(_internal(union)).aggregate(
            moved=Sum(amount, filter=Q(direction=Voucher.Direction.SPENDING), default=ZERO)
        )["moved"]
        rows += (
            entries.exclude(_internal(union))
            .annotate(top=Coalesce("category__parent__name", "category__name"))
            .values("direction", "top")
            .annotate(total=Sum(amount), code=Coalesce("category__parent__code", "category__code"))
            .order_by("direction", "code")
        )
    rows.sort(key=lambda row: (row["direction"], row["code"]))
    income, spending = [], []
    for row in rows:
        if row["total"]:
            (income if row["direction"] == Voucher.Direction.INCOME else spending).append(
                [row["top"], row["total"]]
            )
    merged_income: dict[str, Decimal] = {}
    for name, amount in income:
        merged_income[name] = merged_income.get(name, ZERO) + amount
    merged_spending: dict[str, Decimal] = {}
    for name, amount in spending:
        merged_spending[name] = merged_spending.get(name, ZERO) + amount
    balance = selectors.fund_kind_balances(union=union, on=as_of)
    balances = (
        Fund.objects.within(union)
        .values("kind")
        .annotate(restricted=Count("pk", filter=Q(restricted=True)))
        .order_by("kind")
    )
    return {
        "funds": {
            "income_total": sum(merged_income.values(), ZERO),
            "spending_total": sum(merged_spending.values(), ZERO),
            "income": [[k, v] for k, v in merged_income.items() if v],
            "spending": [[k, v] for k, v in merged_spending.items() if v],
            "internal": internal,
            "balances": [[row["kind"], balance[row["kind"]], bool(row["restricted"])] for row in balances],
            "warnings": RuleWarning.objects.within(union)
            .filter(voucher__date__year=year, voucher__date__lte=as_of)
            .count(),
        }
    }


def _relief(*, union: Union, year: int, as_of: date) -> dict:
    aid = _standing(AidPayment.objects.within(union).filter(date__year=year, date__lte=as_of))
    members_helped = Q(recipient=AidPayment.Recipient.MEMBER)
    by_kind = (
        aid.values("kind")
        .annotate(
            members=Count("member", distinct=True, filter=members_helped),
            others=Count("beneficiary", distinct=True, filter=~members_helped),
            times=Count("pk"),
            amount=Sum("amount"),
        )
        .order_by()
    )
    found = {row["kind"]: row for row in by_kind}
    students = (
        aid.filter(~members_helped)
        .values("kind", "recipient", "schooling")
        .annotate(people=Count("beneficiary", distinct=True), amount=Sum("amount"))
        .order_by("kind", "recipient", "schooling")
    )
    examples = (
        aid.filter(~members_helped)
        .exclude(school="")
        .annotate(rn=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("date"), F("pk")]))
        .filter(rn__lte=3)
        .values("kind", "beneficiary", "school", "grade", "schooling")
    )
    totals = aid.aggregate(
        members=Count("member", distinct=True, filter=members_helped),
        others=Count("beneficiary", distinct=True, filter=~members_helped),
        through_case=Count("pk", filter=Q(case__isnull=False)),
    )
    # Per restricted fund: what came in (gifts, interest), what it paid out.
    funds = []
    restricted = Fund.objects.within(union).filter(restricted=True).order_by("opened_on", "pk")
    fund_rows = restricted.values("pk", "name", "kind", "purpose", "opened_on", "union__name")
    # What came into them: the year's income vouchers of those funds alone (not a join of every fund
    # with every voucher it ever had).
    came_in = {
        row["fund"]: row
        for row in Voucher.objects.entries()
        .filter(fund__in=restricted, direction=Voucher.Direction.INCOME, year=year, date__lte=as_of)
        .values("fund")
        .annotate(
            income=Sum("signed_amount", default=ZERO),
            interest=Sum("signed_amount", filter=_interest_q(), default=ZERO),
        )
        .order_by()
    }
    paid = {
        row["fund"]: row
        for row in aid.values("fund")
        .annotate(
            amount=Sum("amount"),
            members=Count("member", distinct=True, filter=members_helped),
            others=Count("beneficiary", distinct=True, filter=~members_helped),
        )
        .order_by()
    }
    for row in fund_rows:
        out = paid.get(row["pk"], {})
        funds.append(
            {
                "name": row["name"],
                "kind": row["kind"],
                "purpose": row["purpose"],
                "opened": row["opened_on"].year if row["opened_on"] else None,
                "union": row["union__name"],
                "own": row["union__name"] == union.name,
                "interest": came_in.get(row["pk"], {}).get("interest", ZERO),
                "income": came_in.get(row["pk"], {}).get("income", ZERO),
                "paid": out.get("amount") or ZERO,
                "people": (out.get("members") or 0) + (out.get("others") or 0),
            }
        )
    # Per drive: what it raised from how many donors, and what was paid out of it.
    gifts = _standing(Donation.objects.filter(voucher__date__year=year, voucher__date__lte=as_of))
    drives = []
    drive_rows = (
        DonationDrive.objects.within(union)
        .filter(Q(starts_on__year=year) | Q(donations__voucher__date__year=year))
        .filter(starts_on__lte=as_of)
        .distinct()
        .values("pk", "title", "kind", "starts_on", "union__name", "fund__name")
        .order_by("starts_on", "pk")
    )
    raised = {
        row["drive"]: row
        for row in gifts.filter(drive__in=[r["pk"] for r in drive_rows])
        .values("drive")
        .annotate(
            amount=Sum("amount"),
            gifts=Count("pk"),
            donors=Count("member", distinct=True)
            + Count("donor_name", filter=Q(member__isnull=True), distinct=True),
        )
        .order_by()
    }
    spent = {
        row["drive"]: row
        for row in aid.filter(drive__isnull=False)
        .values("drive")
        .annotate(
            amount=Sum("amount"),
            members=Count("member", distinct=True, filter=members_helped),
            others=Count("beneficiary", distinct=True, filter=~members_helped),
        )
        .order_by()
    }
    for row in drive_rows:
        got, out = raised.get(row["pk"], {}), spent.get(row["pk"], {})
        if not got and not out:
            continue
        drives.append(
            {
                "title": row["title"],
                "kind": row["kind"],
                "starts_on": row["starts_on"],
                "union": row["union__name"],
                "own": row["union__name"] == union.name,
                "fund": row["fund__name"],
                "amount": got.get("amount") or ZERO,
                "gifts": got.get("gifts") or 0,
                "donors": got.get("donors") or 0,
                "paid": out.get("amount") or ZERO,
                "paid_people": (out.get("members") or 0) + (out.get("others") or 0),
            }
        )
    # Visits and surveys.
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
        .order_by("campaign", "goods")
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
        "aid": [
            {
                "kind": kind,
                "people": found[kind]["members"] + found[kind]["others"],
                "members": found[kind]["members"],
                "others": found[kind]["others"],
                "times": found[kind]["times"],
                "amount": found[kind]["amount"],
            }
            for kind in AidPayment.Kind.values
            if kind in found
        ],
        "aid_people": (totals["members"] or 0) + (totals["others"] or 0),
        "aid_through_case": totals["through_case"],
        "aid_students": [
            {
                "kind": row["kind"],
                "recipient": row["recipient"],
                "schooling": row["schooling"],
                "people": row["people"],
                "amount": row["amount"],
            }
            for row in students
        ],
        "aid_examples": list(examples),
        "restricted_funds": funds,
        "drives": drives,
        "visits": campaigns,
        "surveys": surveys,
    }


def _interest_q() -> Q:
    """An income voucher that is interest: by its account or its summary."""
    condition = Q()
    for word in INTEREST_WORDS:
        condition |= (
            Q(category__name__contains=word)
            | Q(category__parent__name__contains=word)
            | Q(summary__contains=word)
        )
    return condition


# --- union life ----------------------------------------------------------------------------------


def _activities(*, union: Union, year: int, as_of: date) -> dict:
    participation = activity_selectors.participation_by_kind(union=union, year=year, until=as_of)
    suggestions = activity_selectors.suggestion_figures(union=union, year=year, until=as_of)
    awards = activity_selectors.awards(union=union, year=year, until=as_of)
    held = Activity.objects.within(union).in_year(year, as_of)
    total = activity_selectors.activities_held(union=union, year=year, until=as_of)
    series = activity_selectors.series_held(union=union, year=year, until=as_of)
    present = Attendance.objects.filter(activity=OuterRef("pk"), status=Attendance.Status.PRESENT)
    # A series is one example, told by its title (below), never once per session.
    examples = (
        held.filter(series__isnull=True)
        .annotate(
            came=Coalesce(
                _subquery_count(present),
                0,
            ),
            rn=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("start_date"), F("pk")]),
        )
        .filter(Q(rn__lte=EXAMPLES_PER_KIND) | Q(kind=Activity.Kind.OTHER))
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
    audiences = (
        held.exclude(audience="").values("audience").annotate(n=activity_selectors.HELD).order_by("audience")
    )
    campaigns = (
        Suggestion.objects.within(union)
        .in_year(year, as_of)
        .exclude(campaign="")
        .values("campaign", "union__name")
        .annotate(
            collected=Count("pk"),
            adopted=Count("pk", filter=Q(status__in=["adopted", "implemented"])),
        )
        .order_by("-collected", "campaign")
    )
    return {
        "activities_held": {"items": total.items, "series": total.series, "sessions": total.sessions},
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
        "activity_counts": {
            k: v
            for k, v in activity_selectors.activity_counts_by_kind(
                union=union, year=year, until=as_of
            ).items()
            if v
        },
        "participation": {
            kind: {
                "activities": p.activities,
                "present": p.present,
                "members": p.members,
                "non_members": p.non_members,
            }
            for kind, p in participation.items()
            if p.activities
        },
        "participation_rate": float(
            activity_selectors.participation_rate(union=union, year=year, until=as_of)
        ),
        "activities": sorted(
            [*_examples(examples), *_series_examples(series)],
            key=lambda a: a["date"],
        ),
        "audiences": {row["audience"]: row["n"] for row in audiences},
        "awards": [
            {
                "date": award.date,
                "winner": award.winner_label,
                "winner_kind": award.winner_kind,
                "members": len(award.members.all()),
                "event": award.event_name,
                "organiser": award.organiser,
                "level": award.level,
                "title": award.title,
                "category": award.category,
            }
            for award in awards
        ],
        "suggestions": {
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
        },
        **_chronicle(union=union, year=year, as_of=as_of),
    }


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
    shown = list(
        entries.annotate(
            rn=Window(
                RowNumber(),
                partition_by=[F("section"), Case(When(union=union, then=Value(1)), default=Value(0))],
                order_by=[F("date"), F("pk")],
            )
        ).filter(Q(union=union) | Q(rn__lte=CHRONICLE_BELOW_PER_SECTION))
    )
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
        # Owed for months whose dues were run by the summary's date: never a month not yet run.
        "arrears": selectors.members_owing(union=union, year=year, on=as_of).count(),
        "unspent_funds": [
            [name, balance]
            for name, balance in selectors.restricted_funds_unspent(union=union, year=year, on=as_of)
        ],
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
        "statement": _url("finances:income_statement", union=u, year=year, kind="year", rollup="on"),
        "balances": _url("finances:fund_balances", union=u, year=year),
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
    for level in HardshipCase.Level.values:
        result[f"hardship:{level}"] = _url("members:hardship_list", union=u, level=level)
    return result
