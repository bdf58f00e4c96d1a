"""Aid to many people in one step (按名单救助): a list of recipients paid from one fund.

Each row is a member, a member's child, a student or another person (姓名, 身份证号, 受助人类别,
学段, 学校, 金额, 日期, 事由, 所属会员; optionally 救助类别). `check_aid_list()` gives every row a
verdict with each problem at its row and column, by the same rules a single payment follows
(`relief.plan_aid`), so the preview says what posting would refuse. `post_aid_list()` then pays every
row through the single-payment services — each payment makes the same voucher as one entered alone,
or waits for the chair where the union approves before posting (审批后记账) — in one transaction:
all or nothing.

The grid of the aid page, the workbook upload and `manage.py import_aid` all call these two
functions, so they give the same verdict on the same rows. A workbook is read by `members.rolls`
(the project's bounded reader, unionhub.spreadsheets) and reported the way the wage import is.
"""

import re
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from finances.imports import parse_amount
from finances.models import AidPayment, BookRules, Fund
from finances.services import approval, relief
from finances.services.ledger import is_closed
from members.idcard import InvalidId, check_resident_id, normalise_id, normalise_text
from members.models import Member
from members.rolls import (
    ACCEPTED,
    HEADER_SEARCH_ROWS,
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
from unionhub.control_characters import has_control_characters
from unionhub.models import Role, Union, User
from unionhub.spreadsheets import shown

MAX_ROWS = 1000
MAX_AMOUNT = Decimal("1000000")
Recipient, Schooling, Kind = AidPayment.Recipient, AidPayment.Schooling, AidPayment.Kind

# field -> the headers a list may use for it; the first is the column's name in messages and the grid.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "受助人姓名", "受助人", "学生姓名"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "证件号码"),
    "recipient": ("受助人类别", "人员类别"),
    "schooling": ("学段",),
    "school": ("学校", "就读学校"),
    "amount": ("金额", "救助金额", "资助金额"),
    "date": ("日期", "发放日期"),
    "reason": ("事由", "摘要"),
    "parent": ("所属会员", "父母", "家长"),
    "kind": ("救助类别",),
}
FIELDS = tuple(COLUMNS)
REQUIRED = ("name", "amount")
HEADER_LOOKUP = {clean_header(alias): name for name, aliases in COLUMNS.items() for alias in aliases}

RECIPIENT_WORDS = {
    "会员": Recipient.MEMBER,
    "会员本人": Recipient.MEMBER,
    "本人": Recipient.MEMBER,
    "职工": Recipient.MEMBER,
    "会员子女": Recipient.CHILD,
    "子女": Recipient.CHILD,
    "学生": Recipient.STUDENT,
    "其他": Recipient.OTHER,
    "其他人员": Recipient.OTHER,
}
# The words the grid offers and a workbook's template uses, one per kind of recipient.
RECIPIENT_CHOICES = ("会员", "会员子女", "学生", "其他")
STAGE_WORDS = {
    "大学": Schooling.UNIVERSITY,
    "大学生": Schooling.UNIVERSITY,
    "本科": Schooling.UNIVERSITY,
    "大专": Schooling.UNIVERSITY,
    "专科": Schooling.UNIVERSITY,
    "高中": Schooling.SENIOR,
    "高中生": Schooling.SENIOR,
    "中职": Schooling.SENIOR,
    "初中": Schooling.JUNIOR,
    "初中生": Schooling.JUNIOR,
    "小学": Schooling.PRIMARY,
    "小学生": Schooling.PRIMARY,
}
STAGE_CHOICES = ("大学", "高中", "初中", "小学")
KIND_WORDS = {str(label): value for value, label in Kind.choices} | {"助学": Kind.SCHOOLING}
# Which column a refusal of `relief.plan_aid` is about.
SERVICE_FIELDS = {
    "id_number": "id_number",
    "recipient": "recipient",
    "schooling": "schooling",
    "date": "date",
    "kind": "kind",
}


def header(name: str) -> str:
    """A column's name as messages and the grid show it."""
    return COLUMNS[name][0]


def grid_columns() -> list[Column]:
    """The grid's columns, in `FIELDS` order (their letters are the grid's, never shown)."""
    return [Column(name, index, header(name)) for index, name in enumerate(FIELDS)]


