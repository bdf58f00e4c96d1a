"""Rolls (花名册) in and out: reading an uploaded xlsx or csv, checking every row, writing the export.

The web import and `manage.py import_members` both call `check_roll`, so they give the same verdict
on the same file. Each row ends up `accepted`, `rejected` (with every problem at its column) or
`registered` (its ID number already belongs to a member of this union: nothing is changed).
"""

import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from members import picklists
from members.idcard import InvalidId, check_resident_id, normalise_id, normalise_text
from members.models import Member
from unionhub.control_characters import CELL_MESSAGE, has_control_characters
from unionhub.models import Union
from unionhub.spreadsheets import (
    Limits,
    SpreadsheetError,
    read_csv_rows,
    read_xlsx_rows,
    safe_cell,
    shown,
)
from unionhub.tables import iterate, page_set_up, reader, title_cell
from unionhub.workbooks import SheetWriter

MAX_ROWS = 50_000
# An .xlsx of 50,000 rows unpacks to some tens of MB; far more is a zip bomb, refused unread.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
LIMITS = Limits(
    max_rows=MAX_ROWS + 1000,  # room for a title, the header and blank rows
    max_columns=200,
    max_cells=(MAX_ROWS + 1000) * 60,
    max_unpacked_bytes=MAX_UNPACKED_BYTES,
)
# What a preview keeps of a cell's text: more than any field takes (a longer value is a problem).
KEPT_CHARS = 100
HEADER_SEARCH_ROWS = 10

ACCEPTED = "accepted"
REJECTED = "rejected"
REGISTERED = "registered"

# field -> the headers real rolls use for it. The first one is what our template and export print.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "会员姓名", "职工姓名", "名字"),
    "sex": ("性别",),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日"),
    "ethnicity": ("民族",),
    "id_type": ("证件类型",),
    "id_number": ("身份证号码", "身份证号", "公民身份号码", "身份证", "证件号码", "证件号"),
    "mobile": ("手机号码", "手机号", "手机", "联系电话", "电话"),
    "education": ("学历", "文化程度"),
    "skill_level": ("技能等级", "职业技能等级", "技术等级"),
    "household_type": ("户籍类型", "户口类型", "户籍性质", "户口性质"),
    "political_status": ("政治面貌",),
    "union": ("所属工会", "所在工会", "工会", "工会名称", "基层工会"),
    "employer": ("工作单位", "单位", "所在单位", "单位名称"),
    "department": ("部门", "所在部门", "科室", "车间"),
    "post": ("岗位", "职务", "工种"),
    "employment_type": ("用工形式", "用工性质", "用工类型", "人员类别"),
    "card_number": ("会员证号", "会员证号码", "会员卡号"),
    "join_date": ("入会日期", "入会时间", "入会年月"),
}
REQUIRED = ("name", "id_number")
TEXT_FIELDS = (
    "ethnicity",
    "education",
    "skill_level",
    "household_type",
    "political_status",
    "department",
    "post",
    "card_number",
)

