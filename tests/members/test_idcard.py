"""Resident ID numbers: check digit, birth date, sex; the clean-up a person would do; masking."""

from datetime import date

import pytest
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from members.idcard import InvalidId, check_resident_id, make_resident_id, mask, mask_phone, normalise_id


def id_ending_in_x(region: str = "330402", birth_date: date = date(1980, 5, 20)) -> str:
    for sequence in range(1000):
        number = make_resident_id(region=region, birth_date=birth_date, sequence=sequence)
        if number.endswith("X"):
            return number
    raise AssertionError("no sequence gives X")


def test_a_made_number_passes_and_tells_birth_date_and_sex():
    number = make_resident_id(region="330402", birth_date=date(1975, 6, 12), sequence=123)
    facts = check_resident_id(number)
    assert facts.number == number
    assert facts.birth_date == date(1975, 6, 12)
    assert facts.sex == "M"  # odd sequence
    assert (
        check_resident_id(make_resident_id(region="330402", birth_date=date(1975, 6, 12), sequence=124)).sex
        == "F"
    )


def test_our_check_digit_is_the_iso_7064_one():
    # GB 11643-1999's own example.
    assert ric.calc_check_digit("11010519491231002X") == "X"
    assert check_resident_id("11010519491231002X").birth_date == date(1949, 12, 31)


def test_people_born_before_the_1983_county_codes_are_accepted():
    """stdnum's validate() checks the birthplace against the county table of the birth year and
    refuses these real-world shapes; we check digits and birth date only."""
    for region, born in (
        ("330424", date(1958, 6, 12)),
        ("330402", date(1975, 3, 9)),
        ("110203", date(1990, 1, 2)),
    ):
        number = make_resident_id(region=region, birth_date=born, sequence=121)
        with pytest.raises(StdnumError):
            ric.validate(number)
        assert check_resident_id(number).birth_date == born


def test_what_a_person_would_fix_is_fixed():
    number = id_ending_in_x()
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number[:-1]) + "ｘ"
    assert normalise_id(f" {number[:6]} {number[6:14]}\u3000{number[14:].lower()} ") == number
    assert normalise_id(full_width) == number
    assert normalise_id(number.lower()) == number
    assert check_resident_id(number.lower()).number == number


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "不能为空"),
        ("33040219750612123", "应为18位"),
        ("3304021975061212AX", "前17位应为数字"),
    ],
)
def test_malformed_numbers_are_refused_with_the_reason(value, message):
    with pytest.raises(InvalidId, match=message):
        check_resident_id(value)


def test_a_wrong_check_digit_is_refused():
    number = make_resident_id(region="330402", birth_date=date(1975, 6, 12), sequence=123)
    wrong = number[:-1] + ("1" if number[-1] != "1" else "2")
    with pytest.raises(InvalidId, match="校验位"):
        check_resident_id(wrong)


def test_an_impossible_or_future_birth_date_is_refused_even_with_a_right_check_digit():
    body = "330402198702301230"  # 30 February
    impossible = body[:-1] + ric.calc_check_digit(body)
    with pytest.raises(InvalidId, match="出生日期不存在"):
        check_resident_id(impossible)
    future = make_resident_id(region="330402", birth_date=date(2099, 1, 1), sequence=1)
    with pytest.raises(InvalidId, match="不合理"):
        check_resident_id(future)


def test_masking_keeps_both_ends():
    assert mask("330102198001011234") == "3301**********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask("") == ""
    assert mask("1234") == "****"
