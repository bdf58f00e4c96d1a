"""This app's part of the demo story: two years of books (last year and this one up to today) for the
bureau's system union and its base unions.

Opening balances brought forward, dues every month from the members' wage bases, the employers' 2%
allocation, the city federation's and the system union's grants, spending on the activities of the
activities demo (linked by FK where the activity is found), holiday gifts within the rules, the bureau's
hardship fund set up in 1994 paying about ¥10,000 of aid a year out of its interest, this year's
special hardship fund appeal that raised ¥58,180 and paid out ¥9,500, the bus company's October
donation month and its own hardship fund, 金秋助学 and 送温暖 payments to the hardship cases of the
members demo, one mistake (shopping cards posted past the rule warning; the auditor's query answered
by reversing it, then closed), past months closed and one month reopened by the chair, and the audit
committee's review of last year's books (a seeded fifth of the vouchers drawn and marked reviewed).

Everything goes through `finances.services` in date order, as a treasurer would post it.
Idempotent: a union whose books already hold a voucher is left alone. Deterministic: amounts come
from `random.Random` seeded per union and year; dates are fixed days of last year and this one.
"""

import random
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from activities.models import Activity, Award
from finances import chart, selectors, services, statements
from finances.membership import members_in_good_standing, members_of, paying_members
from finances.models import Category, Fund, Voucher, WageBase
from finances.services.ledger import category_for
from members.models import HardshipCase, Member
from unionhub.models import Union, User
from unionhub.money import round_money

SEED = 20260318
SYSTEM = "交通运输局系统工会"
OFFICE = "局机关工会"
TOLLS = "交通规费征收所工会"
ROADS = "公路管理段工会"
BUSES = "通达汽运公司工会"
PORTS = "港航管理处工会"
BASES = (OFFICE, TOLLS, ROADS, BUSES, PORTS)

TREASURERS = {
    SYSTEM: "treasurer",
    OFFICE: "jiguan.treasurer",
    TOLLS: "zhengfei.treasurer",
    ROADS: "gonglu.treasurer",
    BUSES: "qiyun.treasurer",
    PORTS: "treasurer",  # 港航处 has no treasurer of its own: the system union keeps its books
}
APPROVER = "chair"
AUDITOR = "auditor"
OPENING = {SYSTEM: 86000, OFFICE: 24000, TOLLS: 31000, ROADS: 27000, BUSES: 42000, PORTS: 18000}
# Wage range per union for members without a recorded base, and payroll when a union has no members.
WAGES = {
    OFFICE: (6200, 9800),
    TOLLS: (4300, 6800),
    ROADS: (4000, 6900),
    BUSES: (3800, 7600),
    PORTS: (5000, 8400),
}
PAYROLL = {OFFICE: 380000, TOLLS: 460000, ROADS: 330000, BUSES: 720000, PORTS: 250000}

ACTIVITIES = "职工活动支出"
EDUCATION, SPORTS, OTHER_ACTIVITY = (
    ("职工教育", ACTIVITIES),
    ("文体活动", ACTIVITIES),
    ("其他活动", ACTIVITIES),
)
MEETING = ("会议", "业务支出")
SERVICES = ("职工服务支出", None)

