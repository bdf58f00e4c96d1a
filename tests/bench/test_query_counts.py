"""The bench's pages run the same number of SQL queries on a federation three times the size.

Two small federations are generated one after the other (each rolled back), and every page the
bench measures is requested in process on each; the PDF and the 10,000-row import are left to
`make bench`, which reports their counts at full size.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench import scale
from bench.cases import cases, prepare
from bench.run import InProcess, case_data

SLOW = {"pdf", "import"}


def query_counts(*, unions: int, members: int) -> dict[str, int]:
    with transaction.atomic():
        scale.generate(unions=unions, members=members, years=2, seed=11)
        targets = prepare(roll_rows=0)
        pages = InProcess()
        counts = {}
        for case in cases(targets):
            if case.kind in SLOW:
                continue
            data = case_data(case, targets)
            pages.client(case.user)
            with transaction.atomic():
                pages.request(case, data)  # warm: the first request of a client loads its session
                transaction.set_rollback(True)
            with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                status = pages.request(case, data)
                transaction.set_rollback(True)
            assert status == case.expect, (case.key, status)
            counts[case.key] = len(queries)
        transaction.set_rollback(True)
    return counts


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_federation():
    small = query_counts(unions=4, members=400)
    large = query_counts(unions=12, members=1200)
    assert small.keys() == large.keys()
    assert "summary" in small and "income_statement_rollup" in small
    assert small == large
