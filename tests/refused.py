"""How PostgreSQL refuses a change to an append-only row (posted vouchers, lines, approvals, donations,
aid, warnings, the audit trail): the row's Protect trigger, or before it the grants, since the app
role may only SELECT and INSERT on those tables (unionhub.dbroles)."""

import pytest
from django.db import DatabaseError

REFUSAL = "pgtrigger: Cannot|permission denied"


def refused():
    """`with refused(), transaction.atomic(): …` expects the database to refuse the change."""
    return pytest.raises(DatabaseError, match=REFUSAL)