@dataclass
class AidCheck:
    rows: list[RowVerdict]
    columns: list[Column] = field(default_factory=list)

    @property
    def accepted(self) -> list[RowVerdict]:
        return [row for row in self.rows if row.verdict == ACCEPTED]

    @property
    def rejected(self) -> list[RowVerdict]:
        return [row for row in self.rows if row.verdict != ACCEPTED]

    @property
    def total(self) -> Decimal:
        return sum((Decimal(row.data["amount"]) for row in self.accepted), Decimal(0))


@dataclass
class ListDefaults:
    """What a row leaves empty takes from the list: the date, the kind of aid, the recipient."""

    date: Date | None = None
    kind: str = ""
    recipient: str = ""


# Reading a workbook -----------------------------------------------------------------------------


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
        _("找不到表头：表格前%(rows)d行中须有一行同时包含“姓名”和“金额”两列。") % {"rows": HEADER_SEARCH_ROWS}
    )


def read_aid_rows(file: IO[bytes], file_name: str) -> tuple[list[tuple[int, dict]], list[Column]]:
    """(row number, field -> cell) for every row of a workbook that names someone, and its columns;
    RollFileError when the file itself cannot be used."""
    rows = read_table(file, file_name)
    header_row, columns = find_columns(rows)
    records = []
    for row_number, cells in rows:
        if not_a_record(cells, columns):
            continue
        if len(records) >= MAX_ROWS:
            raise RollFileError(_("一次最多导入 %(count)d 行，请把名单分成几个文件。") % {"count": MAX_ROWS})
        records.append(
            (row_number, {c.field: cells[c.index] if c.index < len(cells) else None for c in columns})
        )
    if not records:
        raise RollFileError(_("表头（第%(row)d行）下面没有受助人。") % {"row": header_row})
    return records, columns


# Checking ---------------------------------------------------------------------------------------


def _text(value) -> str:
    return normalise_text(value)


def _word(value) -> str:
    return re.sub(r"\s+", "", normalise_text(value))


class _Roll:
    """The members a list may name: those of the union and the unions below it, by ID and by name."""

    def __init__(self, union: Union, records: list[tuple[int, dict]]):
        ids, names = set(), set()
        for _row, values in records:
            if any(has_control_characters(value) for value in values.values()):
                continue  # the row is refused for it; PostgreSQL takes no NUL in a query
            for name in ("id_number", "parent"):
                ids.add(normalise_id(values.get(name)))
            for name in ("name", "parent"):
                names.add(normalise_name(values.get(name)))
        found = (
            Member.objects.within(union)
            .filter(Q(id_number__in=ids - {""}) | Q(name__in=names - {""}))
            .select_related("union")
        )
        self.by_id: dict[str, Member] = {}
        self.by_name: dict[str, list[Member]] = {}
        for member in found.order_by("pk"):
            self.by_id[member.id_number] = member
            self.by_name.setdefault(member.name, []).append(member)

    def named(self, value) -> tuple[Member | None, str]:
        """The member a 所属会员 cell names by ID or by name, or None and why not."""
        number = normalise_id(value)
        if number in self.by_id:
            return self.by_id[number], ""
        name = normalise_name(value)
        found = self.by_name.get(name, [])
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, _("本工会及下级工会有%(count)d位会员叫“%(name)s”，请填其身份证号") % {
                "count": len(found),
                "name": shown(name),
            }
        return None, _("本工会及下级工会名册中没有会员“%(name)s”") % {"name": shown(_text(value))}


