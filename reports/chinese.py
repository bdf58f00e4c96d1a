"""Numbers and dates written the way a union's documents write them, and the check that a text says
no clause twice."""

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from unionhub.money import round_money

DIGITS = "〇一二三四五六七八九"
ORDINALS = "零一二三四五六七八九十"


def chinese_year(year: int) -> str:
    """2025 → 二〇二五 (a year reads digit by digit)."""
    return "".join(DIGITS[int(d)] for d in str(year))


def chinese_small_number(n: int) -> str:
    """1–999 in words: 3 → 三, 10 → 十, 12 → 十二, 30 → 三十, 105 → 一百零五, 110 → 一百一十."""
    if not 0 < n < 1000:
        raise ValueError(f"{n} is outside 1–999")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    text = ""
    if hundreds:
        text = ORDINALS[hundreds] + "百"
        if rest and tens == 0:
            text += "零"
    if tens:
        # 十二 on its own, 一百一十二 after the hundreds.
        text += ("" if tens == 1 and not hundreds else ORDINALS[tens]) + "十"
    if ones:
        text += ORDINALS[ones]
    return text


def chinese_date(day: date) -> str:
    """date(2025, 12, 30) → 二〇二五年十二月三十日, as in a signature block."""
    return f"{chinese_year(day.year)}年{chinese_small_number(day.month)}月{chinese_small_number(day.day)}日"


def arabic_date(day: date) -> str:
    """date(2026, 12, 7) → 2026年12月7日, as GB/T 9704-2012 writes dates in running text."""
    return f"{day.year}年{day.month}月{day.day}日"


def section_number(n: int) -> str:
    """Section headings: 1 → 一, 12 → 十二."""
    return chinese_small_number(n)


def yuan(amount: Decimal | int) -> str:
    """An amount as a summary writes it, always exactly: 58180元, 1234.5元, and from 十万 up in
    万元 when that is exact (614200 → 61.42万元); 105934元 stays in yuan rather than be rounded.
    """
    amount = round_money(amount)
    if abs(amount) >= 100000 and amount % 100 == 0:
        return f"{_trim(amount / 10000)}万元"
    return f"{_trim(amount)}元"


def _trim(value: Decimal) -> str:
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def percent(part: int | Decimal, whole: int | Decimal) -> str:
    """52 of 104 → 50%; one decimal when needed (33.3%)."""
    if not whole:
        return "0%"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{_trim(value)}%"


# Clauses a summary must not say twice: split on these, compared when this long or longer.
CLAUSE_BREAKS = re.compile(r"[。；，！？\n]")
CLAUSE_MIN = 10


def repeated_clauses(text: str) -> list[str]:
    """The clauses of ten characters or more that a text says more than once, in order of first use.
    A point's number (一是) and the spaces around a clause are not part of it."""
    seen: set[str] = set()
    repeated: list[str] = []
    for clause in CLAUSE_BREAKS.split(text):
        clause = re.sub(r"^[一二三四五六七八九十]+是", "", clause.strip())
        if len(clause) < CLAUSE_MIN:
            continue
        if clause in seen and clause not in repeated:
            repeated.append(clause)
        seen.add(clause)
    return repeated
