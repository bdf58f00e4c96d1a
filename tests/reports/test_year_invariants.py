"""One truth for a year's figures, over random small years of a three-level tree.

Hypothesis draws a year for a system union, two base unions and a union group below one of them:
members, a weekly series, income and spending of the general and restricted funds, grants down
(booked by both sides, or by the giver only), aid to members, their children, students and other
people, and reversals. Whatever the year, the papers agree:
- the summary states 收入合计 and 支出合计 as the consolidated 工会02表 of the union does, and the
  dashboard shows the same; its year-end balances add up to the 01表's net assets;
- people helped are the same in the summary, the dashboard, the review report and the aid list;
- a weekly series is one activity, however many sessions it had;
- no clause of ten characters or more is said twice in the summary.
Deterministic under `make test` (the "ci" profile of tests/conftest.py derandomises).
"""

import itertools
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from activities.services import create_series
from finances import relief_selectors, statutory
from finances.models import AidPayment, Fund
from finances.services import post_voucher, record_opening_balance, reverse_voucher
from finances.services.relief import pay_aid
from reports import dashboard, review, services
from reports.figures import links as figures_links
from tests.factories import UnionFactory
from tests.finances.factories import FundFactory, category, officer
from tests.members.factories import MemberFactory
from unionhub.models import Role, Union

pytestmark = pytest.mark.django_db

YEAR = 2025  # a whole year already past: vouchers cannot be dated after today
SERIAL = itertools.count()
INCOME = ["会费收入", "拨缴经费收入", "其他收入"]
SPENDING = ["职工活动支出", "职工服务支出", "维权支出", "业务支出"]

amounts = st.integers(min_value=1, max_value=5000).map(Decimal)
days = st.builds(lambda m, d: date(YEAR, m, d), st.integers(1, 12), st.integers(1, 28))
entries = st.lists(
    st.tuples(
        st.integers(0, 3),  # which union books it
        st.booleans(),  # into or out of the restricted fund
        st.sampled_from(INCOME + SPENDING),
        amounts,
        days,
        st.booleans(),  # reversed later
    ),
    max_size=8,
)
grants = st.lists(
    st.tuples(st.integers(1, 2), amounts, days, st.booleans()),  # to which base union, booked by both
    max_size=2,
)
aid = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.sampled_from(["member", "child", "student", "other"]),
        st.sampled_from(["university", "school", ""]),
        st.integers(0, 2),  # which person of that kind: the same person may be helped twice
        st.integers(min_value=1, max_value=500).map(Decimal),
        days,
        st.booleans(),  # reversed later
    ),
    max_size=8,
)


def tree():
    n = next(SERIAL)
    system = UnionFactory(name=f"第{n}系统工会", kind=Union.Kind.SYSTEM, parent=None)
    a = UnionFactory(name=f"第{n}甲公司工会", parent=system)
    b = UnionFactory(name=f"第{n}乙公司工会", parent=system)
    group = UnionFactory(name=f"第{n}甲公司一班工会小组", parent=a, kind=Union.Kind.GROUP)
    return [system, a, b, group]


def book_year(unions, *, entries, grants, aid, sessions):
    treasurers = [officer(union) for union in unions]
    general = [FundFactory(union=u, name="工会经费", kind=Fund.Kind.UNION_FUND) for u in unions]
    restricted = [
        FundFactory(
            union=u, name="帮困基金", kind=Fund.Kind.HARDSHIP, restricted=True, opened_on=date(2020, 1, 1)
        )
        for u in unions
    ]
    members = [[MemberFactory(union=u, join_date=date(2020, 1, 1)) for _ in range(3)] for u in unions]
    for i in range(len(unions)):
        # Enough in every fund that no spending is refused for want of money.
        for fund in (general[i], restricted[i]):
            record_opening_balance(fund=fund, by=treasurers[i], date=date(YEAR, 1, 1), amount=Decimal(90000))
    for who, into_restricted, name, amount, day, reversed_ in entries:
        voucher = post_voucher(
            union=unions[who],
            by=treasurers[who],
            date=day,
            fund=(restricted if into_restricted else general)[who],
            category=category(name),
            amount=amount,
            summary=name,
            confirm_warnings=True,
        )
        if reversed_:
            reverse_voucher(voucher=voucher, by=treasurers[who], reason="录入错误")
    for to, amount, day, both in grants:
        post_voucher(
            union=unions[0],
            by=treasurers[0],
            date=day,
            fund=general[0],
            category=category("补助下级支出"),
            amount=amount,
            summary="补助下级工会",
            counterpart_union=unions[to],
            confirm_warnings=True,
        )
        if both:
            post_voucher(
                union=unions[to],
                by=treasurers[to],
                date=day,
                fund=general[to],
                category=category("上级补助收入"),
                amount=amount,
                summary="上级工会补助",
                counterpart_union=unions[0],
            )
    for who, kind, stage, person, amount, day, reversed_ in aid:
        member = members[who][person] if kind in ("member", "child") else None
        paid = pay_aid(
            union=unions[who],
            by=treasurers[who],
            date=day,
            fund=restricted[who],
            amount=amount,
            kind=AidPayment.Kind.SCHOOLING if kind in ("child", "student") else AidPayment.Kind.LIVING,
            member=member,
            recipient=AidPayment.Recipient(kind),
            beneficiary="" if kind == "member" else f"{kind}{person}",
            schooling=stage if kind in ("child", "student") else "",
        )
        if reversed_:
            reverse_voucher(voucher=paid.voucher, by=treasurers[who], reason="重复发放")
    if sessions:
        friday = date(YEAR, 3, 6)
        create_series(
            union=unions[1],
            title="每周学习会",
            weekday=friday.weekday(),
            first_date=friday,
            last_date=friday + timedelta(days=7 * (sessions - 1)),
        )


