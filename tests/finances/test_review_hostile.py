"""The audit desk's forms given hostile values (property-based, as tests/trust/test_hostile_forms.py
does for the rest of the site): a message or a clean refusal, never a server error or a partial save."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finances import services
from tests.finances.access_cases import union_fund
from tests.finances.factories import category
from tests.trust.test_hostile_forms import try_hostile_values
from unionhub.models import Role

pytestmark = pytest.mark.django_db

AUDITOR, TREASURER = Role.Kind.AUDITOR, Role.Kind.TREASURER


@pytest.fixture
def desk(world) -> dict:
    voucher = services.post_voucher(
        union=world.union_a,
        by=world.officers[TREASURER],
        date=datetime.date(2026, 3, 10),
        fund=union_fund(world),
        category=category("职工活动支出"),
        amount=Decimal("880"),
        summary="活动用品",
    )
    query = services.raise_query(by=world.officers[AUDITOR], voucher=voucher, question="用途？")
    return {"union": world.union_a.pk, "query": query.pk, "income": category("会费收入").pk}


def nothing(desk):
    return {}


FORMS = [
    ("finances:review_index", AUDITOR, nothing, lambda d: {"year": "2026", "rate": "20"}),
    (
        "finances:query_create",
        AUDITOR,
        nothing,
        lambda d: {"year": "2026", "category": str(d["income"]), "question": "会费为何偏低？"},
    ),
    ("finances:query_answer", TREASURER, lambda d: {"pk": d["query"]}, lambda d: {"answer": "活动用品。"}),
    (
        "reports:review_report_edit",
        AUDITOR,
        lambda d: {"union_id": d["union"], "year": 2026, "key": "opinion"},
        lambda d: {"text": "账目清楚。"},
    ),
]


@pytest.mark.parametrize(("page", "role", "kwargs", "valid"), FORMS, ids=[form[0] for form in FORMS])
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_values_on_the_audit_desk(page, role, kwargs, valid, desk, world, client, data):
    client.force_login(world.officers[role])
    with transaction.atomic():
        try_hostile_values(page, kwargs, valid, desk, client, data)
        transaction.set_rollback(True)
