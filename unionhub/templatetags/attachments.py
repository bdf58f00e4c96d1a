"""`{% attachments record %}`: the files attached to a record, and the form to add one."""

from django import template

from unionhub import attachments as service
from unionhub.access import can_write

register = template.Library()


@register.inclusion_tag("unionhub/_attachments.html", takes_context=True)
def attachments(context, record, heading=""):
    request = context["request"]
    kind = service.kind_of_model(type(record))
    writable = kind is not None and can_write(getattr(request, "role", None), kind.area)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "record": record,
        "kind": kind,
        "heading": heading,
        "items": list(service.attachments_of(record).select_related("uploaded_by")) if kind else [],
        "writable": writable,
        "deletable": writable and kind.deletable,
        "accept": service.ACCEPT,
        "limit_mb": service.max_bytes() // (1024 * 1024),
    }
