"""A year of books from Excel (导入凭证): a workbook with a sheet 期初余额 (资金名称, 是否专项, 库存现金,
银行存款), a sheet 凭证 (日期, 摘要, 科目编码, 资金名称, 结算方式, 收入金额, 支出金额; optional 对方工会 …)
and an optional sheet 期初往来 (科目编码 131/132/211/212, 资金名称, 对方工会, 金额: what other unions owe
the union and what it owes them when its books start).

A column or a sheet the import does not know is named in the verdict, never dropped silently: the
file is saved only when the caller says so (`ignore_unknown`).

Every row is checked and every bad row named with its reason; nothing is saved unless every row is
good, and the whole file goes in in one transaction. The books are recorded as they were kept: a
restricted fund the file overdraws at some point is not refused (its 结转 shows it). Funds named
and not yet set up are created. The file's SHA-256 is stored: the same file a second time is
refused, naming the first import.

A row whose 科目编码 is a settlement account (101 库存现金, 102 银行存款, 131, 132, 211, 212) moves
money between that account and its 结算方式 — 提现 is 科目 101, 结算方式 银行存款, 支出金额; a base
union paying its share up is 科目 211, 结算方式 银行存款, 支出金额 — and is neither income nor spending.
Every movement between two unions names the other one (对方工会, its full name; finances.interunion).
"""

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from finances import interunion
from finances.models import Category, CategoryEdition, Fund, Voucher, VoucherImport
from finances.money import round_money
from finances.services.ledger import (
    _post,
    default_earmark,
    is_closed,
    lock_books,
    move_money,
    require_right,
)
from members.rolls import UnreadableDate, parse_date
from unionhub import access
from unionhub.control_characters import CELL_MESSAGE, has_control_characters
from unionhub.models import Role, Union, User
from unionhub.spreadsheets import Limits, SpreadsheetError, read_xlsx_sheets, shown

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 20_000
LIMITS = Limits(
    max_rows=MAX_ROWS + 10,  # room for a title, the header and blank rows
    max_columns=100,
    max_cells=(MAX_ROWS + 10) * 40,
    max_unpacked_bytes=MAX_UNPACKED_BYTES,
)
OPENINGS, VOUCHERS, OWED = "期初余额", "凭证", "期初往来"
OPENING_COLUMNS = {"资金名称": True, "是否专项": False, "库存现金": False, "银行存款": False}
OWED_COLUMNS = {"科目编码": True, "资金名称": True, "对方工会": True, "金额": True}
VOUCHER_COLUMNS = {
    "日期": True,
    "摘要": True,
    "科目编码": True,
    "资金名称": True,
    "结算方式": False,
    "收入金额": True,
    "支出金额": True,
    # Optional, when the workbook has them.
    "是否专项": False,
    "专项项目": False,
    "对方单位": False,
    "对方工会": False,
    "附单据": False,
}
SETTLEMENTS = {
    "库存现金": Voucher.Settlement.CASH,
    "现金": Voucher.Settlement.CASH,
    "101": Voucher.Settlement.CASH,
    "银行存款": Voucher.Settlement.BANK,
    "银行": Voucher.Settlement.BANK,
    "转账": Voucher.Settlement.BANK,
    "银行转账": Voucher.Settlement.BANK,
    "网银": Voucher.Settlement.BANK,
    "支票": Voucher.Settlement.BANK,
    "102": Voucher.Settlement.BANK,
    "应收上级经费": Voucher.Settlement.RECEIVABLE,
    "131": Voucher.Settlement.RECEIVABLE,
    "应付上级经费": Voucher.Settlement.PAYABLE,
    "211": Voucher.Settlement.PAYABLE,
    "应收下级经费": Voucher.Settlement.RECEIVABLE_LOWER,
    "132": Voucher.Settlement.RECEIVABLE_LOWER,
    "应付下级经费": Voucher.Settlement.PAYABLE_LOWER,
    "212": Voucher.Settlement.PAYABLE_LOWER,
}
YES = {"是", "专项", "y", "yes", "true", "1", "√", "✓"}
NO = {"", "否", "非专项", "n", "no", "false", "0"}


class ImportFileError(ValueError):
    """The file cannot be read as such a workbook at all (not a row's fault)."""


