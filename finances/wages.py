"""Wage bases from the payroll workbook (姓名, 身份证号, 工资基数, 生效月份), with the roll import's ways.

`check_wages()` reads the file (members.rolls reads xlsx and csv, refusing zip bombs and old .xls),
finds the header row, and gives every row a verdict with each problem at its row and column; rows
that name nobody (blank, only a 序号, a 合计 line) are passed over. `import_wages()` records the
accepted rows only when no row is rejected: all or nothing. The web page and
`manage.py import_wages` call the same two functions, so their verdicts are the same.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

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
from unionhub.spreadsheets import shown

COLUMNS = {
    "name": ("姓名",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证"),
    "amount": ("工资基数", "缴费基数", "月工资", "工资", "应发工资", "基本工资", "会费基数"),
    "effective_from": ("生效月份", "生效日期", "起始月份", "执行月份", "月份"),
}
REQUIRED = ("id_number", "amount")
HEADER_LOOKUP = {clean_header(alias): name for name, aliases in COLUMNS.items() for alias in aliases}
MAX_WAGE = Decimal("1000000")


@dataclass
class WageCheck:
    rows: list[RowVerdict]
    columns: list[Column]

    @property
    def accepted(self) -> list[RowVerdict]:
        return [row for row in self.rows if row.verdict == ACCEPTED]

    @property
    def rejected(self) -> list[RowVerdict]:
        return [row for row in self.rows if row.verdict != ACCEPTED]


def find_columns(rows) -> tuple[int, list[Column]]:
    for _n, (row_number, cells) in zip(range(HEADER_SEARCH_ROWS), rows, strict=False):
        columns: dict[str, Column] = {}
        for index, cell in enumerate(cells):
            name = HEADER_LOOKUP.get(clean_header(cell))
            if name and name not in columns:
                columns[name] = Column(name, index, str(cell).strip())
        if all(name in columns for name in REQUIRED):
            return row_number, list(columns.values())
    raise RollFileError(
        _("找不到表头：表格前%(rows)d行中须有一行同时包含“身份证号”和“工资基数”两列。")
        % {"rows": HEADER_SEARCH_ROWS}
    )


def parse_amount(value) -> Decimal:
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    text = re.sub(r"[,\s元¥]", "", text)
    return Decimal(text).quantize(Decimal("0.01"))


def check_wages(*, file: IO[bytes], file_name: str, union: Union, default_month: date) -> WageCheck:
    """Every row of a payroll workbook checked against the union's members. RollFileError when the
    file itself cannot be used."""
    rows = read_table(file, file_name)
    header_row, columns = find_columns(rows)
    by_field = {column.field: column for column in columns}
    records = []
    for row_number, cells in rows:
        if not_a_record(cells, columns):
            continue
        if len(records) >= MAX_ROWS:
            raise RollFileError(_("一次最多导入 %(count)d 行，请把表格分成几个文件。") % {"count": MAX_ROWS})
        records.append(
            (row_number, {c.field: cells[c.index] if c.index < len(cells) else None for c in columns})
        )
    if not records:
        raise RollFileError(_("表头（第%(row)d行）下面没有工资数据。") % {"row": header_row})
    ids = {normalise_id(values.get("id_number")) for _row, values in records}
    members = {member.id_number: member for member in members_of(union).filter(id_number__in=ids)}
    recorded = {
        (wage.member_id, wage.effective_from): wage.amount
        for wage in WageBase.objects.filter(member__in=members.values())
    }
    seen: dict[tuple, int] = {}
    verdicts = []
    for row_number, values in records:
        verdict = RowVerdict(row=row_number)

        def problem(field_name: str, message: str, verdict=verdict) -> None:
            column = by_field.get(field_name)
            verdict.problems.append(
                Problem(message, column.letter if column else "", column.header if column else "")
            )

        verdict.problems += control_character_problems(values, by_field)
        id_number = normalise_id(values.get("id_number"))
        member = members.get(id_number)
        if not id_number:
            problem("id_number", _("缺少身份证号"))
        elif member is None:
            problem("id_number", _("本工会名册中没有这个身份证号"))
        name = normalise_name(values.get("name"))
        if member is not None and name and name != member.name:
            problem("name", _("姓名与名册不符（名册为“%(name)s”）") % {"name": member.name})
        amount = None
        try:
            amount = parse_amount(values.get("amount"))
            if not 0 < amount < MAX_WAGE:
                problem("amount", _("工资基数须大于0且小于100万元"))
        except (InvalidOperation, ValueError):
            if normalise_text(values.get("amount")):
                problem(
                    "amount",
                    _("工资基数不是数字：“%(value)s”")
                    % {"value": shown(normalise_text(values.get("amount")))},
                )
            else:
                problem("amount", _("缺少工资基数"))
        month = default_month
        if "effective_from" in by_field:
            try:
                parsed, _whole = parse_date(values.get("effective_from"))
            except UnreadableDate:
                parsed = None
                problem("effective_from", _("无法识别的月份，请写成 2026-03 或 2026年3月"))
            else:
                if parsed is None:
                    problem("effective_from", _("缺少生效月份"))
            month = parsed.replace(day=1) if parsed else default_month
        if member is not None:
            key = (member.pk, month)
            if key in seen:
                problem("id_number", _("与第%(row)d行重复：同一会员同一月份") % {"row": seen[key]})
            seen.setdefault(key, row_number)
            earlier = recorded.get(key)
            if earlier is not None and amount is not None and earlier != amount:
                problem(
                    "effective_from",
                    _("%(month)s已登记工资基数 %(amount)s 元，请在会员的会费页更正")
                    % {"month": f"{month:%Y年%-m月}", "amount": earlier},
                )
        if verdict.problems:
            verdict.verdict = REJECTED
        verdict.data = {
            "member": member.pk if member else None,
            "name": member.name if member else shown(name, KEPT_CHARS),
            "amount": str(amount) if amount is not None else "",
            "effective_from": month.isoformat(),
            "unchanged": member is not None and recorded.get((member.pk, month)) == amount,
        }
        verdicts.append(verdict)
    return WageCheck(rows=verdicts, columns=columns)


@transaction.atomic
def import_wages(*, check: WageCheck, union: Union, by: User) -> int:
    """Record every accepted row's wage base, or nothing when any row is rejected. Returns how many
    were recorded (a row repeating what is already recorded is passed over)."""
    if check.rejected:
        raise ValidationError(
            _("有 %(count)d 行未通过检查，未导入任何工资基数。请改正后重新上传。")
            % {"count": len(check.rejected)}
        )
    members = {
        member.pk: member
        for member in members_of(union).filter(pk__in=[r.data["member"] for r in check.rows])
    }
    written = 0
    for row in check.accepted:
        if row.data["unchanged"]:
            continue
        wage = WageBase(
            member=members[row.data["member"]],
            amount=Decimal(row.data["amount"]),
            effective_from=date.fromisoformat(row.data["effective_from"]),
            recorded_by=by,
        )
        wage.full_clean()
        wage.save()
        written += 1
    return written
