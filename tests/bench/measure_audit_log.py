"""Not a test: times the 30-day audit-log workbook over 50,000 trail rows (pytest -s this file).

It prints the wall time, the Python CPU time outside the database calls, and the time spent in
them (execute and fetch, the driver's reading of the rows included), for the second export of the
process, after gc.freeze() as the server's workers do. Issue 26, on the 2-core machine at a load of
3 to 4 (the bench running beside it): 50,000 member events → 1.7 MB in 2.0–2.9 s wall, 1.4–1.5 s of
Python, 0.7–0.9 s of SQL in 28 queries; before (commit 79c7621, the same script): 4.2–5.7 s wall,
2.6–2.9 s of Python, 1.4–2.4 s of SQL in 308 queries.

PROFILE=1 runs the export under cProfile as well and prints where the time went.
"""

import cProfile
import gc
import os
import pstats
import time
from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.urls import reverse

from tests.members.factories import MemberFactory


@contextmanager
def database_time():
    """[calls, wall seconds, CPU seconds] spent in executing queries and fetching their rows."""
    spent = [0, 0.0, 0.0]

    def timed(call):
        def wrapper(*args, **kwargs):
            began, cpu = time.perf_counter(), time.process_time()
            try:
                return call(*args, **kwargs)
            finally:
                spent[1] += time.perf_counter() - began
                spent[2] += time.process_time() - cpu

        return wrapper

    def execute(run, sql, params, many, context):
        spent[0] += 1
        return timed(run)(sql, params, many, context)

    fetches = {
        name: timed(lambda self, *a, name=name: getattr(self.cursor, name)(*a))
        for name in ("fetchmany", "fetchall", "fetchone")
    }
    for name, fetch in fetches.items():
        setattr(CursorWrapper, name, fetch)
    try:
        with connection.execute_wrapper(execute):
            yield spent
    finally:
        for name in fetches:
            delattr(CursorWrapper, name)


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
    b"".join(client.get(url).streaming_content)  # warm: the first request of a process loads the catalogues
    gc.collect()
    gc.freeze()  # as the server's workers do once loaded (unionhub.wsgi.settle)
    with database_time() as spent:
        began, cpu = time.perf_counter(), time.process_time()
        body = b"".join(client.get(url).streaming_content)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    load = os.getloadavg()[0]
    print(
        f"workbook {len(body) / 1e6:.1f} MB in {seconds:.2f} s: {cpu - spent[2]:.2f} s of Python's CPU, "
        f"{spent[1]:.2f} s in SQL ({spent[0]} queries; load {load:.1f})"
    )
    if os.environ.get("PROFILE"):
        with cProfile.Profile() as profile:
            b"".join(client.get(url).streaming_content)
        pstats.Stats(profile).sort_stats("tottime").print_stats(18)
    gc.unfreeze()
