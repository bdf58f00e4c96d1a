"""The statutory statements of the 2021 union accounting system, read from the vouchers:
工会02表 收入支出表 (monthly: 本月数, 本年累计数; annual: 本年数, 上年数) and 工会01表 资产负债表
(年初余额, 期末余额), for one union or consolidated over its subtree; the cash and bank journals;
the 科目余额表.

How the books give the lines:
- income and spending lines are the sums of income and spending vouchers by 2021 account (an item
  of the 2009 edition counts under the account it maps to); a reversal counts negative;
- every voucher's effect on its fund (income +, spending −) lands in its settlement account
  (库存现金, 银行存款, 应收上级经费 as assets; 应付上级经费 as a liability, so −) and, by its 专项
  flag, in 工会资金结转 or 工会资金结余. Assets less liabilities therefore equal net assets by
  construction: 资产总计 = 负债与净资产总计 holds for any books;
- an opening balance (期初结转) counts as brought forward into the year it is dated in;
- 二、资金结转结余调整及变动 is what moved the carried balances besides income and spending:
  zero for one union's books; in a consolidation it holds a grant recorded by one side only;
- consolidated: the subtree's books added up, less what moved between its unions in pairs booked by
  both sides (finances.interunion: 补助下级支出 against 上级补助收入 in the 02表, 应收下级经费 against
  应付上级经费 and 应付下级经费 against 应收上级经费 in the 01表). What one side booked alone stays in,
  and the statement says how much (`unpaired`, listed on the 内部往来核对表).
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import DecimalField, F, Q, QuerySet, Sum, Value, Window
from django.db.models.expressions import RowRange
from django.utils import timezone
from django.utils.translation import gettext as _

from finances import interunion, selectors
from finances.models import Direction, Voucher
from finances.selectors import fixed_assets_carried
from unionhub.models import Role, Union

ZERO = Decimal("0.00")
S = Voucher.Settlement

# 工会02表: (行次, name as the form writes it, key, annual only). Keys of accounts are their codes.
FORM_02 = [
    (1, "一、年初资金结转结余", "open", True),
    (2, "（一）年初资金结转", "open_carried", True),
    (3, "（二）年初资金结余", "open_surplus", True),
    (4, "二、资金结转结余调整及变动", "adjust", False),
    (5, "三、收入合计", "income", False),
    (6, "（一）会费收入", "401", False),
    (7, "（二）拨缴经费收入", "402", False),
    (8, "（三）上级补助收入", "403", False),
    (9, "（四）政府补助收入", "404", False),
    (10, "（五）行政补助收入", "405", False),
    (11, "（六）附属单位上缴收入", "406", False),
    (12, "（七）投资收益", "407", False),
    (13, "（八）其他收入", "408", False),
    (14, "（九）动用预算稳定调节基金", "budget_fund_used", False),
    (15, "四、支出合计", "spending", False),
    (16, "（一）职工活动支出", "501", False),
    (17, "（二）职工活动组织支出", "502", False),
    (18, "（三）职工服务支出", "503", False),
    (19, "（四）维权支出", "504", False),
    (20, "（五）业务支出", "505", False),
    (21, "（六）行政支出", "506", False),
    (22, "（七）资本性支出", "507", False),
    (23, "（八）补助下级支出", "508", False),
    (24, "（九）对附属单位的支出", "509", False),
    (25, "（十）其他支出", "510", False),
    (26, "（十一）安排预算稳定调节基金", "budget_fund_set", False),
    (27, "五、本期收支差额", "difference", False),
    (28, "六、年末资金结转结余", "close", True),
    (29, "（一）年末资金结转", "close_carried", True),
    (30, "（二）年末资金结余", "close_surplus", True),
]
INCOME_CODES = list(selectors.INCOME_ACCOUNTS)
SPENDING_CODES = list(selectors.SPENDING_ACCOUNTS)

# 工会01表: (行次 or None for a heading, name, key, monthly only).
FORM_01 = [
    (None, "流动资产：", "", False),
    (1, "货币资金", "money", False),
    (2, "零余额账户用款额度", "zero_balance_quota", True),
    (3, "财政应返还额度", "treasury_refund", False),
    (4, "应收上级经费", "receivable_upper", False),
    (5, "应收下级经费", "receivable_lower", False),
    (6, "其他应收款", "other_receivable", False),
    (7, "库存物品", "stock", False),
    (8, "流动资产合计", "current_assets", False),
    (9, "投资", "investment", False),
    (10, "在建工程", "construction", False),
    (11, "固定资产原值", "fixed_assets_cost", False),
    (12, "减：累计折旧", "depreciation", False),
    (13, "固定资产净值", "fixed_assets_net", False),
    (14, "无形资产原值", "intangibles_cost", False),
    (15, "减：累计摊销", "amortisation", False),
    (16, "无形资产净值", "intangibles_net", False),
    (17, "长期待摊费用", "deferred", False),
    (18, "待处理财产损溢", "pending_losses", False),
    (19, "资产总计", "assets", False),
    (None, "负债：", "", False),
    (20, "应付职工薪酬", "payroll_payable", False),
    (21, "应付上级经费", "payable_upper", False),
    (22, "应付下级经费", "payable_lower", False),
    (23, "其他应付款", "other_payable", False),
    (24, "代管经费", "held_for_others", False),
    (25, "负债合计", "liabilities", False),
    (None, "净资产：", "", False),
    (26, "资产基金", "asset_fund", False),
    (27, "专用基金", "special_fund", False),
    (28, "工会资金结转", "carried", False),
    (29, "工会资金结余", "surplus", False),
    (30, "财政拨款结转", "treasury_carried", False),
    (31, "财政拨款结余", "treasury_surplus", False),
    (32, "预算稳定调节基金", "stabilisation_fund", False),
    (33, "净资产合计", "net_assets", False),
    (34, "负债与净资产总计", "liabilities_and_net_assets", False),
]
TOTALS = {
    "open",
    "income",
    "spending",
    "difference",
    "close",
    "current_assets",
    "fixed_assets_net",
    "intangibles_net",
    "assets",
    "liabilities",
    "net_assets",
    "liabilities_and_net_assets",
}


@dataclass
class Row:
    number: int | None
    name: str
    key: str
    values: list[Decimal | None]

    @property
    def heading(self) -> bool:
        return self.number is None

    @property
    def total(self) -> bool:
        return self.key in TOTALS


@dataclass
class Statement:
    form: str  # "01" or "02"
    union: Union
    consolidated: bool
    year: int
    month: int | None
    columns: list[str]
    rows: list[Row]
    signatures: dict[str, str] = field(default_factory=dict)
    # Consolidated: per column, what moved between unions of the tree and was booked by one side only.
    unpaired: list[Decimal] = field(default_factory=list)

    @property
    def has_unpaired(self) -> bool:
        return any(self.unpaired)

    @property
    def unpaired_columns(self) -> list[tuple[str, Decimal]]:
        return list(zip(self.columns, self.unpaired, strict=False))

    @property
    def unpaired_label(self) -> str:
        return _("未抵销的内部往来（仅一方记账或双方金额不符，见内部往来核对表）")

    @property
    def title(self) -> str:
        return _("资产负债表") if self.form == "01" else _("收入支出表")

    @property
    def code(self) -> str:
        return _("工会01表") if self.form == "01" else _("工会02表")

    @property
    def period_label(self) -> str:
        if self.month:
            return _("%(year)s年%(month)s月") % {"year": self.year, "month": self.month}
        return _("%(year)s年度") % {"year": self.year}

    @property
    def as_of(self) -> date:
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def unit(self) -> str:
        label = self.union.name
        return _("%(union)s（汇总）") % {"union": label} if self.consolidated else label

    def value(self, key: str, column: int = 0) -> Decimal | None:
        return next(row.values[column] for row in self.rows if row.key == key)

    def panels(self) -> list[tuple["Row | None", "Row | None"]]:
        """工会01表 as printed: assets on the left, liabilities and net assets on the right, the two
        totals side by side on the last line."""
        keys = [row.key for row in self.rows]
        split = keys.index("assets")
        left, right = self.rows[:split], self.rows[split + 1 : -1]
        height = max(len(left), len(right))
        left += [None] * (height - len(left))
        right += [None] * (height - len(right))
        return [*zip(left, right, strict=True), (self.rows[split], self.rows[-1])]

    def by_name(self) -> dict[str, list]:
        return {row.name: row.values for row in self.rows if not row.heading}


# -- reading the books: finances.selectors owns the sums every statement and paper reads -------


def _settled(position, account: str) -> Decimal:
    return position[account, True] + position[account, False]


def _carried(position, earmarked: bool) -> Decimal:
    return sum((value for (_account, flag), value in position.items() if flag == earmarked), ZERO)


def year_start(union: Union, *, consolidated: bool, year: int):
    return selectors.positions(union, consolidated=consolidated, on=date(year - 1, 12, 31), year=year)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# -- 工会02表 ------------------------------------------------------------------------------------


def _flows(union, consolidated, start, end, before, after) -> dict[str, Decimal]:
    """Lines 二 … 五 over a period; `before`/`after` are the positions either side of it."""
    sums = selectors.account_sums(union, consolidated=consolidated, start=start, end=end)
    values = {code: sums[code] for code in INCOME_CODES + SPENDING_CODES}
    values["budget_fund_used"] = values["budget_fund_set"] = ZERO
    values["income"] = sum((values[code] for code in INCOME_CODES), ZERO)
    values["spending"] = sum((values[code] for code in SPENDING_CODES), ZERO)
    values["difference"] = values["income"] - values["spending"]
    moved = _carried(after, True) + _carried(after, False) - _carried(before, True) - _carried(before, False)
    values["adjust"] = moved - values["difference"]
    return values


def _year_02(union: Union, consolidated: bool, year: int) -> dict[str, Decimal]:
    start = year_start(union, consolidated=consolidated, year=year)
    end = selectors.positions(union, consolidated=consolidated, on=date(year, 12, 31), year=year)
    values = _flows(union, consolidated, date(year, 1, 1), date(year, 12, 31), start, end)
    values["open_carried"], values["open_surplus"] = _carried(start, True), _carried(start, False)
    values["open"] = values["open_carried"] + values["open_surplus"]
    values["close_carried"], values["close_surplus"] = _carried(end, True), _carried(end, False)
    values["close"] = values["close_carried"] + values["close_surplus"]
    return values


def form_02(*, union: Union, year: int, month: int | None = None, consolidated: bool = False) -> Statement:
    """工会02表 收入支出表: annual (本年数, 上年数) or monthly (本月数, 本年累计数)."""
    if month is None:
        columns = [_("本年数"), _("上年数")]
        this, last = _year_02(union, consolidated, year), _year_02(union, consolidated, year - 1)
        rows = [Row(n, name, key, [this[key], last[key]]) for n, name, key, _annual in FORM_02]
        periods = [(date(y, 1, 1), date(y, 12, 31)) for y in (year, year - 1)]
    else:
        columns = [_("本月数"), _("本年累计数")]
        first = date(year, month, 1)
        opening = year_start(union, consolidated=consolidated, year=year)
        before = selectors.positions(
            union, consolidated=consolidated, on=first - timedelta(days=1), year=year
        )
        if month == 1:
            before = opening
        after = selectors.positions(union, consolidated=consolidated, on=month_end(year, month), year=year)
        this = _flows(union, consolidated, first, month_end(year, month), before, after)
        so_far = _flows(union, consolidated, date(year, 1, 1), month_end(year, month), opening, after)
        rows = [Row(n, name, key, [this[key], so_far[key]]) for n, name, key, annual in FORM_02 if not annual]
        periods = [(first, month_end(year, month)), (date(year, 1, 1), month_end(year, month))]
    unpaired = (
        [selectors.grant_pairing(union, start=start, end=end).unpaired_amount for start, end in periods]
        if consolidated
        else []
    )
    return Statement("02", union, consolidated, year, month, columns, rows, signatures(union), unpaired)


# -- 工会01表 ------------------------------------------------------------------------------------


# The 01表's line of each account owed between unions.
BETWEEN_UNIONS = {
    S.RECEIVABLE: "receivable_upper",
    S.RECEIVABLE_LOWER: "receivable_lower",
    S.PAYABLE: "payable_upper",
    S.PAYABLE_LOWER: "payable_lower",
}


def _balance_sheet(
    position, fixed=(ZERO, ZERO), paired: interunion.Pairing | None = None
) -> dict[str, Decimal]:
    """The 01表's lines from the positions; `paired` (consolidated) removes the balances paired inside
    the tree from both sides."""
    values = defaultdict(lambda: ZERO)
    # Fixed assets are carried against 资产基金: both sides grow by their net value.
    values["fixed_assets_cost"], values["depreciation"] = fixed
    values["asset_fund"] = fixed[0] - fixed[1]
    values["money"] = _settled(position, S.CASH) + _settled(position, S.BANK)
    for account, key in BETWEEN_UNIONS.items():
        sign = -1 if account in S.liabilities() else 1
        values[key] = sign * _settled(position, account)
        if paired is not None:
            values[key] -= paired.removed_balances[account]
    values["carried"] = _carried(position, True)
    values["surplus"] = _carried(position, False)
    values["current_assets"] = sum(
        (
            values[key]
            for key in (
                "money",
                "zero_balance_quota",
                "treasury_refund",
                "receivable_upper",
                "receivable_lower",
                "other_receivable",
                "stock",
            )
        ),
        ZERO,
    )
    values["fixed_assets_net"] = values["fixed_assets_cost"] - values["depreciation"]
    values["intangibles_net"] = values["intangibles_cost"] - values["amortisation"]
    values["assets"] = (
        values["current_assets"]
        + values["investment"]
        + values["construction"]
        + values["fixed_assets_net"]
        + values["intangibles_net"]
        + values["deferred"]
        + values["pending_losses"]
    )
    values["liabilities"] = sum(
        (
            values[key]
            for key in (
                "payroll_payable",
                "payable_upper",
                "payable_lower",
                "other_payable",
                "held_for_others",
            )
        ),
        ZERO,
    )
    values["net_assets"] = sum(
        (
            values[key]
            for key in (
                "asset_fund",
                "special_fund",
                "carried",
                "surplus",
                "treasury_carried",
                "treasury_surplus",
                "stabilisation_fund",
            )
        ),
        ZERO,
    )
    values["liabilities_and_net_assets"] = values["liabilities"] + values["net_assets"]
    return values


def form_01(*, union: Union, year: int, month: int | None = None, consolidated: bool = False) -> Statement:
    """工会01表 资产负债表: 年初余额 and 期末余额 (年末余额 on the annual report)."""
    last_year_end, end = date(year - 1, 12, 31), month_end(year, month or 12)
    paired = (
        [selectors.balance_pairing(union, on=on, year=year) for on in (last_year_end, end)]
        if consolidated
        else [None, None]
    )
    opening = _balance_sheet(
        year_start(union, consolidated=consolidated, year=year),
        fixed_assets_carried(union, consolidated=consolidated, on=last_year_end),
        paired[0],
    )
    closing = _balance_sheet(
        selectors.positions(union, consolidated=consolidated, on=end, year=year),
        fixed_assets_carried(union, consolidated=consolidated, on=end),
        paired[1],
    )
    columns = [_("年初余额"), _("期末余额") if month else _("年末余额")]
    rows = [
        Row(n, name, key, [None, None] if n is None else [opening[key], closing[key]])
        for n, name, key, monthly in FORM_01
        if month or not monthly
    ]
    unpaired = [pairing.unpaired_amount for pairing in paired] if consolidated else []
    return Statement("01", union, consolidated, year, month, columns, rows, signatures(union), unpaired)


def statement(*, form: str, union: Union, year: int, month: int | None = None, consolidated: bool = False):
    build = form_01 if form == "01" else form_02
    return build(union=union, year=year, month=month, consolidated=consolidated)


def signatures(union: Union) -> dict[str, str]:
    """Who signs: the chair and the treasurer holding office today (a predecessor whose term ended never
    signs; a vacant office leaves its line blank)."""
    names = {}
    for kind in (Role.Kind.CHAIR, Role.Kind.TREASURER):
        held = Role.objects.filter(union=union, kind=kind).current().select_related("user")
        role = held.order_by("-start", "-pk").first()
        names[kind] = (str(role.user)) if role else ""
    return {
        _("工会主席"): names[Role.Kind.CHAIR],
        _("财务负责人"): names[Role.Kind.TREASURER],
        _("制表人"): "",
        _("报出日期"): f"{timezone.localdate():%Y-%m-%d}",
    }


# -- journals and the 科目余额表 -----------------------------------------------------------------


@dataclass
class Journal:
    account: str
    opening: Decimal
    rows: QuerySet[Voucher]
    closing: Decimal


def account_journal(*, union: Union, account: str, start: date, end: date) -> Journal:
    """现金日记账 (101) or 银行存款日记账 (102): the account's vouchers in order, running balance."""
    books = Voucher.objects.filter(union=union, settlement=account)
    opening = books.filter(date__lt=start).balance()
    order = [F("date").asc(), F("number").asc()]
    rows = (
        books.between(start, end)
        .select_related("fund", "category", "category__parent", "reverses")
        .annotate(
            running=Window(Sum("fund_effect"), order_by=order, frame=RowRange(start=None, end=0))
            + Value(opening, output_field=DecimalField(max_digits=14, decimal_places=2))
        )
        .order_by(*order)
    )
    closing = opening + books.between(start, end).balance()
    return Journal(account, opening, rows, closing)


