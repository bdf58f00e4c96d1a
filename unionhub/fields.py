"""Form fields every app shares: the union picker, a date and a year within sane bounds, the search box
(and the django-filter filters made of them). Each refuses or cleans what a hostile form sends."""

import html
from datetime import date, timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, F, Q, Value, When
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from unionhub.params import BIGINT_MAX, DATE_MAX, DATE_MIN, TEXT_MAX, YEAR_MAX, clean_text, parse_int
from unionhub.scope import path_depth, subtree

# A union picker offers the unions nearest the top of the reach, this many, and the one chosen; typing
# in its search box (static/js/unionhub.js, `unionhub.views.union_search`) finds any other by name.
PICKER_UNIONS = 60


class QuickSelect(forms.Select):
    """Django's select, its options written in one pass: Django's option dicts and template, then
    `format_html` per option, took 60 ms for the 1,163 unions of a large federation on every page
    with a union picker. A union picker lists the nearest unions and the chosen one (`UnionChoices`)
    and says where to search for the rest (`data-union-search`)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        choices = self.choices
        if isinstance(choices, UnionChoices):
            choices = choices.around(chosen)
            attrs = {**(attrs or {}), "data-union-search": reverse("union_search")}
        options = option_tags(choices, chosen)
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attrs}>{options}</select>')  # noqa: S308  # nosec B308 B703 - escaped


def option_tags(choices, chosen: set[str] = frozenset(), *, labels: bool = True) -> str:
    """<option> tags of (value, label) pairs, escaped (as Django's `escape`, without its lazy-string
    wrapper per call), those whose value is in `chosen` selected; without `labels`, the values alone
    (a datalist's suggestions)."""
    tags = []
    for value, label in choices:
        text = "" if value is None else str(value)
        selected = " selected" if text in chosen else ""
        shown = f"{html.escape(str(label))}</option>" if labels else ""
        tags.append(f'<option value="{html.escape(text)}"{selected}>{shown}')
    return "".join(tags)


class UnionChoices(forms.models.ModelChoiceIterator):
    """The picker's options read as (id, name, path) rows: no Union object per option."""

    def __iter__(self):
        return self.around(set())

    def around(self, chosen: set[str]):
        """The empty choice, then the nearest unions and those chosen (`picker_unions`)."""
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, name, path in picker_unions(self.queryset, chosen).values_list("pk", "name", "path"):
            yield (pk, union_label(name, path))

    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


def picker_unions(unions, chosen=()):
    """What a union picker lists of `unions` (a queryset): the PICKER_UNIONS nearest the top and the
    chosen ones (ids, as text or numbers), in tree order. A federation's thousand unions made every
    page with a picker grow with it."""
    ids = [number for value in chosen if (number := parse_int(str(value), low=1, high=BIGINT_MAX))]
    nearest = unions.nearest(PICKER_UNIONS).values("pk")
    return unions.filter(Q(pk__in=nearest) | Q(pk__in=ids)).order_by("path")


def union_label(name: str, path: str) -> str:
    """A union's name indented by its depth in the tree (`Union.depth`)."""
    return "\u3000" * max(path_depth(path), 0) + name


class UnionChoiceField(forms.ModelChoiceField):
    """A union of the queryset (the unions in the role's reach), shown as an indented tree.

    The id must be plain ASCII digits: "²" or "٣" (which `int()` reads as 3) is an invalid
    choice, like any id outside the queryset.
    """

    widget = QuickSelect
    iterator = UnionChoices

    def label_from_instance(self, obj) -> str:
        return union_label(obj.name, obj.path)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            value = value.pk
        if parse_int(str(value), low=1, high=BIGINT_MAX) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(str(value).strip())


class BoundedDateField(forms.DateField):
    """A date between 1900 and 2100 (unionhub.params.DATE_MIN/DATE_MAX): `9999-12-31` is a typing
    slip, and a day after it does not exist (`date.max + 1 day` overflows)."""

    def __init__(self, *, low: date = DATE_MIN, high: date = DATE_MAX, **kwargs):
        self.low, self.high = low, high
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None and not self.low <= value <= self.high:
            raise ValidationError(
                _("日期须在%(low)s至%(high)s之间。"),
                code="out_of_range",
                params={"low": self.low.isoformat(), "high": self.high.isoformat()},
            )


def recent_first(queryset, *, field: str, today: date, days_ahead: int = 92):
    """A picker's choices by date: this year's (and at least the last three months'), the most recent
    first, then those planned in the next `days_ahead` days, the nearest first. A year's hundred
    weekly sessions no longer bury last week's under next month's."""
    since = min(date(today.year, 1, 1), today - timedelta(days=92))
    until = today + timedelta(days=days_ahead)
    past = Q(**{f"{field}__lte": today})
    return queryset.filter(**{f"{field}__gte": since, f"{field}__lte": until}).order_by(
        Case(When(past, then=Value(0)), default=Value(1)),
        Case(When(past, then=F(field))).desc(nulls_last=True),
        field,
        "pk",
    )


def refuse_future(day: date | None) -> None:
    """A record of what happened (a voucher, a dues run) cannot be dated after today: 31 December typed
    on 7 December is a slip that would put the money in the wrong month's books."""
    today = timezone.localdate()
    if day is not None and day > today:
        raise ValidationError(
            _("日期不能晚于今天（%(today)s）：请按实际收付日期填写。"),
            code="future",
            params={"today": today.isoformat()},
        )


class PastDateField(BoundedDateField):
    """A date up to today (`refuse_future`), for what has already happened."""

    def validate(self, value):
        super().validate(value)
        refuse_future(value)


class YearField(forms.IntegerField):
    """A year typed as plain ASCII digits within [min_value, max_value] (1950..2100 by default)."""

    def __init__(self, *, min_value: int = 1950, max_value: int = YEAR_MAX, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if parse_int(str(value), low=-BIGINT_MAX, high=BIGINT_MAX) is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class SearchField(forms.CharField):
    """A search box: control characters (NUL bytes among them) dropped, cut to `max_length`."""

    def __init__(self, *, max_length: int = TEXT_MAX, **kwargs):
        self.cut_at = max_length
        super().__init__(**kwargs)

    def to_python(self, value):
        return clean_text(super().to_python(value), max_length=self.cut_at)

    def run_validators(self, value):
        """Nothing to refuse: what could do harm was dropped in to_python."""


class SuggestingTextInput(forms.TextInput):
    """A text box offering suggestions (an HTML datalist) while still taking anything typed."""

    def __init__(self, attrs=None, suggestions=()):
        super().__init__(attrs)
        self.suggestions = list(suggestions)

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id', name)}-suggestions"
        box = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = mark_safe(option_tags(((text, "") for text in self.suggestions), labels=False))  # noqa: S308  # nosec B308 B703 - escaped
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)


class SearchFilter(django_filters.CharFilter):
    """django-filter's text filter with the search box's cleaning (SearchField)."""

    field_class = SearchField


class YearFilter(django_filters.NumberFilter):
    """django-filter's number filter for a year (YearField): `?join_year=-1` filters nothing."""

    field_class = YearField


class UnionFilter(django_filters.ModelChoiceFilter):
    """django-filter's union picker (UnionChoiceField): the chosen union's records and those below it."""

    field_class = UnionChoiceField

    def filter(self, qs, value):
        return qs.filter(subtree(value, via=self.field_name)) if value else qs
