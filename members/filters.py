"""The register's search, filters and sort (django-filter), narrowed to the unions the role reaches."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import HardshipCase, Member
from unionhub.access import sees_personal_data, unions_in_reach
from unionhub.fields import SearchFilter, SuggestingTextInput, UnionFilter, YearFilter, picker_unions

CURRENT = "current"
EVERYONE = "all"


class ChineseOrderingFilter(django_filters.OrderingFilter):
    """django-filter has no zh-Hans catalogue: its English label for a reversed sort would show through."""

    descending_fmt = _("%s（倒序）")


class MemberFilter(django_filters.FilterSet):
    q = SearchFilter(
        label=_("搜索"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("姓名、拼音首字母、证件号后几位、会员证号")}),
    )
    status = django_filters.ChoiceFilter(
        label=_("会籍状态"),
        choices=[(EVERYONE, _("全部（含已离会）")), *Member.Status.choices],
        empty_label=_("在册及保留会籍"),
        method="filter_status",
    )
    union = UnionFilter(label=_("工会"), queryset=None, empty_label=_("全部工会"))
    # Typed (part of a name) with the unions' employers suggested: listing every distinct employer of a
    # federation's members cost a scan of the whole register on each page view.
    unit = SearchFilter(label=_("工作单位"), field_name="employer", lookup_expr="contains")
    sex = django_filters.ChoiceFilter(label=_("性别"), choices=Member.Sex.choices, empty_label=_("不限"))
    employment_type = django_filters.ChoiceFilter(
        label=_("用工形式"), choices=Member.EmploymentType.choices, empty_label=_("不限")
    )
    join_year = YearFilter(
        label=_("入会年份"),
        field_name="join_date",
        lookup_expr="year",
        widget=forms.NumberInput(attrs={"min": 1950, "max": 2100, "placeholder": _("如 2024")}),
    )
    sort = ChineseOrderingFilter(
        label=_("排序"),
        fields=(
            ("name_pinyin", "name"),
            ("join_date", "join_date"),
            ("birth_date", "birth_date"),
            ("union__path", "union"),
            ("card_number", "card_number"),
        ),
        field_labels={
            "name_pinyin": _("姓名拼音"),
            "join_date": _("入会日期"),
            "birth_date": _("出生日期"),
            "union__path": _("工会"),
            "card_number": _("会员证号"),
        },
        empty_label=_("默认（姓名拼音）"),
    )

    class Meta:
        model = Member
        fields = ["q", "status", "union", "unit", "sex", "employment_type", "join_year"]

    def __init__(self, data=None, queryset=None, *, request, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        unions = unions_in_reach(request)
        self.filters["union"].queryset = unions
        self.form.fields["union"].queryset = unions
        # The employers of the unions a picker lists (a federation's thousand made the page grow with it).
        listed = picker_unions(unions).exclude(employer="")
        employers = listed.order_by("employer").values_list("employer", flat=True)
        self.form.fields["unit"].widget = SuggestingTextInput(
            attrs={"placeholder": _("全部单位")}, suggestions=dict.fromkeys(employers)
        )

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by("name_pinyin", "name", "pk")
        return queryset

    def search(self, queryset, name, value):
        return queryset.search(value, by_id_number=sees_personal_data(self.request.role))

    def filter_status(self, queryset, name, value):
        if value == EVERYONE:
            return queryset
        return queryset.filter(status=value)

    def filter_queryset(self, queryset):
        # The status filter's empty choice means "current members", so it always runs.
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status__in=Member.CURRENT_STATUSES)
        return super().filter_queryset(queryset)

    def describe(self) -> str:
        """The active filters in words, for the export log."""
        parts = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", []):
                continue
            field = self.form.fields[name]
            label = field.label
            if hasattr(value, "name"):
                value = value.name
            elif getattr(field, "choices", None) and not isinstance(value, list):
                value = dict(field.choices).get(value, value)
            elif isinstance(value, list):
                value = ",".join(str(item) for item in value)
            parts.append(f"{label}：{value}")
        return "；".join(parts) or str(_("全部在册会员"))


OPEN = "open"
CLOSED = "closed"


class HardshipFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("会员姓名"), method="search")
    state = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=[(OPEN, _("在档")), (CLOSED, _("已解困")), (EVERYONE, _("全部"))],
        empty_label=None,
        method="filter_state",
    )
    level = django_filters.ChoiceFilter(
        label=_("困难类别"), choices=HardshipCase.Level.choices, empty_label=_("不限")
    )
    union = UnionFilter(label=_("工会"), queryset=None, empty_label=_("全部工会"))

    class Meta:
        model = HardshipCase
        fields = ["q", "state", "level", "union"]

    def __init__(self, data=None, queryset=None, *, request, **kwargs):
        data = data.copy() if data is not None else None
        if data is not None and not data.get("state"):
            data["state"] = OPEN
        super().__init__(data, queryset, request=request, **kwargs)
        self.filters["union"].queryset = unions_in_reach(request)
        self.form.fields["union"].queryset = unions_in_reach(request)

    def search(self, queryset, name, value):
        """The register's search (name, initials, pinyin, card number, ID tail), served by its indexes."""
        found = Member.objects.search(value, by_id_number=sees_personal_data(self.request.role))
        return queryset.filter(member__in=found.values("pk"))

    def filter_state(self, queryset, name, value):
        if value == CLOSED:
            return queryset.filter(closed_on__isnull=False)
        if value == EVERYONE:
            return queryset
        return queryset.filter(closed_on__isnull=True)
