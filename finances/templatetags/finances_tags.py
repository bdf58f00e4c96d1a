from django import template

from finances.money import amount_in_words, format_money
from finances.services import dues_for

register = template.Library()


@register.filter
def money(value) -> str:
    """58180 → 58,180.00; empty for None."""
    return format_money(value)


@register.filter
def in_words(value) -> str:
    """The amount in Chinese capitals (大写金额)."""
    return amount_in_words(value or 0)


@register.filter
def dues(wage) -> str:
    """The month's dues for a wage (0.5% of whole tens)."""
    return format_money(dues_for(wage)) if wage else ""


@register.inclusion_tag("finances/_open_queries.html", takes_context=True)
def open_queries(context):
    """The audit committee's queries still open in the active role's reach: the treasurer's and the
    chair's to answer, the auditor's to close (a worklist panel for home and finance pages)."""
    from finances.services.review import open_queries as open_of
    from unionhub.access import QUERIES, can_read

    role = context.get("active_role")
    if not can_read(role, QUERIES):
        return {"show": False}
    queries = list(open_of(role.union)[:11])
    return {"show": True, "queries": queries[:10], "more": len(queries) > 10, "role": role}


@register.inclusion_tag("finances/_statement_signoff.html", takes_context=True)
def statement_signoff(context, union, period):
    """The audit committee's signature under a statement of a year it has signed (经审会审查签字),
    and for an auditor a way to query a line of it."""
    from finances.models import StatementSignOff
    from unionhub.access import AUDIT, can_write

    signoff = (
        StatementSignOff.objects.filter(union=union, year=period.end.year).select_related("signed_by").first()
        if union is not None and period is not None
        else None
    )
    may_query = union is not None and period is not None and can_write(context.get("active_role"), AUDIT)
    return {
        "signoff": signoff,
        "union": union,
        "year": period.end.year if period else None,
        "may_query": may_query,
    }