@dataclass
class Problem:
    sheet: str
    row: int
    reason: str

    def __str__(self) -> str:
        return _("%(sheet)s第%(row)d行：%(reason)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "reason": self.reason,
        }


@dataclass
class OpeningRow:
    row: int
    fund: str
    earmarked: bool
    cash: Decimal
    bank: Decimal


@dataclass
class VoucherRow:
    row: int
    date: date
    summary: str
    code: str
    fund: str
    settlement: str
    income: Decimal | None
    spending: Decimal | None
    earmarked: bool | None = None
    project: str = ""
    counterparty: str = ""
    receipts: int = 0
    counterpart: str = ""
    category: Category | None = None
    counterpart_union: Union | None = None

    @property
    def settlement_label(self) -> str:
        return Voucher.Settlement(self.settlement).label

    @property
    def amount(self) -> Decimal:
        return self.income if self.income is not None else self.spending


@dataclass
class OwedRow:
    """An opening balance owed between the union and another union (期初往来)."""

    row: int
    account: str
    fund: str
    counterpart: Union
    amount: Decimal


@dataclass
class Check:
    file_name: str
    sha256: str
    openings: list[OpeningRow] = field(default_factory=list)
    owed: list[OwedRow] = field(default_factory=list)
    vouchers: list[VoucherRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    new_funds: list[str] = field(default_factory=list)
    # Columns ("凭证：备注") and sheets the import does not know: named, not imported.
    unknown_columns: list[str] = field(default_factory=list)
    unknown_sheets: list[str] = field(default_factory=list)
    ignore_unknown: bool = False
    year: int | None = None
    earlier: VoucherImport | None = None
    posted: int = 0

    @property
    def unknown(self) -> list[str]:
        """The verdict's sentences about what the file holds and the import does not read."""
        said = []
        if self.unknown_columns:
            said.append(_("未识别的列：%(names)s，未导入。") % {"names": "、".join(self.unknown_columns)})
        if self.unknown_sheets:
            said.append(_("未识别的工作表：%(names)s，未导入。") % {"names": "、".join(self.unknown_sheets)})
        return said

    @property
    def accepted(self) -> int:
        bad = {(problem.sheet, problem.row) for problem in self.problems}
        return (
            sum((OPENINGS, row.row) not in bad for row in self.openings)
            + sum((OWED, row.row) not in bad for row in self.owed)
            + sum((VOUCHERS, row.row) not in bad for row in self.vouchers)
        )

    @property
    def rejected(self) -> int:
        return len({(problem.sheet, problem.row) for problem in self.problems if problem.row})

    @property
    def ready(self) -> bool:
        """Every row good and the file new: what is left is only to accept what it does not know."""
        return not self.problems and self.earlier is None

    @property
    def ok(self) -> bool:
        return self.ready and (self.ignore_unknown or not self.unknown)

    @property
    def income(self) -> Decimal:
        return sum((row.income for row in self.vouchers if row.category and row.income), Decimal(0))

    @property
    def spending(self) -> Decimal:
        return sum((row.spending for row in self.vouchers if row.category and row.spending), Decimal(0))


# -- reading --------------------------------------------------------------------------------------


def _clean(value) -> str:
    text = unicodedata.normalize("NFKC", str(value if value is not None else ""))
    return re.sub(r"\s+", "", text)


HEADER_ALIASES = {
    "科目代码": "科目编码",
    "会计科目编码": "科目编码",
    "凭证日期": "日期",
    "资金": "资金名称",
    "结算账户": "结算方式",
    "收入": "收入金额",
    "支出": "支出金额",
    "专项": "是否专项",
    "对方工会名称": "对方工会",
}


def _header(value) -> str:
    name = re.sub(r"[(（][^)）]*[)）]|[*:：]", "", _clean(value))
    return HEADER_ALIASES.get(name, name)


def read_workbook(file: IO[bytes], unknown: list[str] | None = None) -> dict[str, list[tuple[int, list]]]:
    """The sheets 期初余额, 期初往来 and 凭证 as (row number, values), read by the project's one bounded
    reader; the titles of the other sheets go to `unknown`."""
    roles: dict[str, str] = {}  # sheet title -> 期初余额, 期初往来 or 凭证: the first sheet that is each

    def choose(titles: list[str]) -> list[str]:
        cleaned = {_clean(title) for title in titles}
        for title in titles:
            role = _sheet_role(_clean(title), cleaned)
            if role and role not in roles.values():
                roles[title] = role
            elif unknown is not None:
                unknown.append(title)
        return list(roles)

    try:
        read = read_xlsx_sheets(file, limits=LIMITS, choose=choose)
    except SpreadsheetError as error:
        raise ImportFileError(str(error)) from None
    sheets = {roles[title]: rows for title, rows in read.items()}
    if VOUCHERS not in sheets:
        raise ImportFileError(_("工作簿中没有名为“凭证”的工作表。"))
    return sheets


def _sheet_role(title: str, titles: set[str]) -> str | None:
    """Which sheet this is: 期初余额 or 凭证 by its exact name, else by a name that says so
    (“2025年凭证”, “期初数”) when no sheet has the exact name."""
    if title in (OPENINGS, VOUCHERS, OWED):
        return title
    if "往来" in title and OWED not in titles:
        return OWED
    if "期初" in title and OPENINGS not in titles:
        return OPENINGS
    if "凭证" in title and VOUCHERS not in titles:
        return VOUCHERS
    return None


def _columns(
    sheet: str, rows, wanted: dict[str, bool], unknown: list[str] | None = None
) -> tuple[int, dict[str, int]]:
    """The header row's number and where each wanted column is; the header's other names go to
    `unknown` (as “sheet：name”)."""
    for number, values in rows[:10]:
        found = {}
        for index, value in enumerate(values):
            name = _header(value)
            if name in wanted and name not in found:
                found[name] = index
        if all(name in found for name, required in wanted.items() if required):
            if unknown is not None:
                unknown += [
                    f"{sheet}：{shown(value)}"
                    for index, value in enumerate(values)
                    if _clean(value) and index not in found.values()
                ]
            return number, found
    missing = "、".join(name for name, required in wanted.items() if required)
    raise ImportFileError(
        _("“%(sheet)s”工作表前10行中找不到表头（须有：%(columns)s）。") % {"sheet": sheet, "columns": missing}
    )


def parse_amount(value) -> Decimal | None:
    """An amount from a cell: a number, or text such as 1,234.50 or ¥300; None when empty.
    ValueError for anything else (an amount in words, two decimal points …)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    else:
        text = _clean(value).replace(",", "").replace("，", "").replace("¥", "").replace("元", "")
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(value) from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP"):
        raise ValueError(value)
    return round_money(amount)


def _flag(value) -> bool | None:
    text = _clean(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    return None


# -- checking -------------------------------------------------------------------------------------


def check_workbook(*, file: IO[bytes], file_name: str, union: Union, ignore_unknown: bool = False) -> Check:
    """Read and check every row; nothing is written."""
    file.seek(0)
    data = file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFileError(_("文件超过%(size)d MB。") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
    check = Check(file_name=file_name, sha256=hashlib.sha256(data).hexdigest(), ignore_unknown=ignore_unknown)
    check.earlier = (
        VoucherImport.objects.filter(union=union, sha256=check.sha256).select_related("by").first()
    )
    file.seek(0)
    sheets = read_workbook(file, check.unknown_sheets)
    funds = {fund.name: fund for fund in union.funds.all()}
    tree = {each.name: each for each in union.tree()}
    opened: dict[str, bool] = {}
    if OPENINGS in sheets:
        header, columns = _columns(OPENINGS, sheets[OPENINGS], OPENING_COLUMNS, check.unknown_columns)
        for number, values in sheets[OPENINGS]:
            if number <= header or not any(_clean(v) for v in values):
                continue
            row = _opening_row(check, number, values, columns)
            if row is not None:
                if row.fund in opened:
                    check.problems.append(
                        Problem(OPENINGS, number, _("资金“%(fund)s”重复。") % {"fund": row.fund})
                    )
                    continue
                opened[row.fund] = row.earmarked
                check.openings.append(row)
    if OWED in sheets:
        header, columns = _columns(OWED, sheets[OWED], OWED_COLUMNS, check.unknown_columns)
        for number, values in sheets[OWED]:
            if number > header and any(_clean(v) for v in values):
                _owed_row(check, number, values, columns, union=union, tree=tree)
    header, columns = _columns(VOUCHERS, sheets[VOUCHERS], VOUCHER_COLUMNS, check.unknown_columns)
    rows = []
    for number, values in sheets[VOUCHERS]:
        if number <= header or not any(_clean(v) for v in values):
            continue
        row = _voucher_row(check, number, values, columns)
        if row is not None:
            rows.append(row)
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("一次最多导入%(count)d张凭证。") % {"count": MAX_ROWS})
    years = Counter(row.date.year for row in rows)
    check.year = years.most_common(1)[0][0] if years else timezone.localdate().year
    today = timezone.localdate()
    closed: dict[tuple[int, int], bool] = {}
    cache: dict = {}
    for row in rows:
        reason = None
        if row.date.year != check.year:
            reason = _("日期%(date)s不在导入的%(year)s年度内。") % {"date": row.date, "year": check.year}
        elif row.date > today:
            reason = _("日期%(date)s晚于今天。") % {"date": row.date}
        else:
            key = (row.date.year, row.date.month)
            if key not in closed:
                closed[key] = is_closed(union, row.date)
            if closed[key]:
                reason = _("%(year)s年%(month)s月已结账，不能导入该月的凭证。") % {
                    "year": row.date.year,
                    "month": row.date.month,
                }
        if reason is None:
            reason = _resolve_code(union, row, cache) or _resolve_counterpart(union, row, tree)
        if reason:
            check.problems.append(Problem(VOUCHERS, row.row, reason))
        check.vouchers.append(row)
    names = [row.fund for row in (*check.openings, *check.owed, *check.vouchers)]
    check.new_funds = [name for name in dict.fromkeys(names) if name not in funds]
    _sort(check.problems)
    return check


def _sort(problems: list[Problem]) -> None:
    problems.sort(key=lambda problem: ((OPENINGS, OWED, VOUCHERS).index(problem.sheet), problem.row))


def _owed_row(
    check: Check, number: int, values: list, columns: dict[str, int], *, union: Union, tree: dict[str, Union]
) -> None:
    def cell(name):
        return values[columns[name]] if columns[name] < len(values) else None

    problems = _control_characters(values, columns)
    code = _clean(cell("科目编码"))
    if isinstance(cell("科目编码"), int | float):
        code = str(int(cell("科目编码")))
    account = SETTLEMENTS.get(code)
    if account not in Voucher.Settlement.between_unions():
        problems.append(_("科目编码“%(value)s”应为131、132、211或212。") % {"value": shown(cell("科目编码"))})
    fund = _clean(cell("资金名称"))
    if not fund:
        problems.append(_("缺少资金名称。"))
    elif len(fund) > 50:
        problems.append(_("资金名称过长（最多50字）。"))
    amount = None
    try:
        amount = parse_amount(cell("金额"))
        if amount is None or amount <= 0:
            problems.append(_("金额须大于零。"))
    except ValueError:
        problems.append(_("金额“%(value)s”不是金额，请填写数字。") % {"value": shown(cell("金额"))})
    counterpart = tree.get(_clean(cell("对方工会")))
    if counterpart is None:
        problems.append(_("对方工会“%(value)s”不是本系统中的工会。") % {"value": shown(cell("对方工会"))})
    elif not problems:
        try:
            interunion.check_counterpart(union=union, settlement=account, account="", counterpart=counterpart)
        except ValidationError as error:
            problems += error.messages
    if problems:
        check.problems.append(Problem(OWED, number, "".join(problems)))
    else:
        check.owed.append(OwedRow(number, account, fund, counterpart, amount))


def _resolve_counterpart(union: Union, row: VoucherRow, tree: dict[str, Union]) -> str | None:
    """Find the row's 对方工会; the reason it cannot be used, or None. A move between settlement
    accounts faces the way its account owed between unions does."""
    if row.counterpart:
        row.counterpart_union = tree.get(row.counterpart)
        if row.counterpart_union is None:
            return _("对方工会“%(name)s”不是本系统中的工会。") % {"name": row.counterpart}
    owed = [SETTLEMENTS.get(row.code), row.settlement] if row.category is None else [row.settlement]
    settlement = next((each for each in owed if each in Voucher.Settlement.between_unions()), "")
    try:
        interunion.check_counterpart(
            union=union,
            settlement=settlement,
            account=interunion.account_of(row.category),
            counterpart=row.counterpart_union,
        )
    except ValidationError as error:
        return "".join(error.messages)
    return None


def _control_characters(values: list, columns: dict[str, int]) -> list[str]:
    """What is wrong with each cell of the row holding a control character (unionhub.control_characters)."""
    return [
        _("%(letter)s列“%(column)s”%(message)s。")
        % {"letter": get_column_letter(index + 1), "column": name, "message": CELL_MESSAGE}
        for name, index in columns.items()
        if index < len(values) and has_control_characters(values[index])
    ]


def _opening_row(check: Check, number: int, values: list, columns: dict[str, int]) -> OpeningRow | None:
    def cell(name):
        return values[columns[name]] if name in columns and columns[name] < len(values) else None

    fund = _clean(cell("资金名称"))
    problems = _control_characters(values, columns)
    if not fund:
        problems.append(_("缺少资金名称。"))
    elif len(fund) > 50:
        problems.append(_("资金名称过长（最多50字）。"))
    earmarked = _flag(cell("是否专项"))
    if earmarked is None:
        problems.append(
            _("“是否专项”应填“是”或“否”，而不是“%(value)s”。") % {"value": shown(cell("是否专项"))}
        )
    amounts = {}
    for name in ("库存现金", "银行存款"):
        try:
            amounts[name] = parse_amount(cell(name)) or Decimal("0.00")
            if amounts[name] < 0:
                problems.append(_("%(column)s不能为负数。") % {"column": name})
        except ValueError:
            problems.append(
                _("%(column)s“%(value)s”不是金额，请填写数字。")
                % {"column": name, "value": shown(cell(name))}
            )
    if problems:
        check.problems.append(Problem(OPENINGS, number, "".join(problems)))
        return None
    return OpeningRow(number, fund, earmarked, amounts["库存现金"], amounts["银行存款"])


def _voucher_row(check: Check, number: int, values: list, columns: dict[str, int]) -> VoucherRow | None:
    def cell(name):
        return values[columns[name]] if name in columns and columns[name] < len(values) else None

    problems = _control_characters(values, columns)
    day = None
    try:
        day, whole = parse_date(cell("日期"))
        if day is None:
            problems.append(_("缺少日期。"))
        elif not whole:
            problems.append(_("日期“%(value)s”须写到日。") % {"value": shown(cell("日期"))})
    except UnreadableDate:
        problems.append(_("日期“%(value)s”无法识别。") % {"value": shown(cell("日期"))})
    summary = str(cell("摘要") or "").strip()
    if not summary:
        problems.append(_("缺少摘要。"))
    elif len(summary) > 200:
        problems.append(_("摘要过长（最多200字）。"))
    code = _clean(cell("科目编码"))
    if isinstance(cell("科目编码"), float) and float(cell("科目编码")).is_integer():
        code = str(int(cell("科目编码")))
    if not code:
        problems.append(_("缺少科目编码。"))
    fund = _clean(cell("资金名称"))
    if not fund:
        problems.append(_("缺少资金名称。"))
    elif len(fund) > 50:
        problems.append(_("资金名称过长（最多50字）。"))
    settlement_text = _clean(cell("结算方式"))
    if isinstance(cell("结算方式"), int | float):
        settlement_text = str(int(cell("结算方式")))
    settlement = SETTLEMENTS.get(settlement_text or "银行存款")
    if settlement is None:
        problems.append(
            _(
                "结算方式“%(value)s”无法识别（库存现金、银行存款、应收上级经费、应收下级经费、"
                "应付上级经费、应付下级经费）。"
            )
            % {"value": shown(cell("结算方式"))}
        )
    amounts = {}
    for name in ("收入金额", "支出金额"):
        try:
            amounts[name] = parse_amount(cell(name))
        except ValueError:
            problems.append(
                _("%(column)s“%(value)s”不是金额，请填写数字。")
                % {"column": name, "value": shown(cell(name))}
            )
            amounts[name] = Decimal(0)
    income, spending = amounts["收入金额"], amounts["支出金额"]
    if not problems:
        if income and spending:
            problems.append(_("收入金额和支出金额只能填写一个。"))
        elif not income and not spending:
            problems.append(_("收入金额和支出金额须填写一个（大于零）。"))
        elif (income or spending) < 0:
            problems.append(_("金额不能为负数，更正请用红字冲销。"))
    earmarked = None
    if "是否专项" in columns and _clean(cell("是否专项")):
        earmarked = _flag(cell("是否专项"))
        if earmarked is None:
            problems.append(_("“是否专项”应填“是”或“否”。"))
    receipts = 0
    if "附单据" in columns and cell("附单据") not in (None, ""):
        try:
            receipts = int(Decimal(_clean(cell("附单据"))))
            if not 0 <= receipts <= 999:
                raise ValueError
        except (InvalidOperation, ValueError):
            problems.append(_("附单据张数应为0至999的整数。"))
    if problems:
        check.problems.append(Problem(VOUCHERS, number, "".join(problems)))
        return None
    return VoucherRow(
        row=number,
        date=day,
        summary=summary,
        code=code,
        fund=fund,
        settlement=settlement,
        income=income or None,
        spending=spending or None,
        earmarked=earmarked,
        project=str(cell("专项项目") or "").strip()[:100] if "专项项目" in columns else "",
        counterparty=str(cell("对方单位") or "").strip()[:100] if "对方单位" in columns else "",
        receipts=receipts,
        counterpart=_clean(cell("对方工会")) if "对方工会" in columns else "",
    )


def _resolve_code(union: Union, row: VoucherRow, cache: dict) -> str | None:
    """Find the row's account; the reason it cannot be used, or None."""
    if row.code in SETTLEMENTS and row.code.isdigit():
        if SETTLEMENTS[row.code] == row.settlement:
            return _("科目编码与结算方式相同，无法划转。")
        return None
    edition = cache.get(row.date)
    if edition is None:
        edition = cache[row.date] = CategoryEdition.objects.in_force(row.date)
    key = (edition.pk if edition else None, row.code)
    if key not in cache:
        cache[key] = (
            Category.objects.filter(edition=edition, code=row.code)
            .filter(Q(union__isnull=True) | Q(union=union))
            .select_related("parent", "maps_to__parent")
            .first()
        )
    category = cache[key]
    if category is None:
        return _("科目编码“%(code)s”不是%(edition)s中的收支科目。") % {
            "code": row.code,
            "edition": edition.document if edition else "",
        }
    direction = "in" if row.income is not None else "out"
    if category.direction != direction:
        kind = _("收入") if category.direction == "in" else _("支出")
        return _("科目%(code)s %(name)s是%(kind)s科目，金额却填在另一栏。") % {
            "code": category.code,
            "name": category.name,
            "kind": kind,
        }
    if row.earmarked and category.account.top.code == "401":
        return _("会费收入不能列为专项。")
    row.category = category
    return None


# -- writing --------------------------------------------------------------------------------------


class Rejected(Exception):
    def __init__(self, check: Check):
        self.check = check


def default_user(union: Union) -> User | None:
    """Who the vouchers of a command-line import are entered by: the union's treasurer (or one
    above), else its chair, else a superuser."""
    for kind in (Role.Kind.TREASURER, Role.Kind.CHAIR):
        role = (
            Role.objects.filter(kind=kind, union_id__in=union.lineage_ids)
            .select_related("user", "union")
            .order_by("-union__path")
            .first()
        )
        if role:
            return role.user
    return User.objects.filter(is_superuser=True).order_by("pk").first()


def import_vouchers(
    *,
    union: Union,
    by: User,
    file: IO[bytes],
    file_name: str,
    dry_run: bool = False,
    check_right: bool = True,
    ignore_unknown: bool = False,
) -> Check:
    """Check the workbook and, when every row is good, post it all in one transaction.

    Returns the check; with rejected rows (or a file imported before, or columns or sheets it does
    not know unless `ignore_unknown`) nothing is saved. With `dry_run` everything is posted and then
    rolled back, so overdrafts are found too.
    """
    if check_right:
        by = require_right(by, union, access.FINANCES)
    check = check_workbook(file=file, file_name=file_name, union=union, ignore_unknown=ignore_unknown)
    if not check.ready:
        return check
    try:
        with transaction.atomic():
            _write(check, union=union, by=by)
            if not check.ok or dry_run:
                raise Rejected(check)
    except Rejected:
        pass
    return check


def _write(check: Check, *, union: Union, by: User) -> None:
    counter = lock_books(union, check.year)
    expected = (
        sum(bool(row.cash) + bool(row.bank) for row in check.openings)
        + len(check.owed)
        + sum(1 if row.category is not None else 2 for row in check.vouchers)
    )
    batch = VoucherImport.objects.create(
        union=union, file_name=check.file_name[:200], sha256=check.sha256, by=by, vouchers_count=expected
    )
    funds = {fund.name: fund for fund in union.funds.all()}
    earmarked_funds = {row.fund: row.earmarked for row in check.openings}
    for name in check.new_funds:
        fund = Fund(
            union=union,
            name=name,
            kind=Fund.Kind.UNION_FUND if name == "工会经费" else Fund.Kind.OTHER,
            restricted=earmarked_funds.get(name, False),
            opened_on=date(check.year, 1, 1),
        )
        fund.full_clean()
        fund.save()
        funds[name] = fund
    count = 0
    start = date(check.year, 1, 1)
    for row in check.openings:
        for account, amount in ((Voucher.Settlement.CASH, row.cash), (Voucher.Settlement.BANK, row.bank)):
            if not amount:
                continue
            try:
                _post(
                    union=union,
                    by=by,
                    date=start,
                    kind=Voucher.Kind.OPENING,
                    direction="in",
                    fund=funds[row.fund],
                    category=None,
                    amount=amount,
                    summary=_("“%(fund)s”期初余额（%(account)s）")
                    % {"fund": row.fund, "account": Voucher.Settlement(account).label},
                    settlement=account,
                    earmarked=row.earmarked,
                    batch=batch,
                    counter=counter,
                )
                count += 1
            except ValidationError as error:
                check.problems.append(Problem(OPENINGS, row.row, "".join(error.messages)))
    for row in check.owed:
        try:
            _post(
                union=union,
                by=by,
                date=start,
                kind=Voucher.Kind.OPENING,
                direction="out" if row.account in Voucher.Settlement.liabilities() else "in",
                fund=funds[row.fund],
                category=None,
                amount=row.amount,
                summary=_("期初%(account)s（%(union)s）")
                % {"account": Voucher.Settlement(row.account).label, "union": row.counterpart.name},
                settlement=row.account,
                earmarked=earmarked_funds.get(row.fund, funds[row.fund].restricted),
                counterpart_union=row.counterpart,
                batch=batch,
                counter=counter,
                as_kept=True,
            )
            count += 1
        except ValidationError as error:
            check.problems.append(Problem(OWED, row.row, "".join(error.messages)))
    for row in sorted(check.vouchers, key=lambda r: (r.date, r.row)):
        fund = funds[row.fund]
        try:
            if row.category is None:
                target = Voucher.Settlement.CASH if row.code == "101" else SETTLEMENTS[row.code]
                source, destination = (
                    (target, row.settlement) if row.income is not None else (row.settlement, target)
                )
                pair = move_money(
                    union=union,
                    by=by,
                    date=row.date,
                    fund=fund,
                    from_account=source,
                    to_account=destination,
                    amount=row.amount,
                    summary=row.summary,
                    batch=batch,
                    counter=counter,
                    counterpart_union=row.counterpart_union,
                )
                count += len(pair)
                continue
            _post(
                union=union,
                by=by,
                date=row.date,
                kind=Voucher.Kind.ENTRY,
                direction=row.category.direction,
                fund=fund,
                category=row.category,
                amount=row.amount,
                summary=row.summary,
                counterparty=row.counterparty,
                receipts=row.receipts,
                settlement=row.settlement,
                earmarked=row.earmarked if row.earmarked is not None else default_earmark(fund, row.category),
                project=row.project if row.earmarked or (row.earmarked is None and fund.restricted) else "",
                counterpart_union=row.counterpart_union,
                batch=batch,
                counter=counter,
                as_kept=True,
            )
            count += 1
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            check.problems.append(Problem(VOUCHERS, row.row, "".join(messages)))
    _sort(check.problems)
    check.posted = count
