"""The roll, one member's page, registering, editing, status changes, the export and its log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members import services, signals, tables
from members.filters import MemberFilter
from members.forms import MemberForm, NewMemberForm, StatusChangeForm, TransferForm, UnmaskedExportForm
from members.models import Member, PersonalDataAccess
from members.rolls import write_roll
from members.views.common import log_personal_data_read, system_unions
from unionhub.access import (
    AUDIT,
    HARDSHIP,
    MEMBERS,
    area_view,
    can_read,
    can_write,
    get_in_reach,
    in_reach,
    sees_personal_data,
    unions_in_reach,
)
from unionhub.pages import apply_errors, kept_for_next, next_entry, page_of
from unionhub.tables import table_output

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Status = Member.Status


def _roll(request) -> MemberFilter:
    return MemberFilter(request.GET, queryset=in_reach(request, Member.objects.all()), request=request)


@area_view(MEMBERS)
def member_list(request):
    filterset = _roll(request)
    if output := table_output(
        request, tables.ROLL, filterset.qs.select_related("union"), filters=filterset.describe()
    ):
        return output
    page = page_of(request, filterset.qs.select_related("union"), one_pass=True)
    if sees_personal_data(request.role) and page.object_list:
        log_personal_data_read(
            request,
            what=_("会员名册（含完整身份证号、手机号）第%(page)d页") % {"page": page.number},
            row_count=len(page.object_list),
            filters=filterset.describe(),
        )
    return render(
        request,
        "members/member_list.html",
        {
            "filter": filterset,
            "page": page,
            "sees_personal": sees_personal_data(request.role),
            "export_form": UnmaskedExportForm(),
        },
    )


@area_view(MEMBERS, methods=("GET", "POST"))  # POST: the unmasked export, checked below
def member_export(request):
    """The filtered roll as xlsx: masked on GET; unmasked on POST with a purpose, logged."""
    filterset = _roll(request)
    unmasked = request.method == "POST"
    if unmasked:
        if not sees_personal_data(request.role):
            raise PermissionDenied
        form = UnmaskedExportForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("导出完整信息须填写用途。"))
            return redirect(f"{reverse('members:member_list')}?{request.GET.urlencode()}")
    roll, count = write_roll(
        filterset.qs.select_related("union"), unmasked=unmasked, title=_("会员名册"), union=request.role.union
    )
    if unmasked:
        PersonalDataAccess.objects.create(
            user=request.user,
            union=request.role.union,
            role_kind=request.role.kind,
            what=_("会员名册导出（含完整身份证号、手机号）"),
            filters=filterset.describe()[:500],
            row_count=count,
            purpose=form.cleaned_data["purpose"],
        )
    response = FileResponse(roll, content_type=XLSX)
    file_name = _("会员名册-%(union)s-%(date)s.xlsx") % {
        "union": request.role.union.label,
        "date": timezone.localdate().isoformat(),
    }
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return response


@area_view(AUDIT)
def access_log(request):
    entries = in_reach(request, PersonalDataAccess.objects.filter(kind=PersonalDataAccess.Kind.EXPORT))
    entries = entries.select_related("user", "union")
    return render(request, "members/access_log.html", {"page": page_of(request, entries)})


def _actions(member: Member) -> list[tuple[str, str, str]]:
    """(url, label, button style) of the status changes the member's status allows."""
    choices = {
        Status.ACTIVE: ["transfer", "retain", "leave", "remove", "decease"],
        Status.RETAINED: ["restore", "leave", "remove", "decease"],
        Status.TRANSFERRED_OUT: ["return"],
        Status.LEFT: ["rejoin", "return"],
        Status.REMOVED: ["rejoin"],
        Status.DECEASED: [],
    }[member.status]
    actions = []
    for action in choices:
        if action == "transfer":
            url = reverse("members:member_transfer", args=[member.pk])
        else:
            url = reverse("members:member_change", args=[member.pk, action])
        actions.append((url, CHANGES[action]["label"], CHANGES[action]["style"]))
    return actions


@area_view(MEMBERS)
def member_detail(request, pk):
    member = get_in_reach(request, Member.objects.select_related("union"), pk=pk)
    events = member.events.select_related("union", "other_union", "recorded_by").order_by("date", "pk")
    if sees_personal_data(request.role):
        log_personal_data_read(request, what=_("会员资料（含完整身份证号、手机号）"), member=member)
    cases = None
    if can_read(request.role, HARDSHIP):
        # Only the files this role reaches: a file closed before a transfer stays with the old union.
        cases = list(in_reach(request, member.hardship_cases.select_related("union")).order_by("-opened_on"))
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "events": events,
            "cases": cases,
            "has_open_case": any(case.is_open for case in cases or []),
            "actions": _actions(member) if can_write(request.role, MEMBERS) else [],
            "sees_personal": sees_personal_data(request.role),
        },
    )


KEPT_FOR_NEXT = ("union", "how", "date", "employer", "department", "employment_type")


