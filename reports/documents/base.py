"""A year document: what the annual summary and the review report share.

Either is a title, sections (each a heading and paragraphs, numbered 一、二、… unless it is the
opening or the closing), a signature and the date under it, and the figures it was written from.
While a draft it is written afresh from the records on every view, with its writer's edits laid
over it; finalising (the summary) or signing (the review report) stores the figures and the text, so
later records or code leave it as it was signed, and the figures are compared with today's by their
numbers only (`changes`). The specs — which sections, how the records are written, who may edit —
stay in `reports.services` (the summary) and `reports.review` (the review report).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from django.utils import timezone

from reports.chinese import chinese_date, section_number

STORED = ("key", "heading", "paragraphs", "edited")


@dataclass
class Section:
    key: str
    heading: str
    # each paragraph: plain text (the review report) or fragments {"text": …, "link": optional figure key}
    paragraphs: list
    edited: bool = False
    generated: list = field(default_factory=list)  # the records' text, when edited
    number: str = ""  # 一、二、… given when the document is put together

    unnumbered: ClassVar[tuple[str, ...]] = ("opening",)

    @property
    def numbered(self) -> bool:
        return self.key not in self.unnumbered

    @classmethod
    def from_stored(cls, stored: dict) -> "Section":
        return cls(**{k: v for k, v in stored.items() if k in STORED})

    def stored(self) -> dict:
        return {k: getattr(self, k) for k in STORED}


@dataclass
class YearDocument:
    title: str
    sections: list[Section]
    signature: str
    signed_on: date
    figures: dict
    records_changed: bool = False  # a signed document whose records have moved since

    element_id: ClassVar[str] = ""  # the printed article's id, for the pages that find it
    section_actions: ClassVar[str] = ""  # the template of a section's edit links

    def __post_init__(self):
        for index, section in enumerate(self.numbered, start=1):
            section.number = f"{section_number(index)}、"

    @property
    def is_draft(self) -> bool:
        """Printed with a draft mark: not yet finalised or signed."""
        raise NotImplementedError

    @property
    def subtitle(self) -> str:
        """A line under the title (none unless the spec says)."""
        return ""

    @property
    def numbered(self) -> list[Section]:
        return [s for s in self.sections if s.numbered]

    @property
    def opening(self) -> Section | None:
        return next((s for s in self.sections if s.key == "opening"), None)

    @property
    def signed_on_chinese(self) -> str:
        return chinese_date(self.signed_on)


def paragraph_text(paragraph: str | list[dict]) -> str:
    return paragraph if isinstance(paragraph, str) else "".join(f["text"] for f in paragraph)


def document_text(document: YearDocument) -> str:
    """The document as plain text, laid out as it is printed."""
    lines = [document.title, *([document.subtitle] if document.subtitle else []), ""]
    for section in document.sections:
        if section.numbered:
            lines.append(f"{section.number}{section.heading}")
        lines += ["　　" + paragraph_text(paragraph) for paragraph in section.paragraphs]
    lines += ["", document.signature, document.signed_on_chinese]
    return "\n".join(lines) + "\n"


def freeze(record, document: YearDocument, *, by) -> None:
    """Store a document's figures and text on its record, signed by `by` (the caller saves it)."""
    record.figures = document.figures
    record.sections = [section.stored() for section in document.sections]
    record.signed_on = document.signed_on
    record.status = record.Status.FINAL
    record.finalised_at = timezone.now()
    record.finalised_by = by
