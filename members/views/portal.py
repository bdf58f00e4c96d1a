"""The secretary's side of the members' own door: login slips, applications to join, corrections."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members import services
from members.models import ContactChange, JoinApplication, Member
from unionhub.access import MEMBERS, area_view, get_in_reach, in_reach
from unionhub.qr import qr_data_uri


def _slip(request, member: Member, code: str):
    """The login slip, shown once (the code is kept only as a password hash)."""
    activate = reverse("me:activate") + f"?login={member.login.user.username}&code={code}"
    url = request.build_absolute_uri(activate)
    return render(
        request,
        "members/portal/login_slip.html",
        {
            "member": member,
            "username": member.login.user.username,
            "code": code,
            "qr": qr_data_uri(url),
            "url": url,
        },
    )


@area_view(MEMBERS, write=True, methods=("POST",))
def login_slip(request, pk):
    member = get_in_reach(request, Member.objects.select_related("union"), pk=pk)
    _login, code = services.issue_login(member=member, by=request.user)
    return _slip(request, member, code)


@area_view(MEMBERS)
def application_list(request):
    applications = in_reach(request, JoinApplication.objects.select_related("union", "member"))
    changes = in_reach(request, ContactChange.objects.pending().select_related("member", "member__union"))
    link = request.build_absolute_uri(reverse("join_apply", args=[services.join_token(request.role.union)]))
    return render(
        request,
        "members/portal/application_list.html",
        {
            "open": applications.open(),
            "decided": applications.exclude(status=JoinApplication.Status.OPEN)[:50],
            "changes": changes,
            "link": link,
            "qr": qr_data_uri(link),
        },
    )


@area_view(MEMBERS, write=True, methods=("GET", "POST"))
def application_decide(request, pk):
    application = get_in_reach(request, JoinApplication.objects.open().select_related("union"), pk=pk)
    if request.method == "POST":
        today = timezone.localdate()
        try:
            if request.POST.get("decision") == "accept":
                member, code = services.accept_application(application=application, by=request.user, on=today)
                messages.success(
                    request, _("%(name)s 已入会，请打印登录凭条交给本人。") % {"name": member.name}
                )
                return _slip(request, member, code)
            services.decline_application(
                application=application, by=request.user, on=today, reason=request.POST.get("reason", "")
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("已作“未同意”处理。"))
            return redirect("members:application_list")
    already = Member.objects.filter(id_number=application.id_number).first()
    return render(
        request, "members/portal/application_decide.html", {"application": application, "already": already}
    )


@area_view(MEMBERS, write=True, methods=("POST",))
def contact_change_decide(request, pk):
    change = get_in_reach(request, ContactChange.objects.pending(), pk=pk)
    confirm = request.POST.get("decision") == "confirm"
    try:
        services.decide_contact_change(change=change, by=request.user, confirm=confirm)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已确认更正。") if confirm else _("已退回更正。"))
    return redirect("members:application_list")
