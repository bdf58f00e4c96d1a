"""`{% union_options unions selected %}`: the options of a plain union select, written in one pass
(a template loop per option took tens of milliseconds for a large federation's unions): the unions
nearest the top and the one selected (`unionhub.fields.picker_unions`); the select's
`data-union-search="{% url 'union_search' %}"` finds the others as the officer types."""

from django import template
from django.utils.safestring import mark_safe

from unionhub.fields import option_tags, picker_unions, union_label

register = template.Library()


@register.simple_tag
def union_options(unions, selected=None) -> str:
    """An <option> per union, indented by depth; `unions` is a queryset, `selected` a union (or None)."""
    chosen = {str(getattr(selected, "pk", selected))} if selected else set()
    rows = picker_unions(unions, chosen).values_list("pk", "name", "path")
    options = option_tags(((pk, union_label(name, path)) for pk, name, path in rows), chosen)
    return mark_safe(options)  # noqa: S308  # nosec B308 B703 - option_tags escapes every part
