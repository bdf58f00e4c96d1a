"""Visits to several households in one step: checked, then saved together or not at all; the union
above reaches the members of the unions below it."""

import pytest
from django.urls import reverse

from activities.models import Visit
from tests.factories import RoleFactory
from tests.members.factories import MemberFactory
from unionhub.models import Role

pytestmark = pytest.mark.django_db


def grid(world, rows: list[dict]) -> dict:
    data = {
        "union": world.system.pk,
        "date": "2026-01-20",
        "campaign": "warmth",
        "visitors": "李主席、王干事",
        "visit-TOTAL_FORMS": str(len(rows) + 1),
        "visit-INITIAL_FORMS": "0",
        "visit-MIN_NUM_FORMS": "0",
        "visit-MAX_NUM_FORMS": "500",
    }
    for index, row in enumerate(rows):
        data |= {f"visit-{index}-{name}": value for name, value in row.items()}
    return data


def test_a_list_of_households_is_checked_then_saved_together(world, client):
    chair = RoleFactory(union=world.system, kind=Role.Kind.SECRETARY, user__username="sys-secretary").user
    village_member = MemberFactory(union=world.union_a, name="村会员")
    client.force_login(chair)
    url = reverse("activities:visit_batch")
    good = [
        {"member": village_member.pk, "cash": "500"},
        {"household": "张某某家", "goods": "大米", "goods_value": "100"},
    ]
    response = client.get(url)
    assert f'value="{village_member.pk}"'.encode() in response.content  # the township reaches its villages

    bad = [*good, {"household": "", "goods_value": "80"}]  # row 3: nobody named, goods unnamed
    response = client.post(url, {**grid(world, bad), "commit": "1"})
    assert response.status_code == 200 and not Visit.objects.exists()

    response = client.post(url, {**grid(world, good), "check": "1"})
    assert b"visit-batch-confirm" in response.content and not Visit.objects.exists()
    response = client.post(url, {**grid(world, good), "commit": "1"})
    assert response.status_code == 302
    assert sorted(Visit.objects.values_list("visitors", flat=True)) == ["李主席、王干事"] * 2
    assert Visit.objects.get(member=village_member).union == world.system
