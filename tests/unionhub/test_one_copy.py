"""Concepts written once, in unionhub: money rounding and the spreadsheet formula guard.

Three copies of each had drifted apart (the roll export's guard missed a leading newline).
"""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members.models import Member
from tests.members.factories import MemberFactory
from unionhub.money import round_money
from unionhub.spreadsheets import FORMULA_STARTS, safe_cell

ROOT = Path(__file__).resolve().parents[2]
APPS = ("unionhub", "members", "activities", "finances", "reports", "bench")


def sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_money_is_rounded_half_up_to_the_fen_and_never_from_a_float():
    assert round_money(Decimal("2.345")) == Decimal("2.35")
    assert round_money(Decimal("-2.345")) == Decimal("-2.35")
    assert round_money("22.805") == Decimal("22.81")
    assert round_money(5) == Decimal("5.00")
    with pytest.raises(TypeError):
        round_money(1.1)


def test_there_is_one_rounding_helper_and_one_formula_guard():
    copies = []
    for path in sources():
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        if name in ("unionhub/money.py", "unionhub/spreadsheets.py"):
            continue
        if re.search(r"def round_money\b|quantize\([^)]*CENT[^)]*ROUND_HALF_UP", text):
            copies.append(f"{name}: money rounding (use unionhub.money.round_money)")
        if re.search(r"""\(\s*"=",\s*"\+",\s*"-",\s*"@\"""", text):
            copies.append(f"{name}: a formula guard (use unionhub.spreadsheets.safe_cell)")
    assert not copies, "\n".join(copies)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_text_a_spreadsheet_would_run_stays_text(start):
    dangerous = f'{start}HYPERLINK("http://evil.example","点我")'
    assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("张三") == "张三" and safe_cell(5) == 5 and safe_cell(None) is None
    assert safe_cell("1-2") == "1-2"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["\n=1+1", "\t=1+1", "\r=1+1", "=1+1", "@SUM(A1)"])
def test_the_roll_export_defuses_every_formula_start(world, client, name):
    """The roll's own guard missed a leading newline: "\\n=1+1" went out as typed."""
    member = MemberFactory(union=world.union_a)
    Member.objects.filter(pk=member.pk).update(name=name)
    client.force_login(world.officers["secretary"])
    export = client.get(reverse("members:member_export"))
    cells = [
        cell
        for row in load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(
            values_only=True
        )
        for cell in row
    ]
    assert name not in cells and "'" + name in cells
