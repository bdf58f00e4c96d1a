"""Forms of the register and the hardship files. They validate; services write."""

from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.idcard import normalise_id
from members.models import HardshipCase, HardshipFamilyMember, Member
from unionhub.fields import UnionChoiceField
from unionhub.models import Role, Union, User

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MEMBER_FIELDS = [
    "name",
    "sex",
    "birth_date",
    "ethnicity",
    "id_type",
    "id_number",
    "mobile",
    "education",
    "skill_level",
    "household_type",
    "political_status",
    "employer",
    "department",
    "post",
    "employment_type",
    "card_number",
]


class MemberForm(forms.ModelForm):
    """A member's real-name details. Status and union change through the status actions only."""

    class Meta:
        model = Member
        fields = MEMBER_FIELDS
        widgets = {"birth_date": DATE_INPUT}
        help_texts = {
            "birth_date": _("居民身份证可不填，按证件号码自动填写。"),
            "id_number": _("18位居民身份证号码，末位X大小写均可。"),
        }

    def __init__(self, *args, reach: Union | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reach = reach
        self.fields["sex"].required = False
        self.fields["sex"].help_text = _("居民身份证可不选，按证件号码自动判断。")

    def clean_id_number(self) -> str:
        return normalise_id(self.cleaned_data.get("id_number"))

    def clean(self):
        cleaned = super().clean()
        id_type, number = cleaned.get("id_type"), cleaned.get("id_number")
        if id_type and number:
            other = (
                Member.objects.filter(id_type=id_type, id_number=number).exclude(pk=self.instance.pk).first()
            )
            if other is not None:
                if self.reach is not None and self.reach.contains(other.union):
                    self.add_error(
                        "id_number",
                        _("该证件号码已登记为会员“%(name)s”（%(union)s）。")
                        % {"name": other.name, "union": other.union.name},
                    )
                else:
                    self.add_error("id_number", _("该证件号码已在其他工会登记，请由原工会办理会籍转出。"))
        return cleaned

    # The field the model's join-date checks are shown at: this form has no join date of its own.
    join_date_field = "birth_date"

    def _update_errors(self, errors):
        # The model's checks may name a field this form does not show (the join date): the message
        # goes where the person can act on it, instead of failing (Django refuses unknown fields).
        if hasattr(errors, "error_dict"):
            for name in [name for name in errors.error_dict if name not in self.fields]:
                if name != NON_FIELD_ERRORS:
                    target = self.join_date_field if name == "join_date" else NON_FIELD_ERRORS
                    errors.error_dict.setdefault(target, []).extend(errors.error_dict.pop(name))
        super()._update_errors(errors)

    def _post_clean(self):
        # A resident ID tells sex and birth date: fill them before the model checks they agree.
        if not self.cleaned_data.get("sex") and self.cleaned_data.get("id_type") == Member.IdType.RESIDENT_ID:
            number = self.cleaned_data.get("id_number") or ""
            if len(number) == 18 and number[16] in "0123456789":  # not isdigit(): "²" is a digit to it
                self.cleaned_data["sex"] = Member.Sex.MALE if int(number[16]) % 2 else Member.Sex.FEMALE
        super()._post_clean()


class NewMemberForm(MemberForm):
    """Registering a member: joining (入会), or arriving from a union outside the system (转入)."""

    HOW_JOIN = "join"
    HOW_TRANSFER_IN = "transfer_in"

    how = forms.ChoiceField(
        label=_("登记方式"),
        choices=[(HOW_JOIN, _("新入会")), (HOW_TRANSFER_IN, _("从系统外工会转入"))],
        initial=HOW_JOIN,
        widget=forms.RadioSelect,
    )
    union = UnionChoiceField(label=_("所在工会"), queryset=Union.objects.none())
    date = forms.DateField(label=_("入会或转入日期"), widget=DATE_INPUT)
    original_join_date = forms.DateField(
        label=_("原入会日期"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("转入的会员填写最初入会的日期。"),
    )
    from_union_name = forms.CharField(label=_("原所在工会"), max_length=100, required=False)
    reason = forms.CharField(label=_("备注"), max_length=200, required=False)
    wage = forms.DecimalField(
        label=_("月工资（元）"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("999999.99"),
        max_digits=8,
        decimal_places=2,
        help_text=_("入会申请表上的月工资，会费按它计缴；可留空，由会计在“会员月工资”中登记。"),
    )

    field_order = ["how", "union", "date", "original_join_date", "from_union_name", *MEMBER_FIELDS, "wage"]
    join_date_field = "date"

    def __init__(self, *args, unions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions if unions is not None else Union.objects.none()
        self.fields["date"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("date")
        if day and day > timezone.localdate():
            self.add_error("date", _("日期不能晚于今天。"))
        if cleaned.get("how") == self.HOW_TRANSFER_IN:
            if not cleaned.get("from_union_name"):
                self.add_error("from_union_name", _("请填写原所在工会。"))
            original = cleaned.get("original_join_date")
            if original and day and original > day:
                self.add_error("original_join_date", _("原入会日期不能晚于转入日期。"))
        return cleaned

    def _post_clean(self):
        # The model needs a join date before its checks run; the service sets the final one.
        cleaned = self.cleaned_data
        join_date = cleaned.get("date")
        if cleaned.get("how") == self.HOW_TRANSFER_IN and cleaned.get("original_join_date"):
            join_date = cleaned["original_join_date"]
        self.instance.join_date = join_date or timezone.localdate()
        if cleaned.get("union"):
            self.instance.union = cleaned["union"]
        super()._post_clean()


class StatusChangeForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE_INPUT)
    other_union_name = forms.CharField(label=_("原所在工会"), max_length=100)
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)

    def __init__(self, *args, reason_required: bool = False, needs_union_name: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["reason"].required = reason_required
        if not needs_union_name:
            del self.fields["other_union_name"]


class TransferForm(forms.Form):
    INSIDE = "inside"
    OUTSIDE = "outside"

    where = forms.ChoiceField(
        label=_("转往"),
        choices=[(INSIDE, _("本系统内的工会")), (OUTSIDE, _("系统外的工会"))],
        initial=INSIDE,
        widget=forms.RadioSelect,
    )
    to_union = UnionChoiceField(label=_("转入工会"), queryset=Union.objects.none(), required=False)
    to_union_name = forms.CharField(label=_("系统外工会名称"), max_length=100, required=False)
    date = forms.DateField(label=_("转出日期"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("原因"), max_length=200, required=False, help_text=_("如：工作调动。"))

    def __init__(self, *args, unions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_union"].queryset = unions if unions is not None else Union.objects.none()
        self.fields["date"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("where") == self.INSIDE and not cleaned.get("to_union"):
            self.add_error("to_union", _("请选择转入的工会。"))
        if cleaned.get("where") == self.OUTSIDE and not cleaned.get("to_union_name"):
            self.add_error("to_union_name", _("请填写系统外工会的名称。"))
        return cleaned


class ImportForm(forms.Form):
    MAX_BYTES = 20 * 1024 * 1024

    union = UnionChoiceField(
        label=_("导入到"),
        queryset=Union.objects.none(),
        help_text=_(
            "名册中“所属工会”一列可指明下级工会（全称或简称，可省略“工会”二字）；不填的行登记在这里选择的工会。"
            "“工作单位”照填即可，与会员登记表一样是文字。"
        ),
    )
    file = forms.FileField(
        label=_("花名册文件"),
        help_text=_("Excel（.xlsx）或 CSV 文件；第一行（或标题下一行）为表头，须有“姓名”和“身份证号码”。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, unions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions if unions is not None else Union.objects.none()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("文件太大（最大 20 MB），请分成几个文件导入。"))
        return upload


class UnmaskedExportForm(forms.Form):
    purpose = forms.CharField(
        label=_("导出用途"),
        max_length=200,
        help_text=_("导出完整身份证号和手机号会被记录（导出人、时间、内容、用途）。"),
    )


# Hardship files


class HardshipCaseForm(forms.ModelForm):
    secondary_causes = forms.MultipleChoiceField(
        label=_("其他致困原因"),
        choices=HardshipCase.Cause.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("最多三项。"),
    )

    class Meta:
        model = HardshipCase
        fields = [
            "level",
            "opened_on",
            "household_size",
            "household_income",
            "health",
            "housing",
            "main_cause",
            "secondary_causes",
            "situation",
            "need",
            "reviewed_by",
            "notice_done",
            "notice_date",
        ]
        widgets = {
            "opened_on": DATE_INPUT,
            "notice_date": DATE_INPUT,
            "situation": forms.Textarea(attrs={"rows": 3}),
            "need": forms.Textarea(attrs={"rows": 2}),
            "household_income": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
        }
        help_texts = {"household_income": _("全家每月合计收入；月人均收入自动计算。")}

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewed_by"].queryset = reviewers_for(member.union)
        self.fields["reviewed_by"].label_from_instance = lambda user: user.name or user.username
        self.fields["household_income"].widget.attrs["data-income"] = "1"
        self.fields["household_size"].widget.attrs["data-size"] = "1"
        if not self.initial.get("opened_on"):
            self.initial["opened_on"] = timezone.localdate()

    def clean_secondary_causes(self):
        causes = self.cleaned_data["secondary_causes"]
        if len(causes) > HardshipCase.MAX_SECONDARY_CAUSES:
            raise forms.ValidationError(_("其他致困原因最多选三项。"))
        return causes


def reviewers_for(union: Union):
    """Who may review a file: the chairs and secretaries of the member's union and the unions above it."""
    return (
        User.objects.filter(
            roles__union_id__in=union.lineage_ids, roles__kind__in=[Role.Kind.CHAIR, Role.Kind.SECRETARY]
        )
        .distinct()
        .order_by("name", "username")
    )


FamilyFormSet = inlineformset_factory(
    HardshipCase,
    HardshipFamilyMember,
    fields=["name", "relation", "health", "monthly_income", "school_or_work"],
    extra=1,
    can_delete=True,
    widgets={
        "name": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        "relation": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        "health": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        "monthly_income": forms.NumberInput(
            attrs={"class": "form-control form-control-sm", "step": "0.01", "min": "0"}
        ),
        "school_or_work": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    },
)


class VerifyForm(forms.Form):
    date = forms.DateField(label=_("复核日期"), widget=DATE_INPUT)
    level = forms.ChoiceField(label=_("复核后困难类别"), choices=HardshipCase.Level.choices)
    household_income = forms.DecimalField(
        label=_("家庭月收入（元）"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("收入有变化时填写。"),
    )
    notes = forms.CharField(label=_("复核意见"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class CloseCaseForm(forms.Form):
    date = forms.DateField(label=_("解困日期"), widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("解困原因"), max_length=200, help_text=_("如：家庭收入已高于低保标准两倍。")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class JoinApplicationForm(forms.Form):
    """网上入会: what a worker types on the union's public page (members.services.apply_to_join checks it)."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号码"), max_length=30)
    employer = forms.CharField(label=_("工作单位"), max_length=100)
    mobile = forms.CharField(label=_("手机号码"), max_length=20)
    declared = forms.BooleanField(
        label=_("我自愿加入中华全国总工会，承认《中国工会章程》，遵守工会纪律，按期缴纳会费。"),
        error_messages={"required": _("请阅读并同意入会声明。")},
    )


class ContactChangeForm(forms.Form):
    mobile = forms.CharField(label=_("手机号码"), max_length=20)
    address = forms.CharField(label=_("联系地址"), max_length=200, required=False)
