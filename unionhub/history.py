"""The audit trail: every insert, change and delete of a tracked model, kept in PostgreSQL.

`@track("MemberHistory")` on a model adds an event model (`members.MemberHistory`) and PostgreSQL
triggers (django-pghistory) that write a snapshot of the row into it on every insert, on every
update that changes a value (auto-updated timestamps alone do not count) and on every delete —
whichever way the row is written: a form, a service, the admin, a bulk insert or plain SQL.

Each snapshot carries the time and a context: `unionhub.middleware.AuditContextMiddleware`
puts the user, the active role and the URL of every request into it. The event tables are
append-only (a trigger refuses UPDATE and DELETE), so the trail cannot be edited from the site.

Rows that are never changed (vouchers, voucher lines, donations, aid: `pgtrigger.Protect`)
are tracked with `immutable=True`: their insert is the whole story. A many-to-many table is
tracked through a proxy of its through model (`activities.AwardWinner`), where the triggers can live.
"""

import pghistory
from django.db import models

# The event of the tracked row is reached as `record.history`.
RELATED_NAME = "history"


def track(model_name: str, *, immutable: bool = False, exclude: tuple[str, ...] = ()):
    """Class decorator: keep the model's history in `<app>.<model_name>` (see the module docstring)."""
    trackers = [pghistory.InsertEvent()]
    if not immutable:
        trackers += [
            pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude_auto=True)),
            pghistory.DeleteEvent(),
        ]
    return pghistory.track(
        *trackers,
        model_name=model_name,
        exclude=list(exclude),
        append_only=True,
        obj_field=pghistory.ObjForeignKey(related_name=RELATED_NAME),
        meta={"indexes": [models.Index(fields=["pgh_created_at"], name=f"{model_name.lower()}_at")]},
    )
