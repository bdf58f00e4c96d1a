"""A year document as a Word file in the layout of official documents (GB/T 9704-2012): the one
writer of the annual summary and of the audit committee's review report.

A4; margins 37 mm top, 28 mm left (订口), 26 mm right, 35 mm bottom; the title in 2号 (22 pt) 小标宋,
centred, with any line under it (the date a summary counts to) in 3号 楷体; body 3号 (16 pt) 仿宋
indented two characters at a fixed line spacing of 28 pt (22 lines a page); first-level headings
(一、) in 3号 黑体, second-level ones (（一）) in 3号 楷体; page numbers "— 1 —" in 4号 (14 pt) 宋体 in
the footer, odd pages at the right and even pages at the left, one character in from the edge; the
signature (body, date in Chinese numerals) right-aligned four characters in.

A document gives `title`, `subtitle` (may be empty), `sections` (each with `numbered`, `number`,
`heading` and `paragraphs`: a paragraph is plain text or a list of fragments {"text": …}),
`signature` and `signed_on_chinese`.

Fonts are named, not embedded: Word uses the reader's own 仿宋, 黑体, 楷体 and 小标宋.
"""

import io
import re

from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from reports.documents.base import paragraph_text
from unionhub.control_characters import xml_text

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体"
PAGE_NUMBER_FONT = "宋体"
PAGE_NUMBER_SIZE = Pt(14)
BODY_SIZE = Pt(16)
LINE = Pt(28)
SECOND_LEVEL = re.compile(r"^（[一二三四五六七八九十]+）")


def _run(paragraph, text: str, font: str, size) -> None:
    """`text` added to `paragraph` in `font`: every word of the file goes in here, without the
    characters XML cannot hold (a control character stored in a record must not break the file)."""
    _font(paragraph.add_run(xml_text(text)), font, size)


def _font(run, name: str, size, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _spacing(paragraph, *, indent_chars: int = 0, align=None) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    if indent_chars:
        fmt.first_line_indent = Pt(16 * indent_chars)
        ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), str(indent_chars * 100))


def _page_number(paragraph) -> None:
    """ "— N —" with N a PAGE field, so Word numbers every page itself."""
    _run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    run = paragraph.add_run()
    _font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "1":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _set_layout(word) -> None:
    section = word.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    # Odd pages number at the right, even pages at the left, one character in from the edge.
    word.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = PAGE_NUMBER_SIZE
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = PAGE_NUMBER_SIZE
    _page_number(even)
    normal = word.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)


def _draft_mark(word) -> None:
    """草稿 at the top of every page (odd and even headers), in red, as the draft PDF's watermark says:
    a draft printed or passed on from Word is not taken for the signed document."""
    section = word.sections[0]
    for header in (section.header, section.even_page_header):
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(_("草稿"))
        _font(run, HEADING_FONT, BODY_SIZE, bold=True)
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def build(document) -> WordDocument:
    word = WordDocument()
    _set_layout(word)
    if document.is_draft:
        _draft_mark(word)
    body = word.paragraphs[0] if word.paragraphs else word.add_paragraph()
    title = body
    _spacing(title, align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.line_spacing = Pt(35)
    _run(title, document.title, TITLE_FONT, Pt(22))
    if document.subtitle:
        subtitle = word.add_paragraph()
        _spacing(subtitle, align=WD_ALIGN_PARAGRAPH.CENTER)
        _run(subtitle, document.subtitle, SUBHEADING_FONT, BODY_SIZE)
    spacer = word.add_paragraph()
    _spacing(spacer)
    for section in document.sections:
        if section.numbered:
            heading = word.add_paragraph()
            _spacing(heading, indent_chars=2)
            heading.paragraph_format.keep_with_next = True
            _run(heading, f"{section.number}{section.heading}", HEADING_FONT, BODY_SIZE)
        for each in section.paragraphs:
            text = paragraph_text(each)
            paragraph = word.add_paragraph()
            _spacing(paragraph, indent_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            match = SECOND_LEVEL.match(text)
            if match and len(text) <= 40:
                _run(paragraph, text, SUBHEADING_FONT, BODY_SIZE)
            elif match:
                # "（一）标题。正文……": the heading part in 楷体, the rest in 仿宋
                head, sep, rest = text.partition("。")
                _run(paragraph, head + sep, SUBHEADING_FONT, BODY_SIZE)
                _run(paragraph, rest, BODY_FONT, BODY_SIZE)
            else:
                _run(paragraph, text, BODY_FONT, BODY_SIZE)
    for _blank in range(2):
        _spacing(word.add_paragraph())
    for line in (document.signature, document.signed_on_chinese):
        paragraph = word.add_paragraph()
        _spacing(paragraph, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(16 * 4)
        _run(paragraph, line, BODY_FONT, BODY_SIZE)
    core = word.core_properties
    core.title = xml_text(document.title) + (_("（草稿）") if document.is_draft else "")
    core.author = xml_text(document.signature)
    return word


def document_bytes(document) -> bytes:
    buffer = io.BytesIO()
    build(document).save(buffer)
    return buffer.getvalue()