def summary_of(union):
    summary = services.get_summary(union=union, year=YEAR)
    summary.as_of = date(YEAR, 12, 31)
    summary.save()
    return services.build_document(summary=summary)


def clauses(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[。；，！？\n]", text) if len(c.strip()) >= 10]


@settings(max_examples=4)
@given(
    entries=entries,
    grants=grants,
    aid=aid,
    sessions=st.integers(0, 3),
)
def test_every_paper_says_the_same_year(client, entries, grants, aid, sessions):
    unions = tree()
    chairs = {union.pk: officer(union, Role.Kind.CHAIR) for union in unions}
    book_year(unions, entries=entries, grants=grants, aid=aid, sessions=sessions)
    for union in unions[:3]:
        document = summary_of(union)
        figures, text = document.figures, services.document_text(document)
        form_02 = statutory.form_02(union=union, year=YEAR, consolidated=True)
        form_01 = statutory.form_01(union=union, year=YEAR, consolidated=True)
        income, spending = form_02.value("income"), form_02.value("spending")
        # The summary's money is the 02表's; its year-end balances the 01表's net assets.
        assert Decimal(figures["funds"]["income_total"]) == income
        assert Decimal(figures["funds"]["spending_total"]) == spending
        assert Decimal(figures["funds"]["net_assets"]) == form_01.value("net_assets", 1)
        balances = sum(Decimal(amount) for _kind, amount, _restricted in figures["funds"]["balances"])
        assert (
            balances
            == Decimal(figures["funds"]["closing"])
            == form_01.value("carried", 1) + form_01.value("surplus", 1)
        )
        if income:
            assert f"收入合计{_yuan(income)}" in text
        if spending:
            assert f"支出合计{_yuan(spending)}" in text
        # The dashboard shows the same money and the same people helped.
        shown = dict(dashboard.build(union=union, year=YEAR).figures)
        assert shown["收入合计"] == f"{income:,.2f}元" and shown["支出合计"] == f"{spending:,.2f}元"
        helped = relief_selectors.helped_in_all(relief_selectors.aid_paid(union=union, year=YEAR))
        assert figures["aid_people"] == helped.people
        assert shown["受助人数"] == f"{helped.people}人"
        # The figure's link opens the statement that states it.
        links = figures_links(union=union, year=YEAR)
        client.force_login(chairs[union.pk])
        for key, value in (
            ("statement", income),
            ("statement", spending),
            ("balances", form_01.value("net_assets", 1)),
        ):
            body = client.get(links[key]).content.decode()
            assert f"{value:,.2f}" in body or f"{value:.2f}" in body, (key, value)
        # A weekly series is one activity held, however many sessions it had.
        held = figures["activities_held"]
        in_series = 1 if sessions and union.pk in (unions[0].pk, unions[1].pk) else 0
        assert (held["items"], held["series"]) == (in_series, in_series)
        # No clause of ten characters or more is said twice.
        said = clauses(text)
        assert len(said) == len(set(said)), [c for c in said if said.count(c) > 1]
    # The review report covers a union's own books: for a union with none below, the same people.
    leaf = unions[2]
    own = relief_selectors.helped_in_all(relief_selectors.aid_paid(union=leaf, year=YEAR))
    assert review.collect_figures(union=leaf, year=YEAR)["aid"]["people"] == own.people
    assert summary_of(leaf).figures["aid_people"] == own.people


def _yuan(amount: Decimal) -> str:
    from reports.chinese import yuan

    return yuan(amount)