SEX_WORDS = {"男": "M", "男性": "M", "m": "M", "male": "M", "女": "F", "女性": "F", "f": "F", "female": "F"}
ID_TYPE_WORDS = {
    "居民身份证": Member.IdType.RESIDENT_ID,
    "身份证": Member.IdType.RESIDENT_ID,
    "二代身份证": Member.IdType.RESIDENT_ID,
    "护照": Member.IdType.PASSPORT,
    "港澳居民来往内地通行证": Member.IdType.HK_MACAO,
    "港澳通行证": Member.IdType.HK_MACAO,
    "回乡证": Member.IdType.HK_MACAO,
    "台湾居民来往大陆通行证": Member.IdType.TAIWAN,
    "台胞证": Member.IdType.TAIWAN,
    "其他证件": Member.IdType.OTHER,
    "其他": Member.IdType.OTHER,
}
EMPLOYMENT_WORDS = {
    **{str(label): value for value, label in Member.EmploymentType.choices},
    "在编人员": Member.EmploymentType.ESTABLISHED,
    "正式工": Member.EmploymentType.ESTABLISHED,
    "合同工": Member.EmploymentType.CONTRACT,
    "合同": Member.EmploymentType.CONTRACT,
    "派遣": Member.EmploymentType.DISPATCHED,
    "派遣工": Member.EmploymentType.DISPATCHED,
    "劳务工": Member.EmploymentType.DISPATCHED,
    "外来务工人员": Member.EmploymentType.MIGRANT,
    "进城务工人员": Member.EmploymentType.MIGRANT,
    "临时工": Member.EmploymentType.PART_TIME,
    "兼职": Member.EmploymentType.PART_TIME,
}
ETHNICITY_FIX = re.compile(r"^(.{1,4}?)族?$")
CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
MONTH_PATTERNS = (re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"), re.compile(r"^(\d{4})(\d{2})$"))
MOBILE = re.compile(r"^1\d{10}$")
EXCEL_EPOCH = date(1899, 12, 30)


class RollFileError(ValueError):
    """The file as a whole cannot be read as a roll; the message says why, in Chinese."""


class UnreadableDate(ValueError):
    pass


@dataclass(frozen=True)
class Column:
    field: str
    index: int
    header: str

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass
class Problem:
    message: str
    column: str = ""  # the spreadsheet letter, "C"
    header: str = ""  # the header as written in the file

    def as_dict(self) -> dict:
        return {"message": self.message, "column": self.column, "header": self.header}

    def __str__(self) -> str:
        if self.column:
            return _("%(message)s（%(column)s列“%(header)s”）") % {
                "message": self.message,
                "column": self.column,
                "header": self.header,
            }
        return self.message


@dataclass
class RowVerdict:
    row: int  # the row number the spreadsheet shows
    verdict: str = ACCEPTED
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return "；".join(str(problem) for problem in self.problems)

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "verdict": self.verdict,
            "problems": [problem.as_dict() for problem in self.problems],
            "warnings": [warning.as_dict() for warning in self.warnings],
            "data": self.data,
        }


@dataclass
class RollCheck:
    rows: list[RowVerdict]
    columns: list[Column]
    ignored_headers: list[str]

    def count(self, verdict: str) -> int:
        return sum(1 for row in self.rows if row.verdict == verdict)

    @property
    def accepted(self) -> list[RowVerdict]:
        return [row for row in self.rows if row.verdict == ACCEPTED]

    @property
    def not_accepted(self) -> list[RowVerdict]:
        return [row for row in self.rows if row.verdict != ACCEPTED]


# Reading the file


def read_table(file: IO[bytes], file_name: str) -> Iterator[tuple[int, list]]:
    """(row number, cell values) for every row of the first sheet, or RollFileError."""
    head = file.read(8)
    file.seek(0)
    name = file_name.lower()
    if name.endswith(".xls") or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise RollFileError(_("这是旧版 Excel（.xls）文件，请在 Excel 中“另存为”.xlsx 格式后再上传。"))
    if name.endswith((".xlsx", ".xlsm")) or head.startswith(b"PK"):
        return _read_xlsx(file)
    if name.endswith((".csv", ".txt")):
        return _read_csv(file)
    raise RollFileError(_("只能导入 .xlsx 或 .csv 格式的花名册。"))


def _read_xlsx(file: IO[bytes]) -> Iterator[tuple[int, list]]:
    try:
        return iter(read_xlsx_rows(file, limits=LIMITS))
    except SpreadsheetError as error:
        raise RollFileError(str(error)) from None


def _read_csv(file: IO[bytes]) -> Iterator[tuple[int, list]]:
    """The rows as they are read (never the whole file's rows at once); a refusal met on the way is
    a RollFileError like any other."""
    try:
        yield from read_csv_rows(file, limits=LIMITS)
    except SpreadsheetError as error:
        raise RollFileError(str(error)) from None


def clean_header(value) -> str:
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = re.sub(r"[(（][^)）]*[)）]", "", text)  # 身份证号（必填）
    return re.sub(r"[\s*:：]", "", text)


HEADER_LOOKUP = {clean_header(alias): name for name, aliases in COLUMNS.items() for alias in aliases}


def find_columns(rows: Iterator[tuple[int, list]]) -> tuple[int, list[Column], list[str]]:
    """The header row: the first of the top rows naming both 姓名 and an ID column (a title may sit above)."""
    for _number, (row_number, cells) in zip(range(HEADER_SEARCH_ROWS), rows, strict=False):
        columns: dict[str, Column] = {}
        ignored = []
        for index, cell in enumerate(cells):
            header = clean_header(cell)
            name = HEADER_LOOKUP.get(header)
            if name and name not in columns:
                columns[name] = Column(name, index, str(cell).strip())
            elif header:
                ignored.append(str(cell).strip())
        if all(name in columns for name in REQUIRED):
            return row_number, list(columns.values()), ignored
    raise RollFileError(
        _("找不到表头：表格前%(rows)d行中须有一行同时包含“姓名”和“身份证号码”两列。")
        % {"rows": HEADER_SEARCH_ROWS}
    )


