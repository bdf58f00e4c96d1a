"""Mainland resident ID numbers (居民身份证号码) and the clean-up a person would do before checking one.

We check the length, the ISO 7064 MOD 11-2 check digit and the birth date, through python-stdnum's
`calc_check_digit` and `get_birth_date`. We do not call `stdnum.cn.ric.validate`: it also checks the
birthplace code against the county table of the birth year, which rejects real numbers of people
born before the county codes of the 1980s (and numbers of counties merged since).
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
EARLIEST_BIRTH = date(1900, 1, 1)


class InvalidId(ValueError):
    """An ID number that cannot be right; the message says why, in Chinese."""


@dataclass(frozen=True)
class IdFacts:
    number: str
    birth_date: date
    sex: str  # "M" or "F", as Member.Sex


def normalise_text(value) -> str:
    """Full-width letters and digits to ASCII (NFKC), surrounding spaces gone, inner runs to one space."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"\s+", " ", text).strip()


def normalise_id(value) -> str:
    """What a person would fix by eye: full-width digits, spaces anywhere, a lower-case x."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an ID typed into a number cell (its last digits are already lost)
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"[\s\-]+", "", text).upper()


def check_resident_id(value) -> IdFacts:
    """The facts an ID number carries, or InvalidId with the reason."""
    number = normalise_id(value)
    if not number:
        raise InvalidId(_("身份证号码不能为空。"))
    if len(number) != 18:
        raise InvalidId(_("身份证号码应为18位，这里是%(count)d位。") % {"count": len(number)})
    if not ID_PATTERN.match(number):
        raise InvalidId(_("身份证号码前17位应为数字，最后一位为数字或X。"))
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidId(_("身份证号码校验位不正确，请核对号码。"))
    try:
        birth_date = ric.get_birth_date(number)
    except StdnumError:
        raise InvalidId(_("身份证号码中的出生日期不存在。")) from None
    if not EARLIEST_BIRTH <= birth_date <= timezone.localdate():
        raise InvalidId(_("身份证号码中的出生日期不合理。"))
    sex = "M" if int(number[16]) % 2 else "F"
    return IdFacts(number=number, birth_date=birth_date, sex=sex)


def make_resident_id(*, region: str, birth_date: date, sequence: int) -> str:
    """A well-formed ID number: six-digit region code, birth date, three-digit sequence, check digit.

    The sequence's parity gives the sex (odd: male). Used by the demo and the tests.
    """
    body = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def mask(value: str, *, keep_start: int = 4, keep_end: int = 4) -> str:
    """3301**********1234: the middle hidden, as PIPL practice asks for lists and exports."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def mask_phone(value: str) -> str:
    return mask(value, keep_start=3, keep_end=4)
