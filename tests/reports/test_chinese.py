from datetime import date
from decimal import Decimal

import pytest

from reports.chinese import chinese_date, chinese_small_number, percent, section_number, yuan


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2025, 12, 30), "二〇二五年十二月三十日"),
        (date(2010, 12, 30), "二〇一〇年十二月三十日"),
        (date(2026, 2, 11), "二〇二六年二月十一日"),
        (date(2026, 10, 1), "二〇二六年十月一日"),
        (date(2026, 5, 20), "二〇二六年五月二十日"),
        (date(2026, 1, 21), "二〇二六年一月二十一日"),
    ],
)
def test_chinese_date(day, text):
    assert chinese_date(day) == text


def test_small_numbers_and_sections():
    assert [chinese_small_number(n) for n in (1, 9, 10, 11, 19, 20, 99)] == [
        "一",
        "九",
        "十",
        "十一",
        "十九",
        "二十",
        "九十九",
    ]
    assert [chinese_small_number(n) for n in (100, 105, 110, 112, 230, 999)] == [
        "一百",
        "一百零五",
        "一百一十",
        "一百一十二",
        "二百三十",
        "九百九十九",
    ]
    assert section_number(3) == "三"
    with pytest.raises(ValueError):
        chinese_small_number(1000)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("58180"), "58180元"),
        (Decimal("9500.00"), "9500元"),
        (Decimal("1234.50"), "1234.5元"),
        (Decimal("0.05"), "0.05元"),
        (Decimal("128400.00"), "12.84万元"),
        (Decimal("128450.00"), "128450元"),
        (Decimal("105934.56"), "105934.56元"),
        (Decimal("100000"), "10万元"),
        (Decimal("1500000"), "150万元"),
    ],
)
def test_yuan(amount, text):
    assert yuan(amount) == text


def test_percent():
    assert percent(27, 52) == "51.9%"
    assert percent(1, 2) == "50%"
    assert percent(3, 0) == "0%"
