"""Forms and list filters. Choices of unions and members are narrowed to what the role reaches."""

from datetime import date

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivitySeries, Award, ChronicleEntry, Suggestion, Survey, Visit
from members.models import Member
from unionhub.access import unions_in_reach
from unionhub.fields import BoundedDateField, SearchFilter, UnionChoiceField, UnionFilter
from unionhub.scope import lineage, subtree


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.union.label}）"


class MembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.union.label}）"


def members_in_reach(request, *, keep=()):
    """Active members of the role's union and below, plus any already chosen (who may have left)."""
    keep_ids = [member.pk for member in keep]
    return (
        Member.objects.filter(
            (subtree(request.role.union) & Q(status=Member.Status.ACTIVE)) | Q(pk__in=keep_ids)
        )
        .select_related("union")
        .order_by("union__path", "name_pinyin", "name", "pk")
    )


class InReachForm(forms.ModelForm):
    """A model form whose `union` choices are the unions the active role reaches."""

    union = UnionChoiceField(queryset=None, label=_("工会"))

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["union"].queryset = unions_in_reach(request)
        if not self.instance.pk and not self.initial.get("union"):
            self.initial["union"] = request.role.union.pk


class ActivityForm(InReachForm):
    class Meta:
        model = Activity
        fields = [
            "union",
            "kind",
            "title",
            "start_date",
            "end_date",
            "start_time",
            "end_time",
            "place",
            "organiser",
            "audience",
            "subject",
            "speaker",
            "cohosts",
            "partners",
            "description",
        ]
        field_classes = {"start_date": BoundedDateField, "end_date": BoundedDateField}
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"end_date": _("一天内的活动不必填写")}


class SeriesForm(InReachForm):
    last_date = BoundedDateField(
        label=_("截止日期"), required=False, widget=DateInput(), help_text=_("不填则到当年12月31日")
    )

    class Meta:
        model = ActivitySeries
        fields = [
            "union",
            "kind",
            "title",
            "weekday",
            "start_time",
            "end_time",
            "first_date",
            "last_date",
            "place",
            "organiser",
            "description",
        ]
        field_classes = {"first_date": BoundedDateField}
        widgets = {
            "first_date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.initial.setdefault("first_date", today)
        self.initial.setdefault("weekday", ActivitySeries.Weekday.FRIDAY)

    def clean(self):
        cleaned = super().clean()
        first = cleaned.get("first_date")
        if first and not cleaned.get("last_date"):
            cleaned["last_date"] = date(first.year, 12, 31)
            self.instance.last_date = cleaned["last_date"]
        return cleaned


class SeriesEditForm(forms.Form):
    from_date = BoundedDateField(
        label=_("自哪天起生效"), widget=DateInput(), help_text=_("此日期及以后的各场活动随之修改")
    )
    title = forms.CharField(label=_("名称"), max_length=200)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    start_time = forms.TimeField(label=_("开始时间"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("结束时间"), required=False, widget=TimeInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("结束时间应晚于开始时间。"))
        return cleaned


class SeriesEndForm(forms.Form):
    from_date = BoundedDateField(
        label=_("自哪天起停止"),
        widget=DateInput(),
        help_text=_("此日期及以后尚无考勤记录的各场活动将被删除"),
    )


class ActivityFilter(django_filters.FilterSet):
    q = SearchFilter(method="search", label=_("名称或地点"))
    kind = django_filters.ChoiceFilter(
        choices=Activity.Kind.choices, label=_("类型"), empty_label=_("全部类型")
    )
    union = UnionFilter(queryset=None, label=_("工会"), empty_label=_("全部工会"))
    date_from = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("起始日期"), widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label=_("截止日期"), widget=DateInput()
    )

    class Meta:
        model = Activity
        fields = ["q", "kind", "union", "date_from", "date_to"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["union"].queryset = unions_in_reach(request)

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value))


