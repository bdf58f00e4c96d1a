"""Not a test: times the 30-day audit-log workbook over 50,000 trail rows (pytest -s this file).

PROFILE=1 runs the export under cProfile as well and prints where the time went.
"""

import cProfile
import os
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
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM members_memberhistory")
        print(f"\n{cursor.fetchone()[0]} member events in the log")
    client.force_login(world.system_chair)
    url = reverse("reports:audit_log") + "?format=xlsx"
    began, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    body = b"".join(response.streaming_content)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    load = os.getloadavg()[0]
    print(
        f"workbook {len(body) / 1e6:.1f} MB in {seconds:.2f} s ({cpu:.2f} s of Python's CPU; load {load:.1f})"
    )
    if os.environ.get("PROFILE"):
        with cProfile.Profile() as profile:
            b"".join(client.get(url).streaming_content)
        pstats.Stats(profile).sort_stats("tottime").print_stats(18)
