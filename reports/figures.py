"""The year's figures of a union and the unions below it, gathered from every app's stats.

`collect_figures` returns plain JSON data (numbers, strings; money as "1234.50"), so a finalised
summary can store it and compare it with the records later. Every figure is computed in the
database by the apps' own stats functions, so the number of queries does not grow with the records.
Links to the records behind each figure are part of the figures: they are what the text points at.
"""

import json
from datetime import date
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.urls import reverse

from activities import stats as activity_stats
from activities.models import Activity, Award
from finances import stats as finance_stats
from finances.models import AidPayment, Fund, RuleWarning
from members import stats as member_stats
from members.models import HardshipCase
from unionhub.models import Union


def collect_figures(*, union: Union, year: int) -> dict:
    figures: dict = {
        "union": {
            "name": union.name,
            "children": Union.objects.within(union).filter(kind=Union.Kind.BASE).exclude(pk=union.pk).count(),
        },
        "year": year,
        "links": links(union=union, year=year),
    }
    figures.update(_members(union=union, year=year))
    figures.update(_finances(union=union, year=year))
    figures.update(_activities(union=union, year=year))
    figures["shortcomings"] = _shortcomings(union=union, year=year, figures=figures)
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))


def _activities(*, union: Union, year: int) -> dict:
    participation = activity_stats.participation_by_kind(union=union, year=year)
    suggestions = activity_stats.suggestion_figures(union=union, year=year)
    awards = (
        activity_stats.awards(union=union, year=year).select_related("activity").prefetch_related("members")
    )
    return {
        "activity_counts": {
            k: v for k, v in activity_stats.activity_counts_by_kind(union=union, year=year).items() if v
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
        "participation_rate": float(activity_stats.participation_rate(union=union, year=year)),
        "awards": [
            {
                "date": award.date,
                "winner": award.winner_label,
                "event": award.event_name,
                "level": award.level,
                "level_label": Award.Level(award.level).label,
                "title": award.title,
                "category": award.category,
            }
            for award in awards.order_by("date", "pk")
        ],
        "suggestions": {
            "collected": suggestions.collected,
            "adopted": suggestions.adopted,
            "rejected": suggestions.rejected,
            "implemented": suggestions.implemented,
        },
        "chronicle": [
            {
                "date": entry.date,
                "section": entry.section,
                "text": entry.text,
                "href": _url("activities:chronicle_list", union=union.pk, year=year, section=entry.section),
            }
            for entry in activity_stats.chronicle(union=union, year=year).order_by("date", "pk")
        ],
    }


def _url(name: str, **query) -> str:
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def links(*, union: Union, year: int) -> dict[str, str]:
    """Where each figure of the summary leads: the lists of records it was counted from."""
    u = union.pk
    first, last = f"{year}-01-01", f"{year}-12-31"
    result = {
        "unions": reverse("home"),
        "members": _url("members:member_list", union=u),
        "women": _url("members:member_list", union=u, sex="F"),
        "migrant": _url("members:member_list", union=u, employment_type="migrant"),
        "new": _url("members:member_list", union=u, join_year=year, status="all"),
        "transferred_in": _url("members:member_list", union=u, status="all"),
        "transferred_out": _url("members:member_list", union=u, status="transferred_out"),
        "retained": _url("members:member_list", union=u, status="retained"),
        "hardship": _url("members:hardship_list", union=u),
        "hardship_due": reverse("members:hardship_due"),
        "activities": _url("activities:activity_list", union=u, date_from=first, date_to=last),
        "awards": _url("activities:award_list", union=u, year=year),
        "suggestions": _url("activities:suggestion_list", union=u, year=year),
        "suggestions_adopted": _url("activities:suggestion_list", union=u, year=year, status="adopted"),
        "suggestions_implemented": _url(
            "activities:suggestion_list", union=u, year=year, status="implemented"
        ),
        "statement": _url("finances:income_statement", union=u, year=year, kind="year", rollup="on"),
        "balances": _url("finances:fund_balances", union=u, year=year),
        "aid": _url("finances:aid_list", year=year),
        "donations": reverse("finances:drive_list"),
        "warnings": reverse("finances:audit"),
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


def _members(*, union: Union, year: int) -> dict:
    m = member_stats.membership_figures(union=union, year=year)
    h = member_stats.hardship_figures(union=union, year=year)
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
            "by_level": [
                [level.value, level.label, h.on_file_of(level.value)] for level in HardshipCase.Level
            ],
            "opened": h.opened,
            "closed": h.closed,
        },
    }


def _finances(*, union: Union, year: int) -> dict:
    income, spending = finance_stats.totals(union=union, year=year)
    restricted = set(Fund.objects.within(union).filter(restricted=True).values_list("kind", flat=True))
    labels = dict(Fund.Kind.choices)
    balances = finance_stats.fund_balances(union=union, on=date(year, 12, 31))
    aid = finance_stats.aid_by_kind(union=union, year=year)
    kinds = {kind.label: kind.value for kind in AidPayment.Kind}
    aid_people = (
        AidPayment.objects.within(union)
        .filter(date__year=year, voucher__reversal__isnull=True)
        .aggregate(n=Count("member", distinct=True))["n"]
    )
    donations = finance_stats.donation_figures(union=union, year=year)
    return {
        "funds": {
            "income_total": income,
            "spending_total": spending,
            "income": [
                [name, amount]
                for name, amount in finance_stats.income_by_category(union=union, year=year).items()
            ],
            "spending": [
                [name, amount]
                for name, amount in finance_stats.spending_by_category(union=union, year=year).items()
            ],
            "balances": [
                [label, amount, any(labels[k] == label for k in restricted)]
                for label, amount in balances.items()
            ],
            "warnings": RuleWarning.objects.within(union).filter(voucher__date__year=year).count(),
        },
        "aid": [
            {"kind": kinds[label], "label": label, "people": f.people, "times": f.times, "amount": f.amount}
            for label, f in aid.items()
        ],
        "aid_people": aid_people,
        "donations": {"drives": donations.drives, "donors": donations.donors, "amount": donations.amount},
    }


def _shortcomings(*, union: Union, year: int, figures: dict) -> dict:
    due = HardshipCase.objects.within(union).due_for_verification(date(year, 12, 31), warning_days=0)
    return {
        "participation_rate": figures["participation_rate"] if figures["membership"]["members"] else None,
        "reverify_due": due.count(),
    }
