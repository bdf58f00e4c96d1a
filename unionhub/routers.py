"""Reads of the report pages from a streaming replica, when there is one (DATABASE_REPLICA_URL).

`ReplicaMiddleware` marks a GET of a read-only report page (summary, statements, dashboard, audit
log, exports: `REPLICA_VIEWS`) as one the replica may answer; `ReplicaRouter` then sends that
request's reads to the `replica` alias. Everything else, every write, and the reads of sessions,
users and lock-outs stay on the primary.

Read-your-writes: after any request that may have written (not GET/HEAD/OPTIONS), the response sets
a short-lived cookie; while the browser carries it, that user's report pages read from the primary,
so a voucher just posted is in the statement viewed next even if the replica is a moment behind.
"""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
WROTE_COOKIE = "unionhub_wrote"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Pages that only read, by URL name.
REPLICA_VIEWS = {
    "reports:dashboard",
    "reports:summary_list",
    "reports:summary",
    "reports:summary_print",
    "reports:summary_pdf",
    "reports:summary_docx",
    "reports:audit_log",
    "reports:audit_record",
    "finances:audit",
    "finances:income_statement",
    "finances:fund_balances",
    "finances:journal",
    "finances:statutory",
    "finances:account_journal",
    "finances:trial_balance",
    "finances:reconciliation",
}
# Always read from the primary: who is logged in, their session, lock-outs.
PRIMARY_APPS = {"sessions", "axes", "auth", "contenttypes", "admin"}

_on_replica: ContextVar[bool] = ContextVar("unionhub_on_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class reading_from_replica:  # noqa: N801 (used like a function: `with reading_from_replica():`)
    """Send this block's reads to the replica (when one is configured)."""

    def __enter__(self):
        self.token = _on_replica.set(replica_configured())

    def __exit__(self, *exc):
        _on_replica.reset(self.token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _on_replica.get():
            return None
        if model._meta.app_label in PRIMARY_APPS or model._meta.label == settings.AUTH_USER_MODEL:
            return "default"
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _on_replica.set(False)
        try:
            response = self.get_response(request)
        finally:
            _on_replica.reset(token)
        if request.method not in SAFE_METHODS and replica_configured():
            response.set_cookie(
                WROTE_COOKIE,
                "1",
                max_age=settings.READ_YOUR_WRITES_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            replica_configured()
            and request.method in SAFE_METHODS
            and WROTE_COOKIE not in request.COOKIES
            and match is not None
            and match.view_name in REPLICA_VIEWS
        ):
            _on_replica.set(True)
        return None
