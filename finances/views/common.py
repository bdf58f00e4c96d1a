"""Small helpers the ledger's views share."""

from django.urls import reverse
from django.utils import timezone

from unionhub.access import union_in_reach, unions_in_reach
from unionhub.models import Union


def chosen_union(request, param: str = "union") -> Union:
    """The union named in the query string (404 unless in reach), else the active role's union."""
    pk = request.GET.get(param, "")
    return union_in_reach(request, pk) if pk.isdigit() else request.role.union


def chosen_int(request, param: str, default: int, *, low: int, high: int) -> int:
    value = request.GET.get(param, "")
    return int(value) if value.isdigit() and low <= int(value) <= high else default


def chosen_year(request) -> int:
    return chosen_int(request, "year", timezone.localdate().year, low=1990, high=2100)


def url_with(name: str, union: Union, **params) -> str:
    """A page's URL for a union and more query parameters: /finances/dues/?union=3&year=2026."""
    query = "&".join(f"{key}={value}" for key, value in {"union": union.pk, **params}.items())
    return f"{reverse(name)}?{query}"


def union_context(request, union: Union) -> dict:
    """What the union picker of a page needs."""
    return {"union": union, "unions": list(unions_in_reach(request))}
