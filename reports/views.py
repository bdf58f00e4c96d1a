from pathlib import Path

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from reports import dashboard, ledgers, services
from reports.forms import FinaliseForm, SectionEditForm, SummaryPickForm
from reports.models import AnnualSummary
from reports.pdf import html_to_pdf
from reports.writer import SECTION_HEADINGS
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


@area_view(SUMMARY)
def summary_list(request):
    unions = unions_in_reach(request)
    form = SummaryPickForm(
        request.GET or None,
        unions=unions,
        initial={"union": request.role.union, "year": timezone.localdate().year},
    )
    if form.is_valid():
        return redirect(
            "reports:summary", union_id=form.cleaned_data["union"].pk, year=form.cleaned_data["year"]
        )
    summaries = in_reach(request, AnnualSummary.objects.select_related("union", "finalised_by"))
    return render(request, "reports/summary_list.html", {"form": form, "summaries": summaries})


def _summary(request, union_id: int, year: int) -> AnnualSummary:
    if not 1950 <= year <= 2100:
        raise Http404
    union = union_in_reach(request, union_id)
    summary = (
        AnnualSummary.objects.filter(union=union, year=year).select_related("union", "finalised_by").first()
    )
    return summary or AnnualSummary(union=union, year=year)


@area_view(SUMMARY)
def summary_detail(request, union_id: int, year: int):
    summary = _summary(request, union_id, year)
    document = services.build_document(summary=summary)
    return render(
        request,
        "reports/summary_detail.html",
        {
            "document": document,
            "summary": summary,
            "can_edit": can_write(request.role, SUMMARY) and not summary.is_final,
            "finalise_form": FinaliseForm(initial={"signed_on": document.signed_on}),
        },
    )


@area_view(SUMMARY, write=True)
def summary_edit(request, union_id: int, year: int, key: str):
    if key not in SECTION_HEADINGS:
        raise Http404
    summary = _summary(request, union_id, year)
    if summary.is_final:
        messages.error(request, _("本年度总结已定稿，不能再修改。"))
        return redirect("reports:summary", union_id=union_id, year=year)
    document = services.build_document(summary=summary)
    section = next((s for s in document.sections if s.key == key), None)
    current = services.paragraphs_to_text(section.paragraphs) if section else ""
    generated = section.generated if section and section.edited else (section.paragraphs if section else [])
    form = SectionEditForm(request.POST or None, initial={"text": current})
    if request.method == "POST":
        if "discard" in request.POST:
            services.discard_edit(summary=services.get_summary(union=summary.union, year=year), key=key)
            messages.success(request, _("已恢复为根据台账生成的文字。"))
            return redirect("reports:summary", union_id=union_id, year=year)
        if form.is_valid():
            services.save_edit(
                summary=services.get_summary(union=summary.union, year=year),
                key=key,
                text=form.cleaned_data["text"],
            )
            messages.success(request, _("已保存“%(section)s”的修改。") % {"section": SECTION_HEADINGS[key]})
            return redirect(reverse("reports:summary", args=[union_id, year]) + f"#section-{key}")
    return render(
        request,
        "reports/summary_edit.html",
        {
            "summary": summary,
            "key": key,
            "heading": SECTION_HEADINGS[key],
            "form": form,
            "generated_text": services.paragraphs_to_text(generated),
            "edited": bool(section and section.edited),
        },
    )


@area_view(SUMMARY, write=True, methods=("POST",))
def summary_finalise(request, union_id: int, year: int):
    summary = _summary(request, union_id, year)
    form = FinaliseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写正确的落款日期。"))
        return redirect("reports:summary", union_id=union_id, year=year)
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
    return redirect("reports:summary", union_id=union_id, year=year)


@area_view(SUMMARY)
def summary_print(request, union_id: int, year: int):
    document = services.build_document(summary=_summary(request, union_id, year), with_changes_check=False)
    return render(request, "reports/summary_print.html", {"document": document})


@area_view(SUMMARY)
def summary_pdf(request, union_id: int, year: int):
    summary = _summary(request, union_id, year)
    document = services.build_document(summary=summary, with_changes_check=False)
    pdf = render_summary_pdf(document)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"summary-{summary.union.pk}-{year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def render_summary_pdf(document) -> bytes:
    stylesheet = Path(finders.find("css/summary.css")).read_text(encoding="utf-8")
    html = render_to_string(
        "reports/summary_print.html", {"document": document, "for_pdf": True, "stylesheet": stylesheet}
    )
    return html_to_pdf(html)


@area_view(MEMBERS)
def member_ledger(request, member_id: int):
    """会员台账: one member's year — attendance, awards, suggestions, dues, aid, status events."""
    member = get_in_reach(request, Member.objects.select_related("union"), pk=member_id)
    year = _year_param(request)
    ledger = ledgers.member_year(member=member, year=year)
    return render(request, "reports/member_ledger.html", {"member": member, "year": year, "ledger": ledger})


def _year_param(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 1950 <= year <= 2100 else timezone.localdate().year


@area_view(SUMMARY)
def dashboard_view(request):
    union = request.role.union
    if request.GET.get("union"):
        try:
            union = union_in_reach(request, int(request.GET["union"]))
        except ValueError:
            raise Http404 from None
    year = _year_param(request)
    board = dashboard.build(union=union, year=year)
    return render(
        request, "reports/dashboard.html", {"board": board, "unions": unions_in_reach(request), "year": year}
    )
