"""Every URL of the registers, for the all-URLs-by-role walker (tests/test_url_access.py)."""

from tests.access import UrlCase
from tests.rights.factories import DisputeFactory
from unionhub.access import ACTIVITIES

GET_POST = ("GET", "POST")


def disputes(world):
    return {"register": "dispute"}


def dispute_of_a(world):
    return {"register": "dispute", "pk": DisputeFactory(union=world.union_a).pk}


def empty(world):
    return {}


CASES = [
    UrlCase("rights:index", ACTIVITIES),
    UrlCase("rights:list", ACTIVITIES, kwargs=disputes, record=False),
    UrlCase(
        "rights:create",
        ACTIVITIES,
        write=True,
        kwargs=disputes,
        record=False,
        methods=GET_POST,
        post=(empty, 200),
    ),
    UrlCase(
        "rights:kept",
        ACTIVITIES,
        write=True,
        kwargs=disputes,
        record=False,
        methods=("POST",),
        post=(empty, 302),
    ),
    UrlCase("rights:edit", ACTIVITIES, write=True, kwargs=dispute_of_a, methods=GET_POST, post=(empty, 200)),
    UrlCase(
        "rights:delete", ACTIVITIES, write=True, kwargs=dispute_of_a, methods=GET_POST, post=(empty, 302)
    ),
]
