"""Hostile and broken values, and a reader for the forms a page shows (to fill them the way a
browser would before the values are swapped for hostile ones)."""

import os
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from django.db import connection
from hypothesis import strategies as st

WIDE = os.environ.get("HYPOTHESIS_PROFILE") == "wide"


def examples(n: int) -> int:
    """How many examples a property-based test draws: `n` in CI (deterministic, see tests/conftest.py),
    ten times as many in `make hostile` (HYPOTHESIS_PROFILE=wide, a random seed each run)."""
    return n * 10 if WIDE else n


LONG = "长" * 10_000
HOSTILE_TEXT = [
    LONG,
    "x" * 10_001,
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE members_member; --",
    "1' OR '1'='1",
    "Robert'); DELETE FROM finances_voucher;--",
    '=HYPERLINK("http://evil.example","点我")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "-2+3",
    "\x00",
    "\u202e\u0000\ufeff",
    "𠀀" * 60,
    "   ",
    "",
]
HOSTILE_NUMBERS = [
    "1e20",
    "-1e20",
    "1e308",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "-0.01",
    "-1",
    "0",
    "0.001",
    "99999999999999999999999",
    "12.345",
    "1,000",
    "¥100",
    "9" * 400,
]
HOSTILE_DATES = [
    "1900-01-01",
    "2999-12-31",
    "0001-01-01",
    "9999-12-31",
    "0000-00-00",
    "2026-02-30",
    "2026-13-01",
    "31/12/2026",
    "2026-1-1",
    "yesterday",
]
HOSTILE_CHOICES = [
    "-1",
    "0",
    "999999999",
    "2147483648",
    "9223372036854775808",
    "abc",
    "[]",
    "{}",
    "None",
    "²",  # a digit to str.isdigit(), not to int()
    "٣",  # a digit to both: int("٣") == 3
    "99999999999",
]

hostile_values = st.one_of(
    st.sampled_from(HOSTILE_TEXT + HOSTILE_NUMBERS + HOSTILE_DATES + HOSTILE_CHOICES),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda day: day.isoformat()),
    st.lists(st.sampled_from(HOSTILE_CHOICES + HOSTILE_TEXT[:4]), min_size=2, max_size=3),
)


@dataclass
class Form:
    action: str | None
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values a browser would send
    names: list[str] = field(default_factory=list)  # every field name, sent or not
    texts: list[str] = field(default_factory=list)  # the names of text boxes and text areas


class FormReader(HTMLParser):
    """Every <form> of a page with what a browser would submit untouched (checked boxes, the
    selected or else first option of a select, text areas, inputs' values)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen: list[str] = []
        self.select_multiple = False
        self.textarea: str | None = None
        self.text = ""

    @property
    def form(self) -> Form | None:
        return self.forms[-1] if self.forms else None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(Form(attrs.get("action"), (attrs.get("method") or "get").lower()))
            return
        form, name = self.form, attrs.get("name")
        if form is None:
            return
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            form.names.append(name)
            if kind in ("text", "search", "tel"):
                form.texts.append(name)
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            form.fields.setdefault(name, []).append(
                attrs.get("value") or ("on" if kind == "checkbox" else "")
            )
        elif tag == "select" and name:
            form.names.append(name)
            self.select, self.select_first, self.select_chosen = name, None, []
            self.select_multiple = "multiple" in attrs
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.select_first is None and value:
                self.select_first = value
            if "selected" in attrs:
                self.select_chosen.append(value)
        elif tag == "textarea" and name:
            form.names.append(name)
            form.texts.append(name)
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            chosen = self.select_chosen or ([] if self.select_multiple else [self.select_first or ""])
            if chosen:
                self.form.fields[self.select] = chosen
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.form.fields[self.textarea] = [self.text.strip("\n")]
            self.textarea = None


def main_form(html: str) -> Form:
    """The page's own POST form: the one with the most fields (not the navigation's role switch)."""
    reader = FormReader()
    reader.feed(html)
    posts = [form for form in reader.forms if form.method == "post" and "role" not in form.names]
    assert posts, "the page has no POST form"
    return max(posts, key=lambda form: len(form.names))


def writes() -> dict[str, int]:
    """Row counts of every table of the project's apps, in one query: any insert or delete shows
    here, and any change of a tracked record too (its audit-trail table grows)."""
    tables = sorted(
        model._meta.db_table
        for app in ("unionhub", "members", "activities", "finances", "reports")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
        if not model._meta.proxy
    )
    counts = ", ".join(f'(SELECT count(*) FROM "{table}")' for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")  # noqa: S608 - table names from the models
        return dict(zip(tables, cursor.fetchone(), strict=True))
