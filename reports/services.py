"""The annual summary as a document: written from the records, edited by the chair, frozen when final.

The chair's document lies over the records' text: headings renamed, sections added, removed and
moved, any section's text rewritten, the year's theme, the signature block and the date the figures
count up to. Finalising freezes the text and the figures; the chair may reopen a final summary
(logged: the final text is kept as a version that stays readable).
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.chinese import arabic_date, chinese_small_number
from reports.documents import base
from reports.documents.changes import records_changed
from reports.models import AnnualSummary, AnnualSummaryVersion
from reports.stamps import summary_figures
from reports.writer import SECTION_HEADINGS, UNNUMBERED, write_sections
from unionhub.models import Union, User

EXTRA_PREFIX = "extra-"
MAX_HEADING = 60


class Section(base.Section):
    unnumbered = UNNUMBERED

    @property
    def default_heading(self) -> str:
        return str(SECTION_HEADINGS.get(self.key, ""))


@dataclass
class Document(base.YearDocument):
    summary: AnnualSummary = field(kw_only=True)
    as_of: date | None = None
    version: AnnualSummaryVersion | None = None  # an earlier final text being read

    section_actions = "reports/_section_actions.html"

    @property
    def is_draft(self) -> bool:
        return not self.summary.is_final and self.version is None

    @property
    def closing(self) -> Section | None:
        return next((s for s in self.sections if s.key == "closing"), None)

    @property
    def subtitle(self) -> str:
        """Under the title, the date the figures count to, when that is before the year's end: a
        summary finalised in December says what it counted up to."""
        if self.as_of is None or self.as_of >= date(self.summary.year, 12, 31):
            return ""
        return _("（统计截至%(date)s）") % {"date": arabic_date(self.as_of)}

    @property
    def missing(self) -> list[tuple[str, str]]:
        """Sections not in the document (no records yet, or taken out): the chair may add them back."""
        present = {s.key for s in self.sections}
        return [(key, str(heading)) for key, heading in SECTION_HEADINGS.items() if key not in present]


def get_summary(*, union: Union, year: int) -> AnnualSummary:
    summary, _created = AnnualSummary.objects.get_or_create(union=union, year=year)
    return summary


def default_signing_date(year: int) -> date:
    """30 December of the year: the chair may set another."""
    return date(year, 12, 30)


def counting_date(summary: AnnualSummary) -> date:
    """The date a draft counts up to: the chair's, else today within the year, else the year's end."""
    if summary.as_of:
        return summary.as_of
    today = timezone.localdate()
    if today.year == summary.year:
        return today
    return date(summary.year, 12, 31)


def title_of(summary: AnnualSummary) -> str:
    return _("%(union)s%(year)s年度工会工作总结") % {"union": summary.union.name, "year": summary.year}


def build_document(*, summary: AnnualSummary, with_changes_check: bool = True) -> Document:
    union = summary.union
    title = title_of(summary)
    signature = summary.signature or union.signing_body
    if summary.is_final:
        sections = [Section.from_stored(s) for s in summary.sections]
        changed = False
        if with_changes_check:
            now = summary_figures(union=union, year=summary.year, as_of=_stored_as_of(summary))
            changed = records_changed(summary.figures, now)
        return Document(
            title,
            sections,
            signature,
            summary.signed_on,
            summary.figures,
            changed,
            summary=summary,
            as_of=_stored_as_of(summary),
        )
    as_of = counting_date(summary)
    figures = summary_figures(union=union, year=summary.year, as_of=as_of)
    generated = write_sections(figures=figures, settings={"theme": summary.theme})
    sections = compose(generated, summary)
    signed_on = summary.signed_on or default_signing_date(summary.year)
    return Document(title, sections, signature, signed_on, figures, summary=summary, as_of=as_of)


def _stored_as_of(summary: AnnualSummary) -> date | None:
    return _counted_to(summary.figures) or summary.as_of


def _counted_to(figures: dict) -> date | None:
    """The date frozen figures count up to, as they store it."""
    value = figures.get("as_of") if figures else None
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def section_keys(summary: AnnualSummary, generated_keys: list[str]) -> list[str]:
    """The order of the document: the chair's order, then any section the records write that the
    chair has not placed (in its usual place), without the ones taken out."""
    removed = set(summary.removed or [])
    standard = list(SECTION_HEADINGS)
    placed = [k for k in (summary.order or []) if k in SECTION_HEADINGS or k.startswith(EXTRA_PREFIX)]
    present = set(generated_keys) | set(summary.edits) | {k for k in placed if k.startswith(EXTRA_PREFIX)}
    keys = [k for k in placed if k in present or k.startswith(EXTRA_PREFIX)]
    for key in standard:
        if key in present and key not in keys:
            keys.insert(usual_place(keys, key), key)
    # the opening always first, the closing always last
    if "opening" in keys:
        keys.remove("opening")
        keys.insert(0, "opening")
    if "closing" in keys:
        keys.remove("closing")
        keys.append("closing")
    return [k for k in keys if k not in removed]


def usual_place(keys: list[str], key: str) -> int:
    """Where a standard section goes among `keys`: after the nearest standard section before it that
    is placed (存在的不足 after the work, before next year's plan), the closing last."""
    standard = list(SECTION_HEADINGS)
    if key == "closing":
        return len(keys)
    before = [k for k in standard[: standard.index(key)] if k in keys]
    return keys.index(before[-1]) + 1 if before else 0


def compose(generated: list[dict], summary: AnnualSummary) -> list[Section]:
    by_key = {s["key"]: s for s in generated}
    sections = []
    for key in section_keys(summary, list(by_key)):
        written = by_key.get(key)
        heading = summary.headings.get(key) or str(SECTION_HEADINGS.get(key, _("新的部分")))
        if key in summary.edits:
            sections.append(
                Section(
                    key,
                    heading,
                    text_to_paragraphs(summary.edits[key]),
                    edited=True,
                    generated=written["paragraphs"] if written else [],
                )
            )
        elif written:
            sections.append(Section(key, heading, written["paragraphs"]))
        elif key.startswith(EXTRA_PREFIX):
            sections.append(Section(key, heading, [], edited=True))
    return sections


POINT = re.compile(r"(^|[。；;！？]\s*)([一二三四五六七八九十]+)是")
LEADING_NUMBER = re.compile(r"^(\d+)([、.．])")
LEADING_PAREN = re.compile(r"^（([一二三四五六七八九十]+)）")


def renumber(text: str) -> str:
    """The chair's numbered lists put in sequence: 一是…二是… within each paragraph run, 1、2、… and
    （一）（二）… at the start of consecutive paragraphs. Only ever offered to her as a suggestion
    (`numbering_slips`): the printed text is exactly what she typed."""
    return _renumbered(text)[0]


def numbering_slips(text: str) -> list[str]:
    """What `renumber` would change, told the way the chair reads it: “第二个“四是”可能应为“五是””."""
    slips, seen = [], Counter()
    for typed, expected in _renumbered(text)[1]:
        seen[typed] += 1
        if typed == expected:
            continue
        which = _("第%(n)s个") % {"n": chinese_small_number(seen[typed])} if seen[typed] > 1 else ""
        slips.append(
            _("%(which)s“%(typed)s”可能应为“%(expected)s”")
            % {"which": which, "typed": typed, "expected": expected}
        )
    return slips


def _renumbered(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text with its lists in sequence, and every number met as (typed, in sequence), in order."""
    lines = text.splitlines()
    met: list[tuple[str, str]] = []
    count = 0

    def point(match: re.Match) -> str:
        nonlocal count
        count += 1
        if count >= 100:
            return match.group(0)
        expected = f"{chinese_small_number(count)}是"
        met.append((f"{match.group(2)}是", expected))
        return f"{match.group(1)}{expected}"

    out, arabic, paren = [], 0, 0
    for line in lines:
        stripped = line.strip()
        if not stripped:
            out.append(line)
            continue
        if POINT.search(stripped):
            stripped = POINT.sub(point, stripped)
        else:
            count = 0
        if number := LEADING_NUMBER.match(stripped):
            arabic += 1
            met.append((f"{number.group(1)}{number.group(2)}", f"{arabic}{number.group(2)}"))
            stripped = LEADING_NUMBER.sub(rf"{arabic}\2", stripped, count=1)
        else:
            arabic = 0
        if number := LEADING_PAREN.match(stripped):
            paren += 1
            if paren < 100:
                expected = f"（{chinese_small_number(paren)}）"
                met.append((number.group(0), expected))
                stripped = LEADING_PAREN.sub(expected, stripped, count=1)
        out.append(stripped)
    return "\n".join(out), met


def text_to_paragraphs(text: str) -> list[list[dict]]:
    """The chair's plain text: one paragraph per non-empty line."""
    return [[{"text": line.strip()}] for line in text.splitlines() if line.strip()]


def paragraphs_to_text(paragraphs: list[list[dict]]) -> str:
    return "\n".join("".join(f["text"] for f in paragraph) for paragraph in paragraphs)


def _lock(summary: AnnualSummary) -> AnnualSummary:
    if summary.pk is None:
        summary = get_summary(union=summary.union, year=summary.year)
    return AnnualSummary.objects.select_for_update().select_related("union").get(pk=summary.pk)


def _ensure_draft(summary: AnnualSummary) -> None:
    if summary.is_final:
        raise ValidationError(_("本年度总结已定稿，不能再修改。如需修改，请主席先重新打开。"))


def _known(summary: AnnualSummary, key: str) -> None:
    if key not in SECTION_HEADINGS and not (key.startswith(EXTRA_PREFIX) and key in summary.order):
        raise ValidationError(_("没有这一部分。"))


@transaction.atomic
def save_edit(*, summary: AnnualSummary, key: str, text: str, heading: str | None = None) -> AnnualSummary:
    """The chair's text of a section (empty: back to the records' text) and, optionally, its heading."""
    summary = _lock(summary)
    _ensure_draft(summary)
    _known(summary, key)
    text = text.strip()  # exactly as typed: a numbering slip is only suggested (`numbering_slips`)
    if text:
        summary.edits[key] = text
    elif key.startswith(EXTRA_PREFIX):
        summary.edits[key] = ""
    else:
        summary.edits.pop(key, None)
    if heading is not None:
        _set_heading(summary, key, heading)
    summary.save(update_fields=["edits", "headings", "updated_at"])
    return summary


def _set_heading(summary: AnnualSummary, key: str, heading: str) -> None:
    heading = " ".join(heading.split()).strip("、，。 ")
    heading = re.sub(r"^[一二三四五六七八九十]+、", "", heading)  # the number is the document's
    if len(heading) > MAX_HEADING:
        raise ValidationError({"heading": _("标题不能超过%(n)s个字。") % {"n": MAX_HEADING}})
    if not heading or heading == str(SECTION_HEADINGS.get(key, "")):
        if key.startswith(EXTRA_PREFIX):
            raise ValidationError({"heading": _("请填写标题。")})
        summary.headings.pop(key, None)
    else:
        summary.headings[key] = heading


@transaction.atomic
def discard_edit(*, summary: AnnualSummary, key: str) -> AnnualSummary:
    """Back to the text the records write: the chair's edit of that section is dropped."""
    summary = _lock(summary)
    _ensure_draft(summary)
    summary.edits.pop(key, None)
    summary.save(update_fields=["edits", "updated_at"])
    return summary


def _current_order(summary: AnnualSummary) -> list[str]:
    document = build_document(summary=summary, with_changes_check=False)
    return [s.key for s in document.sections]


@transaction.atomic
def add_section(*, summary: AnnualSummary, heading: str, after: str | None = None) -> str:
    """A section of the chair's own, after `after` (or before the closing). Returns its key."""
    summary = _lock(summary)
    _ensure_draft(summary)
    order = _current_order(summary)
    taken = [int(k[len(EXTRA_PREFIX) :]) for k in summary.order if k.startswith(EXTRA_PREFIX)]
    key = f"{EXTRA_PREFIX}{max(taken, default=0) + 1}"
    if after in order:
        position = order.index(after) + 1
    else:
        position = order.index("closing") if "closing" in order else len(order)
    order.insert(position, key)
    summary.order = order
    _set_heading(summary, key, heading)
    summary.edits[key] = ""
    summary.save(update_fields=["order", "headings", "edits", "updated_at"])
    return key


@transaction.atomic
def restore_section(*, summary: AnnualSummary, key: str) -> AnnualSummary:
    """A standard section back in the document (taken out before, or one the chair will write)."""
    summary = _lock(summary)
    _ensure_draft(summary)
    if key not in SECTION_HEADINGS:
        raise ValidationError(_("没有这一部分。"))
    summary.removed = [k for k in summary.removed if k != key]
    order = _current_order(summary)
    if key not in order:
        order.insert(usual_place(order, key), key)
        if key not in summary.edits:
            summary.edits[key] = ""
    summary.order = order
    summary.save(update_fields=["removed", "order", "edits", "updated_at"])
    return summary


@transaction.atomic
def remove_section(*, summary: AnnualSummary, key: str) -> AnnualSummary:
    summary = _lock(summary)
    _ensure_draft(summary)
    _known(summary, key)
    if key.startswith(EXTRA_PREFIX):
        summary.order = [k for k in summary.order if k != key]
        summary.edits.pop(key, None)
        summary.headings.pop(key, None)
    else:
        summary.removed = [*[k for k in summary.removed if k != key], key]
        summary.edits.pop(key, None)
    summary.save(update_fields=["order", "removed", "edits", "headings", "updated_at"])
    return summary


@transaction.atomic
def move_section(*, summary: AnnualSummary, key: str, step: int) -> AnnualSummary:
    """One place up (step -1) or down (+1) among the numbered sections."""
    summary = _lock(summary)
    _ensure_draft(summary)
    order = _current_order(summary)
    if key not in order or key in UNNUMBERED:
        raise ValidationError(_("这一部分不能移动。"))
    index = order.index(key)
    target = index + (1 if step > 0 else -1)
    if 0 <= target < len(order) and order[target] not in UNNUMBERED:
        order[index], order[target] = order[target], order[index]
    summary.order = order
    summary.save(update_fields=["order", "updated_at"])
    return summary


@transaction.atomic
def save_settings(
    *,
    summary: AnnualSummary,
    theme: str,
    signature: str,
    signed_on: date | None,
    as_of: date | None,
    party: str | None = None,
) -> AnnualSummary:
    """The year's theme, the signature block (committee, date), the date the figures count to, and the
    union's party organisation (上级党组织, kept on the union: next year's summary names it too)."""
    summary = _lock(summary)
    _ensure_draft(summary)
    if party is not None and party.strip() != summary.union.party_organisation:
        union = summary.union
        union.party_organisation = party.strip()
        union.full_clean()
        union.save(update_fields=["party_organisation"])
    if signed_on and not date(summary.year, 1, 1) <= signed_on <= date(summary.year + 1, 6, 30):
        raise ValidationError({"signed_on": _("落款日期应在本年度内或次年上半年。")})
    if as_of and as_of.year != summary.year:
        raise ValidationError({"as_of": _("统计截止日期应在%(year)s年内。") % {"year": summary.year}})
    summary.theme = theme.strip()
    summary.signature = signature.strip()
    summary.signed_on = signed_on
    summary.as_of = as_of
    summary.full_clean()
    summary.save()
    return summary


@transaction.atomic
def finalise(*, summary: AnnualSummary, by: User, signed_on: date | None = None) -> AnnualSummary:
    summary = _lock(summary)
    _ensure_draft(summary)
    if signed_on:
        summary.signed_on = signed_on
    document = build_document(summary=summary, with_changes_check=False)  # its date is in its figures
    base.freeze(summary, document, by=by)
    summary.signature = document.signature
    summary.full_clean()
    summary.save()
    return summary


@transaction.atomic
def reopen(*, summary: AnnualSummary, by: User, reason: str) -> AnnualSummaryVersion:
    """The chair opens a final summary again: the final text is kept as a version (who reopened it,
    when and why), and the summary is a draft again, the chair's edits as they were."""
    summary = _lock(summary)
    if not summary.is_final:
        raise ValidationError(_("这份总结还没有定稿。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请说明重新打开的原因。")})
    number = summary.versions.count() + 1
    version = AnnualSummaryVersion(
        summary=summary,
        number=number,
        title=title_of(summary),
        signature=summary.signature or summary.union.name,
        signed_on=summary.signed_on,
        figures=summary.figures,
        sections=summary.sections,
        finalised_at=summary.finalised_at,
        finalised_by=summary.finalised_by,
        reopened_at=timezone.now(),
        reopened_by=by,
        reason=reason[:200],
    )
    version.full_clean()
    version.save()
    summary.status = AnnualSummary.Status.DRAFT
    summary.figures = {}
    summary.sections = []
    summary.finalised_at = None
    summary.finalised_by = None
    summary.save()
    return version


def version_document(version: AnnualSummaryVersion) -> Document:
    summary = version.summary
    sections = [Section.from_stored(s) for s in version.sections]
    return Document(
        version.title,
        sections,
        version.signature,
        version.signed_on,
        version.figures,
        summary=summary,
        as_of=_counted_to(version.figures),
        version=version,
    )


def document_text(document: Document) -> str:
    """The summary as plain text, laid out as it is printed."""
    return base.document_text(document)
