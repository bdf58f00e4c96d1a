"""One parser per kind of query parameter: a union, a year, a month, a date, a positive number, text.

Every page reads its query string through these. A value that is missing or not what the page can
use answers the page's default (the parser's `default`), never an error: a query string is typed
by anyone, and `?year=²` or a NUL byte in `q` must not reach `int()` or PostgreSQL. A union that is
a well-formed id but not in the role's reach answers 404, like any other record of another union.

Digits are matched with an ASCII regex, never `str.isdigit()` (which accepts "²" and "৩", which
`int()` then refuses or reads as another number), and every number is bounded before it reaches
`date()` or the database.
"""

import re
from datetime import date

from unionhub.access import union_in_reach
from unionhub.models import Union

DIGITS = re.compile(r"[0-9]{1,18}")  # 18 digits fit a PostgreSQL bigint
YEAR_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# C0 and C1 control characters (NUL among them), which no search or label needs; tab and newline too.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

YEAR_MIN, YEAR_MAX = 2000, 2100  # a document year: the books, the summary, the calendar
DATE_MIN, DATE_MAX = date(1900, 1, 1), date(2100, 12, 31)
BIGINT_MAX = 2**63 - 1
TEXT_MAX = 100  # a search box


def _raw(params, name: str) -> str:
    """The parameter's last value as a string ('' when absent), stripped of surrounding spaces."""
    value = params.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def parse_int(value: str, *, low: int, high: int) -> int | None:
    """`value` as an int when it is plain ASCII digits (an optional leading '-') within [low, high]."""
    value = value.strip() if isinstance(value, str) else ""
    negative = value.startswith("-")
    digits = value[1:] if negative else value
    if not DIGITS.fullmatch(digits):
        return None
    number = -int(digits) if negative else int(digits)
    return number if low <= number <= high else None


def int_param(params, name: str, default=None, *, low: int = 1, high: int = BIGINT_MAX):
    """A whole number within [low, high]; anything else is `default`. Page numbers, counts, ids."""
    number = parse_int(_raw(params, name), low=low, high=high)
    return default if number is None else number


def year_param(params, name: str = "year", default=None, *, low: int = YEAR_MIN, high: int = YEAR_MAX):
    """A year within [low, high] (2000..2100 unless the page says otherwise), else `default`."""
    return int_param(params, name, default, low=low, high=high)


def month_param(params, name: str = "month", default=None):
    """A month number 1..12, else `default`."""
    return int_param(params, name, default, low=1, high=12)


def year_month_param(params, name: str = "month", default: date | None = None) -> date | None:
    """The first day of a month written "YYYY-MM" (the year within YEAR_MIN..YEAR_MAX), else `default`."""
    found = YEAR_MONTH.fullmatch(_raw(params, name))
    if found:
        year, month = int(found[1]), int(found[2])
        if YEAR_MIN <= year <= YEAR_MAX and 1 <= month <= 12:
            return date(year, month, 1)
    return default


def parse_date(value: str, *, low: date = DATE_MIN, high: date = DATE_MAX) -> date | None:
    """An ISO date "YYYY-MM-DD" that exists and lies within [low, high], else None."""
    found = ISO_DATE.fullmatch(value.strip() if isinstance(value, str) else "")
    if not found:
        return None
    try:
        day = date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:  # 2026-02-30
        return None
    return day if low <= day <= high else None


def date_param(params, name: str, default=None, *, low: date = DATE_MIN, high: date = DATE_MAX):
    """An ISO date within [low, high] (1900..2100 unless the page says otherwise), else `default`."""
    day = parse_date(_raw(params, name), low=low, high=high)
    return default if day is None else day


def clean_text(value: str, *, max_length: int = TEXT_MAX) -> str:
    """`value` without control characters (NUL bytes among them), trimmed, cut to `max_length`."""
    return CONTROL.sub("", value if isinstance(value, str) else "").strip()[:max_length]


def text_param(params, name: str = "q", default: str = "", *, max_length: int = TEXT_MAX) -> str:
    """Search text: control characters dropped, at most `max_length` characters; `default` if empty."""
    return clean_text(params.get(name, ""), max_length=max_length) or default


def choice_param(params, name: str, choices, default: str = "") -> str:
    """One of `choices` (a list of values, or a TextChoices' `.values`), else `default`."""
    value = _raw(params, name)
    return value if value in choices else default


def flag_param(params, name: str) -> bool:
    """A checkbox: on when the browser sent "on" (or "1"/"true")."""
    return _raw(params, name).lower() in ("on", "1", "true")


def union_param(request, name: str = "union", default: Union | None = None, *, params=None) -> Union | None:
    """The union named by id in the query string, when the role reaches it (404 when it does not).

    A missing or malformed id (not ASCII digits, or too big to be an id) answers `default`, which
    pages pass as the role's own union or None ("every union in reach").
    """
    params = request.GET if params is None else params
    pk = parse_int(_raw(params, name), low=1, high=BIGINT_MAX)
    if pk is None:
        return default
    return union_in_reach(request, pk)
