"""Wage bases from the payroll workbook as the office receives it (姓名, 身份证号, a wage column, 生效月份).

`read_payroll()` reads the file through the bounded reader (members.rolls.read_table, on
unionhub.spreadsheets: xlsx and csv, zip bombs and old .xls refused), finds the header (one row, or
two merged rows: unionhub.spreadsheets.find_header) and keeps each record's cells. Every column that
may hold the wage (工资基数, 应发工资, 基本工资 …) is a candidate; the treasurer may choose one, and
when she does not the first in WAGE_HEADERS' order is read and the preview says which it is.

`check_payroll()` gives every row a verdict against the union's roll: accepted (with the base in
effect before and the new one), rejected (each problem at its row and column) or skipped (a person
not on the union's roll: listed, never blocking). Rows that name nobody (blank, only a 序号, a 合计
line) are passed over. `import_wages()` records the accepted rows only when no row is rejected: all
or nothing; a month already registered is updated to the new amount. The web page and
`manage.py import_wages` call the same functions, so their verdicts are the same.
"""

import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from finances.membership import members_of
from finances.models import WageBase
from members.idcard import normalise_id, normalise_text
from members.rolls import (
    ACCEPTED,
    HEADER_SEARCH_ROWS,
    KEPT_CHARS,
    MAX_ROWS,
    REJECTED,
    Column,
    Problem,
    RollFileError,
    RowVerdict,
    UnreadableDate,
    clean_header,
    control_character_problems,
    normalise_name,
    not_a_record,
    parse_date,
    read_table,
)
from unionhub.models import Union, User
from unionhub.spreadsheets import find_header, safe_cell, shown