# Normalising one value


def parse_date(value) -> tuple[date | None, bool]:
    """(date, whole) from an Excel date cell or the ways people write one; `whole` is False for 年月 only.

    UnreadableDate for anything else.
    """
    if value is None or value == "":
        return None, True
    if isinstance(value, datetime):
        return value.date(), True
    if isinstance(value, date):
        return value, True
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 19000101 <= value <= 21001231:
            value = str(int(value))
        elif 10000 <= value < 80000:
            return EXCEL_EPOCH + timedelta(days=int(value)), True
        else:
            raise UnreadableDate(str(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"(\d)(T|)00:00(:00)?(\.0+)?$", r"\1", text)  # a date exported with a midnight time
    if not text:
        return None, True
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(*(int(part) for part in match.groups())), True
            except ValueError:
                raise UnreadableDate(text) from None
    for pattern in MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month = (int(part) for part in match.groups())
            if 1 <= month <= 12:
                return date(year, month, 1), False
    raise UnreadableDate(text)


def normalise_name(value) -> str:
    return CJK_GAP.sub("", normalise_text(value))


def normalise_key(value) -> str:
    return re.sub(r"\s+", "", normalise_text(value))


UNION_SUFFIX = "工会"


def union_key(value) -> str:
    """A union's name as a roll may write it: spaces gone, and the 工会 suffix too ("石桥村" finds
    "石桥村工会")."""
    key = normalise_key(value)
    return key.removesuffix(UNION_SUFFIX) or key


def unit_lookup(union: Union) -> dict[str, Union]:
    """Names a roll's 所属工会 may give for a union of the subtree: its name or short name, each with
    or without the 工会 suffix."""
    lookup: dict[str, Union] = {}
    for candidate in Union.objects.within(union).order_by("path"):
        for key in (candidate.name, candidate.short_name):
            key = union_key(key)
            if key and key not in lookup:
                lookup[key] = candidate
    return lookup


# Checking the roll


TOTAL_WORDS = ("合计", "总计", "小计", "共计")


def not_a_record(cells: list, columns: list[Column]) -> bool:
    """A row a roll has but that names nobody: blank, only a 序号 (or other unread columns) filled in,
    or a 合计 / 小计 line. Such rows are passed over, not counted as problems."""
    texts = [normalise_text(cell) for cell in cells]
    if not any(texts):
        return True
    first = next(text for text in texts if text)
    if re.sub(r"\s+", "", first).startswith(TOTAL_WORDS):
        return True
    return not any(texts[column.index] for column in columns if column.index < len(texts))


def control_character_problems(values: dict, columns: dict[str, Column]) -> list[Problem]:
    """A problem at each cell of the row holding a control character (unionhub.control_characters)."""
    return [
        Problem(str(CELL_MESSAGE), columns[name].letter, columns[name].header)
        for name, value in values.items()
        if has_control_characters(value)
    ]


def check_roll(*, file: IO[bytes], file_name: str, union: Union) -> RollCheck:
    """Read and check a whole roll for `union`; RollFileError when the file itself cannot be used."""
    rows = read_table(file, file_name)
    header_row, columns, ignored = find_columns(rows)
    units = unit_lookup(union)
    today = timezone.localdate()
    verdicts: list[RowVerdict] = []
    for row_number, cells in rows:
        if not_a_record(cells, columns):
            continue
        if len(verdicts) >= MAX_ROWS:
            raise RollFileError(_("一次最多导入 %(count)d 行，请把名册分成几个文件。") % {"count": MAX_ROWS})
        values = {
            column.field: (cells[column.index] if column.index < len(cells) else None) for column in columns
        }
        verdicts.append(_check_row(row_number, values, {c.field: c for c in columns}, union, units, today))
    if not verdicts:
        raise RollFileError(_("表头（第%(row)d行）下面没有会员数据。") % {"row": header_row})
    _mark_repeats(verdicts, columns)
    _mark_registered(verdicts, columns, union)
    return RollCheck(rows=verdicts, columns=columns, ignored_headers=ignored)


def _check_row(row_number, values, columns, union, units, today) -> RowVerdict:
    verdict = RowVerdict(row=row_number)

    def problem(field_name: str, message: str) -> None:
        column = columns.get(field_name)
        verdict.problems.append(
            Problem(message, column.letter if column else "", column.header if column else "")
        )

    def warning(field_name: str, message: str) -> None:
        column = columns.get(field_name)
        verdict.warnings.append(
            Problem(message, column.letter if column else "", column.header if column else "")
        )

    verdict.problems += control_character_problems(values, columns)
    data: dict = {}
    data["name"] = normalise_name(values.get("name"))
    if not data["name"]:
        problem("name", _("缺少姓名"))
    elif len(data["name"]) > 50:
        problem("name", _("姓名过长"))

    id_type_text = normalise_key(values.get("id_type"))
    data["id_type"] = ID_TYPE_WORDS.get(id_type_text, Member.IdType.RESIDENT_ID if not id_type_text else None)
    if data["id_type"] is None:
        problem("id_type", _("无法识别的证件类型“%(value)s”") % {"value": shown(id_type_text)})
        data["id_type"] = Member.IdType.OTHER

    raw_id = values.get("id_number")
    data["id_number"] = normalise_id(raw_id)
    facts = None
    if not data["id_number"]:
        problem("id_number", _("缺少身份证号码"))
    elif isinstance(raw_id, int | float) and len(data["id_number"]) > 15:
        problem("id_number", _("身份证号码被 Excel 存成了数字，末几位已丢失；请把该列设为文本格式后重新填写"))
    elif data["id_type"] == Member.IdType.RESIDENT_ID:
        try:
            facts = check_resident_id(data["id_number"])
        except InvalidId as error:
            problem("id_number", str(error).rstrip("。"))
    elif len(data["id_number"]) > 30:
        problem("id_number", _("证件号码过长"))

    sex_text = normalise_key(values.get("sex")).lower()
    sex = SEX_WORDS.get(sex_text)
    if sex_text and sex is None:
        problem("sex", _("无法识别的性别“%(value)s”") % {"value": shown(sex_text)})
    elif sex and facts and sex != facts.sex:
        problem("sex", _("性别与身份证号码不符（身份证为%(sex)s）") % {"sex": Member.Sex(facts.sex).label})
    data["sex"] = sex or (facts.sex if facts else "")
    if not data["sex"] and data["id_type"] != Member.IdType.RESIDENT_ID:
        problem("sex", _("缺少性别"))

    birth_date = None
    try:
        birth_date, whole = parse_date(values.get("birth_date"))
    except UnreadableDate as error:
        problem("birth_date", _("无法识别的日期“%(value)s”") % {"value": shown(error)})
    else:
        if birth_date and facts:
            same = (
                birth_date == facts.birth_date
                if whole
                else birth_date.replace(day=1) == facts.birth_date.replace(day=1)
            )
            if not same:
                problem(
                    "birth_date",
                    _("出生日期与身份证号码不符（身份证为 %(date)s）")
                    % {"date": facts.birth_date.isoformat()},
                )
        if facts:
            birth_date = facts.birth_date
    data["birth_date"] = birth_date.isoformat() if birth_date else None

    try:
        join_date, _whole = parse_date(values.get("join_date"))
    except UnreadableDate as error:
        problem("join_date", _("无法识别的日期“%(value)s”") % {"value": shown(error)})
        join_date = None
    else:
        if join_date is None:
            join_date = today
            warning("join_date", _("未填入会日期，按导入当天登记"))
        elif join_date > today:
            problem("join_date", _("入会日期晚于今天"))
        elif birth_date and join_date < birth_date:
            problem("join_date", _("入会日期早于出生日期"))
    data["join_date"] = join_date.isoformat() if join_date else None

    # The member's union: the 所属工会 column when filled in, else the union chosen for the file.
    # 工作单位 is free text, as on the member form.
    union_text = normalise_key(values.get("union"))
    employer_text = normalise_text(values.get("employer"))
    target = units.get(union_key(union_text)) if union_text else union
    if target is None:
        problem("union", _("未知工会“%(value)s”：不是本工会或下级工会") % {"value": shown(union_text)})
    data["union_id"] = target.pk if target else None
    data["employer"] = (employer_text or (target.employer if target else ""))[:100]

    employment_text = normalise_key(values.get("employment_type"))
    data["employment_type"] = EMPLOYMENT_WORDS.get(employment_text, Member.EmploymentType.CONTRACT)
    if employment_text and employment_text not in EMPLOYMENT_WORDS:
        data["employment_type"] = Member.EmploymentType.OTHER
        warning(
            "employment_type",
            _("用工形式“%(value)s”不在常用分类中，记为“其他”") % {"value": shown(employment_text)},
        )

    mobile = re.sub(r"[\s\-]", "", normalise_text(values.get("mobile")))
    if isinstance(values.get("mobile"), float) and values["mobile"].is_integer():
        mobile = str(int(values["mobile"]))
    if mobile.startswith("+86"):
        mobile = mobile[3:]
    if mobile and not MOBILE.match(mobile):
        warning("mobile", _("手机号码“%(value)s”不是11位手机号") % {"value": shown(mobile)})
    data["mobile"] = mobile[:20]

    for name in TEXT_FIELDS:
        value = values.get(name)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        data[name] = normalise_text(value)
    data["ethnicity"] = _ethnicity(data["ethnicity"])
    for name in picklists.CHOICES:
        standard = picklists.canonical(name, data[name])
        if standard is None:
            problem(
                name,
                _("无法识别“%(value)s”，可填：%(words)s")
                % {"value": shown(data[name]), "words": "、".join(picklists.CHOICES[name])},
            )
        else:
            data[name] = standard
    limits = {field.name: field.max_length for field in Member._meta.fields if field.name in TEXT_FIELDS}
    for name in TEXT_FIELDS:
        if len(data[name]) > limits[name]:
            problem(name, _("内容过长（最多%(count)d字）") % {"count": limits[name]})

    # A rejected value is kept only as far as a preview shows it (an accepted one is within its field).
    verdict.data = {
        name: shown(value, KEPT_CHARS) if isinstance(value, str) else value for name, value in data.items()
    }
    if verdict.problems:
        verdict.verdict = REJECTED
    return verdict


def _ethnicity(value: str) -> str:
    if not value:
        return "汉族"
    if len(value) <= 3 and not value.endswith("族") and value not in {"其他", "未识别"}:
        return value + "族"
    return value


def _mark_repeats(verdicts: list[RowVerdict], columns: list[Column]) -> None:
    column = next(c for c in columns if c.field == "id_number")
    first_row: dict[tuple[str, str], int] = {}
    for verdict in verdicts:
        key = (verdict.data["id_type"], verdict.data["id_number"])
        if not key[1]:
            continue
        if key in first_row:
            verdict.problems.append(
                Problem(
                    _("与第%(row)d行的证件号码重复") % {"row": first_row[key]}, column.letter, column.header
                )
            )
            verdict.verdict = REJECTED
        else:
            first_row[key] = verdict.row


def _mark_registered(verdicts: list[RowVerdict], columns: list[Column], union: Union) -> None:
    """Numbers already on the register: in this union (or below) nothing changes; elsewhere it is refused."""
    column = next(c for c in columns if c.field == "id_number")
    numbers = {verdict.data["id_number"] for verdict in verdicts if verdict.data["id_number"]}
    existing: dict[tuple[str, str], tuple[str, str]] = {}
    numbers_list = sorted(numbers)
    for start in range(0, len(numbers_list), 5000):
        for id_type, number, name, path in Member.objects.filter(
            id_number__in=numbers_list[start : start + 5000]
        ).values_list("id_type", "id_number", "name", "union__path"):
            existing[(id_type, number)] = (name, path)
    for verdict in verdicts:
        found = existing.get((verdict.data["id_type"], verdict.data["id_number"]))
        if not found:
            continue
        name, path = found
        if path.startswith(union.path):
            verdict.verdict = REGISTERED
            verdict.problems.insert(
                0,
                Problem(
                    _("已在本工会登记（%(name)s），未作更改") % {"name": name}, column.letter, column.header
                ),
            )
        else:
            verdict.verdict = REJECTED
            verdict.problems.append(
                Problem(_("该证件号码已在其他工会登记，请办理会籍转接"), column.letter, column.header)
            )


def member_from_data(data: dict) -> Member:
    """An unsaved member from an accepted row's data (as kept between the preview and the commit)."""
    return Member(
        union_id=data["union_id"],
        name=data["name"],
        sex=data["sex"],
        birth_date=date.fromisoformat(data["birth_date"]) if data["birth_date"] else None,
        ethnicity=data["ethnicity"],
        id_type=data["id_type"],
        id_number=data["id_number"],
        mobile=data["mobile"],
        education=data["education"],
        skill_level=data["skill_level"],
        household_type=data["household_type"],
        political_status=data["political_status"],
        employer=data["employer"],
        department=data["department"],
        post=data["post"],
        employment_type=data["employment_type"],
        card_number=data["card_number"],
        join_date=date.fromisoformat(data["join_date"]),
    )


# Writing a roll


EXPORT_HEADERS = [
    ("name", "姓名"),
    ("sex", "性别"),
    ("birth_date", "出生日期"),
    ("ethnicity", "民族"),
    ("id_type", "证件类型"),
    ("id_number", "身份证号码"),
    ("mobile", "手机号码"),
    ("education", "学历"),
    ("skill_level", "技能等级"),
    ("household_type", "户籍类型"),
    ("political_status", "政治面貌"),
    ("union", "所属工会"),
    ("employer", "工作单位"),
    ("department", "部门"),
    ("post", "岗位"),
    ("employment_type", "用工形式"),
    ("card_number", "会员证号"),
    ("join_date", "入会日期"),
    ("status", "会籍状态"),
]


IN_WORDS = ("sex", "id_type", "employment_type", "status")  # exported as their labels, not their codes


def _export_readers(*, unmasked: bool) -> list:
    """How each column of the roll reads a member, worked out once per roll (the labels of the
    choices too: Django's get_<field>_display builds them again for every call)."""
    special = {
        "id_number": attrgetter("id_number" if unmasked else "masked_id_number"),
        "mobile": attrgetter("mobile" if unmasked else "masked_mobile"),
        "union": attrgetter("union.name"),
    }
    return [
        special.get(name) or (reader(Member, name) if name in IN_WORDS else attrgetter(name))
        for name, _label in EXPORT_HEADERS
    ]


def write_roll(
    members: Iterable[Member], *, unmasked: bool, title: str, union: Union | None = None
) -> tuple[IO[bytes], int]:
    """The roll as an xlsx file (rewound) and the number of members in it: a title row (the union
    and the title), then the headers as our import reads them (it finds them under a title), set up
    to print on A4 across; ID and phone masked unless asked. Written as the members are read (a
    queryset is read in chunks), so a federation's roll takes no more memory than a union's."""
    widths = {"name": 10, "id_number": 22, "mobile": 14, "union": 22, "employer": 24, "birth_date": 12}
    set_up = page_set_up(
        title, [widths.get(name, 11) for name, _label in EXPORT_HEADERS], header_row=2, landscape=True
    )
    count = 0
    with SheetWriter(set_up) as sheet:
        sheet.append([title_cell(title, union)])
        sheet.append([str(label) for _name, label in EXPORT_HEADERS])
        readers = _export_readers(unmasked=unmasked)
        for count, member in enumerate(iterate(members), start=1):  # noqa: B007 - the total afterwards
            sheet.append([safe_cell(read(member)) for read in readers])
    return sheet.file, count


def write_problem_rows(rows: Iterable[dict]) -> bytes:
    """The rows a check did not accept, as a roll to correct and upload again: the import's headers,
    then each row's values as read, its row number in the uploaded file and what is wrong with it."""
    rows = list(rows)
    union_ids = {row["data"].get("union_id") for row in rows if row["data"].get("union_id")}
    unions = {union.pk: union.name for union in Union.objects.filter(pk__in=union_ids)}
    labels = {
        "sex": dict(Member.Sex.choices),
        "id_type": dict(Member.IdType.choices),
        "employment_type": dict(Member.EmploymentType.choices),
        "status": dict(Member.Status.choices),
    }
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(_("问题行")))
    headers = [str(label) for _name, label in EXPORT_HEADERS]
    sheet.append([*headers, str(_("原行号")), str(_("问题"))])
    for column, width in ((len(headers) + 1, 8), (len(headers) + 2, 60)):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row in rows:
        data = row["data"]
        values = []
        for name, _label in EXPORT_HEADERS:
            if name == "union":
                value = unions.get(data.get("union_id"), "")
            else:
                value = data.get(name, "")
                value = str(labels[name].get(value, value)) if name in labels else value
            values.append(safe_cell(value if value is not None else ""))
        reasons = "；".join(str(Problem(**problem)) for problem in row["problems"])
        if row["verdict"] == REGISTERED and not reasons:
            reasons = str(_("已在名册中"))
        sheet.append([*values, row["row"], safe_cell(reasons)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
