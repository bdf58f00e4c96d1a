from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from reports import dashboard, ledgers, services
from reports.documents import word
from reports.documents.pdf import document_pdf
from reports.figures import links as figure_links
from reports.forms import (
    AddSectionForm,
    FinaliseForm,
    ReopenForm,
    SectionEditForm,
    SummaryPickForm,
    SummarySettingsForm,
)
from reports.models import AnnualSummary
from reports.writer import SECTION_HEADINGS, UNNUMBERED
from unionhub.access import (
    MEMBERS,
    SUMMARY,
    area_view,
    can_write,
    get_in_reach,
    in_reach,
    union_in_reach,
    unions_in_reach,
)
from unionhub.params import union_param, year_param


def pick_year_document(request, *, documents, target: str, template: str):
    """A list of a union's yearly documents (summaries, review reports) with a union-and-year picker
    that leads to the chosen one."""
    form = SummaryPickForm(
        request.GET or None,
        unions=unions_in_reach(request),
        initial={"union": request.role.union, "year": timezone.localdate().year},
    )
    if form.is_valid():
        return redirect(target, union_id=form.cleaned_data["union"].pk, year=form.cleaned_data["year"])
    documents = in_reach(request, documents.select_related("union", "finalised_by"))
    return render(request, template, {"form": form, "documents": documents})


def year_document(request, model, union_id: int, year: int):
    """A union's document of the year: the stored one, or a new unsaved one (404 for a union out of
    reach or a year out of range)."""
    if not 1950 <= year <= 2100:
        raise Http404
    union = union_in_reach(request, union_id)
    found = model.objects.filter(union=union, year=year).select_related("union", "finalised_by").first()
    return found or model(union=union, year=year)


@area_view(SUMMARY)
def summary_list(request):
    return pick_year_document(
        request,
        documents=AnnualSummary.objects.all(),
        target="reports:summary",
        template="reports/summary_list.html",
    )


def _summary(request, union_id: int, year: int) -> AnnualSummary:
    return year_document(request, AnnualSummary, union_id, year)


def _stored_summary(request, union_id: int, year: int) -> AnnualSummary:
    summary = _summary(request, union_id, year)
    return summary if summary.pk else services.get_summary(union=summary.union, year=year)


def _back(union_id: int, year: int, key: str = ""):
    url = reverse("reports:summary", args=[union_id, year])
    return redirect(url + (f"#section-{key}" if key else ""))


@area_view(SUMMARY)
def summary_detail(request, union_id: int, year: int):
    summary = _summary(request, union_id, year)
    document = services.build_document(summary=summary)
    can_edit = can_write(request.role, SUMMARY) and not summary.is_final
    return render(
        request,
        "reports/summary_detail.html",
        {
            "document": document,
            "summary": summary,
            "links": figure_links(union=summary.union, year=year),
            "can_edit": can_edit,
            "can_reopen": can_write(request.role, SUMMARY) and summary.is_final,
            "finalise_form": FinaliseForm(initial={"signed_on": document.signed_on}),
            "settings_form": SummarySettingsForm(
                initial={
                    "party": summary.union.party_organisation or "",
                    "theme": summary.theme,
                    "signature": document.signature,
                    "signed_on": document.signed_on,
                    "as_of": summary.as_of,
                }
            ),
            "add_form": AddSectionForm(sections=document.sections),
            "reopen_form": ReopenForm(),
            "versions": summary.versions.select_related("finalised_by", "reopened_by") if summary.pk else [],
        },
    )


def _known_key(summary: AnnualSummary, key: str) -> bool:
    return key in SECTION_HEADINGS or (key.startswith(services.EXTRA_PREFIX) and key in summary.order)


@area_view(SUMMARY, write=True)
def summary_edit(request, union_id: int, year: int, key: str):
    summary = _summary(request, union_id, year)
    if not _known_key(summary, key):
        raise Http404
    if summary.is_final:
        messages.error(request, _("本年度总结已定稿，不能再修改。"))
        return _back(union_id, year)
    document = services.build_document(summary=summary)
    section = next((s for s in document.sections if s.key == key), None)
    current = services.paragraphs_to_text(section.paragraphs) if section else ""
    generated = section.generated if section and section.edited else (section.paragraphs if section else [])
    edited_text = summary.edits.get(key, "") if section and section.edited else ""
    heading = section.heading if section else summary.headings.get(key) or str(SECTION_HEADINGS.get(key, ""))
    form = SectionEditForm(
        request.POST or None,
        initial={"text": current, "heading": heading},
        numbered=key not in UNNUMBERED,
    )
    if request.method == "POST":
        if "discard" in request.POST:
            if summary.pk:
                services.discard_edit(summary=summary, key=key)
            messages.success(request, _("已恢复为根据台账生成的文字。"))
            return _back(union_id, year, key)
        if "renumber" in request.POST and edited_text:
            services.save_edit(summary=summary, key=key, text=services.renumber(edited_text))
            messages.success(request, _("已按建议理顺序号。"))
            return redirect("reports:summary_edit", union_id, year, key)
        if form.is_valid():
            try:
                with transaction.atomic():  # a refused edit leaves no new summary behind
                    services.save_edit(
                        summary=_stored_summary(request, union_id, year),
                        key=key,
                        text=form.cleaned_data["text"],
                        heading=form.cleaned_data.get("heading") if key not in UNNUMBERED else None,
                    )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("已保存“%(section)s”的修改。") % {"section": heading})
                if services.numbering_slips(form.cleaned_data["text"]):  # shown there, to accept or not
                    return redirect("reports:summary_edit", union_id, year, key)
                return _back(union_id, year, key)
    return render(
        request,
        "reports/summary_edit.html",
        {
            "summary": summary,
            "key": key,
            "heading": heading,
            "form": form,
            "generated_text": services.paragraphs_to_text(generated),
            "edited": bool(section and section.edited and key in summary.edits and summary.edits[key]),
            "slips": services.numbering_slips(edited_text),
        },
    )


def apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@area_view(SUMMARY, write=True, methods=("POST",))
def summary_arrange(request, union_id: int, year: int):
    """Move a section up or down, take it out, put a standard one back, or add one of the chair's own."""
    action = request.POST.get("action", "")
    key = request.POST.get("key", "")
    try:
        with transaction.atomic():  # a refusal leaves no new summary behind
            return _arrange(request, union_id, year, action, key)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(union_id, year, key if action != "remove" else "")


def _arrange(request, union_id: int, year: int, action: str, key: str):
    summary = _stored_summary(request, union_id, year)
    if action == "add":
        form = AddSectionForm(request.POST, sections=services.build_document(summary=summary).sections)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        key = services.add_section(
            summary=summary,
            heading=form.cleaned_data["heading"],
            after=form.cleaned_data["after"] or None,
        )
        messages.success(request, _("已添加新的部分，请填写正文。"))
        return redirect("reports:summary_edit", union_id=union_id, year=year, key=key)
    if not _known_key(summary, key):
        raise Http404
    if action in ("up", "down"):
        services.move_section(summary=summary, key=key, step=-1 if action == "up" else 1)
    elif action == "remove":
        services.remove_section(summary=summary, key=key)
        messages.success(request, _("已删去这一部分。"))
    elif action == "restore":
        services.restore_section(summary=summary, key=key)
        return redirect("reports:summary_edit", union_id=union_id, year=year, key=key)
    else:
        raise Http404
    return _back(union_id, year, key if action != "remove" else "")


@area_view(SUMMARY, write=True, methods=("POST",))
def summary_settings(request, union_id: int, year: int):
    form = SummarySettingsForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():  # a refusal leaves no new summary behind
                services.save_settings(summary=_stored_summary(request, union_id, year), **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已保存年度主题、落款和统计截止日期。"))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _back(union_id, year)


@area_view(SUMMARY, write=True, methods=("POST",))
def summary_finalise(request, union_id: int, year: int):
    summary = _summary(request, union_id, year)
    form = FinaliseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写正确的落款日期。"))
        return _back(union_id, year)
    try:
        services.finalise(
            summary=services.get_summary(union=summary.union, year=year),
            by=request.user,
            signed_on=form.cleaned_data["signed_on"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("年度总结已定稿。此后台账的变动不会改变定稿内容。"))
    return _back(union_id, year)


@area_view(SUMMARY, write=True, methods=("POST",))
def summary_reopen(request, union_id: int, year: int):
    summary = _summary(request, union_id, year)
    form = ReopenForm(request.POST)
    if not form.is_valid() or not summary.pk:
        messages.error(request, _("请说明重新打开的原因。"))
        return _back(union_id, year)
    try:
        version = services.reopen(summary=summary, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("总结已重新打开，原定稿保存为第%(n)s版，可随时查看。") % {"n": version.number},
        )
    return _back(union_id, year)


@area_view(SUMMARY)
def summary_version(request, union_id: int, year: int, number: int):
    summary = _summary(request, union_id, year)
    if not summary.pk:
        raise Http404
    version = summary.versions.select_related("finalised_by", "reopened_by").filter(number=number).first()
    if version is None:
        raise Http404
    return render(
        request,
        "reports/summary_version.html",
        {"document": services.version_document(version), "version": version, "summary": summary},
    )


@area_view(SUMMARY)
def summary_print(request, union_id: int, year: int):
    summary = _summary(request, union_id, year)
    document = services.build_document(summary=summary, with_changes_check=False)
    return render(request, "reports/print.html", {"document": document})


def download_name(document, ext: str) -> str:
    return f"{document.summary.union.name}{document.summary.year}年度工会工作总结.{ext}"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    ext = filename.rsplit(".", 1)[-1]
    response["Content-Disposition"] = (
        f"attachment; filename=\"summary.{ext}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


@area_view(SUMMARY)
def summary_pdf(request, union_id: int, year: int):
    summary = _summary(request, union_id, year)
    document = services.build_document(summary=summary, with_changes_check=False)
    response = HttpResponse(document_pdf(document), content_type="application/pdf")
    return _attachment(response, download_name(document, "pdf"))


@area_view(SUMMARY)
def summary_docx(request, union_id: int, year: int):
    summary = _summary(request, union_id, year)
    document = services.build_document(summary=summary, with_changes_check=False)
    response = HttpResponse(
        word.document_bytes(document),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    return _attachment(response, download_name(document, "docx"))


@area_view(MEMBERS)
def member_ledger(request, member_id: int):
    """会员台账: one member's year — attendance, awards, suggestions, dues, aid, status events."""
    member = get_in_reach(request, Member.objects.select_related("union"), pk=member_id)
    year = _year_param(request)
    ledger = ledgers.member_year(member=member, year=year)
    return render(request, "reports/member_ledger.html", {"member": member, "year": year, "ledger": ledger})


def _year_param(request) -> int:
    return year_param(request.GET, "year", timezone.localdate().year, low=1950)


@area_view(SUMMARY)
def dashboard_view(request):
    union = union_param(request, default=request.role.union)
    year = _year_param(request)
    board = dashboard.build(union=union, year=year)
    return render(
        request, "reports/dashboard.html", {"board": board, "unions": unions_in_reach(request), "year": year}
    )
