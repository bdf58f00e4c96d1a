"""The demo union's summary: every figure equals a count or sum taken straight from the tables.

The expected values are computed here independently of the apps' stats functions (plain filters
on the current state, which for the demo's current year is the state at its end).
"""

import csv
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from activities.models import Activity, Suggestion
from finances.models import AidPayment, Voucher
from members.models import Member
from reports import dashboard, services
from reports.chinese import yuan
from reports.models import AnnualSummary
from unionhub.models import Union

pytestmark = pytest.mark.django_db


def expected(union: Union, year: int, today) -> dict:
    """Up to today (a draft counts to its date); income and spending of every fund, less the vouchers
    between unions of the tree (the consolidated 工会02表's rule)."""
    subtree = {"union__path__startswith": union.path}
    on_roll = Member.objects.filter(**subtree, status__in=[Member.Status.ACTIVE, Member.Status.RETAINED])
    standing = Voucher.objects.filter(
        **subtree,
        date__year=year,
        date__lte=today,
        kind=Voucher.Kind.ENTRY,
        reverses__isnull=True,
        reversal__isnull=True,
    ).exclude(counterpart_union__path__startswith=union.path)
    return {
        "members": on_roll.count(),
        "women": on_roll.filter(sex=Member.Sex.FEMALE).count(),
        # A weekly series is one activity held, however many sessions it had.
        "activities": len(
            {
                ("series", a.series_id) if a.series_id else ("one", a.pk)
                for a in Activity.objects.filter(**subtree, start_date__year=year, start_date__lte=today)
            }
        ),
        "suggestions": Suggestion.objects.filter(
            **subtree, collected_on__year=year, collected_on__lte=today
        ).count(),
        "income": standing.filter(direction="in").aggregate(s=Sum("amount"))["s"] or Decimal("0"),
        "spending": standing.filter(direction="out").aggregate(s=Sum("amount"))["s"] or Decimal("0"),
        "aid": AidPayment.objects.filter(
            **subtree, date__year=year, date__lte=today, voucher__reversal__isnull=True
        ).aggregate(s=Sum("amount"))["s"]
        or Decimal("0"),
    }


def test_demo_summary_figures_equal_the_records():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    year = timezone.localdate().year
    for name in ["交通运输局系统工会", "通达汽运公司工会"]:
        union = Union.objects.get(name=name)
        want = expected(union, year, timezone.localdate())
        document = services.build_document(summary=AnnualSummary(union=union, year=year))
        figures, text = document.figures, services.document_text(document)
        assert figures["membership"]["members"] == want["members"] > 0
        assert figures["membership"]["women"] == want["women"]
        assert sum(figures["activity_counts"].values()) == want["activities"] > 0
        assert figures["suggestions"]["collected"] == want["suggestions"]
        assert Decimal(figures["funds"]["income_total"]) == want["income"] > 0
        assert Decimal(figures["funds"]["spending_total"]) == want["spending"] > 0
        assert sum(Decimal(row["amount"]) for row in figures["aid"]) == want["aid"]
        assert f"共有会员{want['members']}名" in text
        assert f"女会员{want['women']}名" in text
        assert f"收入合计{yuan(want['income'])}" in text
        assert f"支出合计{yuan(want['spending'])}" in text
        if want["suggestions"]:
            assert f"意见建议{want['suggestions']}件" in text
        if want["aid"]:
            assert f"帮扶救助资金{yuan(want['aid'])}" in text


def test_every_demo_unions_summary_and_dashboard_state_the_02_statements_totals():
    """For every union of the demo, last year and this: the summary (counting to 31 December) and the
    dashboard state 收入合计 and 支出合计 as `statement --form 02 --consolidated` gives them."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    this_year = timezone.localdate().year
    for union in Union.objects.exclude(kind=Union.Kind.GROUP).order_by("path"):
        for year in (this_year - 1, this_year):
            out = StringIO()
            call_command(
                "statement",
                form="02",
                union=union.name,
                year=year,
                consolidated=True,
                format="csv",
                stdout=out,
            )
            # The 本年数 column of lines 三、收入合计 and 四、支出合计, as the command prints them.
            lines = {row[0]: row for row in csv.reader(StringIO(out.getvalue())) if row}
            income, spending = (
                Decimal(lines[name][2].replace(",", "")) for name in ("三、收入合计", "四、支出合计")
            )
            summary = AnnualSummary(union=union, year=year, as_of=date(year, 12, 31))
            text = services.document_text(services.build_document(summary=summary))
            if income:
                assert f"收入合计{yuan(income)}" in text, (union.name, year)
            if spending:
                assert f"支出合计{yuan(spending)}" in text, (union.name, year)
            shown = dict(dashboard.build(union=union, year=year).figures)
            assert shown["收入合计"] == f"{income:,.2f}元" and shown["支出合计"] == f"{spending:,.2f}元"
