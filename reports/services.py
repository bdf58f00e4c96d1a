"""The annual summary as a document: written from the records, edited by the chair, frozen when final."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.chinese import chinese_date, section_number
from reports.figures import collect_figures
from reports.models import AnnualSummary
from reports.writer import SECTION_HEADINGS, write_sections
from unionhub.models import Union, User


@dataclass
class Section:
    key: str
    heading: str
    paragraphs: list[list[dict]]  # each paragraph: fragments {"text": …, "href": optional link}
    edited: bool = False
    generated: list[list[dict]] = field(default_factory=list)  # the records' text, when edited
    number: str = ""  # 一、二、… given when the document is put together


@dataclass
class Document:
    summary: AnnualSummary
    title: str
    sections: list[Section]
    signature: str
    signed_on: date
    figures: dict
    records_changed: bool = False  # a final summary whose records have moved since

    @property
    def numbered(self) -> list[Section]:
        return [s for s in self.sections if s.key != "opening"]

    @property
    def opening(self) -> Section | None:
        return next((s for s in self.sections if s.key == "opening"), None)

    @property
    def signed_on_chinese(self) -> str:
        return chinese_date(self.signed_on)

    @property
    def missing(self) -> list[tuple[str, str]]:
        """Sections with nothing in them yet (the chair may still write them)."""
        present = {s.key for s in self.sections}
        return [(key, str(heading)) for key, heading in SECTION_HEADINGS.items() if key not in present]

    def __post_init__(self):
        numbered = [s for s in self.sections if s.key != "opening"]
        for index, section in enumerate(numbered, start=1):
            section.number = f"{section_number(index)}、"


def get_summary(*, union: Union, year: int) -> AnnualSummary:
    summary, _created = AnnualSummary.objects.get_or_create(union=union, year=year)
    return summary


def default_signing_date(year: int) -> date:
    today = timezone.localdate()
    return min(today, date(year, 12, 30)) if today.year == year else date(year, 12, 30)


def build_document(*, summary: AnnualSummary, with_changes_check: bool = True) -> Document:
    union = summary.union
    title = _("%(union)s%(year)s年度工会工作总结") % {"union": union.name, "year": summary.year}
    if summary.is_final:
        sections = [Section(**s) for s in summary.sections]
        changed = False
        if with_changes_check:
            changed = collect_figures(union=union, year=summary.year) != summary.figures
        return Document(
            summary, title, sections, union.name, summary.signed_on, summary.figures, records_changed=changed
        )
    figures = collect_figures(union=union, year=summary.year)
    sections = _apply_edits(write_sections(union=union, year=summary.year, figures=figures), summary.edits)
    signed_on = summary.signed_on or default_signing_date(summary.year)
    return Document(summary, title, sections, union.name, signed_on, figures)


def _apply_edits(generated: list[dict], edits: dict[str, str]) -> list[Section]:
    sections = []
    by_key = {s["key"]: s for s in generated}
    for key, lazy_heading in SECTION_HEADINGS.items():
        heading = str(lazy_heading)
        written = by_key.get(key)
        if key in edits:
            sections.append(
                Section(
                    key,
                    heading,
                    text_to_paragraphs(edits[key]),
                    edited=True,
                    generated=written["paragraphs"] if written else [],
                )
            )
        elif written:
            sections.append(Section(key, heading, written["paragraphs"]))
    return sections


def text_to_paragraphs(text: str) -> list[list[dict]]:
    """The chair's plain text: one paragraph per non-empty line."""
    return [[{"text": line.strip()}] for line in text.splitlines() if line.strip()]


def paragraphs_to_text(paragraphs: list[list[dict]]) -> str:
    return "\n".join("".join(f["text"] for f in paragraph) for paragraph in paragraphs)


def _ensure_draft(summary: AnnualSummary) -> None:
    if summary.is_final:
        raise ValidationError(_("本年度总结已定稿，不能再修改。"))


@transaction.atomic
def save_edit(*, summary: AnnualSummary, key: str, text: str) -> AnnualSummary:
    summary = AnnualSummary.objects.select_for_update().get(pk=summary.pk)
    _ensure_draft(summary)
    if key not in SECTION_HEADINGS:
        raise ValidationError(_("没有这一部分。"))
    text = text.strip()
    if text:
        summary.edits[key] = text
    else:
        summary.edits.pop(key, None)
    summary.save(update_fields=["edits", "updated_at"])
    return summary


@transaction.atomic
def discard_edit(*, summary: AnnualSummary, key: str) -> AnnualSummary:
    """Back to the text the records write: the chair's edit of that section is dropped."""
    summary = AnnualSummary.objects.select_for_update().get(pk=summary.pk)
    _ensure_draft(summary)
    summary.edits.pop(key, None)
    summary.save(update_fields=["edits", "updated_at"])
    return summary


@transaction.atomic
def finalise(*, summary: AnnualSummary, by: User, signed_on: date | None = None) -> AnnualSummary:
    summary = AnnualSummary.objects.select_for_update().select_related("union").get(pk=summary.pk)
    _ensure_draft(summary)
    if signed_on:
        summary.signed_on = signed_on
    document = build_document(summary=summary, with_changes_check=False)
    summary.figures = document.figures
    summary.sections = [
        {"key": s.key, "heading": s.heading, "paragraphs": s.paragraphs, "edited": s.edited}
        for s in document.sections
    ]
    summary.signed_on = document.signed_on
    summary.status = AnnualSummary.Status.FINAL
    summary.finalised_at = timezone.now()
    summary.finalised_by = by
    summary.full_clean()
    summary.save()
    return summary


def document_text(document: Document) -> str:
    """The summary as plain text, laid out as it is printed."""
    lines = [document.title, ""]
    for section in document.sections:
        if section.key != "opening":
            lines.append(f"{section.number}{section.heading}")
        lines += ["　　" + "".join(f["text"] for f in paragraph) for paragraph in section.paragraphs]
    lines += ["", document.signature, document.signed_on_chinese]
    return "\n".join(lines) + "\n"
