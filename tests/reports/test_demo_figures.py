"""The demo union's summary: every figure equals a count or sum taken straight from the tables.

The expected values are computed here independently of the apps' stats functions (plain filters
on the current state, which for the demo's current year is the state at its end).
"""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Q, Sum
from django.utils import timezone

from activities.models import Activity, Suggestion
from finances.models import AidPayment, Voucher
from members.models import Member
from reports import services
from reports.chinese import yuan
from reports.models import AnnualSummary
from unionhub.models import Union

pytestmark = pytest.mark.django_db


def expected(union: Union, year: int, today) -> dict:
    """Up to today (a draft counts to its date); 工会经费 are the funds not restricted, less the grants
    that moved between unions of the tree (补助下级支出, and 上级补助收入 below the union)."""
    subtree = {"union__path__startswith": union.path}
    on_roll = Member.objects.filter(**subtree, status__in=[Member.Status.ACTIVE, Member.Status.RETAINED])
    standing = Voucher.objects.filter(
        **subtree,
        date__year=year,
        date__lte=today,
        kind=Voucher.Kind.ENTRY,
        reverses__isnull=True,
        reversal__isnull=True,
        fund__restricted=False,
    ).exclude(
        Q(category__name="补助下级支出")
        | Q(category__parent__name="补助下级支出")
        | (~Q(union=union) & (Q(category__name="上级补助收入") | Q(category__parent__name="上级补助收入")))
    )
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
        assert f"经费总收入{yuan(want['income'])}" in text
        assert f"总支出{yuan(want['spending'])}" in text
        if want["suggestions"]:
            assert f"意见建议{want['suggestions']}件" in text
        if want["aid"]:
            assert f"帮扶救助资金{yuan(want['aid'])}" in text
