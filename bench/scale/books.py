"""The books: about ten vouchers per member over three years, numbered without gaps.

Per union and year the generator first lists what happened — opening balances, a month's dues (one
voucher with a line per paying member, or in the unions whose members pay one by one a voucher
each), the employer's 2% allocation, grants, spending on activities, prizes, benefits within the
province's caps, business costs, aid to hardship files, the October donation month, transfers into
the hardship fund, and now and then a red-ink reversal — then puts it in date order, numbers it
1, 2, 3 … as `finances.services` would, and sets the year's counter row to the last number. A
restricted fund is never overdrawn on any day: aid it cannot cover is paid from the union fund.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from bench.scale import words
from bench.scale.copy import Table
from bench.scale.federation import Federation, Org
from bench.scale.life import Life
from bench.scale.register import Person, Register, random_day
from finances.models import (
    AidPayment,
    Allocation,
    Approval,
    Budget,
    Category,
    CategoryEdition,
    Direction,
    Donation,
    DonationDrive,
    DuesRun,
    MonthClose,
    MonthCloseEvent,
    Voucher,
    VoucherCounter,
    VoucherLine,
)
from finances.models import Benefit as B
from finances.money import drop_below_ten
from finances.selectors import month_bounds
from finances.services.dues import dues_for
from unionhub.models import Role, Union
from unionhub.money import round_money

CENT = Decimal("0.01")
IN, OUT = Direction.INCOME, Direction.SPENDING
ENTRY, TRANSFER, OPENING = Voucher.Kind.ENTRY, Voucher.Kind.TRANSFER, Voucher.Kind.OPENING
# Sort order within a day: brought-forward balances, income, transfers, spending, reversals.
ORDER = {OPENING: 0, IN: 1, "transfer_out": 2, "transfer_in": 3, OUT: 5, "reversal": 9}
INDIVIDUAL_DUES_SHARE = 0.3  # of the members: in unions where each member's dues is a voucher
REVERSAL_RATE = 0.003
ACTIVITY_CATEGORY = {
    "study": ("职工活动支出", "职工教育"),
    "lecture": ("职工活动支出", "职工教育"),
    "training": ("职工活动支出", "职工教育"),
    "sports": ("职工活动支出", "文体活动"),
    "culture": ("职工活动支出", "文体活动"),
    "civic": ("职工活动支出", "宣传活动"),
    "health_check": ("职工服务支出", None),
    "congress": ("业务支出", "会议"),
    "evaluation": ("业务支出", "会议"),
}


def money(value) -> Decimal:
    return round_money(value)


class Chart:
    """Standard categories by (edition, top-level name, sub-item name); the edition is the one in force."""

    def __init__(self):
        self.editions = list(
            CategoryEdition.objects.order_by("effective_from").values_list("pk", "effective_from")
        )
        self.ids: dict[tuple, int] = {}
        self.parent: dict[int, int] = {}  # sub-item -> its top-level item
        for category in Category.objects.filter(union__isnull=True).select_related("parent"):
            if category.parent_id:
                self.parent[category.pk] = category.parent_id
            top = category.parent.name if category.parent_id else category.name
            sub = category.name if category.parent_id else None
            self.ids[(category.edition_id, top, sub)] = category.pk

    def __call__(self, day: date, top: str, sub: str | None = None) -> int:
        edition = next(pk for pk, start in reversed(self.editions) if start <= day)
        return self.ids.get((edition, top, sub)) or self.ids[(edition, top, None)]


@dataclass(slots=True, eq=False)
class Spec:
    """A voucher to be: what happened, before it is numbered."""

    day: date
    order: int
    kind: str
    direction: str
    fund: str  # Fund.Kind of the union's fund
    category: int | None
    amount: Decimal
    summary: str
    counterparty: str = ""
    receipts: int = 0
    benefit: str = ""
    activity: int | None = None
    award: int | None = None
    reverses: "Spec | None" = None
    transfer_from: "Spec | None" = None
    lines: list = field(default_factory=list)
    attach: tuple | None = None  # ("dues", …) ("allocation", …) ("aid", …) ("donations", …)
    pk: int = 0
    number: int = 0


@dataclass
class Writer:
    now: object = None

    def __post_init__(self):
        self.voucher = Table(
            Voucher,
            [
                "id", "union", "date", "number", "kind", "direction", "fund", "category", "amount", "summary",
                "counterparty", "receipts", "benefit", "activity", "award", "reverses", "transfer_from",
                "entered_by",
            ],
        )  # fmt: skip
        self.line = Table(VoucherLine, ["voucher", "member", "period", "wage_base", "amount"])
        self.dues_run = Table(DuesRun, ["union", "year", "month", "voucher", "members", "cancelled"])
        self.allocation = Table(
            Allocation,
            [
                "union",
                "year",
                "month",
                "payroll",
                "total",
                "kept_share",
                "kept",
                "remitted",
                "voucher",
                "cancelled",
            ],
        )
        self.drive = Table(
            DonationDrive, ["id", "union", "fund", "kind", "title", "starts_on", "ends_on", "note"]
        )
        self.donation = Table(
            Donation, ["drive", "voucher", "donor_kind", "member", "donor_name", "anonymous", "amount"]
        )
        self.aid = Table(
            AidPayment,
            [
                "union",
                "member",
                "case",
                "kind",
                "beneficiary",
                "amount",
                "date",
                "fund",
                "voucher",
                "paid_by",
            ],
        )
        self.approval = Table(Approval, ["voucher", "by"])
        self.counter = Table(VoucherCounter, ["union", "year", "last_number"])
        self.month_close = Table(MonthClose, ["union", "year", "month", "closed_by"])
        self.month_close_event = Table(MonthCloseEvent, ["union", "year", "month", "action", "by", "reason"])
        self.budget = Table(Budget, ["union", "year", "category", "amount", "updated_by"])

    def finish(self) -> None:
        for table in (
            self.drive, self.voucher, self.line, self.dues_run, self.allocation, self.donation, self.aid,
            self.approval, self.counter, self.month_close, self.month_close_event, self.budget,
        ):  # fmt: skip
            table.finish()


@dataclass
class Books:
    """What the books hold once written, for the report."""

    vouchers: int = 0
    lines: int = 0
    individual_dues_unions: int = 0


def individual_dues_unions(rng: random.Random, federation: Federation, members: int) -> set[int]:
    """The base unions whose members pay one by one (a voucher each): small ones, about 30% of members."""
    candidates = [base for base in federation.bases if base is not federation.big]
    rng.shuffle(candidates)
    chosen, covered = set(), 0
    for base in sorted(candidates, key=lambda org: org.size):
        if covered >= members * INDIVIDUAL_DUES_SHARE:
            break
        chosen.add(base.pk)
        covered += base.size
    return chosen


def build(
    rng: random.Random,
    federation: Federation,
    register: Register,
    life: Life,
    *,
    years: list[int],
    today: date,
) -> Books:
    chart = Chart()
    out = Writer()
    books = Books()
    individual = individual_dues_unions(rng, federation, len(register.people))
    books.individual_dues_unions = len(individual)
    cases_by_union: dict[int, list] = {}
    for case in register.cases:
        cases_by_union.setdefault(case[2].books.pk, []).append(case)
    fund_names = {"union": "工会经费", "hardship": "帮困基金", "special": "特困职工帮扶基金"}
    for union in federation.with_books:
        balances = dict.fromkeys(union.funds, Decimal(0))
        paying = register.paying.get(union.pk, [])
        for year in years:
            if date(year, 1, 1) > today:
                continue
            specs: list[Spec] = []
            maker = _Year(rng, chart, union, year, today, specs, fund_names)
            if year == years[0]:
                maker.opening()
            if union.kind == Union.Kind.BASE:
                maker.dues(paying, one_by_one=union.pk in individual)
                maker.allocation(paying)
                maker.grants(len(cases_by_union.get(union.pk, [])))
                maker.benefits(paying)
                maker.aid(cases_by_union.get(union.pk, []), paying)
                maker.donations(out, paying)
                maker.transfer()
            else:
                maker.system_income()
            maker.activities(life)
            maker.business()
            maker.reversals()
            _number_and_write(out, union, year, specs, balances, books)
            if union.kind == Union.Kind.BASE:
                _budget(out, chart, union, year, specs)
        _close_months(out, union, years, today)
    out.finish()
    books.vouchers = out.voucher.count
    books.lines = out.line.count
    return books


class _Year:
    """The specs of one union's year."""

    def __init__(self, rng, chart, union: Org, year: int, today: date, specs: list, fund_names):
        self.rng, self.chart, self.union, self.year, self.today = rng, chart, union, year, today
        self.specs = specs
        self.fund_names = fund_names
        self.first, self.last = date(year, 1, 1), min(date(year, 12, 31), today)
        # Months whose dues and allocation are done: every month before today's.
        self.months = [m for m in range(1, 13) if (year, m) < (today.year, today.month)]

    def add(self, day: date, direction: str, fund: str, category: int | None, amount, summary: str, **extra):
        if day > self.today or amount <= 0:
            return None
        kind = extra.pop("kind", ENTRY)
        order = extra.pop("order", ORDER[direction])
        spec = Spec(day, order, kind, direction, fund, category, money(amount), summary[:200], **extra)
        self.specs.append(spec)
        return spec

    def day_in(self, month: int, low: int = 1, high: int = 28) -> date:
        return date(self.year, month, self.rng.randint(low, high))

    def opening(self) -> None:
        amounts = {"union": self.union.size * 400 + 50_000, "hardship": self.union.size * 60 + 10_000}
        if self.union.kind == Union.Kind.SYSTEM:
            amounts["union"] = 500_000
        for fund in self.union.funds:
            name = self.fund_names[fund]
            self.add(
                self.first, IN, fund, None, amounts.get(fund, 2_000 + self.union.size * 10),
                f"“{name}”期初余额结转", kind=OPENING, order=ORDER[OPENING],
            )  # fmt: skip

    def _paying_on(self, paying, day: date) -> list[Person]:
        return [
            p
            for p, start, until in paying
            if start <= day and (until is None or day < until) and p.join <= day
        ]

    def dues(self, paying, *, one_by_one: bool) -> None:
        category = self.chart(self.first, "会费收入")
        for month in self.months:
            first, last = month_bounds(self.year, month)
            people = self._paying_on(paying, last)
            if not people:
                continue
            lines = []
            for person in people:
                wage = person.wage_on(last)
                lines.append((person, first, drop_below_ten(wage), dues_for(wage)))
            if one_by_one:
                for person, period, base, amount in lines:
                    self.add(
                        self.day_in(month, 5, 28), IN, "union", category, amount,
                        f"{person.name}缴纳{self.year}年{month}月会费", counterparty=person.name, receipts=1,
                        lines=[(person.pk, period, base, amount)],
                    )  # fmt: skip
                continue
            total = sum(line[3] for line in lines)
            self.add(
                last, IN, "union", category, total, f"{self.year}年{month}月会费（{len(lines)}人）",
                lines=[(p.pk, period, base, amount) for p, period, base, amount in lines],
                attach=("dues", self.year, month, len(lines)),
            )  # fmt: skip

    def allocation(self, paying) -> None:
        category = self.chart(self.first, "拨缴经费收入")
        for month in self.months:
            last = month_bounds(self.year, month)[1]
            wages = sum((p.wage_on(last) for p in self._paying_on(paying, last)), Decimal(0))
            if not wages:
                continue
            payroll = money(wages * Decimal("1.12"))
            total = money(payroll * Decimal("0.02"))
            kept = money(total * Decimal("0.6"))
            summary = (
                f"{self.year}年{month}月拨缴经费：工资总额{payroll:,.2f}元×2%={total:,.2f}元，"
                f"留成60%计{kept:,.2f}元，上解{total - kept:,.2f}元"
            )
            self.add(
                last, IN, "union", category, kept, summary, counterparty=self.union.employer,
                attach=("allocation", self.year, month, payroll, total, kept, total - kept),
            )  # fmt: skip

    def grants(self, cases: int) -> None:
        self.add(
            self.day_in(1, 5, 15), IN, "union", self.chart(self.first, "上级补助收入", "送温暖补助"),
            5_000 + cases * 1_000, f"{self.year}年上级工会送温暖补助", counterparty=words.SYSTEM_NAME,
        )  # fmt: skip
        self.add(
            self.day_in(6), IN, "union", self.chart(self.first, "上级补助收入", "回拨补助"),
            self.union.size * 50 + 2_000, f"{self.year}年经费回拨补助", counterparty=words.SYSTEM_NAME,
        )  # fmt: skip

    def system_income(self) -> None:
        for month in range(1, 13):
            self.add(
                self.day_in(month), IN, "union", self.chart(self.first, "行政补助收入"),
                self.rng.randint(20, 80) * 1_000, f"{self.year}年{month}月行政补助",
                counterparty="滨江市交通运输局",
            )  # fmt: skip
        for _ in range(len(self.union.groups) or 3):
            self.add(
                self.day_in(1, 5, 20), OUT, "union", self.chart(self.first, "补助下级支出"),
                self.rng.randint(5, 30) * 1_000, f"{self.year}年补助下级工会送温暖经费",
            )  # fmt: skip

    def benefits(self, paying) -> None:
        category = self.chart(self.first, "职工服务支出")
        for month in range(1, 13):
            day = self.day_in(month, 20, 28)
            people = self._paying_on(paying, date(self.year, month, 1))
            born = sum(1 for p in people if p.birth.month == month)
            if born:
                self.add(
                    day, OUT, "union", category, born * 200, f"{month}月份会员生日慰问蛋糕（{born}人）",
                    benefit=B.BIRTHDAY, counterparty=self.rng.choice(words.COUNTERPARTIES), receipts=1,
                )  # fmt: skip
        gifts = {"春节": (1, 300), "端午节": (6, 150), "中秋节": (9, 250)}
        for holiday, (month, per_head) in gifts.items():
            people = self._paying_on(paying, date(self.year, month, 1))
            if people:
                self.add(
                    self.day_in(month, 1, 20), OUT, "union",
                    self.chart(self.first, "职工活动支出", "其他活动"),
                    len(people) * per_head, f"{holiday}会员节日慰问品（{len(people)}人）", benefit=B.HOLIDAY,
                    counterparty=self.rng.choice(words.COUNTERPARTIES), receipts=2,
                )  # fmt: skip
        for _ in range(len(paying) // 50):
            day = random_day(self.rng, self.first, self.last)
            people = self._paying_on(paying, day)
            if people:
                person = self.rng.choice(people)
                self.add(
                    day, OUT, "union", category, 500, f"看望住院会员{person.name}", benefit=B.HOSPITAL,
                    counterparty=person.name,
                )  # fmt: skip

    def aid(self, cases, paying) -> None:
        hardship = "hardship" if "hardship" in self.union.funds else "union"
        helping = self.chart(self.first, "维权支出", "困难职工帮扶")
        visits = self.chart(self.first, "维权支出", "送温暖")
        for pk, person, _org, opened, closed in cases:
            start, end = max(opened, self.first), min(closed or self.last, self.last)
            if end < start:
                continue
            holiday = date(self.year, 1, 18)
            if start <= holiday <= end:
                self._aid(holiday, hardship, visits, person, pk, AidPayment.Kind.HOLIDAY_VISIT, 500, 2_000)
            for _ in range(self.rng.randint(0, 2)):
                self._aid(
                    random_day(self.rng, start, end), hardship, helping, person, pk, "living", 1_000, 5_000
                )
            if self.rng.random() < 0.3:
                self._aid(
                    random_day(self.rng, start, end), hardship, helping, person, pk, "medical", 2_000, 8_000
                )
            school_day = date(self.year, 8, 20)
            if start <= school_day <= end and self.rng.random() < 0.3:
                child = person.name[0] + self.rng.choice(words.GIVEN_MALE + words.GIVEN_FEMALE)
                self._aid(
                    school_day, hardship, helping, person, pk, "schooling", 2_000, 5_000,
                    beneficiary=f"{child}（考入大学）",
                )  # fmt: skip
        for _ in range(len(paying) // 400):
            day = random_day(self.rng, self.first, self.last)
            people = self._paying_on(paying, day)
            if people:
                self._aid(
                    day, "union", helping, self.rng.choice(people), None, "serious_illness", 3_000, 20_000
                )

    def _aid(self, day, fund, category, person: Person, case, kind, low, high, beneficiary="") -> None:
        amount = self.rng.randint(low // 100, high // 100) * 100
        label = AidPayment.Kind(kind).label
        self.add(
            day, OUT, fund, category, amount, f"{label}：{person.name}", counterparty=person.name, receipts=1,
            attach=("aid", person.pk, case, kind, beneficiary),
        )  # fmt: skip

    def donations(self, out: Writer, paying) -> None:
        if "special" not in self.union.funds or date(self.year, 10, 1) > self.today:
            return
        drive = out.drive.new_id()
        out.drive.add(
            drive, self.union.pk, self.union.funds["special"], DonationDrive.Kind.ANNUAL,
            f"{self.year}年“送温暖”募捐月", date(self.year, 10, 1), date(self.year, 10, 31), "",
        )  # fmt: skip
        category = self.chart(self.first, "其他收入")
        people = self._paying_on(paying, date(self.year, 10, 10))
        donors = [p for p in people if self.rng.random() < 0.3]
        for start in range(0, len(donors), 60):
            gifts = [
                ("member", p.pk, p.name, Decimal(self.rng.choice((50, 100, 100, 200, 300, 500))))
                for p in donors[start : start + 60]
            ]
            self.add(
                self.day_in(10, 8, 31), IN, "special", category, sum(g[3] for g in gifts),
                f"{self.year}年募捐月会员捐款（{len(gifts)}人）", receipts=1,
                attach=("donations", drive, gifts),
            )  # fmt: skip
        unit = Decimal(self.rng.randint(5, 20) * 1_000)
        self.add(
            self.day_in(10, 8, 31), IN, "special", category, unit, f"{self.union.employer}捐款",
            counterparty=self.union.employer,
            attach=("donations", drive, [("unit", None, self.union.employer, unit)]),
        )  # fmt: skip

    def transfer(self) -> None:
        if "hardship" not in self.union.funds:
            return
        day = date(self.year, 12, 20)
        amount = Decimal(self.rng.randint(5, 20) * 1_000)
        summary = f"{self.year}年度补充帮困基金"
        out = self.add(
            day, OUT, "union", None, amount, f"划出至“帮困基金”：{summary}", kind=TRANSFER,
            order=ORDER["transfer_out"],
        )  # fmt: skip
        if out is not None:
            self.add(
                day, IN, "hardship", None, amount, f"由“工会经费”划入：{summary}", kind=TRANSFER,
                order=ORDER["transfer_in"], transfer_from=out,
            )  # fmt: skip

    def activities(self, life: Life) -> None:
        for held in life.activities.get((self.union.pk, self.year), []):
            if self.rng.random() > (0.1 if "（" in held.title else 0.6):
                continue
            top, sub = ACTIVITY_CATEGORY.get(held.kind, ("职工活动支出", "其他活动"))
            amount = held.present * self.rng.randint(15, 80) + 200
            self.add(
                held.day, OUT, "union", self.chart(held.day, top, sub), amount, f"{held.title}费用",
                activity=held.pk, counterparty=self.rng.choice(words.COUNTERPARTIES),
                receipts=self.rng.randint(1, 6),
            )  # fmt: skip
        for award, day in life.awards.get((self.union.pk, self.year), []):
            if self.rng.random() < 0.3:
                self.add(
                    day, OUT, "union", self.chart(day, "职工活动支出", "其他活动"),
                    self.rng.randint(2, 20) * 100,
                    "获奖奖品", award=award, receipts=1,
                )  # fmt: skip

    def business(self) -> None:
        per_month = 1 + self.union.size // 2_000
        for month in range(1, 13):
            for _ in range(per_month):
                self.add(
                    self.day_in(month), OUT, "union", self.chart(self.first, "业务支出", "会议"),
                    self.rng.randint(3, 30) * 100, f"{month}月工会委员会会议费", receipts=1,
                )  # fmt: skip
                self.add(
                    self.day_in(month), OUT, "union", self.chart(self.first, "业务支出", "其他业务"),
                    self.rng.randint(1, 20) * 100, f"{month}月办公用品", receipts=2,
                    counterparty=self.rng.choice(words.COUNTERPARTIES),
                )  # fmt: skip
            if month % 3 == 0:
                self.add(
                    self.day_in(month), OUT, "union", self.chart(self.first, "业务支出", "培训"),
                    self.rng.randint(20, 100) * 100, f"第{month // 3}季度工会干部培训费", receipts=3,
                )  # fmt: skip

    def reversals(self) -> None:
        for spec in list(self.specs):
            if spec.kind != ENTRY or spec.direction != OUT or spec.fund != "union" or spec.attach:
                continue
            if self.rng.random() >= REVERSAL_RATE:
                continue
            day = min(spec.day + timedelta(days=self.rng.randint(0, 5)), self.last)
            self.add(
                day, OUT, "union", spec.category, spec.amount, "", counterparty=spec.counterparty,
                benefit=spec.benefit, activity=spec.activity, award=spec.award, reverses=spec,
                order=ORDER["reversal"],
            )  # fmt: skip


def _number_and_write(out: Writer, union: Org, year: int, specs: list[Spec], balances, books: Books) -> None:
    """Date order, restricted funds kept solvent, numbers 1…n, rows written, the counter set to n."""
    specs.sort(key=lambda spec: (spec.day, spec.order))
    treasurer = union.officers[Role.Kind.TREASURER]
    chair = union.officers[Role.Kind.CHAIR]
    number = 0
    for spec in specs:
        effect = spec.amount if spec.direction == IN else -spec.amount
        if spec.reverses is not None:
            effect = -effect
            if spec.reverses.pk == 0:
                continue  # its original was dropped
        if spec.transfer_from is not None and spec.transfer_from.pk == 0:
            continue
        if effect < 0 and spec.fund != "union" and balances[spec.fund] + effect < 0:
            if spec.kind == TRANSFER:
                continue
            spec.fund = "union"  # the restricted fund cannot cover it
        balances[spec.fund] += effect
        number += 1
        spec.number = number
        spec.pk = out.voucher.new_id()
        summary = spec.summary
        if spec.reverses is not None:
            original = spec.reverses
            summary = f"冲销{original.day.year}年第{original.number}号凭证：金额录入有误"
        out.voucher.add(
            spec.pk, union.pk, spec.day, number, spec.kind, spec.direction, union.funds[spec.fund],
            spec.category, spec.amount, summary, spec.counterparty[:100], spec.receipts, spec.benefit,
            spec.activity, spec.award, spec.reverses.pk if spec.reverses else None,
            spec.transfer_from.pk if spec.transfer_from else None, treasurer,
        )  # fmt: skip
        for member, period, base, amount in spec.lines:
            out.line.add(spec.pk, member, period, base, amount)
        if spec.kind == ENTRY and spec.direction == OUT and spec.reverses is None:
            out.approval.add(spec.pk, chair)
        _attach(out, union, spec, treasurer)
    if number:
        out.counter.add(union.pk, year, number)


def _attach(out: Writer, union: Org, spec: Spec, treasurer: int) -> None:
    if spec.attach is None:
        return
    what, *rest = spec.attach
    if what == "dues":
        year, month, members = rest
        out.dues_run.add(union.pk, year, month, spec.pk, members, False)
    elif what == "allocation":
        year, month, payroll, total, kept, remitted = rest
        out.allocation.add(
            union.pk, year, month, payroll, total, Decimal("0.600"), kept, remitted, spec.pk, False
        )
    elif what == "aid":
        member, case, kind, beneficiary = rest
        out.aid.add(
            union.pk, member, case, kind, beneficiary, spec.amount, spec.day, union.funds[spec.fund], spec.pk,
            treasurer,
        )  # fmt: skip
    elif what == "donations":
        drive, gifts = rest
        for donor_kind, member, name, amount in gifts:
            out.donation.add(drive, spec.pk, donor_kind, member, name, False, amount)


def _budget(out: Writer, chart: Chart, union: Org, year: int, specs: list[Spec]) -> None:
    """A budget a little off the year's actual figures, per top-level category used."""
    totals: dict[int, Decimal] = {}
    for spec in specs:
        if spec.kind != ENTRY or spec.reverses is not None:
            continue
        top = chart.parent.get(spec.category, spec.category)
        totals[top] = totals.get(top, Decimal(0)) + spec.amount
    for category, total in totals.items():
        planned = money(total * Decimal(str(round(0.9 + (union.pk * 7 + year) % 20 / 100, 2))) / 1000) * 1000
        out.budget.add(
            union.pk, year, category, max(planned, Decimal(0)), union.officers[Role.Kind.TREASURER]
        )


def _close_months(out: Writer, union: Org, years: list[int], today: date) -> None:
    """结账 for every month before today's, by the treasurer."""
    treasurer = union.officers[Role.Kind.TREASURER]
    for year in years:
        for month in range(1, 13):
            if (year, month) >= (today.year, today.month):
                return
            out.month_close.add(union.pk, year, month, treasurer)
            out.month_close_event.add(union.pk, year, month, MonthCloseEvent.Action.CLOSE, treasurer, "")