SKIPPED = "skipped"
COLUMNS = {
    "name": ("姓名",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证"),
    "effective_from": ("生效月份", "生效日期", "起始月份", "执行月份", "月份"),
}
# Headers that may hold the wage base, in the order one is read when the treasurer chooses none.
WAGE_HEADERS = ("工资基数", "缴费基数", "会费基数", "月工资", "应发工资", "应发合计", "工资", "基本工资")
HEADER_LOOKUP = {clean_header(alias): name for name, aliases in COLUMNS.items() for alias in aliases}
WAGE_RANK = {clean_header(header): rank for rank, header in enumerate(WAGE_HEADERS)}
MAX_WAGE = Decimal("1000000")


@dataclass
class Payroll:
    """A payroll as read: its named columns, the columns that may hold the wage (in the order one is
    read by default), and each record's cells by column letter. Kept in the session between the
    preview and the commit, so a treasurer can choose another wage column without uploading again."""

    columns: list[Column]
    wage_columns: list[Column]
    records: list[tuple[int, dict[str, object]]]

    def as_dict(self) -> dict:
        return {
            "columns": [[c.field, c.index, c.header] for c in self.columns],
            "wage_columns": [[c.field, c.index, c.header] for c in self.wage_columns],
            "records": [[row, cells] for row, cells in self.records],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Payroll":
        return cls(
            columns=[Column(*column) for column in data["columns"]],
            wage_columns=[Column(*column) for column in data["wage_columns"]],
            records=[(row, cells) for row, cells in data["records"]],
        )

    def wage_column(self, chosen: str = "") -> Column:
        """The column read as the wage base: the one chosen (its header or its letter), else the first
        candidate. RollFileError naming the candidates when the chosen one is not in the file."""
        if not chosen:
            return self.wage_columns[0]
        wanted = clean_header(chosen)
        for column in self.wage_columns:
            if wanted in (clean_header(column.header), column.letter):
                return column
        raise RollFileError(
            _("表中没有“%(column)s”列；可选作工资基数的列：%(choices)s。")
            % {"column": shown(chosen), "choices": "、".join(label(c) for c in self.wage_columns)}
        )


def label(column: Column) -> str:
    return _("%(header)s（%(letter)s列）") % {"header": column.header, "letter": column.letter}


@dataclass
class WageCheck:
    rows: list[RowVerdict]
    columns: list[Column]
    wage_column: Column | None = None
    wage_columns: list[Column] = field(default_factory=list)
    chosen: bool = False  # the treasurer named the wage column

    @property
    def accepted(self) -> list[RowVerdict]:
        return [row for row in self.rows if row.verdict == ACCEPTED]

    @property
    def rejected(self) -> list[RowVerdict]:
        return [row for row in self.rows if row.verdict == REJECTED]

    @property
    def skipped(self) -> list[RowVerdict]:
        return [row for row in self.rows if row.verdict == SKIPPED]

    @property
    def not_accepted(self) -> list[RowVerdict]:
        return [row for row in self.rows if row.verdict != ACCEPTED]

    @property
    def column_note(self) -> str:
        """Which column is read as the wage base, and the others that could be, so none is read silently."""
        if self.wage_column is None:
            return ""
        note = _("工资基数读自%(column)s。") % {"column": label(self.wage_column)}
        others = [c for c in self.wage_columns if c != self.wage_column]
        if others and not self.chosen:
            note += _("表中另有%(others)s，如应按其计算，请改选。") % {
                "others": "、".join(label(c) for c in others)
            }
        return note

    def counts(self) -> str:
        return f"accepted: {len(self.accepted)} rejected: {len(self.rejected)} skipped: {len(self.skipped)}"


def _recognise(cells: list) -> dict[str, Column]:
    """The named columns and the wage candidates (field "wage:<letter>") a header row holds."""
    columns: dict[str, Column] = {}
    for index, cell in enumerate(cells):
        header = clean_header(cell)
        name = HEADER_LOOKUP.get(header)
        if name and name not in columns:
            columns[name] = Column(name, index, str(cell).strip())
        elif header in WAGE_RANK:
            columns[f"wage:{index}"] = Column("amount", index, str(cell).strip())
    return columns


def _score(cells: list) -> int:
    columns = _recognise(cells)
    has_wage = any(key.startswith("wage:") for key in columns)
    return len(columns) if "id_number" in columns and has_wage else 0


def _jsonable(value):
    """A cell as the session keeps it: numbers and text as they are, a date as ISO text (parse_date
    reads it back)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, int | float | str):
        return value
    return str(value)


def read_payroll(*, file: IO[bytes], file_name: str) -> Payroll:
    """The payroll's header and records; RollFileError when the file itself cannot be used."""
    found = find_header(read_table(file, file_name), _score, search=HEADER_SEARCH_ROWS)
    if found is None:
        raise RollFileError(
            _(
                "找不到表头：表格前%(rows)d行中须有一行（或合并的两行）同时包含“身份证号”和工资列（如“应发工资”“工资基数”）。"
            )
            % {"rows": HEADER_SEARCH_ROWS}
        )
    header_row, cells, rows = found
    recognised = _recognise(cells)
    columns = [c for key, c in recognised.items() if not key.startswith("wage:")]
    wages = sorted(
        (c for key, c in recognised.items() if key.startswith("wage:")),
        key=lambda c: (WAGE_RANK[clean_header(c.header)], c.index),
    )
    used = columns + wages
    records = []
    for row_number, row in rows:
        if not_a_record(row, used):
            continue
        if len(records) >= MAX_ROWS:
            raise RollFileError(_("一次最多导入 %(count)d 行，请把表格分成几个文件。") % {"count": MAX_ROWS})
        records.append(
            (row_number, {c.letter: _jsonable(row[c.index]) if c.index < len(row) else None for c in used})
        )
    if not records:
        raise RollFileError(_("表头（第%(row)d行）下面没有工资数据。") % {"row": header_row})
    return Payroll(columns=columns, wage_columns=wages, records=records)


def parse_amount(value) -> Decimal:
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    text = re.sub(r"[,\s元¥]", "", text)
    return Decimal(text).quantize(Decimal("0.01"))


def check_wages(
    *, file: IO[bytes], file_name: str, union: Union, default_month: date, column: str = ""
) -> WageCheck:
    """Every row of a payroll workbook checked against the union's members, the wage read from
    `column` (a header or a letter) or the first candidate. RollFileError when the file cannot be used."""
    payroll = read_payroll(file=file, file_name=file_name)
    return check_payroll(payroll=payroll, union=union, default_month=default_month, column=column)


def _bases_in_effect(members: Iterable, months: set[date]) -> dict[tuple[int, date], WageBase]:
    """(member, month) -> the wage base in effect in that month, for every month a payroll names."""
    in_effect: dict[tuple[int, date], WageBase] = {}
    for wage in WageBase.objects.filter(member__in=list(members)).order_by("effective_from"):
        for month in months:
            if wage.effective_from <= month:
                in_effect[(wage.member_id, month)] = wage
    return in_effect


def check_payroll(*, payroll: Payroll, union: Union, default_month: date, column: str = "") -> WageCheck:
    wage_column = payroll.wage_column(column)
    by_field = {c.field: c for c in payroll.columns} | {"amount": wage_column}
    records = [
        (row, {name: cells.get(c.letter) for name, c in by_field.items()}) for row, cells in payroll.records
    ]
    ids = {normalise_id(values.get("id_number")) for _row, values in records}
    members = {member.id_number: member for member in members_of(union).filter(id_number__in=ids)}
    months = {default_month}
    verdicts = []
    seen: dict[tuple, int] = {}
    for row_number, values in records:
        verdict = _check_row(row_number, values, by_field, members, default_month)
        member, month = verdict.data.pop("_member"), verdict.data["effective_from"]
        if member is not None:
            key = (member.pk, month)
            if key in seen:
                verdict.problems.append(
                    _problem(
                        by_field, "id_number", _("与第%(row)d行重复：同一会员同一月份") % {"row": seen[key]}
                    )
                )
            seen.setdefault(key, row_number)
            months.add(date.fromisoformat(month))
        verdicts.append(verdict)
    in_effect = _bases_in_effect(members.values(), months)
    for verdict in verdicts:
        _settle(verdict, in_effect)
    return WageCheck(
        rows=verdicts,
        columns=payroll.columns,
        wage_column=wage_column,
        wage_columns=payroll.wage_columns,
        chosen=bool(column),
    )


def _problem(by_field: dict[str, Column], field_name: str, message: str) -> Problem:
    column = by_field.get(field_name)
    return Problem(message, column.letter if column else "", column.header if column else "")


def _check_row(
    row_number: int, values: dict, by_field: dict, members: dict, default_month: date
) -> RowVerdict:
    verdict = RowVerdict(row=row_number)

    def problem(field_name: str, message: str) -> None:
        verdict.problems.append(_problem(by_field, field_name, message))

    verdict.problems += control_character_problems(values, by_field)
    id_number = normalise_id(values.get("id_number"))
    member = members.get(id_number)
    name = normalise_name(values.get("name"))
    if id_number and member is None:
        # Not on the roll (not a member, or another union's): listed, never blocking.
        verdict.verdict = SKIPPED
        verdict.warnings.append(_problem(by_field, "id_number", _("不在本工会会员名册中，已跳过")))
        verdict.data = {
            "_member": None,
            "member": None,
            "name": shown(name, KEPT_CHARS),
            "id_number": id_number[:KEPT_CHARS],
            "amount": "",
            "effective_from": default_month.isoformat(),
        }
        return verdict
    if not id_number:
        problem("id_number", _("缺少身份证号"))
    if member is not None and name and name != member.name:
        problem("name", _("姓名与名册不符（名册为“%(name)s”）") % {"name": member.name})
    amount = _amount(values.get("amount"), problem)
    month = _month(values, by_field, default_month, problem)
    verdict.data = {
        "_member": member,
        "member": member.pk if member else None,
        "name": member.name if member else shown(name, KEPT_CHARS),
        "id_number": id_number[:KEPT_CHARS],
        "amount": str(amount) if amount is not None else "",
        "effective_from": month.isoformat(),
    }
    return verdict


def _amount(value, problem) -> Decimal | None:
    try:
        amount = parse_amount(value)
    except (InvalidOperation, ValueError):
        if normalise_text(value):
            problem("amount", _("工资基数不是数字：“%(value)s”") % {"value": shown(normalise_text(value))})
        else:
            problem("amount", _("缺少工资基数"))
        return None
    if not 0 < amount < MAX_WAGE:
        problem("amount", _("工资基数须大于0且小于100万元"))
    return amount


def _month(values: dict, by_field: dict, default_month: date, problem) -> date:
    if "effective_from" not in by_field:
        return default_month
    try:
        parsed, _whole = parse_date(values.get("effective_from"))
    except UnreadableDate:
        problem("effective_from", _("无法识别的月份，请写成 2026-03 或 2026年3月"))
        return default_month
    if parsed is None:
        problem("effective_from", _("缺少生效月份"))
        return default_month
    return parsed.replace(day=1)


def _settle(verdict: RowVerdict, in_effect: dict[tuple[int, date], WageBase]) -> None:
    """The row's verdict, and for a member the base in effect before (`old`) and what the import does:
    `new` (a first base for the month), `update` (the month's base corrected), `same` (nothing)."""
    if verdict.verdict == SKIPPED:
        return
    if verdict.problems:
        verdict.verdict = REJECTED
    data = verdict.data
    if data["member"] is None:
        return
    month = date.fromisoformat(data["effective_from"])
    before = in_effect.get((data["member"], month))
    data["old"] = str(before.amount) if before else ""
    if before is not None and data["amount"] and before.amount == Decimal(data["amount"]):
        data["change"] = "same"
    elif before is not None and before.effective_from == month:
        data["change"] = "update"
    else:
        data["change"] = "new"


def change_text(row: RowVerdict) -> str:
    """What an accepted row does to its member's base, as the preview and the command say it."""
    data = row.data
    if data["change"] == "same":
        return _("%(name)s：%(amount)s（不变）") % {"name": data["name"], "amount": data["amount"]}
    return _("%(name)s：%(old)s → %(new)s") % {
        "name": data["name"],
        "old": data["old"] or _("未登记"),
        "new": data["amount"],
    }


@transaction.atomic
def import_wages(*, check: WageCheck, union: Union, by: User) -> int:
    """Record every accepted row's wage base, or nothing when any row is rejected (skipped rows, people
    not on the roll, never block). A month already registered is corrected to the new amount; a row
    repeating the base in effect is passed over. Returns how many bases were written."""
    if check.rejected:
        raise ValidationError(
            _("有 %(count)d 行未通过检查，未导入任何工资基数。请改正后重新上传。")
            % {"count": len(check.rejected)}
        )
    rows = [row for row in check.accepted if row.data["change"] != "same"]
    members = {m.pk: m for m in members_of(union).filter(pk__in=[row.data["member"] for row in rows])}
    recorded = {
        (wage.member_id, wage.effective_from): wage
        for wage in WageBase.objects.select_for_update().filter(member__in=list(members.values()))
    }
    for row in rows:
        month = date.fromisoformat(row.data["effective_from"])
        wage = recorded.get((row.data["member"], month)) or WageBase(
            member=members[row.data["member"]], effective_from=month
        )
        wage.amount = Decimal(row.data["amount"])
        wage.recorded_by = by
        wage.full_clean()
        wage.save()
    return len(rows)


def write_problem_rows(rows: Iterable[RowVerdict]) -> bytes:
    """The rows not imported (rejected and skipped), as a workbook to correct or keep: each row's
    number in the uploaded file, what was read, and why."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(_("问题行")))
    for index, width in enumerate((8, 10, 22, 12, 10, 60), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_("原行号"), _("姓名"), _("身份证号"), _("工资基数"), _("生效月份"), _("问题")])
    for row in rows:
        data = row.data
        reasons = "；".join(str(problem) for problem in row.problems + row.warnings)
        amount = Decimal(data["amount"]) if data.get("amount") else ""
        values = [row.row, data.get("name", ""), data.get("id_number", ""), amount]
        sheet.append([safe_cell(value) for value in values + [data["effective_from"][:7], reasons]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