# (union, activity title as the activities demo names it, month, day, category, yuan, counterparty, summary)
# fmt: off
SPENDING = [
    (TOLLS, "迎新春职工联欢会", 1, 24, SPORTS, 8600, "征费所多功能厅", "迎新春联欢会场地布置及演出服装"),
    (BUSES, "公司职工代表大会", 2, 27, MEETING, 1200, "", "职工代表大会会务费"),
    (ROADS, "公路段职工代表大会", 3, 19, MEETING, 900, "", "职工代表大会会务费"),
    (SYSTEM, "“安康杯”安全生产竞赛", 4, 2, OTHER_ACTIVITY, 3000, "市新华印刷厂", "安康杯竞赛宣传资料及奖品"),
    (PORTS, "职工棋牌赛", 4, 18, SPORTS, 1600, "", "职工棋牌赛奖品"),
    (BUSES, "营运客车驾驶员技能比武", 5, 16, OTHER_ACTIVITY, 4800, "", "驾驶员技能比武奖品及裁判误餐"),
    (SYSTEM, "安全生产知识竞赛", 6, 18, OTHER_ACTIVITY, 2400, "", "安全生产知识竞赛奖品"),
    (SYSTEM, "职工舞蹈比赛", 7, 3, SPORTS, 6500, "市工人文化宫", "职工舞蹈比赛服装及排练场地"),
    (ROADS, "与驻地武警中队篮球友谊赛", 8, 14, SPORTS, 1800, "", "篮球友谊赛饮用水及球衣"),
    (ROADS, "路政形象大赛", 9, 12, OTHER_ACTIVITY, 3200, "", "路政形象大赛奖品"),
    (TOLLS, "征费文化周", 10, 20, SPORTS, 5400, "", "征费文化周展板制作及活动用品"),
    (SYSTEM, "引进人才座谈会", 11, 26, MEETING, 600, "", "引进人才座谈会茶水及资料"),
    (ROADS, "段领导班子民主评议", 12, 10, MEETING, 500, "", "民主评议会务费"),
    (OFFICE, "《工会法》专题讲座", 3, 13, EDUCATION, 500, "", "《工会法》专题讲座资料费"),
    (OFFICE, "《中国工会章程》辅导讲座", 5, 22, EDUCATION, 500, "", "《中国工会章程》辅导讲座资料费"),
    (OFFICE, "交通安全生产形势讲座", 9, 18, EDUCATION, 500, "", "安全生产形势讲座资料费"),
    (OFFICE, "职业道德与文明服务讲座", 11, 13, EDUCATION, 500, "", "职业道德讲座资料费"),
    (OFFICE, "每周五下午集中学习", 2, 27, EDUCATION, 1200, "市新华书店", "集中学习用书及学习笔记本"),
]
# Holiday gifts per member in good standing: (union, month, day, holiday, yuan a head).
HOLIDAYS = [
    (OFFICE, 1, 20, "春节", 500), (OFFICE, 9, 10, "中秋", 300),
    (TOLLS, 1, 21, "春节", 500), (TOLLS, 6, 12, "端午", 200), (TOLLS, 9, 12, "中秋", 300),
    (ROADS, 1, 22, "春节", 500), (ROADS, 9, 11, "中秋", 300),
    (BUSES, 1, 23, "春节", 400), (BUSES, 6, 13, "端午", 150), (BUSES, 9, 12, "中秋", 300),
    (PORTS, 1, 20, "春节", 500), (PORTS, 9, 10, "中秋", 350),
]
# This year 港航处 bought shopping cards for 8 March: the treasurer posted it past the warning, the
# auditor objected, the cards went back to the store and the voucher was reversed.
CARDS = (PORTS, 3, 6, 200)
UNITS = [  # the units that gave to this year's appeal
    ("市交通运输局机关", 10000), ("市交通规费征收所", 8000), ("市公路管理段", 8000),
    ("通达汽车运输有限公司", 12000), ("市港航管理处", 6000),
]
APPEAL_TOTAL = Decimal(58180)
# fmt: on