def check_aid_list(
    *,
    records: list[tuple[int, dict]],
    columns: list[Column],
    union: Union,
    fund: Fund,
    defaults: ListDefaults | None = None,
) -> AidCheck:
    """Every row of a list checked: the recipient found, the amount and date read, and the payment
    planned as a single one would be (`relief.plan_aid`); nothing is written."""
    defaults = defaults or ListDefaults()
    by_field = {column.field: column for column in columns}
    roll = _Roll(union, records)
    today = timezone.localdate()
    closed: dict[tuple[int, int], bool] = {}
    seen: dict[tuple, int] = {}
    verdicts = []
    for row_number, values in records:
        verdict = RowVerdict(row=row_number)

        def problem(name: str, message: str, verdict=verdict) -> None:
            column = by_field.get(name)
            verdict.problems.append(
                Problem(message, column.letter if column else "", column.header if column else header(name))
            )

        verdict.problems += control_character_problems(values, by_field)
        particulars = _particulars(values, roll, defaults, today, problem)
        when = particulars.get("date")
        if when is not None:
            key = (when.year, when.month)
            if key not in closed:
                closed[key] = is_closed(union, when)
            if closed[key]:
                problem("date", _("%(year)s年%(month)s月已结账") % {"year": when.year, "month": when.month})
        if not verdict.problems:
            _plan(union, fund, particulars, problem)
        who = (particulars.get("member"), particulars.get("beneficiary"), particulars.get("recipient"))
        if not verdict.problems and who in seen:
            verdict.warnings.append(
                Problem(_("与第%(row)d行是同一受助人") % {"row": seen[who]}, "", header("name"))
            )
        seen.setdefault(who, row_number)
        if verdict.problems:
            verdict.verdict = REJECTED
        verdict.data = _shown(values, particulars)
        verdicts.append(verdict)
    return AidCheck(rows=verdicts, columns=columns)


def _particulars(values: dict, roll: _Roll, defaults: ListDefaults, today: Date, problem) -> dict:
    """One row read into `plan_aid`'s keyword arguments (those it could read)."""
    found: dict = {"school": _text(values.get("school"))}
    name = normalise_name(values.get("name"))
    if not name:
        problem("name", _("缺少姓名"))
    elif len(name) > 100:
        problem("name", _("姓名超过100个字"))
    recipient_word = _word(values.get("recipient"))
    recipient = RECIPIENT_WORDS.get(recipient_word) if recipient_word else defaults.recipient
    if not recipient:
        problem(
            "recipient",
            _("受助人类别须为 %(words)s") % {"words": "、".join(RECIPIENT_CHOICES)}
            if recipient_word
            else _("缺少受助人类别"),
        )
    found["recipient"] = recipient or ""
    member = None
    if recipient == Recipient.MEMBER:
        member = _member(values, roll, name, problem)
    else:
        found["id_number"] = _id_of_someone_else(values, problem)
        found["beneficiary"] = name
        if recipient == Recipient.CHILD and _text(values.get("parent")):
            member, why = roll.named(values.get("parent"))
            if member is None:
                problem("parent", why)
    found["member"] = member
    found["schooling"] = _stage(values, recipient, problem)
    if len(found["school"]) > 100:
        problem("school", _("学校名称超过100个字"))
    found["amount"] = _amount(values, problem)
    found["date"] = _date(values, defaults, today, problem)
    found["kind"] = _kind(values, defaults, recipient, problem)
    reason = _text(values.get("reason"))
    if len(reason) > 100:
        problem("reason", _("事由超过100个字"))
    elif reason:
        found["summary"] = f"{reason}：{name}"
    return found


def _member(values: dict, roll: _Roll, name: str, problem) -> Member | None:
    number = normalise_id(values.get("id_number"))
    if not number:
        problem("id_number", _("受助人是会员时须填身份证号"))
        return None
    member = roll.by_id.get(number)
    if member is None:
        problem("id_number", _("本工会及下级工会名册中没有这个身份证号"))
    elif name and name != member.name:
        problem("name", _("姓名与名册不符（名册为“%(name)s”）") % {"name": member.name})
    return member


def _id_of_someone_else(values: dict, problem) -> str:
    """A non-member's ID number is optional; when given it must be one, and it is kept."""
    if not normalise_id(values.get("id_number")):
        return ""
    try:
        return check_resident_id(values.get("id_number")).number
    except InvalidId as error:
        problem("id_number", str(error))
        return ""


def _stage(values: dict, recipient: str, problem) -> str:
    word = _word(values.get("schooling"))
    if not word:
        return ""
    if recipient not in (Recipient.CHILD, Recipient.STUDENT):
        problem("schooling", _("学段只适用于会员子女或学生"))
        return ""
    stage = STAGE_WORDS.get(word)
    if stage is None:
        problem("schooling", _("学段须为 %(words)s") % {"words": "、".join(STAGE_CHOICES)})
    return stage or ""