class AwardForm(InReachForm):
    members = MembersChoiceField(
        queryset=None,
        required=False,
        label=_("获奖会员"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("个人获奖选一人或多人；团体获奖可选出团队成员"),
    )

    class Meta:
        model = Award
        fields = [
            "union",
            "date",
            "activity",
            "event",
            "organiser",
            "level",
            "category",
            "title",
            "winner_kind",
            "team_name",
            "unit_name",
            "members",
            "note",
        ]
        widgets = {"date": DateInput(), "winner_kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.request
        chosen = list(self.instance.members.all()) if self.instance.pk else []
        self.fields["members"].queryset = members_in_reach(request, keep=chosen)
        since = date(timezone.localdate().year - 1, 1, 1)
        activities = Activity.objects.filter(
            subtree(request.role.union) | lineage(request.role.union), start_date__gte=since
        ).exclude(kind__in=[Activity.Kind.STUDY, Activity.Kind.LECTURE])
        if self.instance.activity_id:
            activities = activities | Activity.objects.filter(pk=self.instance.activity_id)
        self.fields["activity"].queryset = activities.order_by("-start_date", "pk")
        self.fields["activity"].empty_label = _("（外部赛事，不选）")
        self.fields["activity"].label_from_instance = lambda obj: f"{obj.start_date:%Y-%m-%d} {obj.title}"

    def clean(self):
        cleaned = super().clean()
        union, members, winner = cleaned.get("union"), cleaned.get("members"), cleaned.get("winner_kind")
        if winner == Award.Winner.INDIVIDUAL and not members:
            self.add_error("members", _("个人获奖请至少选择一名会员。"))
        if winner == Award.Winner.UNIT and members:
            self.add_error("members", _("单位荣誉不选择会员，请填写获奖单位。"))
        if union and members:
            outside = [m.name for m in members if not union.contains(m.union)]
            if outside:
                self.add_error(
                    "members", _("%(names)s 不是所选工会或其下级工会的会员。") % {"names": "、".join(outside)}
                )
        return cleaned


class SuggestionForm(InReachForm):
    member = MemberChoiceField(
        queryset=None, required=False, label=_("提出会员"), empty_label=_("（非会员或集体）")
    )

    class Meta:
        model = Suggestion
        fields = ["union", "collected_on", "member", "author_name", "campaign", "title", "content"]
        widgets = {
            "collected_on": DateInput(),
            "content": forms.Textarea(attrs={"rows": 3}),
            "campaign": forms.TextInput(attrs={"list": "campaigns"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = [self.instance.member] if self.instance.member_id else []
        self.fields["member"].queryset = members_in_reach(self.request, keep=keep)
        self.initial.setdefault("collected_on", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        union, member = cleaned.get("union"), cleaned.get("member")
        if member:
            cleaned["author_name"] = ""
            self.instance.author_name = ""
            if union and not union.contains(member.union):
                self.add_error("member", _("该会员不属于所选工会或其下级工会。"))
        return cleaned


class SuggestionEditForm(SuggestionForm):
    """Editing also corrects the dates of the steps already taken (the status stays)."""

    class Meta(SuggestionForm.Meta):
        fields = [*SuggestionForm.Meta.fields, "adopted_on", "rejected_on", "implemented_on", "response"]
        widgets = {
            **SuggestionForm.Meta.widgets,
            "adopted_on": DateInput(),
            "rejected_on": DateInput(),
            "implemented_on": DateInput(),
        }


class SuggestionStepForm(forms.Form):
    on = BoundedDateField(label=_("日期"), widget=DateInput())
    response = forms.CharField(label=_("处理意见"), max_length=300, required=False)


class ChronicleForm(InReachForm):
    class Meta:
        model = ChronicleEntry
        fields = ["union", "date", "section", "text"]
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())


class VisitForm(InReachForm):
    member = MemberChoiceField(
        queryset=None, required=False, label=_("走访会员"), empty_label=_("（非会员或整户）")
    )

    class Meta:
        model = Visit
        fields = [
            "union",
            "date",
            "campaign",
            "member",
            "household",
            "visitors",
            "cash",
            "goods",
            "goods_quantity",
            "goods_unit",
            "goods_value",
            "note",
        ]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = [self.instance.member] if self.instance.member_id else []
        self.fields["member"].queryset = members_in_reach(self.request, keep=keep)
        self.initial.setdefault("date", timezone.localdate())


class VisitListForm(forms.Form):
    """What the visits of a list share: the union, the day, the campaign and who went."""

    union = UnionChoiceField(queryset=None, label=_("工会"))
    date = BoundedDateField(label=_("走访日期"), widget=DateInput())
    campaign = forms.ChoiceField(label=_("所属活动"), choices=Visit.Campaign.choices)
    visitors = forms.CharField(
        label=_("走访人员"), max_length=200, help_text=_("参加走访的工会干部或领导，多人用顿号分隔")
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions_in_reach(request)
        self.initial.setdefault("union", request.role.union.pk)
        self.initial.setdefault("date", timezone.localdate())


class VisitRowForm(forms.ModelForm):
    """One household of a list of visits, a row of the grid (the table header shows the labels)."""

    member = MemberChoiceField(
        queryset=None, required=False, label=_("走访会员"), empty_label=_("（非会员或整户）")
    )

    class Meta:
        model = Visit
        fields = [
            "member",
            "household",
            "cash",
            "goods",
            "goods_quantity",
            "goods_unit",
            "goods_value",
            "note",
        ]

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        for name in ("cash", "goods_value"):  # an empty cell is nothing given, not a missing figure
            self.fields[name].required = False
            self.fields[name].initial = None
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = str(field.label)
            field.widget.attrs["class"] = (
                "form-select form-select-sm"
                if field is self.fields["member"]
                else "form-control form-control-sm"
            )
            field.help_text = ""

    def clean_cash(self):
        return self.cleaned_data["cash"] or 0

    def clean_goods_value(self):
        return self.cleaned_data["goods_value"] or 0


class BaseVisitRowFormSet(forms.BaseFormSet):
    def __init__(self, *args, request, **kwargs):
        self.members = members_in_reach(request)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"members": self.members}

    def filled(self) -> list[tuple[int, dict]]:
        """(row number, values) of the rows filled in."""
        return [
            (number, {name: form.cleaned_data.get(name) for name in form.Meta.fields})
            for number, form in enumerate(self.forms, start=1)
            if form.has_changed() and form.cleaned_data
        ]


VisitRowFormSet = forms.formset_factory(VisitRowForm, formset=BaseVisitRowFormSet, extra=10, max_num=500)


class SurveyForm(InReachForm):
    class Meta:
        model = Survey
        fields = ["union", "date", "campaign", "title", "households", "found", "note"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
