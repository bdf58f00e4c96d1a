"""Small helpers the ledger's views share."""

from django.urls import reverse
from django.utils import timezone

from unionhub.access import unions_in_reach
from unionhub.models import Union
from unionhub.params import union_param, year_param


def chosen_union(request, param: str = "union") -> Union:
    """The union named in the query string (404 unless in reach), else the active role's union."""
    return union_param(request, param, default=request.role.union)


def chosen_year(request) -> int:
    """The year of the query string (2000..2100), else this year."""
    return year_param(request.GET, "year", timezone.localdate().year)


def url_with(name: str, union: Union, **params) -> str:
    """A page's URL for a union and more query parameters: /finances/dues/?union=3&year=2026."""
    query = "&".join(f"{key}={value}" for key, value in {"union": union.pk, **params}.items())
    return f"{reverse(name)}?{query}"


def union_context(request, union: Union) -> dict:
    """What the union picker of a page needs."""
    return {"union": union, "unions": unions_in_reach(request)}
