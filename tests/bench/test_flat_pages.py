"""The register search and the home page's worklist run as many queries on a federation three times
the size: a small one built with the factories, then one with three times the unions and members."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import HardshipCase
from tests.activities.factories import ActivityFactory
from tests.factories import RoleFactory, UnionFactory
from tests.finances.factories import FundFactory
from tests.members.factories import HardshipCaseFactory, MemberFactory
from unionhub.models import Role, Union

NAMES = ("王伟", "王小伟", "李娜", "张三丰")


def federation(bases: int) -> dict[str, object]:
    """A system union with `bases` base unions, each with a few members, an activity, a fund, a case."""
    system = UnionFactory(kind=Union.Kind.SYSTEM)
    chair = RoleFactory(union=system, kind=Role.Kind.CHAIR).user
    secretary = RoleFactory(union=system, kind=Role.Kind.SECRETARY).user
    treasurer = None
    for _ in range(bases):
        union = UnionFactory(parent=system)
        treasurer = treasurer or RoleFactory(union=union, kind=Role.Kind.TREASURER).user
        members = [MemberFactory(union=union, name=name) for name in NAMES]
        HardshipCaseFactory(member=members[0], level=HardshipCase.Level.values[0])
        ActivityFactory(union=union, start_date=timezone.localdate() - timedelta(days=1))
        FundFactory(union=union)
    return {"chair": chair, "secretary": secretary, "treasurer": treasurer}


PAGES = [
    ("home", "chair", lambda: reverse("home")),
    ("home", "treasurer", lambda: reverse("home")),
    ("search", "secretary", lambda: reverse("members:member_list") + "?q=王伟"),
    ("search", "secretary", lambda: reverse("members:member_list") + "?q=wxw"),
]


def query_counts(client, bases: int) -> list[int]:
    officers = federation(bases)
    counts = []
    for _, who, url in PAGES:
        client.force_login(officers[who])
        client.get(url())  # warm: the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url()).status_code == 200
        counts.append(len(queries))
    return counts


@pytest.mark.django_db
def test_search_and_worklist_queries_stay_flat(client):
    small = query_counts(client, 2)
    large = query_counts(client, 6)
    assert small == large, list(zip(PAGES, small, large, strict=True))
