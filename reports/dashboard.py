"""A union's year at a glance: the key figures and four charts, drawn as SVG on the server."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from activities import selectors as activity_selectors
from activities.models import Activity
from finances import relief_selectors
from finances import selectors as finance_selectors
from members import selectors as member_selectors
from reports.charts import bar_chart, hbar_chart, line_chart
from unionhub.models import Union

MONTHS = [f"{m}月" for m in range(1, 13)]


@dataclass
class Dashboard:
    union: Union
    year: int
    figures: list[tuple[str, str]]  # (label, value as shown)
    charts: list[SafeString | None]  # None: nothing recorded for that chart


def build(*, union: Union, year: int) -> Dashboard:
    membership = member_selectors.membership_figures(union=union, year=year)
    money = finance_selectors.year_money(union=union, year=year)
    participation = activity_selectors.participation_by_kind(union=union, year=year)
    activities_held = activity_selectors.activities_held(union=union, year=year)
    person_times = sum(p.present + p.non_members for p in participation.values())
    aid = relief_selectors.aid_by_kind(union=union, year=year)
    helped = relief_selectors.helped_in_all(relief_selectors.aid_paid(union=union, year=year))
    awards = sum(activity_selectors.awards_by_level(union=union, year=year).values())
    figures = [
        (_("年末会员"), f"{membership.members}名"),
        (_("其中女会员"), f"{membership.women}名"),
        (_("新入会"), f"{membership.joined}名"),
        (_("活动"), _held(activities_held)),
        (_("参加活动"), f"{person_times}人次"),
        (_("获奖"), f"{awards}项"),
        (_("收入合计"), f"{money.income_total:,.2f}元"),
        (_("支出合计"), f"{money.spending_total:,.2f}元"),
        (_("帮扶救助"), f"{helped.amount:,.2f}元"),
        (_("受助人数"), f"{helped.people}人"),
    ]
    held = {kind: p for kind, p in participation.items() if p.activities}
    by_month = finance_selectors.money_by_month(union=union, year=year)
    monthly = {_("收入"): by_month["income"], _("支出"): by_month["spending"]}
    charts = [
        line_chart(MONTHS, {_("会员人数"): _members_by_month(union, year)}, title=_("会员人数（月末）")),
        bar_chart(MONTHS, monthly, title=_("每月经费收支（元）"))
        if any(any(values) for values in monthly.values())
        else None,
        hbar_chart(
            [Activity.Kind(kind).label for kind in held],
            [p.present + p.non_members for p in held.values()],
            title=_("各类活动参加人次"),
        )
        if held
        else None,
        hbar_chart(list(aid), [f.amount for f in aid.values()], title=_("帮扶救助（元）")) if aid else None,
    ]
    return Dashboard(union=union, year=year, figures=figures, charts=charts)


def _held(held: activity_selectors.ActivitiesHeld) -> str:
    """ "21项", or "21项（含每周例行1项，共52次）" when weekly series were held (each counted once)."""
    if not held.series:
        return f"{held.items}项"
    return _("%(items)s项（含每周例行%(series)s项，共%(sessions)s次）") % {
        "items": held.items,
        "series": held.series,
        "sessions": held.sessions,
    }


def _members_by_month(union: Union, year: int) -> list[int]:
    """Members on the last day of each month: twelve counts, each one query however large the register."""
    month_ends = [date(year + (m == 12), m % 12 + 1, 1) - timedelta(days=1) for m in range(1, 13)]
    return [member_selectors.members_on(union=union, on=end).count() for end in month_ends]
