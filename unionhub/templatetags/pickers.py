"""`{% union_options unions selected %}`: the options of a plain union select, written in one pass
(a template loop per option took tens of milliseconds for a large federation's unions)."""

from django import template
from django.utils.safestring import mark_safe

from unionhub.fields import option_tags, union_label

register = template.Library()


@register.simple_tag
def union_options(unions, selected=None) -> str:
    """An <option> per union, indented by depth; `selected` is a union (or None)."""
    chosen = {str(getattr(selected, "pk", selected))} if selected else set()
    options = option_tags(((u.pk, union_label(u.name, u.path)) for u in unions), chosen)
    return mark_safe(options)  # noqa: S308  # nosec B308 B703 - option_tags escapes every part
