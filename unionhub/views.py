from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from unionhub import attachments, hooks
from unionhub.access import ORGANISATION, can_read, can_write, get_in_reach, unions_in_reach
from unionhub.middleware import SESSION_KEY
from unionhub.models import Attachment
from unionhub.params import int_param, text_param

# The home page lists the unions in reach nearest the top, this many; the organisation tree lists all.
HOME_UNIONS = 40


@login_required
@require_safe
def home(request):
    role = request.role
    if role is None and getattr(request.user, "member_login", None) is not None:
        return redirect("me:home")  # a member's own login (reports.portal)
    reach = unions_in_reach(request)
    unions = list(reach.nearest(HOME_UNIONS)) if role else []
    template = f"unionhub/home_{role.kind}.html" if role else "unionhub/home_no_role.html"
    # What is due in the role's reach, from the apps downstream (unionhub.hooks.WORKLIST).
    worklist = hooks.worklist(request, timezone.localdate())
    context = {
        "unions": unions,
        "unions_in_reach": reach.count(),
        "worklist": worklist,
        "sees_tree": can_read(role, ORGANISATION),
    }
    return render(request, template, context)


# How many unions a picker's search box offers for what was typed.
UNION_MATCHES = 20


@login_required
@require_safe
def union_search(request):
    """The unions in the active role's reach whose name (or short name) contains what was typed, for
    the search box of a union picker (static/js/unionhub.js): [{"id": 3, "label": "甲单位工会"}, …], in
    tree order, not indented (the matches are not a tree)."""
    if request.role is None:
        raise Http404
    text = text_param(request.GET, max_length=40)
    unions = unions_in_reach(request)
    if text:
        unions = unions.filter(Q(name__contains=text) | Q(short_name__contains=text))
    rows = unions.order_by("path").values_list("pk", "name")[:UNION_MATCHES]
    return JsonResponse({"unions": [{"id": pk, "label": name} for pk, name in rows]})


@login_required
@require_POST
def switch_role(request):
    role_pk = int_param(request.POST, "role")
    if role_pk is None:
        raise Http404
    role = get_object_or_404(request.user.roles.current().select_related("union"), pk=role_pk)
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


def _back(request, record) -> str:
    next_url = request.POST.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    if hasattr(record, "get_absolute_url"):
        return record.get_absolute_url()
    return reverse("home")


def _attachment_in_reach(request, pk) -> tuple[Attachment, attachments.AttachableKind, object]:
    """The attachment, its kind and its record, by the record's access rule: another union's file
    answers 404; a role that may not read the record's area 403."""
    if request.role is None:
        raise Http404
    attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
    kind = attachments.kind_of(attachment)
    if kind is None:
        raise Http404
    record = get_in_reach(request, kind.model, pk=attachment.object_id)
    if not can_read(request.role, kind.area):
        raise PermissionDenied
    return attachment, kind, record


@login_required
@require_POST
def attachment_add(request, kind, pk):
    """Attach a photo or scan to a record (the upload form sits on the record's page)."""
    attachable = attachments.KINDS.get(kind)
    if attachable is None or request.role is None:
        raise Http404
    record = get_in_reach(request, attachable.model, pk=pk)
    if not can_write(request.role, attachable.area):
        raise PermissionDenied
    uploads = request.FILES.getlist("photo") + request.FILES.getlist("file")
    refusals = []
    if getattr(request, "upload_too_large", None):
        refusals.append(
            _("附件未上传：%(reason)s")
            % {
                "reason": _("文件超过 %(size)d MB，请压缩或分页扫描后再上传。")
                % {"size": attachments.max_bytes() // (1024 * 1024)}
            }
        )
    elif not uploads:
        uploads = [None]  # add_attachment says what is missing
    saved, refused = attachments.add_attachments(
        record=record, uploads=uploads, by=request.user, note=request.POST.get("note", "")
    )
    refusals += [_refusal(name, error) for name, error in refused]
    for refusal in refusals:
        messages.error(request, refusal)
    if saved:
        messages.success(
            request,
            _("附件“%(name)s”已上传。") % {"name": "”“".join(attachment.name for attachment in saved)},
        )
    return redirect(_back(request, record))


def _refusal(name: str, error: ValidationError) -> str:
    reason = "；".join(error.messages)
    if name:
        return _("附件“%(name)s”未上传：%(reason)s") % {"name": name, "reason": reason}
    return _("附件未上传：%(reason)s") % {"reason": reason}


@login_required
@require_safe
def attachment_file(request, pk, *, thumbnail=False):
    """The stored bytes, to those who may read the record; never from a public URL.

    A photo is shown in the browser; anything else (a PDF, which may carry JavaScript that the browser's
    viewer runs) is downloaded. Either way in a sandbox (`Content-Security-Policy: sandbox`: no script,
    no form, not this site's origin) and never sniffed into another type."""
    attachment, _kind, _record = _attachment_in_reach(request, pk)
    return attachments.response(attachment, thumbnail=thumbnail)


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment, kind, record = _attachment_in_reach(request, pk)
    if not can_write(request.role, kind.area):
        raise PermissionDenied
    if not kind.deletable:
        messages.error(request, _("财务凭证与救助的附件是会计档案，不能删除。"))
        return redirect(_back(request, record))
    if request.POST.get("confirm") != "1":  # the page's button sends it, after the browser asks
        messages.error(request, _("请在附件下点“删除”并确认。"))
        return redirect(_back(request, record))
    attachments.delete_attachment(attachment=attachment)
    messages.success(request, _("附件“%(name)s”已删除。") % {"name": attachment.name})
    return redirect(_back(request, record))
