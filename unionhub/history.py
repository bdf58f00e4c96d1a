"""The audit trail: every insert, change and delete of a tracked model, kept in PostgreSQL.

`@track("MemberHistory")` on a model adds an event model (`members.MemberHistory`) and PostgreSQL
triggers (django-pghistory) that write a snapshot of the row into it on every insert, on every
update that changes a value (auto-updated timestamps alone do not count) and on every delete —
whichever way the row is written: a form, a service, the admin, a bulk insert or plain SQL.

Each snapshot carries the time and a context: `unionhub.middleware.AuditContextMiddleware`
puts the user, the active role and the URL of every request into it. The event tables are
append-only (a trigger refuses UPDATE and DELETE) and only the tracking triggers insert into them;
a context is written only by those triggers too, never deleted, and what it says once (who acted)
never changes (`AuditContext`). So the trail cannot be edited, forged or cut from the site.

Rows that are never changed (vouchers, voucher lines, donations, aid: `pgtrigger.Protect`)
are tracked with `immutable=True`: their insert is the whole story. A many-to-many table is
tracked through a proxy of its through model (`activities.AwardWinner`), where the triggers can live.
"""

import pghistory
import pgtrigger
from django.db import models
from pghistory.models import Context

from unionhub.guards import Refuse, written_by_triggers_only

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
        meta={
            "indexes": [
                models.Index(fields=["pgh_created_at"], name=f"{model_name.lower()}_at"),
                # A record's versions in order: the one before an event is one step back in it.
                models.Index(
                    fields=["pgh_obj", "pgh_id"],
                    name=f"{model_name.lower().removesuffix('history')}_hist_obj",
                ),
            ],
            "triggers": [written_by_triggers_only("written_by_tracker", pgtrigger.Insert)],
        },
    )


class AuditContext(Context):
    """The context of the trail's events (django-pghistory's table: who, in which role, at which URL).

    pghistory's tracking triggers upsert it as a request goes on (a login within the request adds the
    user): only they write it, and only what it did not say yet — a value once written stays.
    """

    class Meta:
        proxy = True
        app_label = "unionhub"
        triggers = [
            pgtrigger.Protect(name="audit_context_kept", operation=pgtrigger.Delete),
            written_by_triggers_only("audit_context_written_by_tracker", pgtrigger.Insert | pgtrigger.Update),
            Refuse(
                name="audit_context_adds_only",
                operation=pgtrigger.Update,
                refused_if="""OLD.id IS DISTINCT FROM NEW.id OR OLD.created_at IS DISTINCT FROM NEW.created_at
                    OR EXISTS (
                        SELECT 1 FROM jsonb_each(OLD.metadata) said
                        WHERE said.value <> 'null'::jsonb
                        AND NEW.metadata -> said.key IS DISTINCT FROM said.value
                    )""",
                because="what the context says stays",
            ),
        ]