class Books:
    """One union's two years of books, planned as dated postings and posted in date order."""

    def __init__(self, union: Union, unions: dict[str, Union], today: date):
        self.union, self.unions, self.today = union, unions, today
        self.years = (today.year - 1, today.year)
        self.by = User.objects.get(username=TREASURERS[union.name])
        self.approver = User.objects.filter(username=APPROVER).first()
        self.plan: list[tuple[date, int, Callable[[], object]]] = []
        self.categories: dict[tuple, Category] = {}

    # -- helpers -----------------------------------------------------------------------------

    def at(self, day: date, action: Callable[[], object]) -> None:
        if day <= self.today:
            self.plan.append((day, len(self.plan), action))

    def rng(self, *key) -> random.Random:
        return random.Random(f"{SEED}-{self.union.name}-{'-'.join(map(str, key))}")

    def category(self, day: date, name: str, parent: str | None = None) -> Category:
        key = (day.year, name, parent)
        if key not in self.categories:
            self.categories[key] = category_for(self.union, day, name, parent=parent)
        return self.categories[key]

    def post(self, day, fund, name, parent, amount, summary, counterparty="", **extra):
        amount = round_money(amount)
        approved = self.approver if amount >= 5000 and name not in ("会费收入", "拨缴经费收入") else None
        approved = extra.pop("approved_by", approved)
        voucher = services.post_voucher(
            union=self.union,
            by=self.by,
            date=day,
            fund=fund,
            category=self.category(day, name, parent),
            amount=amount,
            summary=summary,
            counterparty=counterparty,
            receipts=extra.pop("receipts", 1),
            **extra,
        )
        self.approve(voucher, approved)
        return voucher

    def approve(self, voucher: Voucher, approver: User | None) -> None:
        """The chair signs a large spending after it was posted (the demo keeps no 审批后记账)."""
        if approver is not None:
            services.approve_voucher(voucher=voucher, by=approver)

    def fund(self, name: str, kind: str, *, restricted=False, purpose="", opened_on=None) -> Fund:
        fund, _ = Fund.objects.get_or_create(
            union=self.union,
            name=name,
            defaults={"kind": kind, "restricted": restricted, "purpose": purpose, "opened_on": opened_on},
        )
        return fund

    @staticmethod
    def vary(rng: random.Random, amount: int, spread: float = 0.1) -> Decimal:
        return Decimal(round(amount * rng.uniform(1 - spread, 1 + spread) / 10) * 10)

    # -- the story -----------------------------------------------------------------------------

    def load(self) -> None:
        first = date(self.years[0], 1, 1)
        self.main = self.fund(
            "工会经费", Fund.Kind.UNION_FUND, purpose="工会日常经费", opened_on=self.union.founded
        )
        self.at(
            first,
            lambda: services.record_opening_balance(
                fund=self.main,
                by=self.by,
                date=first,
                amount=Decimal(OPENING[self.union.name]),
                summary="上年结余结转",
            ),
        )
        if self.union.name != SYSTEM:
            self.wages()
            self.dues_and_allocation()
            self.holidays()
        self.grants()
        self.activities()
        if self.union.name == SYSTEM:
            self.hardship_fund()
            self.special_fund()
        if self.union.name == BUSES:
            self.donation_month()
        if self.union.name == CARDS[0]:
            self.mistake()
        for _day, _order, action in sorted(self.plan, key=lambda entry: entry[:2]):
            action()
        self.close_months()
        self.budget()
        if self.union.name == SYSTEM:
            self.review()

    def wages(self) -> None:
        low, high = WAGES[self.union.name]
        start, raise_day = date(self.years[0], 1, 1), date(self.years[1], 7, 1)
        for member in members_of(self.union).filter(
            status__in=[Member.Status.ACTIVE, Member.Status.RETAINED]
        ):
            if WageBase.objects.filter(member=member).exists():
                continue
            rng = random.Random(f"{SEED}-wage-{member.id_number}")
            wage = Decimal(rng.randrange(low, high)) + Decimal(rng.randrange(0, 100)) / 100
            services.set_wage_base(
                member=member, by=self.by, amount=wage, effective_from=max(start, member.join_date)
            )
            if rng.random() < 0.6 and raise_day <= self.today:
                services.set_wage_base(
                    member=member, by=self.by, amount=wage * Decimal("1.04"), effective_from=raise_day
                )

    def months(self):
        for year in self.years:
            for month in range(1, 13):
                yield year, month

    def dues_and_allocation(self) -> None:
        has_members = paying_members(self.union).exists()
        for year, month in self.months():
            if has_members:
                day = date(year, month, 15)
                self.at(
                    day,
                    lambda y=year, m=month, d=day: services.run_monthly_dues(
                        union=self.union, year=y, month=m, by=self.by, date=d
                    ),
                )
            paid_on = date(year + month // 12, month % 12 + 1, 10)
            self.at(paid_on, lambda y=year, m=month, d=paid_on: self.allocation(y, m, d))

    def allocation(self, year: int, month: int, day: date) -> None:
        _first, last = selectors.month_bounds(year, month)
        wages = (
            paying_members(self.union)
            .filter(join_date__lte=last)
            .annotate(wage=WageBase.objects.amount_subquery(last))
            .values_list("wage", flat=True)
        )
        total = sum((wage for wage in wages if wage), Decimal(0))
        rng = self.rng("payroll", year, month)
        # Payroll is wages plus bonuses and allowances: about 1.4 times the dues bases.
        payroll = (total * Decimal("1.4") if total else Decimal(PAYROLL[self.union.name])) * Decimal(
            str(round(rng.uniform(0.97, 1.05), 3))
        )
        services.record_allocation(
            union=self.union,
            by=self.by,
            year=year,
            month=month,
            payroll=round_money(payroll // 100 * 100),
            date=day,
            counterparty=self.union.employer,
        )

    def grants(self) -> None:
        for year in self.years:
            if self.union.name == SYSTEM:
                self.at(
                    date(year, 1, 8),
                    lambda y=year: self.post(
                        date(y, 1, 8),
                        self.main,
                        chart.EARMARKED_GRANT,
                        chart.GRANTS,
                        20000,
                        "市总工会春节送温暖补助",
                        "市总工会",
                        earmarked=True,
                        project="春节送温暖",
                    ),
                )
                for month in (4, 10):
                    self.at(
                        date(year, month, 12),
                        lambda y=year, m=month: self.post(
                            date(y, m, 12),
                            self.main,
                            chart.GENERAL_GRANT,
                            chart.GRANTS,
                            15000,
                            "市总工会经费回拨",
                            "市总工会",
                        ),
                    )
                self.at(
                    date(year, 2, 20),
                    lambda y=year: self.post(
                        date(y, 2, 20),
                        self.main,
                        "行政补助收入",
                        None,
                        8000,
                        "局行政拨付工会工作经费",
                        "市交通运输局",
                    ),
                )
                for base in BASES:
                    self.at(
                        date(year, 1, 10),
                        lambda y=year, b=base: self.post(
                            date(y, 1, 10),
                            self.main,
                            chart.GRANTS_TO_LOWER,
                            None,
                            3000,
                            f"补助{b}春节送温暖",
                            b,
                            earmarked=True,
                            project="春节送温暖",
                            counterpart_union=self.unions[b],
                        ),
                    )
            else:
                self.at(
                    date(year, 1, 10),
                    lambda y=year: self.post(
                        date(y, 1, 10),
                        self.main,
                        chart.EARMARKED_GRANT,
                        chart.GRANTS,
                        3000,
                        "系统工会春节送温暖补助",
                        SYSTEM,
                        earmarked=True,
                        project="春节送温暖",
                        counterpart_union=self.unions[SYSTEM],
                    ),
                )

    def activities(self) -> None:
        for year in self.years:
            for union, title, month, day, (name, parent), amount, counterparty, summary in SPENDING:
                if union != self.union.name:
                    continue
                when = date(year, month, day)
                self.at(
                    when,
                    lambda w=when, t=title, n=name, p=parent, a=amount, c=counterparty, s=summary: (
                        self.activity_spending(w, t, n, p, a, c, s)
                    ),
                )
            if self.union.name == SYSTEM:
                award_day = date(year, 11, 10)
                self.at(award_day, lambda d=award_day: self.award_spending(d))

    def activity_spending(self, day, title, name, parent, amount, counterparty, summary) -> None:
        activity = (
            Activity.objects.filter(union=self.union, title=title, start_date__year=day.year)
            .order_by("start_date")
            .first()
        )
        self.post(
            day,
            self.main,
            name,
            parent,
            self.vary(self.rng(title, day.year), amount),
            summary,
            counterparty,
            activity=activity,
        )

    def award_spending(self, day: date) -> None:
        award = Award.objects.filter(union=self.union, event="市职工篮球赛", date__year=day.year).first()
        self.post(
            day,
            self.main,
            "文体活动",
            ACTIVITIES,
            2600,
            "交通职工篮球队参加市职工篮球赛报名费及队服",
            "市篮球协会",
            award=award,
        )

    def holidays(self) -> None:
        heads = members_in_good_standing(self.union).count()
        if not heads:
            return
        for year in self.years:
            for union, month, day, holiday, per_head in HOLIDAYS:
                if union != self.union.name:
                    continue
                when = date(year, month, day)
                self.at(
                    when,
                    lambda w=when, h=holiday, p=per_head: self.post(
                        w,
                        self.main,
                        *SERVICES,
                        p * heads,
                        f"{h}节日慰问品（{heads}人×{p}元）",
                        "本地超市",
                        benefit="holiday",
                    ),
                )

    def hardship_fund_since(self, name: str, opened_on: date, purpose: str, *, brought_forward: str) -> Fund:
        """A restricted hardship fund set up years ago, its balance brought forward into our books."""
        fund = self.fund(name, Fund.Kind.HARDSHIP, restricted=True, opened_on=opened_on, purpose=purpose)
        first = date(self.years[0], 1, 1)
        self.at(
            first,
            lambda: services.record_opening_balance(
                fund=fund,
                by=self.by,
                date=first,
                amount=Decimal(brought_forward),
                summary=f"{name}上年结余结转",
            ),
        )
        return fund

    def hardship_fund(self) -> None:
        """The bureau's hardship fund, set up in 1994 with the units' money: its interest pays the aid."""
        fund = self.hardship_fund_since(
            "帮困基金",
            date(1994, 6, 1),
            "1994年由系统各单位出资设立，以基金利息救助系统内相对困难职工",
            brought_forward="503260.00",
        )
        first = date(self.years[0], 1, 1)
        interest = services.add_sub_item(
            union=self.union, by=self.by, parent=self.category(first, "其他收入"), name="利息收入"
        )
        cases = self.cases()
        for year in self.years:
            for month in (3, 6, 9, 12):
                day = date(year, month, 21)
                amount = self.vary(self.rng("interest", year, month), 2500, 0.04)
                self.at(
                    day,
                    lambda d=day, a=amount: services.post_voucher(
                        union=self.union,
                        by=self.by,
                        date=d,
                        fund=fund,
                        category=interest,
                        amount=a,
                        summary="帮困基金存款利息",
                        counterparty="工商银行",
                        receipts=1,
                    ),
                )
            for index, case in enumerate(cases[:4]):
                day = date(year, 1, 18 + index)
                self.at(day, lambda d=day, c=case: self.aid(d, fund, c, "holiday_visit", 1500, "春节送温暖"))
            for index, case in enumerate(cases[4:6] or cases[:2]):
                day = date(year, 8, 20 + index)
                self.at(
                    day,
                    lambda d=day, c=case: self.aid(
                        d,
                        fund,
                        c,
                        "schooling",
                        2000,
                        "",
                        beneficiary=f"{c.member.name}之子女",
                        recipient="child",
                        schooling="university",
                        school="嘉兴学院",
                        grade="一年级",
                    ),
                )

    def special_fund(self) -> None:
        """This year's appeal at the union congress set up the special hardship fund: ¥58,180 given."""
        year = self.years[1]
        opened = date(year, 1, 16)
        fund = self.fund(
            "特困职工帮扶基金",
            Fund.Kind.SPECIAL_HARDSHIP,
            restricted=True,
            opened_on=opened,
            purpose="工会代表大会“扶贫帮困，情暖交通”倡议募集，专项救助特困职工和突发困难职工",
        )
        if opened > self.today:
            return
        drive = services.create_drive(
            union=self.union,
            by=self.by,
            fund=fund,
            kind="appeal",
            title="“扶贫帮困，情暖交通”倡议捐款",
            starts_on=opened,
            ends_on=date(year, 1, 31),
            note="局系统工会代表大会全体代表倡议，系统各单位和职工自愿捐款。",
        )
        members = []
        for base in BASES:
            members += list(paying_members(self.unions[base]).order_by("id_number")[:12])
        rng = self.rng("appeal", year)
        unit_total = sum(amount for _, amount in UNITS)
        people = APPEAL_TOTAL - unit_total
        gifts, given = [], Decimal(0)
        for member in members:
            amount = Decimal(rng.choice((100, 100, 200, 200, 300, 500)))
            if given + amount > people - 50:
                break
            gifts.append(services.Gift("member", amount, member=member))
            given += amount
        if people - given > 0:
            gifts.append(services.Gift("outside", people - given, donor_name="退休职工代表（集体）"))
        units = [services.Gift("unit", Decimal(amount), donor_name=name) for name, amount in UNITS]
        half = len(gifts) // 2
        for day, batch in ((opened, units + gifts[:half]), (date(year, 1, 23), gifts[half:])):
            self.at(
                day,
                lambda d=day, b=batch: services.record_donations(
                    drive=drive, by=self.by, date=d, gifts=b, receipts=len(b)
                ),
            )
        # ¥9,500 paid out this year to the worst-off households.
        plan = [
            (HardshipCase.Level.DEEP, "medical", 3000, date(year, 2, 12), ""),
            (HardshipCase.Level.SUDDEN, "living", 3000, date(year, 3, 18), ""),
            (HardshipCase.Level.DEEP, "living", 2000, date(year, 6, 9), ""),
            (HardshipCase.Level.RELATIVE, "serious_illness", 1500, date(year, 9, 22), ""),
        ]
        cases = self.cases()
        used: set[int] = set()
        for level, kind, amount, day, note in plan:
            case = next((c for c in cases if c.level == level and c.pk not in used), None) or next(
                (c for c in cases if c.pk not in used), None
            )
            if case is None:
                continue
            used.add(case.pk)
            self.at(
                day,
                lambda d=day, c=case, k=kind, a=amount, n=note: self.aid(d, fund, c, k, a, n, drive=drive),
            )

    def donation_month(self) -> None:
        """The bus company's October donation month, every year since 1998, into its own hardship fund."""
        fund = self.hardship_fund_since(
            "职工帮困基金",
            date(1998, 10, 1),
            "1998年设立，每年10月为募捐月，帮助公司困难职工",
            brought_forward="28600.00",
        )
        members = list(paying_members(self.union).order_by("id_number"))
        cases = [case for case in self.cases() if self.union.contains(case.union)]
        for year in self.years:
            starts = date(year, 10, 1)
            if starts > self.today:
                continue
            self.october(year, fund, members, self.rng("october", year), starts)
            self.at(
                date(year, 10, 31),
                lambda y=year: services.transfer_between_funds(
                    union=self.union,
                    by=self.by,
                    date=date(y, 10, 31),
                    from_fund=self.main,
                    to_fund=fund,
                    amount=Decimal(3000),
                    summary="工会经费配捐募捐月",
                ),
            )
            for case in cases[:2]:
                day = date(year, 1, 25)
                self.at(day, lambda d=day, c=case: self.aid(d, fund, c, "holiday_visit", 1000, "春节送温暖"))

    def october(self, year: int, fund: Fund, members: list[Member], rng: random.Random, starts: date) -> None:
        """The drive, and its gifts posted in two batches (mid-month and at the month's end)."""
        drive = services.create_drive(
            union=self.union,
            by=self.by,
            fund=fund,
            kind="annual",
            title=f"{year}年“扶贫帮困”募捐月",
            starts_on=starts,
            ends_on=date(year, 10, 31),
            note="公司一年一度的募捐月，捐款全部存入职工帮困基金。",
        )
        givers = [member for member in members if rng.random() < 0.8]
        gifts = [
            services.Gift("member", Decimal(rng.choice((20, 50, 50, 100, 100, 200))), member=m)
            for m in givers
        ]
        gifts.append(services.Gift("unit", Decimal(5000), donor_name="通达汽车运输有限公司"))
        batches = (gifts[: len(gifts) // 2], gifts[len(gifts) // 2 :])
        for day, batch in zip((date(year, 10, 15), date(year, 10, 31)), batches, strict=True):
            self.at(
                day,
                lambda d=day, b=batch: services.record_donations(
                    drive=drive, by=self.by, date=d, gifts=b, receipts=len(b)
                ),
            )

    def aid(self, day, fund, case, kind, amount, note, beneficiary="", drive=None, **child) -> None:
        aid = services.pay_aid(
            union=self.union,
            by=self.by,
            date=day,
            fund=fund,
            kind=kind,
            amount=Decimal(amount),
            case=case,
            beneficiary=beneficiary,
            summary=f"{note}：{case.member.name}" if note else "",
            receipts=1,
            drive=drive,
            **child,
        )
        self.approve(aid.voucher, self.approver)

    def cases(self) -> list[HardshipCase]:
        return list(
            HardshipCase.objects.within(self.union)
            .filter(closed_on__isnull=True)
            .select_related("member", "union")
            .order_by("opened_on", "pk")
        )

    def mistake(self) -> None:
        """This year's one mistake: shopping cards for 8 March, posted past the rule warning; the
        auditor objected, the cards went back to the store and the voucher was reversed."""
        union, month, day, per_head = CARDS
        year = self.years[1] if date(self.years[1], month, day + 10) <= self.today else self.years[0]
        bought, returned = date(year, month, day), date(year, month, day + 10)
        women = members_in_good_standing(self.union).filter(sex=Member.Sex.FEMALE).count() or 10

        posted: list[Voucher] = []
        self.at(
            bought,
            lambda: posted.append(
                self.post(
                    bought,
                    self.main,
                    *SERVICES,
                    per_head * women,
                    f"“三八”节女职工购物卡（{women}人×{per_head}元）",
                    "本地商场",
                    benefit="cash",
                    confirm_warnings=True,
                )
            ),
        )
        auditor = User.objects.filter(username=AUDITOR).first()
        if auditor is None:  # no audit committee in this demo: the treasurer corrects it alone
            self.at(
                returned,
                lambda: services.reverse_voucher(
                    voucher=posted[0],
                    by=self.by,
                    date=returned,
                    reason="经审委员审查，以购物卡发放福利违反经费使用规定，购物卡已退回商场",
                ),
            )
            return
        queried: list = []
        self.at(
            date(year, month, day + 2),
            lambda: queried.append(
                services.raise_query(
                    by=auditor,
                    voucher=posted[0],
                    question="以购物卡发放“三八”节福利违反经费使用规定，请说明并纠正。",
                )
            ),
        )
        self.at(
            returned,
            lambda: services.answer_query(
                query=queried[0],
                by=self.by,
                answer="经审委员审查，以购物卡发放福利违反经费使用规定，购物卡已退回商场",
                reverse=True,
                reversal_date=returned,
            ),
        )
        self.at(
            date(year, month, day + 12),
            lambda: services.close_query(
                query=queried[0], by=auditor, remark="已核对红字冲销凭证和商场退卡单。"
            ),
        )

    def review(self) -> None:
        """The audit committee's review of last year's books: a fifth of the vouchers drawn (seeded,
        so the demo's sample is the same every time) and each drawn voucher marked reviewed."""
        auditor = User.objects.filter(username=AUDITOR).first()
        year = self.years[0]
        if auditor is None or not Voucher.objects.filter(union=self.union, year=year).exists():
            return
        sample = services.draw_sample(
            union=self.union, by=auditor, start=date(year, 1, 1), end=date(year, 12, 31), rate=20, seed=year
        )
        for number, voucher in enumerate(sample.vouchers.order_by("date", "number")):
            remark = "原始单据齐全，审批手续完备。" if number % 4 == 0 else ""
            services.mark_reviewed(voucher=voucher, by=auditor, remark=remark, sample=sample)
        # This year's largest spending is queried and waits for the treasurer's answer.
        largest = (
            Voucher.objects.filter(
                union=self.union, year=self.years[1], direction="out", reverses__isnull=True
            )
            .entries()
            .order_by("-amount", "pk")
            .first()
        )
        if largest is not None:
            services.raise_query(
                by=auditor,
                voucher=largest,
                question="请补充这笔支出的预算审批和验收材料（签到表、发票清单）。",
            )

    def close_months(self) -> None:
        """Every month before the current one is closed; the system union's chair once reopened March
        to take a late invoice for the women's health check."""
        for year, month in self.months():
            if (year, month) >= (self.today.year, self.today.month):
                break
            services.close_month(union=self.union, by=self.by, year=year, month=month)
        late = date(self.years[1], 3, 31)
        if self.union.name != SYSTEM or (self.today.year, self.today.month) <= (late.year, late.month):
            return
        chair = User.objects.get(username=APPROVER)
        services.reopen_month(
            union=self.union,
            by=chair,
            year=late.year,
            month=3,
            reason="补记“三八”节女职工健康体检费用发票（医院月底才开具）",
        )
        women = (
            Member.objects.within(self.union)
            .filter(sex=Member.Sex.FEMALE, status=Member.Status.ACTIVE)
            .count()
        )
        activity = Activity.objects.filter(
            union=self.union, title__contains="女职工健康体检", start_date__year=late.year
        ).first()
        self.post(
            late,
            self.main,
            *SERVICES,
            260 * (women or 38),
            f"“三八”节女职工健康体检费（{women or 38}人）",
            "市第一人民医院",
            activity=activity,
            receipts=2,
        )
        services.close_month(union=self.union, by=self.by, year=late.year, month=3)

    def budget(self) -> None:
        """This year's budget: last year's actual per top-level item, plus 5%, in hundreds."""
        last = statements.budget_statement(union=self.union, year=self.years[0])
        amounts = {
            line.category: (line.values["actual"] * Decimal("1.05") // 100 * 100)
            for line in last.income + last.spending
            if line.values["actual"] > 0
        }
        services.set_budget(union=self.union, by=self.by, year=self.years[1], amounts=amounts)


@transaction.atomic
def load(unions: dict[str, Union]) -> None:
    today = timezone.localdate()
    for name in (SYSTEM, *BASES):
        union = unions.get(name)
        if union is None or Voucher.objects.filter(union=union).exists():
            continue
        Books(union, unions, today).load()
