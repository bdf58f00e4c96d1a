from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def paragraph(fragments, links=True):
    """One paragraph of the summary: its text, with each figure linked to the records behind it."""
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html('<a href="{}" class="figure">{}</a>', f["href"], f["text"])
                if links and f.get("href")
                else f["text"],
            )
            for f in fragments
        ),
    )
