from django import forms
from django.utils.translation import gettext_lazy as _

from unionhub.fields import UnionChoiceField


class SectionEditForm(forms.Form):
    text = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        max_length=20000,
        help_text=_("每行一段。清空后保存，即恢复为根据台账生成的文字。"),
    )


class FinaliseForm(forms.Form):
    signed_on = forms.DateField(
        label=_("落款日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), required=True
    )


class SummaryPickForm(forms.Form):
    union = UnionChoiceField(label=_("工会"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("年度"), min_value=1950, max_value=2100)

    def __init__(self, *args, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions
