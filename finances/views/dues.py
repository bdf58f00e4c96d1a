"""Dues and the 2% allocation: the month's run, arrears, wage bases, a member's dues history."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from finances import selectors, services, tables
from finances.forms import AllocationForm, DuesRunForm, LateDuesForm, WageForm
from finances.membership import members_of, paying_members
from finances.models import Allocation, DuesRun, WageBase
from finances.selectors import month_bounds
from finances.views.common import chosen_union, chosen_year, union_context, url_with
from members.models import Member
from unionhub.access import FINANCES, area_view, get_in_reach
from unionhub.pages import apply_errors, page_of
from unionhub.params import month_param, text_param
from unionhub.tables import table_output


def skipped_by_run(run: DuesRun) -> list[tuple[str, str]]:
    """(name, why) of every paying member the month's run left out: no wage on record, or the month
    already recorded on its own (a late payment entered before the run)."""
    first, last = month_bounds(run.year, run.month)
    no_wage = (
        selectors.arrears(union=run.union, year=run.year, month=run.month)
        .filter(wage__isnull=True)
        .order_by("name_pinyin", "name")
        .values_list("name", flat=True)
    )
    paid_apart = (
        paying_members(run.union)
        .filter(join_date__lte=last)
        .filter(selectors.dues_paid(first))
        .exclude(pk__in=run.voucher.lines.values("member"))
        .order_by("name_pinyin", "name")
        .values_list("name", flat=True)
    )
    return [(name, _("未登记月工资")) for name in no_wage] + [
        (name, _("本月会费已另行记账")) for name in paid_apart
    ]


@area_view(FINANCES, write="post")
def dues(request):
    """The year's dues month by month; the treasurer records a month in one step."""
    union = chosen_union(request)
    year = chosen_year(request)
    today = timezone.localdate()
    form = DuesRunForm(request.POST or None, initial={"year": today.year, "month": today.month})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.run_monthly_dues(union=union, by=request.role, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("已记%(year)s年%(month)s月会费：%(count)s人，%(voucher)s凭证。")
                % {"year": run.year, "month": run.month, "count": run.members, "voucher": run.voucher},
            )
            skipped = skipped_by_run(run)
            if skipped:
                messages.warning(
                    request,
                    _("未计入 %(count)d 人：%(names)s。")
                    % {
                        "count": len(skipped),
                        "names": "、".join(f"{name}（{why}）" for name, why in skipped),
                    },
                )
            return redirect(url_with("finances:dues", union, year=run.year))
    runs = {
        run.month: run
        for run in DuesRun.objects.filter(union=union, year=year, cancelled=False).select_related("voucher")
    }
    return render(
        request,
        "finances/dues.html",
        {
            **union_context(request, union),
            "year": year,
            "form": form,
            "months": [(month, runs.get(month)) for month in range(1, 13)],
            "paying": paying_members(union).count(),
            "without_wage": paying_members(union).filter(wage_bases__isnull=True).count(),
        },
    )


@area_view(FINANCES)
def arrears(request):
    union = chosen_union(request)
    year = chosen_year(request)
    month = month_param(request.GET, "month", timezone.localdate().month)
    members = (
        selectors.arrears(union=union, year=year, month=month)
        .select_related("union")
        .order_by("name_pinyin", "name", "pk")
    )
    arrears_table = replace(
        tables.ARREARS, title=_("欠缴会费名单（%(year)d年%(month)d月）") % {"year": year, "month": month}
    )
    if output := table_output(request, arrears_table, members, union=union):
        return output
    return render(
        request,
        "finances/arrears.html",
        {
            **union_context(request, union),
            "year": year,
            "month": month,
            "page": page_of(request, members),
            "today": timezone.localdate(),
        },
    )


@area_view(FINANCES, write=True, methods=("POST",))
def dues_late(request):
    union = chosen_union(request)
    form = LateDuesForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        member = get_in_reach(request, Member, pk=data.pop("member"))
        try:
            services.record_member_dues(union=union, by=request.role, member=member, **data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已记%(member)s补缴的会费。") % {"member": member})
        return redirect(url_with("finances:arrears", union, year=data["year"], month=data["month"]))
    messages.error(request, _("补缴信息不完整。"))
    return redirect(url_with("finances:arrears", union))


@area_view(FINANCES)
def wage_list(request):
    """Members of the union's books with the wage base in effect today."""
    union = chosen_union(request)
    today = timezone.localdate()
    query = text_param(request.GET, "q")
    members = (
        members_of(union)
        .filter(status__in=[Member.Status.ACTIVE, Member.Status.RETAINED])
        .annotate(wage=WageBase.objects.amount_subquery(today))
        .order_by("name_pinyin", "name", "pk")
    )
    if query:
        members = members.filter(name__contains=query)
    return render(
        request,
        "finances/wage_list.html",
        {**union_context(request, union), "page": page_of(request, members), "query": query},
    )


@area_view(FINANCES, write=True)
def wage_edit(request, member_pk):
    member = get_in_reach(request, Member.objects.select_related("union"), pk=member_pk)
    form = WageForm(request.POST or None, initial={"effective_from": timezone.localdate().replace(day=1)})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_wage_base(member=member, by=request.role, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已登记%(member)s的月工资。") % {"member": member})
            return redirect("finances:member_dues", member_pk=member.pk)
    return render(
        request,
        "finances/form.html",
        {
            "form": form,
            "title": _("登记月工资：%(member)s") % {"member": member},
            "note": _("会费按月工资的0.5%计缴，工资中不足10元的部分不计。奖金、津贴、补贴不计入。"),
        },
    )


@area_view(FINANCES)
def member_dues(request, member_pk):
    member = get_in_reach(
        request,
        Member.objects.select_related("union").prefetch_related(
            Prefetch("wage_bases", queryset=WageBase.objects.order_by("-effective_from"))
        ),
        pk=member_pk,
    )
    history = selectors.dues_history(member)
    return render(
        request, "finances/member_dues.html", {"member": member, "page": page_of(request, history, size=24)}
    )


@area_view(FINANCES, write="post")
def allocations(request):
    union = chosen_union(request)
    year = chosen_year(request)
    today = timezone.localdate()
    form = AllocationForm(request.POST or None, initial={"year": today.year, "month": today.month})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            allocation = services.record_allocation(
                union=union,
                by=request.role,
                year=data["year"],
                month=data["month"],
                payroll=data["payroll"],
                date=data["date"],
                kept_share=data["kept_percent"] / 100,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已记拨缴经费：%(voucher)s凭证。") % {"voucher": allocation.voucher})
            return redirect(url_with("finances:allocations", union, year=allocation.year))
    rows = Allocation.objects.filter(union=union, year=year).select_related("voucher").order_by("month", "pk")
    return render(
        request,
        "finances/allocations.html",
        {**union_context(request, union), "year": year, "form": form, "rows": rows},
    )
