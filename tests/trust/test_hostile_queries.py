"""Every GET URL of the project with hostile query strings (property-based), as an officer the page
lets in: the answer is the page with its defaults, a 404 for a union out of reach, or a 400 — never
a server error. And the holes found by an outside probe, each answering the page's default."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.access import UrlCase
from tests.activities.factories import ActivityFactory
from tests.finances.access_cases import CASES as FINANCE_CASES
from tests.members.factories import MemberFactory
from tests.test_url_access import CASES, allowed_visitor, with_member_logins
from tests.trust.hostile import HOSTILE_CHOICES, HOSTILE_DATES, HOSTILE_NUMBERS, HOSTILE_TEXT, examples

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world):
    """The shared world with members' own logins: the members' pages are among the cases."""
    return with_member_logins(world)


# The parameters the project's pages read (grep request.GET), and a few they do not.
PARAMS = [
    "union",
    "year",
    "month",
    "quarter",
    "kind",
    "start",
    "end",
    "date_from",
    "date_to",
    "q",
    "page",
    "fund",
    "case",
    "join_year",
    "status",
    "state",
    "level",
    "section",
    "campaign",
    "direction",
    "pending",
    "rollup",
    "sort",
    "unit",
    "sex",
    "user",
]
DIGITS_THAT_ARE_NOT = ["²", "١٢", "٣", "①", "3²", "²⁰²⁶", "２０２６", "1_000", " 7", "0x10", "+5", "٢٠٢٦-٠٣"]
BROKEN_MONTHS = ["9999-12", "0000-00", "2026-13", "2026-0", "-1-1", "2026-03-01", "1-1-1", "2026-"]
query_values = st.one_of(
    st.sampled_from(
        DIGITS_THAT_ARE_NOT
        + BROKEN_MONTHS
        + ["\x00", "a\x00b", "\x01\x1f\x7f", "9999-12-31", "9999-12-01"]
        + [text[:500] for text in HOSTILE_TEXT]
        + HOSTILE_NUMBERS
        + HOSTILE_DATES
        + HOSTILE_CHOICES
    ),
    st.text(max_size=12),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
# What the outside probe sent, all at once: each part once answered 500 somewhere.
PROBE = {
    "union": "²",
    "year": "²",
    "month": "²",
    "q": "a\x00b",
    "campaign": "\x00",
    "join_year": "-1",
    "page": "²",
    "fund": "²",
    "case": "²",
    "start": "9999-12-01",
    "end": "9999-12-31",
}
OK = (200, 302, 400, 404)

GET_CASES = [case for case in CASES if "GET" in case.methods]


def url_of(case: UrlCase, world, query: dict) -> str:
    url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
    return f"{url}?{urlencode({**dict(pair.split('=') for pair in case.query.split('&') if pair), **query})}"


@pytest.mark.parametrize("case", GET_CASES, ids=lambda case: case.name)
@settings(max_examples=examples(3))
@example(query=PROBE)
@example(query={"month": "9999-12", "year": "9999"})
@given(query=st.dictionaries(st.sampled_from(PARAMS), query_values, min_size=1, max_size=4))
def test_hostile_query_strings_answer_a_page_never_an_error(case, world, client, query):
    user = allowed_visitor(case, world)
    if user is not None:
        client.force_login(user)
    kwargs = case.kwargs(world) if case.kwargs else None  # a fresh record per example: cheap enough
    url = reverse(case.name, kwargs=kwargs)
    base = dict(pair.split("=") for pair in case.query.split("&") if pair)
    response = client.get(f"{url}?{urlencode({**base, **query})}")
    assert response.status_code in OK, f"{response.status_code} for {url} {query!r}"


# The outside probe's findings, each with the answer it should get -------------------------------

FINANCE_PAGES = [case for case in FINANCE_CASES if "GET" in case.methods and not case.kwargs]


@pytest.mark.parametrize("case", FINANCE_PAGES, ids=lambda case: case.name)
def test_a_union_id_that_only_isdigit_calls_a_digit_gets_the_page_of_the_own_union(case, world, client):
    client.force_login(allowed_visitor(case, world))
    response = client.get(url_of(case, world, {"union": "²"}))
    assert response.status_code == case.ok_status


def test_a_union_out_of_reach_is_still_404_and_a_bad_year_is_this_year(world, client):
    client.force_login(world.officers["treasurer"])
    assert client.get(reverse("finances:index"), {"union": world.union_b.pk}).status_code == 404
    assert client.get(reverse("finances:index"), {"union": "99999999999999999999"}).status_code == 200
    response = client.get(reverse("finances:voucher_list"), {"year": "²", "month": "²", "q": "a\x00b"})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year and response.context["month"] == 0
    assert response.context["query"] == "ab"


def test_the_calendar_far_in_the_future_shows_this_month(world, client):
    client.force_login(world.officers["secretary"])
    for month in ("9999-12", "²-3", "2026-²"):
        response = client.get(reverse("activities:activity_calendar"), {"month": month})
        assert response.status_code == 200
        assert response.context["first"] == timezone.localdate().replace(day=1)
    response = client.get(reverse("activities:activity_calendar"), {"month": "2026-03"})
    assert response.context["first"] == datetime.date(2026, 3, 1)


def test_the_audit_log_in_year_9999_is_a_message_at_the_field(world, client):
    client.force_login(world.officers["auditor"])
    response = client.get(reverse("reports:audit_log"), {"start": "9999-12-01", "end": "9999-12-31"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "日期须在" in " ".join(errors["start"]) and "日期须在" in " ".join(errors["end"])


def test_a_negative_join_year_and_nul_bytes_filter_nothing(world, client):
    client.force_login(world.officers["secretary"])
    member = MemberFactory(union=world.union_a, name="张三丰")
    response = client.get(reverse("members:member_list"), {"join_year": "-1", "q": "张三\x00"})
    assert response.status_code == 200
    assert [row.pk for row in response.context["page"].object_list] == [member.pk]
    for year in ("²", "1e5", "99999999999999999999"):
        assert client.get(reverse("members:member_list"), {"join_year": year}).status_code == 200
    for name in ("activities:award_list", "activities:suggestion_list", "activities:chronicle_list"):
        response = client.get(reverse(name), {"year": "²", "campaign": "\x00", "union": "²"})
        assert response.status_code == 200


def test_a_role_switch_to_a_digit_that_is_not_is_404(world, client):
    client.force_login(world.officers["secretary"])
    for role in ("²", "\x00", "99999999999999999999", "", "abc"):
        assert client.post(reverse("switch_role"), {"role": role}).status_code == 404


def test_the_one_union_filter_picks_a_union_and_those_below_it(world, client):
    mine, group, sibling = (
        ActivityFactory(union=union) for union in (world.union_a, world.group_a, world.union_b)
    )
    client.force_login(world.system_chair)

    def listed(**query):
        response = client.get(reverse("activities:activity_list"), query)
        return {activity.pk for activity in response.context["page"].object_list}

    assert listed(union=world.union_a.pk) == {mine.pk, group.pk}
    assert listed(union=world.group_a.pk) == {group.pk}
    assert listed(union="²") == {mine.pk, group.pk, sibling.pk}  # no filter
