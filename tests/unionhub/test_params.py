"""The query-parameter parsers: whatever the text, a bounded value or the default, never an error."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.trust.hostile import HOSTILE_CHOICES, HOSTILE_DATES, HOSTILE_NUMBERS, HOSTILE_TEXT, examples
from unionhub import params
from unionhub.fields import UnionChoiceField, YearField
from unionhub.models import Union

anything = st.one_of(
    st.sampled_from(["²", "٣", "①", "２０２６", "2026", "12", "-1", "0", "2026-03", "9999-12", "2026-02-30"]),
    st.sampled_from(HOSTILE_TEXT + HOSTILE_NUMBERS + HOSTILE_DATES + HOSTILE_CHOICES),
    st.text(max_size=30),
)


def query(value: str) -> QueryDict:
    data = QueryDict(mutable=True)
    data["v"] = value
    return data


@settings(max_examples=examples(300))
@given(value=anything)
def test_every_parser_answers_a_bounded_value_or_the_default(value):
    q = query(value)
    assert params.int_param(q, "v", "d", low=1, high=99) in (*range(1, 100), "d")
    year = params.year_param(q, "v", "d")
    assert year == "d" or params.YEAR_MIN <= year <= params.YEAR_MAX
    assert params.month_param(q, "v", "d") in (*range(1, 13), "d")
    first = params.year_month_param(q, "v", "d")
    assert first == "d" or (first.day == 1 and params.YEAR_MIN <= first.year <= params.YEAR_MAX)
    day = params.date_param(q, "v", "d")
    assert day == "d" or params.DATE_MIN <= day <= params.DATE_MAX
    text = params.text_param(q, "v")
    assert len(text) <= params.TEXT_MAX and not params.CONTROL.search(text)
    assert params.choice_param(q, "v", ["a", "b"], "d") in ("a", "b", "d")


def test_digits_are_ascii_digits_only():
    for value in ("²", "٣", "①", "２０２６", "3²", "1_000", "+5", "0x10", "1e3", "", " "):
        assert params.parse_int(value, low=-(10**9), high=10**9) is None, value
    assert params.parse_int(" 42 ", low=1, high=99) == 42
    assert params.parse_int("-1", low=1, high=99) is None
    assert params.parse_int("9" * 40, low=1, high=params.BIGINT_MAX) is None


def test_the_usual_values_are_read():
    assert params.year_param(query("2026"), "v") == 2026
    assert params.year_param(query("1999"), "v", 7) == 7
    assert params.month_param(query("03"), "v") == 3
    assert params.year_month_param(query("2026-3"), "v") == date(2026, 3, 1)
    assert params.year_month_param(query("9999-12"), "v", "d") == "d"
    assert params.date_param(query("2026-02-28"), "v") == date(2026, 2, 28)
    assert params.date_param(query("2026-02-30"), "v", "d") == "d"
    assert params.date_param(query("9999-12-31"), "v", "d") == "d"
    assert params.text_param(query(" 张\x00三\n "), "v") == "张三"
    assert params.flag_param(query("on"), "v") and not params.flag_param(query("off"), "v")


def test_the_union_picker_and_the_year_field_refuse_digits_that_are_not():
    field = UnionChoiceField(queryset=Union.objects.all(), required=False)
    for value in ("²", "٣", "99999999999999999999"):
        with pytest.raises(ValidationError) as refused:
            field.clean(value)  # refused before any query
        assert refused.value.code == "invalid_choice"
    year = YearField(required=False)
    for value in ("²", "-1", "1e5", "٢٠٢٦", "2101"):
        with pytest.raises(ValidationError):
            year.clean(value)
    assert year.clean("2024") == 2024
