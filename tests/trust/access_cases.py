"""The audit trail's pages, for the all-URLs-by-role walker (tests/test_url_access.py)."""

from tests.access import UrlCase
from tests.members.factories import MemberFactory
from unionhub.access import AUDIT


def member_history_of_a(world) -> dict:
    return {"label": "members.member", "pk": MemberFactory(union=world.union_a).pk}


CASES = [
    UrlCase("reports:audit_log", area=AUDIT),
    UrlCase("reports:audit_record", area=AUDIT, kwargs=member_history_of_a),
]
