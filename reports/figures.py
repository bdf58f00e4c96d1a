"""The year's figures of a union and the unions below it, gathered from every app's stats.

`collect_figures` returns plain JSON data (numbers, strings; money as "1234.50"), so a finalised
summary can store it and compare it with the records later. Every figure is computed in the
database by the apps' own stats functions, so the number of queries does not grow with the records.
Links to the records behind each figure are part of the figures: they are what the text points at.
"""

import json
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder

from activities import stats as activity_stats
from activities.models import Activity, Award
from unionhub.models import Union


def collect_figures(*, union: Union, year: int) -> dict:
    figures: dict = {
        "union": {
            "name": union.name,
            "children": Union.objects.within(union).filter(kind=Union.Kind.BASE).exclude(pk=union.pk).count(),
        },
        "year": year,
        "links": {},
    }
    figures.update(_activities(union=union, year=year))
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
        "kind_labels": dict(Activity.Kind.choices),
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
        "participation_rate": activity_stats.participation_rate(union=union, year=year),
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
            {"date": entry.date, "section": entry.section, "text": entry.text}
            for entry in activity_stats.chronicle(union=union, year=year).order_by("date", "pk")
        ],
    }


def year_end(year: int) -> date:
    return date(year, 12, 31)
