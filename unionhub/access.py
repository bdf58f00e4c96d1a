"""The one way views decide who may see and do what.

A role reaches its union and every union below it. Each part of the product is an *area*;
a role may read some areas and write fewer. Views use `area_view` for the role check and
`get_in_reach` / `in_reach` for records, so that another union's record answers 404 and a
read-only role answers 403 to a write.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404

from unionhub.models import Role, Union
from unionhub.scope import ScopedQuerySet

MEMBERS = "members"  # the register, imports and exports
HARDSHIP = "hardship"  # hardship case files: narrower than the register
ACTIVITIES = "activities"  # activities, attendance, awards, suggestions, chronicle
FINANCES = "finances"  # funds, vouchers, dues, donations, aid, budgets, statements
CLOSING = "closing"  # reopening a closed month, approving spending
SUMMARY = "summary"  # dashboard, annual work summary
AUDIT = "audit"  # the audit committee's review, queries and yearly report; the warnings page
QUERIES = "queries"  # the audit committee's queries: raised by auditors, answered by treasurer or chair
ORGANISATION = "organisation"  # the union's profile, the unions below it, officers and hand-overs

AREAS = (MEMBERS, HARDSHIP, ACTIVITIES, FINANCES, CLOSING, SUMMARY, AUDIT, QUERIES, ORGANISATION)

READ = {
    Role.Kind.CHAIR: set(AREAS),
    Role.Kind.SECRETARY: {MEMBERS, HARDSHIP, ACTIVITIES, SUMMARY},
    Role.Kind.TREASURER: {MEMBERS, ACTIVITIES, FINANCES, SUMMARY, QUERIES},
    Role.Kind.AUDITOR: {MEMBERS, ACTIVITIES, FINANCES, CLOSING, SUMMARY, AUDIT, QUERIES},
}
WRITE = {
    Role.Kind.CHAIR: {SUMMARY, CLOSING, QUERIES, ORGANISATION},
    Role.Kind.SECRETARY: {MEMBERS, HARDSHIP, ACTIVITIES},
    Role.Kind.TREASURER: {FINANCES, QUERIES},
    Role.Kind.AUDITOR: {AUDIT},
}
# Roles that see ID and phone numbers unmasked in the register.
SEES_PERSONAL_DATA = {Role.Kind.CHAIR, Role.Kind.SECRETARY}


def can_read(role: Role | None, area: str) -> bool:
    return role is not None and area in READ[role.kind]


def can_write(role: Role | None, area: str) -> bool:
    return role is not None and area in WRITE[role.kind]


def sees_personal_data(role: Role | None) -> bool:
    return role is not None and role.kind in SEES_PERSONAL_DATA


def allowed_methods(write: bool | str, methods: tuple[str, ...] | None = None) -> frozenset[str]:
    """The HTTP methods a view answers: GET for a page that only reads, GET and POST for one that
    writes, or exactly `methods` (("POST",) for an action). HEAD goes with GET; anything else is 405."""
    chosen = set(methods or (("GET", "POST") if write else ("GET",)))
    if "GET" in chosen:
        chosen.add("HEAD")
    return frozenset(chosen)


def area_view(area: str, *, write: bool | str = False, methods: tuple[str, ...] | None = None):
    """Guard a view: login, the HTTP method, an active role that may read the area, and write
    rights for writes.

    `write=True` needs write rights for every method (a form page); `write="post"` only for
    POST (a page that reads on GET and acts on POST). A page that only reads answers GET, one
    that writes GET and POST; `methods=("POST",)` makes an action (GET answers 405), and
    `methods=("GET", "POST")` lets a reading page take a POST it checks itself.
    """
    accepted = allowed_methods(write, methods)

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in accepted:
                return HttpResponseNotAllowed(sorted(accepted))
            role = request.role
            if role is None and getattr(request.user, "member_login", None) is not None:
                raise Http404  # a member's own login (reports.portal): officers' pages do not exist for it
            if not can_read(role, area):
                raise PermissionDenied
            needs_write = write is True or (write == "post" and request.method not in ("GET", "HEAD"))
            if needs_write and not can_write(role, area):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.area = area
        wrapped.write = write
        wrapped.methods = accepted
        return wrapped

    return decorator


def unions_in_reach(request) -> QuerySet[Union]:
    """The open unions the active role reaches: what pickers offer (a closed union drops out)."""
    if request.role is None:
        return Union.objects.none()
    return Union.objects.within(request.role.union).open()


def in_reach(request, queryset: QuerySet) -> QuerySet:
    """Narrow a queryset to the records of unions the active role reaches.

    The model says how its records reach their union (`unionhub.scope.ScopedQuerySet`); a model
    without one cannot be scoped, and asking is a programming error.
    """
    if not isinstance(queryset, ScopedQuerySet):
        raise TypeError(f"{queryset.model.__name__} has no ScopedQuerySet: it cannot be scoped to a union")
    if request.role is None:
        return queryset.none()
    return queryset.within(request.role.union)


def get_in_reach(request, queryset_or_model, **lookup) -> Model:
    """One record of a union in reach, or 404 (never 403: another union's ids are not confirmed)."""
    queryset = (
        queryset_or_model._default_manager.all() if isinstance(queryset_or_model, type) else queryset_or_model
    )
    return get_object_or_404(in_reach(request, queryset), **lookup)


def union_in_reach(request, pk) -> Union:
    """A union the active role reaches, closed or not (a closed union's records stay readable), or 404."""
    if request.role is None:
        raise Http404
    return get_object_or_404(Union.objects.within(request.role.union), pk=pk)
