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
def indented(union) -> str:
    """A union's name indented by its depth, for plain selects."""
    return "\u3000" * max(union.depth, 0) + union.name


@register.filter
def dues(wage) -> str:
    """The month's dues for a wage (0.5% of whole tens)."""
    return format_money(dues_for(wage)) if wage else ""
