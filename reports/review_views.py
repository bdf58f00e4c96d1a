"""The yearly review report's pages: read by the chair and the auditors, written by the auditors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from reports import review
from reports.documents import word
from reports.documents.pdf import document_pdf
from reports.forms import FinaliseForm, SectionEditForm
from reports.models import AuditReport
from reports.views import pick_year_document, year_document
from unionhub.access import AUDIT, area_view, can_write

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@area_view(AUDIT)
def report_list(request):
    return pick_year_document(
        request,
        documents=AuditReport.objects.all(),
        target="reports:review_report",
        template="reports/review_list.html",
    )


def _report(request, union_id: int, year: int) -> AuditReport:
    return year_document(request, AuditReport, union_id, year)


@area_view(AUDIT)
def report_detail(request, union_id: int, year: int):
    report = _report(request, union_id, year)
    document = review.build_document(report=report)
    return render(
        request,
        "reports/review_detail.html",
        {
            "document": document,
            "report": report,
            "can_edit": can_write(request.role, AUDIT) and not report.is_final,
            "sign_form": FinaliseForm(initial={"signed_on": document.signed_on}),
        },
    )


@area_view(AUDIT, write=True)
def report_edit(request, union_id: int, year: int, key: str):
    if key not in review.SECTION_HEADINGS:
        raise Http404
    report = _report(request, union_id, year)
    if report.is_final:
        messages.error(request, _("本年度经费审查报告已签发，不能再修改。"))
        return redirect("reports:review_report", union_id=union_id, year=year)
    document = review.build_document(report=report, with_changes_check=False)
    section = next((s for s in document.sections if s.key == key), None)
    current = "\n".join(section.paragraphs) if section else ""
    generated = (section.generated if section.edited else section.paragraphs) if section else []
    form = SectionEditForm(request.POST or None, initial={"text": current})
    if request.method == "POST" and form.is_valid():
        text = "" if "discard" in request.POST else form.cleaned_data["text"]
        try:
            review.save_edit(
                report=review.get_report(union=report.union, year=year), by=request.user, key=key, text=text
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已保存“%(section)s”。") % {"section": review.SECTION_HEADINGS[key]})
        return redirect(reverse("reports:review_report", args=[union_id, year]) + f"#section-{key}")
    return render(
        request,
        "reports/review_edit.html",
        {
            "report": report,
            "key": key,
            "heading": review.SECTION_HEADINGS[key],
            "form": form,
            "generated_text": "\n".join(generated),
            "edited": bool(section and section.edited),
        },
    )


@area_view(AUDIT, write=True, methods=("POST",))
def report_sign_off(request, union_id: int, year: int):
    report = _report(request, union_id, year)
    form = FinaliseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写正确的落款日期。"))
        return redirect("reports:review_report", union_id=union_id, year=year)
    try:
        review.sign_off(
            report=review.get_report(union=report.union, year=year),
            by=request.user,
            signed_on=form.cleaned_data["signed_on"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("经费审查报告已签发，本年度报表已由经费审查委员会签字。"))
    return redirect("reports:review_report", union_id=union_id, year=year)


@area_view(AUDIT)
def report_print(request, union_id: int, year: int):
    document = review.build_document(report=_report(request, union_id, year), with_changes_check=False)
    return render(request, "reports/print.html", {"document": document})


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@area_view(AUDIT)
def report_pdf(request, union_id: int, year: int):
    report = _report(request, union_id, year)
    document = review.build_document(report=report, with_changes_check=False)
    return _download(document_pdf(document), "application/pdf", f"audit-report-{report.union.pk}-{year}.pdf")


@area_view(AUDIT)
def report_docx(request, union_id: int, year: int):
    report = _report(request, union_id, year)
    document = review.build_document(report=report, with_changes_check=False)
    return _download(word.document_bytes(document), DOCX, f"audit-report-{report.union.pk}-{year}.docx")
