"""Hardship case files (困难职工档案): read by the chair and secretary of the union that looks after
the file (`HardshipCase.union`) and of the unions above it — the one rule every reader follows."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from members import services, tables
from members.filters import HardshipFilter
from members.forms import CloseCaseForm, FamilyFormSet, HardshipCaseForm, VerifyForm
from members.models import HardshipCase, Member
from members.views.common import log_personal_data_read
from unionhub.access import HARDSHIP, area_view, get_in_reach, in_reach
from unionhub.pages import apply_errors, page_of
from unionhub.tables import table_output


def _cases(request):
    return in_reach(request, HardshipCase.objects.select_related("member", "union"))


def _case(request, pk) -> HardshipCase:
    return get_in_reach(
        request,
        HardshipCase.objects.select_related("member__union", "union", "filed_by", "reviewed_by"),
        pk=pk,
    )


@area_view(HARDSHIP)
def hardship_list(request):
    filterset = HardshipFilter(request.GET, queryset=_cases(request), request=request)
    queryset = filterset.qs.order_by("closed_on", "level", "member__name_pinyin", "pk")
    if output := table_output(request, tables.HARDSHIP, queryset.select_related("member", "union")):
        log_personal_data_read(
            request,
            what=_("困难职工档案台账（家庭收入）导出或打印"),
            row_count=queryset.count(),
            filters=request.GET.urlencode(),
        )
        return output
    return render(
        request,
        "members/hardship_list.html",
        {"filter": filterset, "page": page_of(request, queryset), "today": timezone.localdate()},
    )


@area_view(HARDSHIP)
def hardship_due(request):
    today = timezone.localdate()
    cases = _cases(request).due_for_verification(today)
    return render(request, "members/hardship_due.html", {"page": page_of(request, cases), "today": today})


@area_view(HARDSHIP)
def hardship_detail(request, pk):
    case = _case(request, pk)
    log_personal_data_read(request, what=_("困难职工档案（家庭成员与收入）"), member=case.member)
    return render(
        request,
        "members/hardship_detail.html",
        {
            "case": case,
            "family": case.family.all(),
            "verifications": case.verifications.select_related("verified_by"),
            "today": timezone.localdate(),
        },
    )


def _save(request, *, case: HardshipCase, member: Member, form, formset):
    """Validate the file and its household together; the service saves them in one transaction."""
    if not (form.is_valid() and formset.is_valid()):
        return None
    case = form.save(commit=False)
    case.member = member
    family = formset.save(commit=False)
    try:
        return services.save_hardship_case(
            case=case, by=request.user, family=family, removed=formset.deleted_objects
        )
    except ValidationError as error:
        apply_errors(form, error)
        return None


@area_view(HARDSHIP, write=True)
def hardship_create(request, member_pk):
    member = get_in_reach(request, Member.objects.select_related("union"), pk=member_pk)
    open_case = member.hardship_cases.open().first()
    if open_case is not None:
        messages.info(request, _("%(name)s 已有在档的困难职工档案。") % {"name": member.name})
        return redirect("members:hardship_detail", pk=open_case.pk)
    case = HardshipCase(member=member, union=member.union)
    form = HardshipCaseForm(request.POST or None, instance=case, member=member)
    formset = FamilyFormSet(request.POST or None, instance=case, prefix="family")
    if request.method == "POST":
        saved = _save(request, case=case, member=member, form=form, formset=formset)
        if saved is not None:
            messages.success(request, _("已为 %(name)s 建立困难职工档案。") % {"name": member.name})
            return redirect("members:hardship_detail", pk=saved.pk)
    return render(
        request,
        "members/hardship_form.html",
        {"form": form, "formset": formset, "member": member, "title": _("建立困难职工档案")},
    )


@area_view(HARDSHIP, write=True)
def hardship_edit(request, pk):
    case = _case(request, pk)
    form = HardshipCaseForm(request.POST or None, instance=case, member=case.member)
    formset = FamilyFormSet(request.POST or None, instance=case, prefix="family")
    if request.method == "POST":
        saved = _save(request, case=case, member=case.member, form=form, formset=formset)
        if saved is not None:
            messages.success(request, _("档案已保存。"))
            return redirect("members:hardship_detail", pk=saved.pk)
    return render(
        request,
        "members/hardship_form.html",
        {
            "form": form,
            "formset": formset,
            "member": case.member,
            "case": case,
            "title": _("修改困难职工档案"),
        },
    )


@area_view(HARDSHIP, write=True)
def hardship_verify(request, pk):
    case = _case(request, pk)
    form = VerifyForm(request.POST or None, initial={"level": case.level})
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_hardship_case(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已记录年度复核。"))
            return redirect("members:hardship_detail", pk=case.pk)
    return render(
        request,
        "members/hardship_step.html",
        {"form": form, "case": case, "title": _("年度复核"), "button": _("记录复核")},
    )


@area_view(HARDSHIP, write=True)
def hardship_close(request, pk):
    case = _case(request, pk)
    form = CloseCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_hardship_case(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("档案已解困。"))
            return redirect("members:hardship_detail", pk=case.pk)
    return render(
        request,
        "members/hardship_step.html",
        {"form": form, "case": case, "title": _("解困"), "button": _("确认解困")},
    )
