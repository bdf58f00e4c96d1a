"""The union runs its own house: its profile, the unions below it, its officers and hand-overs.

Chairs only (area ORGANISATION), within the active role's reach: a union out of reach is a 404.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhub import hooks, services
from unionhub.access import ORGANISATION, area_view, in_reach, union_in_reach, unions_in_reach
from unionhub.forms import (
    AppointForm,
    ChildrenForm,
    CloseForm,
    EndRoleForm,
    HandOverForm,
    MoveForm,
    ProfileForm,
    RoleStartForm,
    people_in_reach,
)
from unionhub.middleware import SESSION_KEY
from unionhub.models import Role, Union
from unionhub.pages import apply_errors
from unionhub.params import date_param

ONE_TIME = "one_time_passwords"  # session key: passwords to show once on the next officers page


def _show_once(request, *pairs: tuple[str, str]) -> None:
    shown = request.session.get(ONE_TIME, [])
    request.session[ONE_TIME] = shown + [list(pair) for pair in pairs]


@area_view(ORGANISATION)
def tree(request):
    """Every union the role reaches, with its member counts (one query per column, not per union)."""
    show_closed = request.GET.get("closed") == "1"
    unions = Union.objects.within(request.role.union)
    if not show_closed:
        unions = unions.open()
    unions = list(unions)
    columns = hooks.union_counts(Union.objects.filter(pk__in=[union.pk for union in unions]))
    rows = [(union, [counts.get(union.pk, 0) for _label, counts in columns]) for union in unions]
    return render(
        request,
        "organisation/tree.html",
        {"rows": rows, "columns": [label for label, _counts in columns], "show_closed": show_closed},
    )


@area_view(ORGANISATION, write=True)
def profile(request, union_id):
    union = union_in_reach(request, union_id)
    form = ProfileForm(request.POST or None, instance=union)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存%(union)s的基本情况。") % {"union": union.label})
        return redirect("organisation:profile", union_id=union.pk)
    children = Union.objects.filter(parent=union).order_by("name")
    return render(request, "organisation/profile.html", {"union": union, "form": form, "children": children})


@area_view(ORGANISATION, write=True)
def child_create(request, union_id):
    """Unions below, as a list: several names and one type, the type offered first fitting the
    union above (a township's are village unions)."""
    parent = union_in_reach(request, union_id)
    form = ChildrenForm(request.POST or None, initial={"kind": services.child_kind(parent)})
    if request.method == "POST" and form.is_valid():
        try:
            children = services.create_children(parent=parent, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            names = "、".join(child.name for child in children)
            messages.success(request, _("已设立%(unions)s。") % {"unions": names})
            return redirect("organisation:profile", union_id=parent.pk)
    title = _("设立下级工会 · %(union)s") % {"union": parent.label}
    return render(request, "organisation/form.html", {"form": form, "title": title, "union": parent})


@area_view(ORGANISATION, write=True)
def move(request, union_id):
    union = union_in_reach(request, union_id)
    choices = unions_in_reach(request).exclude(Q(pk__in=union.subtree()) | Q(pk=union.parent_id))
    form = MoveForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_union(union=union, parent=form.cleaned_data["parent"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已将%(union)s调整到新的上级工会之下。") % {"union": union.label})
            return redirect("organisation:tree")
    title = _("调整隶属关系 · %(union)s") % {"union": union.label}
    return render(request, "organisation/form.html", {"form": form, "title": title, "union": union})


@area_view(ORGANISATION, write=True)
def close(request, union_id):
    union = union_in_reach(request, union_id)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if union.pk == request.role.union_id:
            form.add_error(None, _("不能撤销您任职的工会本身，请由上级工会办理。"))
        else:
            try:
                closed = services.close_union(union=union, on=form.cleaned_data["closed_on"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("已撤销%(union)s（含下级工会共%(n)d个）。") % {"union": union.label, "n": len(closed)},
                )
                return redirect("organisation:tree")
    title = _("撤销工会 · %(union)s") % {"union": union.label}
    return render(request, "organisation/form.html", {"form": form, "title": title, "union": union})


def _on_date(request) -> date | None:
    return date_param(request.GET, "on")


@area_view(ORGANISATION)
def officers(request, union_id):
    """The union's officers: current, to come, and the history of who held which office when."""
    union = union_in_reach(request, union_id)
    today = timezone.localdate()
    roles = list(Role.objects.filter(union=union).select_related("user").order_by("kind", "-start", "pk"))
    on = _on_date(request)
    held_on = [role for role in roles if role.is_current(on)] if on else None
    current = [role for role in roles if role.is_current(today)]
    coming = [role for role in roles if role.start > today]
    past = [role for role in roles if role.end is not None and role.end <= today]
    passwords = request.session.pop(ONE_TIME, [])
    return render(
        request,
        "organisation/officers.html",
        {
            "union": union,
            "current": current,
            "coming": coming,
            "past": past,
            "on": on,
            "held_on": held_on,
            "passwords": passwords,
            "own_role_id": request.role.pk,
        },
    )


@area_view(ORGANISATION, write=True)
def appoint(request, union_id):
    union = union_in_reach(request, union_id)
    form = AppointForm(request.POST or None, people=people_in_reach(request.role.union))
    if request.method == "POST" and form.is_valid():
        try:
            appointed = services.appoint(
                union=union, kind=form.cleaned_data["kind"], start=form.cleaned_data["start"], **form.person()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if appointed.password:
                _show_once(request, (appointed.role.user.username, appointed.password))
            messages.success(
                request,
                _("已任命 %(user)s 为%(role)s。") % {"user": appointed.role.user, "role": appointed.role},
            )
            return redirect("organisation:officers", union_id=union.pk)
    title = _("任命干部 · %(union)s") % {"union": union.label}
    return render(request, "organisation/form.html", {"form": form, "title": title, "union": union})


def _role_in_reach(request, role_id) -> Role:
    return get_object_or_404(in_reach(request, Role.objects.select_related("user", "union")), pk=role_id)


def _person_beyond_reach(request, user) -> str | None:
    """Why the active role may not reset `user`'s password or end their office, or None if it may.

    A chair manages only people all of whose offices not yet ended (current or to come) lie in her
    reach, and never staff or superusers: otherwise a reset would hand her a login that reaches
    further than she does (the Django admin, or a union above, from tomorrow).
    """
    if user.is_superuser or user.is_staff:
        return _("%(user)s 是系统管理员，请由系统管理员本人或其他管理员处理。") % {"user": user}
    today = timezone.localdate()
    elsewhere = (
        Role.objects.filter(user=user)
        .filter(Q(end__isnull=True) | Q(end__gt=today))
        .exclude(pk__in=in_reach(request, Role.objects.all()))
    )
    if elsewhere.exists():
        return _("%(user)s 还在您管辖范围以外的工会任职（含尚未开始的任职），请由其上级工会主席办理。") % {
            "user": user
        }
    return None


@area_view(ORGANISATION, write=True)
def role_end(request, role_id):
    role = _role_in_reach(request, role_id)
    form = EndRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = _person_beyond_reach(request, role.user)
        if role.pk == request.role.pk:
            form.add_error(None, _("不能卸任您正在使用的职务；请通过换届或由上级工会办理。"))
        elif refusal:
            form.add_error(None, refusal)
        else:
            try:
                services.end_role(role=role, on=form.cleaned_data["end"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("%(user)s 的%(role)s职务已终止。") % {"user": role.user, "role": role}
                )
                return redirect("organisation:officers", union_id=role.union_id)
    title = _("卸任 · %(user)s · %(role)s") % {"user": role.user, "role": role}
    return render(request, "organisation/form.html", {"form": form, "title": title, "union": role.union})


@area_view(ORGANISATION, write=True)
def role_start(request, role_id):
    """Correct the date an office was taken up, the chair's own too (she may have been elected months
    before the union was entered here), within the same reach as ending an office."""
    role = _role_in_reach(request, role_id)
    form = RoleStartForm(request.POST or None, initial={"start": role.start})
    if request.method == "POST" and form.is_valid():
        refusal = _person_beyond_reach(request, role.user)
        if refusal:
            form.add_error(None, refusal)
        else:
            try:
                services.correct_start(role=role, start=form.cleaned_data["start"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(user)s 的%(role)s任职日期已更正为%(date)s。")
                    % {"user": role.user, "role": role, "date": form.cleaned_data["start"]},
                )
                return redirect("organisation:officers", union_id=role.union_id)
    title = _("更正任职日期 · %(user)s · %(role)s") % {"user": role.user, "role": role}
    return render(request, "organisation/form.html", {"form": form, "title": title, "union": role.union})


@area_view(ORGANISATION, write=True, methods=("POST",))
def password_reset(request, role_id):
    """A new one-time password for the holder of an office in reach, unless they are beyond the
    chair's reach in another way (`_person_beyond_reach`)."""
    role = _role_in_reach(request, role_id)
    user = role.user
    refusal = _person_beyond_reach(request, user)
    if refusal:
        messages.error(request, refusal)
    else:
        password = services.reset_password(user=user)
        _show_once(request, (user.username, password))
        messages.success(request, _("已为 %(user)s 重置密码。") % {"user": user})
    return redirect("organisation:officers", union_id=role.union_id)


@area_view(ORGANISATION, write=True)
def handover(request, union_id):
    """换届 in one step: the old committee's offices end and the new one's start on one date."""
    union = union_in_reach(request, union_id)
    current = {
        role.kind: role.user for role in Role.objects.current().filter(union=union).select_related("user")
    }
    form = HandOverForm(request.POST or None, people=people_in_reach(request.role.union), current=current)
    if request.method == "POST" and form.is_valid():
        try:
            appointed = services.hand_over(
                union=union,
                on=form.cleaned_data["on"],
                term_end=form.cleaned_data["term_end"],
                officers=form.officers(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            _show_once(request, *[(a.role.user.username, a.password) for a in appointed if a.password])
            messages.success(request, _("%(union)s已完成换届。") % {"union": union.label})
            if request.role.union_id == union.pk:
                # The chair's own office ended with the old committee: continue in the new one, if any.
                again = next((a.role for a in appointed if a.role.user_id == request.user.pk), None)
                if again is None or again.kind != Role.Kind.CHAIR:
                    return redirect("home")
                request.session[SESSION_KEY] = again.pk
            return redirect("organisation:officers", union_id=union.pk)
    title = _("换届 · %(union)s") % {"union": union.label}
    note = _("换届日期当天，上一届委员会的全部职务终止，新一届的职务开始；历史任职记录保留可查。")
    return render(
        request, "organisation/form.html", {"form": form, "title": title, "union": union, "note": note}
    )
