"""What every year document's Word file must show of GB/T 9704: its page numbers."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH


def open_word(content: bytes):
    return Document(io.BytesIO(content))


def assert_official_page_numbers(word) -> None:
    """ "— 1 —" in 4号 宋体: odd pages at the right, even pages at the left, one character in."""
    assert word.settings.odd_and_even_pages_header_footer
    section = word.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and odd.paragraph_format.right_indent.pt == 14
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT and even.paragraph_format.left_indent.pt == 14
    for footer in (odd, even):
        assert footer.text == "— 1 —"  # the PAGE field's placeholder between the dashes
        assert 'w:instrText xml:space="preserve"> PAGE <' in footer._p.xml
        assert {(run.font.name, run.font.size.pt) for run in footer.runs} == {("宋体", 14)}
