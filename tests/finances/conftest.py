import datetime
from dataclasses import dataclass

import pytest

from finances.models import Fund
from tests.finances.factories import FundFactory
from unionhub.models import Role, Union, User


@dataclass
class Books:
    """Union A's books in the shared world: a union fund and a restricted hardship fund, and officers."""

    union: Union
    treasurer: User
    chair: User
    auditor: User
    fund: Fund
    hardship: Fund


@pytest.fixture
def books(world) -> Books:
    union = world.union_a
    return Books(
        union=union,
        treasurer=world.officers[Role.Kind.TREASURER],
        chair=world.officers[Role.Kind.CHAIR],
        auditor=world.officers[Role.Kind.AUDITOR],
        fund=FundFactory(union=union, name="工会经费", kind=Fund.Kind.UNION_FUND),
        hardship=FundFactory(union=union, name="帮困基金", kind=Fund.Kind.HARDSHIP, restricted=True),
    )


@pytest.fixture
def day():
    return datetime.date(2026, 3, 10)
