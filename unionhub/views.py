from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from unionhub import hooks
from unionhub.access import unions_in_reach
from unionhub.middleware import SESSION_KEY


@login_required
@require_safe
def home(request):
    role = request.role
    unions = list(unions_in_reach(request)) if role else []
    template = f"unionhub/home_{role.kind}.html" if role else "unionhub/home_no_role.html"
    # What is due in the role's reach, from the apps downstream (unionhub.hooks.WORKLIST).
    worklist = hooks.worklist(request, timezone.localdate())
    return render(request, template, {"unions": unions, "worklist": worklist})


@login_required
@require_POST
def switch_role(request):
    role = get_object_or_404(
        request.user.roles.current().select_related("union"), pk=request.POST.get("role")
    )
    request.session[SESSION_KEY] = role.pk
    messages.success(request, _("已切换到 %(role)s。") % {"role": role})
    next_url = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "home"
    return redirect(next_url)


class OwnPasswordForm(PasswordChangeForm):
    """Django's password change, refusing to keep the old (one-time) password."""

    def clean_new_password1(self):
        password = self.cleaned_data.get("new_password1")
        if password and self.user.check_password(password):
            raise ValidationError(_("新密码不能与原密码相同。"))
        return password


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing one's password also lifts the one-time password's lock (User.must_change_password)."""

    form_class = OwnPasswordForm
    http_method_names = ["get", "head", "post"]

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.user.must_change_password:
            form.user.must_change_password = False
            form.user.save(update_fields=["must_change_password"])
        return response
