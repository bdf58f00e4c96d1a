"""A register's row on screen as on paper: the table's columns, shown as printed."""

from django import template

from unionhub.tables import shown

register = template.Library()


@register.filter
def cells(row, table) -> list[str]:
    return [shown(value) for value in table.values(row)]
