"""Not a test: times the 30-day audit-log workbook over 50,000 trail rows (pytest -s this file)."""

import cProfile
import pstats
import time

import pytest
from django.db import connection
from django.urls import reverse

from tests.members.factories import MemberFactory


@pytest.mark.django_db
def test_measure(client, world):
    for _ in range(500):
        MemberFactory(union=world.union_a)
    with connection.cursor() as cursor:
        for i in range(99):
            cursor.execute("UPDATE members_member SET mobile = %s", [f"1380000{i:04d}"])
    client.force_login(world.system_chair)
    url = reverse("reports:audit_log") + "?format=xlsx"
    began = time.perf_counter()
    with cProfile.Profile() as profile:
        response = client.get(url)
        body = b"".join(response.streaming_content)
    print(f"\nworkbook {len(body) / 1e6:.1f} MB in {time.perf_counter() - began:.2f} s")
    pstats.Stats(profile).sort_stats("tottime").print_stats(18)