@dataclass
class TrialRow:
    code: str
    name: str
    opening: Decimal
    debit: Decimal
    credit: Decimal
    closing: Decimal


def trial_balance(*, union: Union, year: int, month: int | None = None) -> list[TrialRow]:
    """科目余额表: each account's balance at the start of the year, the period's debits and credits
    (借方, 贷方) and its closing balance. Assets are debit balances; the rest credit balances."""
    start = date(year, month or 1, 1)
    end = month_end(year, month or 12)
    books = Voucher.objects.filter(union=union)
    before = books.filter(Q(date__lt=start) | Q(kind=Voucher.Kind.OPENING, year=year))
    period = books.between(start, end).exclude(kind=Voucher.Kind.OPENING)
    rows = []
    for account, name in S.choices:
        opening = before.filter(settlement=account).balance()
        debit = period.filter(settlement=account, fund_effect__gt=0).balance()
        credit = -period.filter(settlement=account, fund_effect__lt=0).balance()
        sign = -1 if account in S.liabilities() else 1
        rows.append(TrialRow(account, name, sign * opening, debit, credit, sign * (opening + debit - credit)))
    # 结转 and 结余 move with income (贷方) and spending (借方); a transfer between funds moves them by its
    # net effect only, and money moved between settlement accounts of one fund not at all.
    for earmarked, code, name in ((True, "321", _("工会资金结转")), (False, "322", _("工会资金结余"))):
        opening = before.filter(earmarked=earmarked).balance()
        moved = period.filter(earmarked=earmarked)
        credit = moved.entries().filter(fund_effect__gt=0).balance()
        debit = -moved.entries().filter(fund_effect__lt=0).balance()
        other = moved.exclude(kind=Voucher.Kind.ENTRY).balance()
        credit, debit = credit + max(other, ZERO), debit + max(-other, ZERO)
        rows.append(TrialRow(code, name, opening, debit, credit, opening + credit - debit))
    sums = selectors.account_sums(union, consolidated=False, start=date(year, month or 1, 1), end=end)
    names = selectors.account_names()
    for code in INCOME_CODES + SPENDING_CODES:
        if not sums[code]:
            continue
        income = code.startswith("4")
        rows.append(
            TrialRow(
                code,
                names.get(code, code),
                ZERO,
                ZERO if income else sums[code],
                sums[code] if income else ZERO,
                sums[code],
            )
        )
    return rows


def direction_label(voucher: Voucher) -> str:
    return _("收") if voucher.direction == Direction.INCOME else _("付")
