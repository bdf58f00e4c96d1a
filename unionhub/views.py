from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from unionhub.access import unions_in_reach
from unionhub.middleware import SESSION_KEY
from unionhub.params import int_param


@login_required
@require_safe
def home(request):
    role = request.role
    unions = list(unions_in_reach(request)) if role else []
    template = f"unionhub/home_{role.kind}.html" if role else "unionhub/home_no_role.html"
    return render(request, template, {"unions": unions})


@login_required
@require_POST
def switch_role(request):
    role_pk = int_param(request.POST, "role")
    if role_pk is None:
        raise Http404
    role = get_object_or_404(request.user.roles.select_related("union"), pk=role_pk)
    request.session[SESSION_KEY] = role.pk
    messages.success(request, _("已切换到 %(role)s。") % {"role": role})
    next_url = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "home"
    return redirect(next_url)