@area_view(MEMBERS, write=True)
def member_create(request):
    unions = unions_in_reach(request)
    kept = kept_for_next(request.GET, KEPT_FOR_NEXT)
    form = NewMemberForm(
        request.POST or None,
        unions=unions,
        reach=request.role.union,
        initial={"union": request.role.union, **kept},
    )
    if request.method == "POST" and form.is_valid():
        member = form.save(commit=False)
        data = form.cleaned_data
        try:
            with transaction.atomic():  # the member and the wage on their form, or neither
                if data["how"] == NewMemberForm.HOW_TRANSFER_IN:
                    member = services.transfer_in(
                        member=member,
                        union=data["union"],
                        from_union_name=data["from_union_name"],
                        by=request.user,
                        date=data["date"],
                        reason=data["reason"],
                    )
                else:
                    member = services.join(
                        member=member,
                        union=data["union"],
                        by=request.user,
                        date=data["date"],
                        reason=data["reason"],
                    )
                if data.get("wage"):
                    signals.wage_stated.send(
                        sender=Member,
                        member=member,
                        amount=data["wage"],
                        by=request.user,
                        effective_from=data["date"].replace(day=1),
                    )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已登记会员 %(name)s。") % {"name": member.name})
            if "add_next" in request.POST:
                return next_entry("members:member_create", request.POST, KEPT_FOR_NEXT)
            return redirect("members:member_detail", pk=member.pk)
    return render(request, "members/member_form.html", {"form": form, "title": _("登记会员")})


@area_view(MEMBERS, write=True)
def member_edit(request, pk):
    member = get_in_reach(request, Member.objects.select_related("union"), pk=pk)
    form = MemberForm(request.POST or None, instance=member, reach=request.role.union)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存 %(name)s 的资料。") % {"name": member.name})
        return redirect("members:member_detail", pk=member.pk)
    return render(
        request,
        "members/member_form.html",
        {"form": form, "member": member, "title": _("修改会员资料：%(name)s") % {"name": member.name}},
    )


def _rejoin(*, member, by, date, reason, **extra):
    return services.join(member=member, union=member.union, by=by, date=date, reason=reason)


def _return(*, member, by, date, reason, other_union_name, **extra):
    return services.transfer_in(
        member=member, union=member.union, from_union_name=other_union_name, by=by, date=date, reason=reason
    )


CHANGES = {
    "transfer": {"label": gettext_lazy("转出"), "style": "primary"},
    "retain": {
        "service": services.retain,
        "label": gettext_lazy("保留会籍"),
        "style": "outline-primary",
        "reason_required": True,
        "reason_help": gettext_lazy("如：退休、失业。保留会籍期间不交会费。"),
    },
    "restore": {"service": services.restore, "label": gettext_lazy("恢复会籍"), "style": "primary"},
    "leave": {"service": services.leave, "label": gettext_lazy("退会"), "style": "outline-secondary"},
    "remove": {
        "service": services.remove,
        "label": gettext_lazy("除名"),
        "style": "outline-danger",
        "reason_required": True,
        "reason_help": gettext_lazy("如：连续六个月未交会费、未参加工会活动，且无正当理由。"),
    },
    "decease": {"service": services.decease, "label": gettext_lazy("登记去世"), "style": "outline-secondary"},
    "rejoin": {"service": _rejoin, "label": gettext_lazy("重新入会"), "style": "primary"},
    "return": {
        "service": _return,
        "label": gettext_lazy("从系统外转入"),
        "style": "outline-primary",
        "needs_union_name": True,
    },
}


@area_view(MEMBERS, write=True)
def member_change(request, pk, action):
    change = CHANGES.get(action)
    if change is None or "service" not in change:
        raise Http404
    member = get_in_reach(request, Member.objects.select_related("union"), pk=pk)
    form = StatusChangeForm(
        request.POST or None,
        reason_required=change.get("reason_required", False),
        needs_union_name=change.get("needs_union_name", False),
    )
    if change.get("reason_help"):
        form.fields["reason"].help_text = change["reason_help"]
    if request.method == "POST" and form.is_valid():
        try:
            change["service"](member=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("已为 %(name)s 办理“%(action)s”。") % {"name": member.name, "action": change["label"]},
            )
            return redirect("members:member_detail", pk=member.pk)
    return render(
        request,
        "members/member_change.html",
        {"form": form, "member": member, "title": change["label"], "action": action},
    )


@area_view(MEMBERS, write=True)
def member_transfer(request, pk):
    member = get_in_reach(request, Member.objects.select_related("union"), pk=pk)
    unions = system_unions(member.union).exclude(pk=member.union_id)
    form = TransferForm(request.POST or None, unions=unions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["where"] == TransferForm.INSIDE:
                services.transfer(
                    member=member,
                    to_union=data["to_union"],
                    by=request.user,
                    date=data["date"],
                    reason=data["reason"],
                )
                target = data["to_union"].name
            else:
                services.transfer_out(
                    member=member,
                    to_union_name=data["to_union_name"],
                    by=request.user,
                    date=data["date"],
                    reason=data["reason"],
                )
                target = data["to_union_name"]
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s 已转至 %(union)s。") % {"name": member.name, "union": target}
            )
            if in_reach(request, Member.objects.filter(pk=member.pk)).exists():
                return redirect("members:member_detail", pk=member.pk)
            return redirect("members:member_list")
    return render(request, "members/member_transfer.html", {"form": form, "member": member})
