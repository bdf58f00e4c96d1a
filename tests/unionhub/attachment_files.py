"""Small real files for attachment tests: a JPEG photo, a PNG, a PDF scan (one with a script), and
impostors."""

import io

from PIL import Image


def jpeg(width=640, height=480, colour=(200, 60, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="JPEG")
    return out.getvalue()


def png(width=50, height=50) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 128, 0, 128)).save(out, format="PNG")
    return out.getvalue()


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# A scan that runs JavaScript when opened (Chromium's viewer runs it when the PDF is shown inline).
PDF_WITH_SCRIPT = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"4 0 obj<</S/JavaScript/JS(app.alert('pwned'))>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
EXE_AS_JPG = b"MZ\x90\x00" + b"\x00" * 200  # a Windows program named receipt.jpg
HTML_AS_PDF = b"<html><script>alert(1)</script></html>"
