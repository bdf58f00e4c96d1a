from django import forms
from django.utils.translation import gettext_lazy as _

from unionhub.fields import BoundedDateField, UnionChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SectionEditForm(forms.Form):
    heading = forms.CharField(label=_("标题"), max_length=60, required=False)
    text = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        max_length=20000,
        help_text=_(
            "每行一段。按输入原样打印；“一是……二是……”和“1、2、”的序号如有跳号、重号，保存后会提示，由您决定是否理顺。清空后保存，即恢复为根据台账生成的文字。"
        ),
    )

    def __init__(self, *args, numbered: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not numbered:
            del self.fields["heading"]

    def clean_text(self):
        text = self.cleaned_data["text"]
        if "\x00" in text:
            raise forms.ValidationError(_("正文含有无效字符。"))
        return text


class FinaliseForm(forms.Form):
    signed_on = BoundedDateField(label=_("落款日期"), widget=DATE, required=True)


class SummarySettingsForm(forms.Form):
    party = forms.CharField(
        label=_("上级党组织"),
        max_length=100,
        required=False,
        help_text=_("开头写到的领导本工会的党组织，如 局党委、镇党委"),
    )
    theme = forms.CharField(
        label=_("年度主题"),
        max_length=200,
        required=False,
        help_text=_("开头写到的工作目标，如 干在实处，交通先行"),
    )
    signature = forms.CharField(label=_("落款单位"), max_length=100, required=False)
    signed_on = BoundedDateField(label=_("落款日期"), widget=DATE, required=False)
    as_of = BoundedDateField(
        label=_("统计截止日期"),
        widget=DATE,
        required=False,
        help_text=_("留空：草稿统计到今天（本年度已过则到年底）。"),
    )


class AddSectionForm(forms.Form):
    heading = forms.CharField(label=_("新部分的标题"), max_length=60)
    after = forms.ChoiceField(label=_("放在"), required=False)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["after"].choices = [("", _("结束语之前"))] + [
            (s.key, _("“%(heading)s”之后") % {"heading": s.heading if s.key != "opening" else _("开头")})
            for s in sections
            if s.key != "closing"
        ]


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("重新打开的原因"), max_length=200)


class SummaryPickForm(forms.Form):
    union = UnionChoiceField(label=_("工会"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("年度"), min_value=1950, max_value=2100)

    def __init__(self, *args, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions
