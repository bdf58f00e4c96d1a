"""HTML to PDF with WeasyPrint and a CJK font from Debian (fonts-wqy-zenhei).

Without a CJK font, WeasyPrint draws Chinese as empty boxes and says nothing: `cjk_font_available`
lets callers and tests check for it.
"""

import subprocess  # noqa: S404 - fc-list is a fixed system command
from functools import cache

from django.conf import settings

CJK_FONT = "WenQuanYi Zen Hei"


@cache
def cjk_font_available() -> bool:
    try:
        result = subprocess.run(  # noqa: S603
            ["/usr/bin/fc-list", ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return CJK_FONT in result.stdout


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango, slow for every other request

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
