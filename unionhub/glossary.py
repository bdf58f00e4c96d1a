"""The words of the screens: one preferred term for each thing, and the variants that must not appear.

Officers read the same thing under one name on every page and on paper. A test
(tests/unionhub/test_glossary.py) reads every template and every Python module of the product and
fails on any variant listed here. Add a term when a second way of saying something creeps in.

| preferred | avoid | where |
|---|---|---|
| 台账 (会员台账, 活动台账) | 台帐 | everywhere |
| 查询 — the button that applies a list's filter | 筛选, 查看, 切换, 查找 on that button | filter forms |
| 2026年第29号 — a voucher's number (`str(voucher)`) | 2026-29 | screens and lists (1) |
| 见下方列表 / 见列表 | 见右侧列表 (on a phone the list is below) | everywhere |
| a choice the form asks for: 请选择 / 全部 / 不限 | --------- (Django's empty choice) | forms |
| 倒序 | (descending) | sorting |

(1) The printed 记账凭证 keeps the paper form's own heading, 记字第 29 号.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    preferred: str
    variants: tuple[str, ...] = ()  # plain text that must not appear
    patterns: tuple[str, ...] = ()  # regular expressions that must not match
    note: str = ""


TERMS = (
    Term("台账", variants=("台帐",), note="账 is the standard form for accounts and registers."),
    Term(
        "查询",
        patterns=(
            r'<button type="submit"[^>]*>\s*(?:<i[^>]*></i>\s*)?'
            r'\{% translate "(?:筛选|查看|切换|查找)" %\}\s*</button>',
        ),
        note="The one word on the button that applies a list's filter.",
    ),
    Term(
        "2026年第29号",
        patterns=(r"year \}\}-\{\{ ?\w*\.?number", r"\{year\}-\{number\}"),
        note="A voucher's number as Voucher.__str__ writes it.",
    ),
    Term("见下方列表", variants=("见右侧列表",), note="On a phone nothing is to the right."),
    Term("请选择", variants=('"---------"', "'---------'"), note="No Django placeholder dashes on a page."),
    Term("倒序", variants=("(descending)",)),
)


def problems_in(text: str) -> list[tuple[str, str]]:
    """(what was found, the preferred term) for every variant the text shows."""
    found = []
    for term in TERMS:
        for variant in term.variants:
            if variant in text:
                found.append((variant, term.preferred))
        for pattern in term.patterns:
            found.extend((match.group(0), term.preferred) for match in re.finditer(pattern, text))
    return found
