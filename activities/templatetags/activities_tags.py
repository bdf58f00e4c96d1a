from django import template

register = template.Library()


@register.filter
def indented(union) -> str:
    """A union's name indented by its depth in the tree, for plain selects."""
    return "\u3000" * max(union.depth, 0) + union.name
