"""The members' own pages (我的): one member's record, check-in by an activity's code, their
suggestions and corrections, and the activation of their login.

A member's login has no role: `member_view` lets in only a user tied to a member record
(members.MemberLogin) and every record is looked up through that member, so another member's record
answers 404; the officers' pages answer 404 to them (unionhub.access.area_view).
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, login, password_validation
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from activities import services as activity_services
from activities.models import Attendance, Suggestion
from finances.selectors import member_dues_months
from members import services as member_services
from members.forms import ContactChangeForm
from members.models import ContactChange, MemberLogin
from reports.ledgers import member_year
from unionhub import attachments
from unionhub.attachments import attachments_of
from unionhub.params import int_param


def member_of(user):
    """The member record a login belongs to, or None (an officer's login, anonymous)."""
    try:
        return user.member_login.member
    except (AttributeError, ObjectDoesNotExist):
        return None


def member_view(methods: tuple[str, ...] = ("GET",)):
    """Guard a member's page: login, the HTTP method, and a login tied to a member (else 404)."""
    accepted = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in accepted:
                return HttpResponseNotAllowed(sorted(accepted))
            member = member_of(request.user)
            if member is None:
                raise Http404
            request.member = member
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@member_view()
def my_page(request):
    member = request.member
    today = timezone.localdate()
    year = int_param(request.GET, "year") or today.year
    if not 2000 <= year <= today.year:
        year = today.year
    ledger = member_year(member=member, year=year)
    return render(
        request,
        "portal/my_page.html",
        {
            "member": member,
            "year": year,
            "years": range(today.year, max(member.join_date.year, today.year - 5) - 1, -1),
            "ledger": ledger,
            "dues_months": member_dues_months(member=member, year=year, on=today),
            "all_suggestions": Suggestion.objects.filter(member=member).order_by("-collected_on", "-pk")[:50],
            "pending": ContactChange.objects.pending().filter(member=member).first(),
        },
    )


@member_view(("GET", "POST"))
def contact(request):
    member = request.member
    form = ContactChangeForm(
        request.POST or None, initial={"mobile": member.mobile, "address": member.address}
    )
    if request.method == "POST" and form.is_valid():
        try:
            member_services.request_contact_change(member=member, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("mobile" if hasattr(error, "error_dict") else None, "；".join(error.messages))
        else:
            messages.success(request, _("更正已提交，工会干事确认后生效。"))
            return redirect("me:home")
    return render(request, "portal/contact.html", {"form": form})


@member_view(("GET", "POST"))
def checkin(request, token):
    try:
        activity = activity_services.activity_of_token(token)
    except ValidationError as error:
        return render(request, "portal/checkin.html", {"refused": "；".join(error.messages)})
    if request.method == "POST":
        try:
            activity_services.check_in(activity=activity, member=request.member, at=timezone.now())
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("签到成功：%(title)s。") % {"title": activity.title})
        return redirect("me:home")
    done = Attendance.objects.filter(
        activity=activity, member=request.member, status=Attendance.Status.PRESENT
    ).exists()
    return render(request, "portal/checkin.html", {"activity": activity, "done": done})


class MemberSuggestionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("建议标题"), max_length=200)
    content = forms.CharField(label=gettext_lazy("建议内容"), widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(
        label=gettext_lazy("附件（照片或PDF，可不传）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": attachments.ACCEPT}),
    )


@transaction.atomic
def _file_suggestion(request, data: dict) -> Suggestion:
    member = request.member
    today = timezone.localdate()
    suggestion = activity_services.log_suggestion(
        union=member.union,
        title=data["title"],
        content=data["content"],
        collected_on=today,
        member=member,
        campaign=activity_services.open_campaign(union=member.union, on=today),
        by=request.user,
    )
    if data.get("file"):
        attachments.add_attachment(record=suggestion, upload=data["file"], by=request.user)
    return suggestion


@member_view(("GET", "POST"))
def suggestion_create(request):
    form = MemberSuggestionForm(request.POST or None, request.FILES or None)
    campaign = activity_services.open_campaign(union=request.member.union, on=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = _file_suggestion(request, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, "；".join(error.messages))
        else:
            messages.success(request, _("建议已提交，感谢您的参与。"))
            return redirect("me:suggestion_detail", pk=suggestion.pk)
    return render(request, "portal/suggestion_form.html", {"form": form, "campaign": campaign})


@member_view()
def suggestion_file(request, pk, file_pk):
    """A file the member attached to their own suggestion (another's answers 404, like everything here)."""
    suggestion = get_object_or_404(Suggestion, pk=pk, member=request.member)
    return attachments.response(get_object_or_404(attachments_of(suggestion), pk=file_pk))


@member_view()
def suggestion_detail(request, pk):
    suggestion = get_object_or_404(Suggestion, pk=pk, member=request.member)
    return render(
        request,
        "portal/suggestion_detail.html",
        {"suggestion": suggestion, "files": list(attachments_of(suggestion))},
    )


class ActivationForm(forms.Form):
    login = forms.CharField(label=gettext_lazy("登录名"), max_length=150)
    code = forms.CharField(label=gettext_lazy("激活码"), max_length=40)
    new_password1 = forms.CharField(
        label=gettext_lazy("设置密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label=gettext_lazy("再次输入密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_new_password2(self):
        first, second = self.cleaned_data.get("new_password1"), self.cleaned_data.get("new_password2")
        if first and second and first != second:
            raise ValidationError(_("两次输入的密码不一致。"))
        return second


def _activated_user(request, form: ActivationForm):
    """The member's user when the login name and the slip's code are right (the login lockout counts
    every miss: django-axes through authenticate) and the code has not been used yet."""
    data = form.cleaned_data
    user = authenticate(request, username=data["login"].strip(), password=data["code"].strip().upper())
    if user is None or not user.must_change_password or not MemberLogin.objects.filter(user=user).exists():
        form.add_error(None, _("登录名或激活码不正确，或激活码已经使用过。"))
        return None
    return user


@require_http_methods(["GET", "HEAD", "POST"])
def activate(request):
    """From the slip (its QR code fills in the login and code): the member sets a password of their own."""
    initial = {"login": request.GET.get("login", "")[:150], "code": request.GET.get("code", "")[:40]}
    form = ActivationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and (user := _activated_user(request, form)):
        password = form.cleaned_data["new_password1"]
        try:
            password_validation.validate_password(password, user)
            if user.check_password(password):
                raise ValidationError(_("新密码不能与激活码相同。"))
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
            member_services.activate_login(login=user.member_login)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("登录已激活。以后请用登录名和您设置的密码登录。"))
            return redirect("me:home")
    return render(request, "portal/activate.html", {"form": form})
