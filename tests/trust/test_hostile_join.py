"""The public application page (网上入会) against hostile values and floods: never a server error,
never a part saved, and one address is held to its hourly cap."""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from members.idcard import make_resident_id
from members.models import JoinApplication
from members.services import join_token
from tests.trust.hostile import examples, hostile_values, writes

pytestmark = pytest.mark.django_db
BORN = datetime.date(1990, 3, 7)

VALID = {
    "name": "王小明",
    "id_number": "110101199003070070",
    "employer": "甲单位",
    "mobile": "13800000000",
    "declared": "on",
}


@settings(max_examples=examples(15))
@given(data=st.data())
def test_hostile_values_are_refused_whole_or_saved_whole(world, client, data):
    url = reverse("join_apply", args=[join_token(world.union_a)])
    fields = data.draw(st.lists(st.sampled_from(sorted(VALID)), min_size=1, max_size=3, unique=True))
    payload = dict(VALID)
    for name in fields:
        value = data.draw(hostile_values, label=name)
        payload[name] = value if isinstance(value, list) else [value]
    with transaction.atomic():
        before = writes()
        response = client.post(url, payload)
        assert response.status_code in (200, 429)
        body = response.content.decode()
        assert "<script>alert('xss')</script>" not in body
        added = {table: count - before[table] for table, count in writes().items() if count != before[table]}
        if "申请已提交" in body:
            saved = {
                "members_joinapplication": 1,
                "members_joinapplicationhistory": 1,
                "reports_recordstamp": 1,
            }
            assert added == saved or not added  # the whole application, or nothing (a repeated ID number)
        else:
            assert not added, "a refused application saved something"
        transaction.set_rollback(True)


@override_settings(JOIN_APPLICATIONS_PER_HOUR=3)
def test_a_flood_from_one_address_stops_at_the_cap(world, client):
    url = reverse("join_apply", args=[join_token(world.union_a)])
    numbers = ["110101199003070038", "110101199003070054", "110101199003070070", "110101199003070097"]
    numbers += [make_resident_id(region="110101", birth_date=BORN, sequence=n) for n in range(13, 40, 2)]
    statuses = [client.post(url, {**VALID, "id_number": number}).status_code for number in numbers]
    assert statuses.count(429) >= len(numbers) - 3
    assert JoinApplication.objects.count() <= 3
    assert client.get(reverse("join_apply", args=["not-a-token"])).status_code == 404