def _amount(values: dict, problem) -> Decimal | None:
    raw = values.get("amount")
    try:
        amount = parse_amount(raw)
    except ValueError:
        problem("amount", _("金额不是数字：“%(value)s”") % {"value": shown(_text(raw))})
        return None
    if amount is None:
        problem("amount", _("缺少金额"))
    elif not 0 < amount < MAX_AMOUNT:
        problem("amount", _("金额须大于0且小于100万元"))
        return None
    return amount


def _date(values: dict, defaults: ListDefaults, today: Date, problem) -> Date | None:
    try:
        when, whole = parse_date(values.get("date"))
    except UnreadableDate:
        problem("date", _("无法识别的日期，请写成 2026-09-01"))
        return None
    if when is not None and not whole:
        problem("date", _("请写完整日期（年月日）"))
        return None
    when = when or defaults.date
    if when is None:
        problem("date", _("缺少日期"))
    elif when > today:
        problem("date", _("日期不能晚于今天"))
        return None
    return when


def _kind(values: dict, defaults: ListDefaults, recipient: str, problem) -> str:
    word = _word(values.get("kind"))
    if word:
        kind = KIND_WORDS.get(word)
        if kind is None:
            problem("kind", _("救助类别须为 %(words)s") % {"words": "、".join(map(str, Kind.labels))})
        return kind or ""
    if defaults.kind:
        return defaults.kind
    # Without a word from the list: schooling aid for students and children, living aid otherwise.
    return Kind.SCHOOLING if recipient in (Recipient.CHILD, Recipient.STUDENT) else Kind.LIVING


def _plan(union: Union, fund: Fund, particulars: dict, problem) -> None:
    """The single-payment rules (`relief.plan_aid`), each refusal at its column."""
    try:
        relief.plan_aid(union=union, fund=fund, **particulars)
    except ValidationError as error:
        for name, messages in getattr(error, "message_dict", {"": error.messages}).items():
            for message in messages:
                problem(SERVICE_FIELDS.get(name, "name"), message)


def _shown(values: dict, particulars: dict) -> dict:
    """What the preview shows and posting reads back: the cells as typed, and what they were read as."""
    member = particulars.get("member")
    amount, when = particulars.get("amount"), particulars.get("date")
    return {
        "cells": {
            name: "" if values.get(name) is None else shown(_text(values.get(name)), 100) for name in FIELDS
        },
        "member": member.pk if member else None,
        "member_label": f"{member.name}（{member.union.label}）" if member else "",
        "recipient": particulars.get("recipient", ""),
        "beneficiary": particulars.get("beneficiary", ""),
        "id_number": particulars.get("id_number", ""),
        "schooling": particulars.get("schooling", ""),
        "school": particulars.get("school", ""),
        "amount": str(amount) if amount is not None else "",
        "date": when.isoformat() if when else "",
        "kind": particulars.get("kind", ""),
        "summary": particulars.get("summary", ""),
    }


# Posting ----------------------------------------------------------------------------------------


@transaction.atomic
def post_aid_list(*, check: AidCheck, union: Union, fund: Fund, by: User | Role) -> int:
    """Pay every row of a checked list as a single payment is paid (`relief.pay_aid`), or draft it
    for the chair (`approval.draft_aid`) where the union approves before posting; all in one
    transaction, so a refusal of any row leaves nothing written. Returns how many rows were paid."""
    if check.rejected or not check.rows:
        raise ValidationError(
            _("有 %(count)d 行未通过检查，未保存任何救助。请改正后重新提交。")
            % {"count": len(check.rejected)}
        )
    pay = approval.draft_aid if BookRules.approve_first_for(union) else relief.pay_aid
    members = Member.objects.in_bulk([row.data["member"] for row in check.rows if row.data["member"]])
    for row in check.rows:
        data = row.data
        try:
            pay(
                union=union,
                by=by,
                fund=fund,
                date=Date.fromisoformat(data["date"]),
                amount=Decimal(data["amount"]),
                kind=data["kind"],
                member=members.get(data["member"]),
                recipient=data["recipient"],
                beneficiary=data["beneficiary"],
                id_number=data.get("id_number", ""),
                schooling=data["schooling"],
                school=data["school"],
                summary=data["summary"],
            )
        except ValidationError as error:
            raise ValidationError(
                _("第%(row)d行：%(reason)s") % {"row": row.row, "reason": "；".join(error.messages)}
            ) from None
    return len(check.rows)
