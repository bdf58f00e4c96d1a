from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from tests.members.factories import MemberFactory
from unionhub.models import Role

pytestmark = pytest.mark.django_db


def test_dashboard_shows_key_figures_and_svg_charts(world, client):
    MemberFactory(union=world.union_a, join_date=date(2026, 2, 1))
    MemberFactory(union=world.group_a, join_date=date(2020, 2, 1), sex="F")
    Activity.objects.create(union=world.union_a, kind="sports", title="拔河", start_date=date(2026, 6, 1))
    client.force_login(world.officers[Role.Kind.TREASURER])
    body = client.get(reverse("reports:dashboard"), {"year": 2026}).content.decode()
    assert "2026年工作概览" in body
    assert "2名" in body and "1项" in body
    assert body.count("<svg") == 2  # members by month, participation; no money or aid recorded
    assert "体育活动" in body


def test_dashboard_of_a_union_out_of_reach_is_404(world, client):
    client.force_login(world.officers[Role.Kind.CHAIR])
    assert client.get(reverse("reports:dashboard"), {"union": world.union_b.pk}).status_code == 404
    # Not an id at all: the role's own union, as on every page (unionhub.params.union_param).
    response = client.get(reverse("reports:dashboard"), {"union": "x"})
    assert response.status_code == 200 and response.context["board"].union == world.union_a


def test_dashboard_query_count_is_flat(world, client):
    client.force_login(world.system_chair)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("reports:dashboard"), {"year": 2026}).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for n in range(20):
        MemberFactory(union=world.union_b, join_date=date(2026, 1 + n % 12, 1))
        Activity.objects.create(
            union=world.group_a, kind="study", title=f"学{n}", start_date=date(2026, 3, 1 + n)
        )
    assert queries() == few
