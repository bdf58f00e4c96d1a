"""A year of records mirroring reference summary B (a transport bureau's system union), entered as
its secretaries and treasurers would, through the services. Used by the summary's tests."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from activities.models import Activity, Award, ChronicleEntry, Suggestion, Survey, Visit
from finances.models import AidPayment, Donation, DonationDrive, Fund
from finances.services import post_voucher
from finances.services.relief import Gift, create_drive, pay_aid, record_donations
from tests.factories import UnionFactory
from tests.finances.factories import FundFactory, category, officer
from tests.members.factories import MemberFactory
from unionhub.models import Role, Union


@dataclass
class Bureau:
    system: Union
    fees: Union  # 征费所工会
    bus: Union  # 天龙汽运公司工会
    works: Union  # 交通工程公司工会
    chair: object
    year: int
    late_activity: Activity | None = None
    extra: dict = field(default_factory=dict)


def transport_bureau(year: int = 2026, *, with_late_activity: bool = True) -> Bureau:
    system = UnionFactory(
        name="交通局系统工会", kind=Union.Kind.SYSTEM, parent=None, party_organisation="局党委"
    )
    fees = UnionFactory(name="征费所工会", parent=system)
    bus = UnionFactory(name="天龙汽运公司工会", parent=system)
    works = UnionFactory(name="交通工程公司工会", parent=system)
    UnionFactory(name="公路段工会", parent=system)
    chair = officer(system, Role.Kind.CHAIR)
    treasurer = officer(system)
    members = [
        MemberFactory(union=u, join_date=date(2010, 1, 1)) for u in (fees, bus, works) for _ in range(6)
    ]

    # Union funds: dues income; a grant from the system union to a base union (counted once).
    union_fund = FundFactory(union=system, name="工会经费")
    post_voucher(
        union=system,
        by=treasurer,
        date=date(year, 3, 10),
        fund=union_fund,
        category=category("拨缴经费收入"),
        amount=Decimal("80000"),
        summary="拨缴经费",
    )
    post_voucher(
        union=system,
        by=treasurer,
        date=date(year, 4, 1),
        fund=union_fund,
        category=category("补助下级支出"),
        amount=Decimal("15000"),
        summary="补助天龙汽运公司工会",
    )
    bus_fund = FundFactory(union=bus, name="天龙工会经费")
    bus_treasurer = officer(bus)
    post_voucher(
        union=bus,
        by=bus_treasurer,
        date=date(year, 4, 2),
        fund=bus_fund,
        category=category("上级补助收入"),
        amount=Decimal("15000"),
        summary="局工会补助",
    )
    post_voucher(
        union=bus,
        by=bus_treasurer,
        date=date(year, 4, 20),
        fund=bus_fund,
        category=category("文体活动", parent="职工活动支出"),
        amount=Decimal("6000"),
        summary="春节联欢会",
    )

    # The 1994 fund, whose interest pays about 10,000 yuan of aid a year.
    fund_1994 = FundFactory(
        union=system,
        name="帮困基金",
        kind=Fund.Kind.HARDSHIP,
        restricted=True,
        opened_on=date(1994, 6, 1),
        purpose="由各单位出资建立",
    )
    post_voucher(
        union=system,
        by=treasurer,
        date=date(year, 6, 21),
        fund=fund_1994,
        category=category("投资收益"),
        amount=Decimal("10200"),
        summary="帮困基金定期存款利息",
    )
    for i, amount in enumerate(("2000", "2000", "3000", "3000")):
        pay_aid(
            union=system,
            by=treasurer,
            date=date(year, 9, 10 + i),
            fund=fund_1994,
            kind=AidPayment.Kind.LIVING,
            amount=Decimal(amount),
            member=members[i],
        )

    # The January appeal: 58,180 yuan given, 9,500 yuan paid out of it the same year.
    special = FundFactory(
        union=system, name="特困职工帮扶基金", kind=Fund.Kind.SPECIAL_HARDSHIP, restricted=True
    )
    appeal = create_drive(
        union=system,
        by=treasurer,
        fund=special,
        kind=DonationDrive.Kind.APPEAL,
        title="扶贫帮困，情暖交通",
        starts_on=date(year, 1, 18),
    )
    gifts = [Gift(Donation.DonorKind.UNIT, Decimal("20000"), donor_name="交通工程公司")]
    gifts += [Gift(Donation.DonorKind.MEMBER, Decimal("2000"), member=m) for m in members[:18]]
    gifts += [Gift(Donation.DonorKind.OUTSIDE, Decimal("2180"), donor_name="社会人士甲")]
    record_donations(drive=appeal, by=treasurer, date=date(year, 1, 25), gifts=gifts)
    for i, amount in enumerate(("5000", "4500")):
        pay_aid(
            union=system,
            by=treasurer,
            date=date(year, 3, 5 + i),
            fund=special,
            kind=AidPayment.Kind.LIVING,
            amount=Decimal(amount),
            member=members[6 + i],
            drive=appeal,
        )
    # 金秋助学 for students who are not members: 9 university students, 10 primary pupils.
    for i in range(9):
        pay_aid(
            union=system,
            by=treasurer,
            date=date(year, 8, 20),
            fund=special,
            kind=AidPayment.Kind.SCHOOLING,
            amount=Decimal("1000"),
            member=members[i],
            recipient=AidPayment.Recipient.CHILD,
            beneficiary=f"学生{i}",
            schooling=AidPayment.Schooling.UNIVERSITY,
            school="浙江工业大学" if i % 2 else "嘉兴学院",
            grade="一年级",
        )
    for i in range(10):
        pay_aid(
            union=system,
            by=treasurer,
            date=date(year, 8, 21),
            fund=special,
            kind=AidPayment.Kind.SCHOOLING,
            amount=Decimal("200"),
            recipient=AidPayment.Recipient.STUDENT,
            beneficiary=f"小学生{i}",
            schooling=AidPayment.Schooling.SCHOOL,
            school="新埭镇中心小学",
            grade="三年级",
        )

    # 送温暖: the October survey and the visits.
    Survey.objects.create(
        union=system,
        date=date(year, 10, 8),
        campaign=Visit.Campaign.WARMTH,
        title="困难职工家庭摸底调查",
        households=120,
        found=14,
    )
    for i in range(3):
        Visit.objects.create(
            union=system,
            date=date(year, 12, 20 + i),
            campaign=Visit.Campaign.WARMTH,
            member=members[i],
            visitors="王局长、李主席",
            cash=Decimal("500"),
            goods="大米",
            goods_quantity=2,
            goods_unit="袋",
            goods_value=Decimal("200"),
        )

    # Competitions, learning, culture.
    acts = [
        (fees, "competition", "路政形象大赛", date(year, 5, 12), {}),
        (bus, "competition", "“业务操作”比武", date(year, 6, 3), {}),
        (bus, "safety", "“行车安全百日”竞赛", date(year, 7, 1), {}),
        (fees, "culture", "春节联欢会", date(year, 1, 28), {}),
        (fees, "culture", "首届征费文化周", date(year, 5, 20), {}),
        (works, "sports", "篮球友谊赛", date(year, 8, 1), {"cohosts": "陈山部队"}),
        (
            system,
            "lecture",
            "农民工法律知识讲座",
            date(year, 3, 15),
            {"audience": "migrant", "speaker": "县司法局张律师", "subject": "劳动合同法"},
        ),
        (system, "other", "引进人才座谈会", date(year, 11, 26), {"audience": "graduates"}),
    ]
    for union, kind, title, day, more in acts:
        Activity.objects.create(union=union, kind=kind, title=title, start_date=day, **more)
    late = None
    if with_late_activity:
        late = Activity.objects.create(
            union=system, kind="study", title="年终集中学习", start_date=date(year, 12, 26)
        )

    # Awards: a fire-fighting champion, the team third place, culture awards by month.
    champion = Award.objects.create(
        union=bus,
        event="第二届职工职业技能大赛消防比赛",
        level=Award.Level.CITY,
        title="冠军",
        date=date(year, 9, 15),
        category=Award.Category.SKILLS,
    )
    champion.members.add(members[7])
    Award.objects.create(
        union=system,
        event="2026年全市营运大客车驾驶员技能比赛",
        organiser="市交通局、市总工会",
        level=Award.Level.CITY,
        title="团体第三名",
        date=date(year, 10, 20),
        category=Award.Category.SKILLS,
        winner_kind=Award.Winner.TEAM,
        team_name="驾驶员代表队",
    )
    for day, event, title in (
        (date(year, 4, 18), "全市职工现代腰鼓舞大赛", "最佳魅力奖"),
        (date(year, 6, 28), "第四届职工文艺汇演", "银奖"),
        (date(year, 7, 16), "第二届社区文化节舞蹈大赛", "金奖"),
    ):
        Award.objects.create(
            union=system,
            event=event,
            level=Award.Level.CITY,
            title=title,
            date=day,
            category=Award.Category.CULTURE_SPORTS,
            winner_kind=Award.Winner.TEAM,
            team_name="局职工文艺队",
        )
    Award.objects.create(
        union=system,
        event="嘉兴市交通局年度考核",
        level=Award.Level.CITY,
        title="优秀单位",
        date=date(year, 12, 10),
        category=Award.Category.HONOUR,
        winner_kind=Award.Winner.UNIT,
        unit_name="局工会",
    )

    # 52 suggestions, 27 adopted, in 交通工程公司工会's campaign.
    for i in range(52):
        adopted = i < 27
        Suggestion.objects.create(
            union=works,
            author_name=f"职工{i}",
            collected_on=date(year, 5, 1),
            title=f"建议{i}",
            campaign="人人献计，管理挖潜",
            status=Suggestion.Status.ADOPTED if adopted else Suggestion.Status.COLLECTED,
            adopted_on=date(year, 5, 20) if adopted else None,
        )
    ChronicleEntry.objects.create(
        union=system, date=date(year, 3, 2), section="other", text="转发《关于开展“三文明”活动的实施意见》"
    )
    return Bureau(system, fees, bus, works, chair, year, late_activity=late)
