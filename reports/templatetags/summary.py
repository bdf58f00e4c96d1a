from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


def _href(fragment: dict, links) -> str:
    """The address of a figure's records: its key looked up in the links made for this page (older
    finalised summaries stored the address itself)."""
    if not links:
        return ""
    if fragment.get("link") and isinstance(links, dict):
        return links.get(fragment["link"], "")
    return fragment.get("href", "")


@register.simple_tag
def paragraph(fragments, links=None):
    """One paragraph of a year document: its text, with each figure of the summary linked to the
    records behind it (the review report's paragraphs are plain text)."""
    if isinstance(fragments, str):
        return fragments
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html('<a href="{}" class="figure">{}</a>', href, f["text"])
                if (href := _href(f, links))
                else f["text"],
            )
            for f in fragments
        ),
    )
