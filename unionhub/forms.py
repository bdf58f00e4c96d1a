"""Forms of the organisation pages: a union's profile, its children, its officers and hand-overs;
and the login forms."""

import re

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionhub.models import Role, Union, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Union
        fields = [
            "name",
            "short_name",
            "kind",
            "region",
            "employer",
            "party_organisation",
            "statistics_code",
            "address",
            "founded",
            "bank_name",
            "bank_account",
            "card_number_rule",
            "dues_mode",
            "dues_fixed_amount",
            "term_start",
            "term_end",
            "has_audit_committee",
            "audit_committee_head",
            "has_women_committee",
            "women_committee_head",
            "has_congress",
            "congress_head",
            "has_open_affairs",
            "open_affairs_head",
            "has_collective_contract",
            "collective_contract_head",
            "checkin_margin_minutes",
        ]
        widgets = {"founded": DATE, "term_start": DATE, "term_end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].required = True
        self.fields["checkin_margin_minutes"].required = False

    def clean_checkin_margin_minutes(self):
        """Left empty: the margin stays as it was (30 minutes on a new union)."""
        value = self.cleaned_data.get("checkin_margin_minutes")
        return self.instance.checkin_margin_minutes if value is None else value


class ChildrenForm(forms.Form):
    """Unions below, entered as a list: several names, one type."""

    names = forms.CharField(
        label=_("名称"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("可一次填写多个，每行一个（也可用顿号、逗号分隔），如：石桥村工会、东岳村工会。"),
    )
    kind = forms.ChoiceField(label=_("类型"), choices=Union.Kind.choices)

    def clean_names(self) -> list[str]:
        text = self.cleaned_data["names"]
        names = [name.strip() for name in re.split(r"[\n\r、,，;；]+", text) if name.strip()]
        limit = Union._meta.get_field("name").max_length
        too_long = [name for name in names if len(name) > limit]
        if too_long:
            raise ValidationError(
                _("工会名称最多 %(limit)d 个字：%(name)s") % {"limit": limit, "name": too_long[0][:20]}
            )
        return names


class RoleStartForm(forms.Form):
    start = forms.DateField(
        label=_("任职日期"),
        widget=DATE,
        help_text=_("可更正为以前的日期，如主席自选举之日起任职。"),
    )


class MoveForm(forms.Form):
    parent = forms.ModelChoiceField(label=_("新的上级工会"), queryset=Union.objects.none())

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = choices
        if not choices.exists():
            self.fields["parent"].help_text = _("您管辖范围内没有可作为其上级的工会。")


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("撤销日期"), widget=DATE, initial=timezone.localdate)
    confirm = forms.BooleanField(
        label=_("确认撤销：本工会及其下级工会不再出现在选择列表中，干部职务同日终止，已有台账记录全部保留。")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        return f"{user.name}（{user.username}）" if user.name else user.username


class PersonFields(forms.Form):
    """An office holder: an existing person, or a new login with a one-time password."""

    def __init__(self, *args, people, prefix_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["existing"] = PersonChoiceField(
            label=_("已有人员"), queryset=people, required=False, empty_label=_("（新建登录账号）")
        )
        self.fields["username"] = forms.CharField(
            label=_("新登录名"), max_length=150, required=False, help_text=_("用字母、数字，如 zhangsan")
        )
        self.fields["name"] = forms.CharField(label=_("姓名"), max_length=50, required=False)

    def clean(self):
        data = super().clean()
        if data.get("existing") and data.get("username"):
            raise ValidationError(_("选择了已有人员时不要再填写新登录名。"))
        return data

    def person(self) -> dict:
        data = self.cleaned_data
        if data.get("existing"):
            return {"user": data["existing"]}
        return {"user": None, "username": data.get("username", ""), "name": data.get("name", "")}


class AppointForm(PersonFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "kind": forms.ChoiceField(label=_("职务"), choices=Role.Kind.choices),
            "start": forms.DateField(label=_("任职日期"), widget=DATE, initial=timezone.localdate),
            **self.fields,
        }

    def clean(self):
        data = super().clean()
        if not data.get("existing") and not data.get("username"):
            raise ValidationError(_("请选择已有人员，或填写新登录名。"))
        return data


class EndRoleForm(forms.Form):
    end = forms.DateField(label=_("卸任日期"), widget=DATE, initial=timezone.localdate)


class HandOverForm(forms.Form):
    """换届: the date, the new term's end, and the new committee's four offices."""

    on = forms.DateField(label=_("换届日期"), widget=DATE, initial=timezone.localdate)
    term_end = forms.DateField(label=_("新一届任期届满"), widget=DATE, required=False)

    def __init__(self, *args, people, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.offices = []
        for kind, label in Role.Kind.choices:
            self.fields[f"{kind}_existing"] = PersonChoiceField(
                label=_("%(office)s：已有人员") % {"office": label},
                queryset=people,
                required=False,
                initial=current.get(kind),
                empty_label=_("（空缺或新建登录账号）"),
            )
            self.fields[f"{kind}_username"] = forms.CharField(
                label=_("%(office)s：新登录名") % {"office": label}, max_length=150, required=False
            )
            self.fields[f"{kind}_name"] = forms.CharField(
                label=_("%(office)s：姓名") % {"office": label}, max_length=50, required=False
            )
            self.offices.append((kind, label))

    def clean(self):
        data = super().clean()
        for kind, _label in self.offices:
            if data.get(f"{kind}_existing") and data.get(f"{kind}_username"):
                self.add_error(f"{kind}_username", _("选择了已有人员时不要再填写新登录名。"))
        if not data.get("chair_existing") and not data.get("chair_username"):
            self.add_error("chair_existing", _("新一届委员会须有工会主席。"))
        return data

    def officers(self) -> list:
        from unionhub.services import NewOfficer

        data = self.cleaned_data
        chosen = []
        for kind, _label in self.offices:
            if data.get(f"{kind}_existing"):
                chosen.append(NewOfficer(kind=kind, user=data[f"{kind}_existing"]))
            elif data.get(f"{kind}_username"):
                chosen.append(
                    NewOfficer(
                        kind=kind, username=data[f"{kind}_username"], name=data.get(f"{kind}_name", "")
                    )
                )
        return chosen


def people_in_reach(union: Union):
    """People who hold or held an office in `union`'s subtree: whom its chair may appoint again."""
    return User.objects.filter(roles__union__in=union.subtree()).distinct().order_by("username")


class BoundedLoginName:
    """Django's login forms give the username field its max_length after building it, so the length is
    never checked: a name longer than any login went on to the login lock, whose records hold 255
    characters (a server error). It is refused here, in Chinese, before anyone is asked."""

    def clean_username(self):
        username = self.cleaned_data["username"]
        limit = self.username_field.max_length
        if len(username) > limit:
            raise ValidationError(_("登录名最多 %(limit)d 个字符。") % {"limit": limit})
        return username


class LoginForm(BoundedLoginName, AuthenticationForm):
    pass


class AdminLoginForm(BoundedLoginName, AdminAuthenticationForm):
    pass
