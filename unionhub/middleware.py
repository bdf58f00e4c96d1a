from django.shortcuts import redirect
from django.urls import reverse
from pghistory.middleware import HistoryMiddleware

from unionhub.models import Role

SESSION_KEY = "active_role_id"


def active_role(roles: list[Role], chosen_id) -> Role | None:
    for role in roles:
        if role.pk == chosen_id:
            return role
    return roles[0] if roles else None


class ActiveRoleMiddleware:
    """Sets `request.roles` (all the user's roles) and `request.role` (the one in use, or None).

    The role in use is kept in the session and switched in the navigation. Only roles held today
    count: an ended role, or one that has not started yet, reaches nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            request.roles = list(
                request.user.roles.current().select_related("union").order_by("union__path", "kind")
            )
        else:
            request.roles = []
        request.role = active_role(request.roles, request.session.get(SESSION_KEY))
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """A user signed in with a one-time password sees nothing but the password change page until
    they have set their own (and may still log out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password:
            allowed = (reverse("password_change"), reverse("logout"))
            if request.path not in allowed:
                return redirect("password_change")
        return self.get_response(request)


class AuditContextMiddleware(HistoryMiddleware):
    """Names who changed what: the user, the active role and the URL go into the audit trail's context.

    django-pghistory attaches this context to every row its triggers write during the request
    (unionhub.history). A login within the request updates the user as it happens.
    """

    def get_context(self, request) -> dict:
        context = super().get_context(request)
        role = getattr(request, "role", None)
        if role is not None:
            context.update(role=role.kind, union=role.union_id)
        return context
