"""The demo register: a few hundred members of the bureau's base unions, their history, hardship files.

Deterministic (one seeded random.Random, drawn in a fixed order) and idempotent: a member is looked up
by ID number before anything is created for them, a hardship file by member and filing date.
Membership changes go through `members.services`, like a secretary's would.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from members import services
from members.idcard import make_resident_id
from members.models import HardshipCase, HardshipFamilyMember, JoinApplication, Member, MemberLogin
from unionhub.demo import DEMO_PASSWORD
from unionhub.models import Union, User

SEED = 20250630
E = Member.EmploymentType

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦方邹孟熊秦邱江尹薛段雷侯龙陶黎顾毛郝龚邵钱严戴莫孔汤"
)
MALE_NAMES = [
    "伟",
    "强",
    "磊",
    "军",
    "勇",
    "杰",
    "涛",
    "斌",
    "超",
    "明",
    "刚",
    "平",
    "辉",
    "鹏",
    "华",
    "飞",
    "鑫",
    "波",
    "宇",
    "浩",
    "凯",
    "健",
    "俊",
    "帆",
    "旭",
    "宁",
    "龙",
    "林",
    "阳",
    "峰",
    "建华",
    "建国",
    "志强",
    "海涛",
    "国庆",
    "卫东",
    "文斌",
    "晓东",
    "建军",
    "永刚",
    "立新",
    "振华",
    "国平",
    "洪波",
    "春雷",
    "德明",
    "家豪",
    "子轩",
    "浩然",
    "俊杰",
]
FEMALE_NAMES = [
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "艳",
    "娟",
    "霞",
    "婷",
    "雪",
    "琳",
    "洁",
    "燕",
    "红",
    "萍",
    "倩",
    "颖",
    "慧",
    "佳",
    "晶",
    "丹",
    "玲",
    "秀英",
    "桂英",
    "玉兰",
    "红梅",
    "海燕",
    "晓梅",
    "秀兰",
    "丽萍",
    "美玲",
    "雅琴",
    "冬梅",
    "春燕",
    "佳怡",
    "思琪",
    "欣怡",
    "梦瑶",
    "雨萱",
]
LOCAL_REGIONS = ("330402", "330411", "330421", "330424", "330481", "330482", "330483")
# Migrant workers at the transport company come from inland counties.
MIGRANT_REGIONS = ("341221", "341222", "411323", "412726", "510722", "522121", "362329", "431224")

# union name -> (members, card prefix, departments, employment mix)
PLAN = {
    "局机关工会": (
        44,
        "JG",
        ("办公室", "规划科", "运输管理科", "财务审计科", "安全监督科", "人事教育科"),
        ((E.ESTABLISHED, 8), (E.CONTRACT, 2)),
    ),
    "交通规费征收所工会": (
        78,
        "ZF",
        ("东西大道收费站", "新埭收费站", "新庙收费站", "稽查队", "综合科"),
        ((E.CONTRACT, 8), (E.ESTABLISHED, 2)),
    ),
    "公路管理段工会": (
        52,
        "GL",
        ("路政大队", "工程科", "养护科", "机料科", "办公室"),
        ((E.ESTABLISHED, 5), (E.CONTRACT, 3), (E.DISPATCHED, 2)),
    ),
    "公路段养护一班工会小组": (
        17,
        "YH",
        ("养护一班",),
        ((E.DISPATCHED, 5), (E.MIGRANT, 3), (E.CONTRACT, 2)),
    ),
    "通达汽运公司工会": (
        112,
        "TD",
        ("客运一车队", "客运二车队", "货运车队", "修理车间", "安全科", "站务科"),
        ((E.CONTRACT, 9), (E.MIGRANT, 8), (E.DISPATCHED, 3)),
    ),
    "港航管理处工会": (
        36,
        "GH",
        ("航政科", "港政科", "船检站", "办公室"),
        ((E.ESTABLISHED, 7), (E.CONTRACT, 3)),
    ),
}
POSTS = {
    E.ESTABLISHED: ("科员", "副科长", "科长", "工程师", "会计"),
    E.CONTRACT: ("收费员", "驾驶员", "稽查员", "办事员", "技术员", "站务员"),
    E.DISPATCHED: ("养护工", "保洁员", "安检员", "驾驶员"),
    E.MIGRANT: ("驾驶员", "修理工", "装卸工", "养护工"),
    E.PART_TIME: ("临时工",),
    E.OTHER: ("其他",),
}
SECRETARIES = {
    "局机关工会": "jiguan.secretary",
    "交通规费征收所工会": "zhengfei.secretary",
    "公路管理段工会": "gonglu.secretary",
    "公路段养护一班工会小组": "gonglu.secretary",
    "通达汽运公司工会": "qiyun.secretary",
    "港航管理处工会": "ganghang.secretary",
}


@dataclass
class Person:
    union: str
    name: str
    sex: str
    birth_date: date
    id_number: str
    employment_type: str
    department: str
    post: str
    join_date: date
    card_number: str
    mobile: str
    education: str
    political_status: str
    skill_level: str
    household_type: str


def _pick(rng: random.Random, weighted) -> str:
    return rng.choices([value for value, _ in weighted], weights=[weight for _, weight in weighted])[0]


def _day(rng: random.Random, start: date, end: date) -> date:
    """A day between start and end. One draw whatever the span, so later draws never depend on the dates."""
    return start + timedelta(days=int(rng.random() * (max((end - start).days, 0) + 1)))


def people(today: date) -> list[Person]:
    """Everyone of the demo register, the same list on every run (given the same story year)."""
    rng = random.Random(SEED)
    taken: set[str] = set()
    result = []
    for union_name, (count, prefix, departments, mix) in PLAN.items():
        for serial in range(1, count + 1):
            employment = _pick(rng, mix)
            sex = "F" if rng.random() < (0.45 if union_name == "交通规费征收所工会" else 0.3) else "M"
            oldest = 1963 if employment != E.MIGRANT else 1970
            birth = _day(rng, date(oldest, 1, 1), date(2001, 12, 31))
            region = rng.choice(MIGRANT_REGIONS if employment == E.MIGRANT else LOCAL_REGIONS)
            sequence = rng.randrange(0, 499) * 2 + (1 if sex == "M" else 0)
            number = make_resident_id(region=region, birth_date=birth, sequence=sequence)
            while number in taken:
                sequence = (sequence + 2) % 1000
                number = make_resident_id(region=region, birth_date=birth, sequence=sequence)
            taken.add(number)
            given = rng.choice(MALE_NAMES if sex == "M" else FEMALE_NAMES)
            earliest_join = max(date(birth.year + 20, birth.month, min(birth.day, 28)), date(2004, 1, 1))
            join = _day(rng, earliest_join, today - timedelta(days=20))
            mobile = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            result.append(
                Person(
                    union=union_name,
                    name=rng.choice(SURNAMES) + given,
                    sex=sex,
                    birth_date=birth,
                    id_number=number,
                    employment_type=employment,
                    department=rng.choice(departments),
                    post=rng.choice(POSTS[employment]),
                    join_date=join,
                    card_number=f"{prefix}{join.year}{serial:04d}",
                    mobile=mobile,
                    education=_pick(
                        rng,
                        (("初中", 1), ("高中", 3), ("中专", 2), ("大专", 3), ("本科", 3), ("硕士", 1))
                        if employment != E.MIGRANT
                        else (("初中", 5), ("高中", 3), ("中专", 2)),
                    ),
                    political_status=_pick(rng, (("群众", 6), ("中共党员", 3), ("共青团员", 1))),
                    skill_level=_pick(
                        rng, (("", 4), ("初级工", 2), ("中级工", 2), ("高级工", 1), ("技师", 1))
                    )
                    if employment != E.ESTABLISHED
                    else "",
                    household_type="农村"
                    if employment == E.MIGRANT
                    else _pick(rng, (("城镇", 4), ("农村", 1))),
                )
            )
    return result


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


@transaction.atomic
def load(unions: dict[str, Union]) -> None:
    today = timezone.localdate()
    everyone = people(today)
    existing = set(
        Member.objects.filter(id_number__in=[p.id_number for p in everyone]).values_list(
            "id_number", flat=True
        )
    )
    created: dict[str, Member] = {}
    for union_name in PLAN:
        union = unions[union_name]
        newcomers = [
            Member(
                union=union,
                name=person.name,
                sex=person.sex,
                birth_date=person.birth_date,
                id_number=person.id_number,
                mobile=person.mobile,
                education=person.education,
                skill_level=person.skill_level,
                household_type=person.household_type,
                political_status=person.political_status,
                employer=union.employer,
                department=person.department,
                post=person.post,
                employment_type=person.employment_type,
                card_number=person.card_number,
                join_date=person.join_date,
            )
            for person in everyone
            if person.union == union_name and person.id_number not in existing
        ]
        # Each base union's secretary registered her roll (joining events dated as the members joined).
        for member in services.register_members(
            members=newcomers, by=_user(SECRETARIES[union_name]), reason="入会"
        ):
            created[member.id_number] = member
    if created:
        _history(everyone, created, unions, today)
    _hardship(everyone, unions, today)
    _member_logins(unions)


def _history(
    everyone: list[Person], created: dict[str, Member], unions: dict[str, Union], today: date
) -> None:
    """Transfers, retirements, a leaver, a removal and a death, told through the services."""
    rng = random.Random(SEED + 1)

    def later(member: Member, years_after: float = 0.5) -> date:
        start = member.join_date + timedelta(days=int(365 * years_after))
        return _day(rng, min(start, today - timedelta(days=30)), today - timedelta(days=10))

    by_union: dict[str, list[Member]] = {}
    for person in everyone:
        if person.id_number in created:
            by_union.setdefault(person.union, []).append(created[person.id_number])

    def take(union_name: str, *, test=lambda member: True) -> Member | None:
        for member in by_union.get(union_name, []):
            if member.status == Member.Status.ACTIVE and test(member):
                by_union[union_name].remove(member)
                return member
        return None

    def by(union_name: str) -> User | None:
        return _user(SECRETARIES[union_name])

    moves = [
        ("公路管理段工会", "公路段养护一班工会小组", "调入养护一班"),
        ("公路管理段工会", "公路段养护一班工会小组", "调入养护一班"),
        ("交通规费征收所工会", "局机关工会", "借调局机关后正式调动"),
        ("通达汽运公司工会", "港航管理处工会", "工作调动"),
        ("港航管理处工会", "交通规费征收所工会", "工作调动"),
        ("局机关工会", "公路管理段工会", "交流任职"),
    ]
    for source, target, reason in moves:
        member = take(source)
        if member:
            services.transfer(
                member=member, to_union=unions[target], by=by(source), date=later(member, 2), reason=reason
            )

    # Retirements: the oldest keep their membership (保留会籍) and stop paying dues.
    for union_name in PLAN:
        for member in sorted(by_union.get(union_name, []), key=lambda m: m.birth_date)[:2]:
            retire_age = 60 if member.sex == "M" else 55
            retired_on = date(member.birth_date.year + retire_age, member.birth_date.month, 1)
            if member.join_date < retired_on <= today:
                by_union[union_name].remove(member)
                services.retain(member=member, by=by(union_name), date=retired_on, reason="退休")

    outsider = take("港航管理处工会")
    if outsider:
        services.transfer_out(
            member=outsider,
            to_union_name="嘉兴港区开发建设集团工会",
            by=by("港航管理处工会"),
            date=later(outsider, 3),
            reason="辞职后到港区工作",
        )
    leaver = take("通达汽运公司工会", test=lambda m: m.employment_type == E.MIGRANT)
    if leaver:
        services.leave(
            member=leaver, by=by("通达汽运公司工会"), date=later(leaver, 1), reason="返乡务农，本人申请退会"
        )
    removed = take("通达汽运公司工会", test=lambda m: m.employment_type == E.DISPATCHED)
    if removed:
        services.remove(
            member=removed,
            by=by("通达汽运公司工会"),
            date=later(removed, 1),
            reason="连续六个月未交会费、未参加工会活动，经教育仍不改正",
        )
    deceased = take("公路管理段工会", test=lambda m: m.birth_date.year < 1975)
    if deceased:
        services.decease(member=deceased, by=by("公路管理段工会"), date=later(deceased, 4), reason="病故")

    # One driver arrives from a union outside the system.
    arriving = Member(
        name="钱志刚",
        sex="M",
        birth_date=date(1986, 4, 17),
        id_number=make_resident_id(region="330402", birth_date=date(1986, 4, 17), sequence=233),
        employer=unions["通达汽运公司工会"].employer,
        department="客运一车队",
        post="驾驶员",
        employment_type=E.CONTRACT,
        education="高中",
        household_type="城镇",
        mobile="13857301233",
        card_number="TD-ZR-001",
        join_date=date(2009, 5, 1),
    )
    if not Member.objects.filter(id_number=arriving.id_number).exists():
        services.transfer_in(
            member=arriving,
            union=unions["通达汽运公司工会"],
            from_union_name="嘉兴市公共交通集团工会",
            by=by("通达汽运公司工会"),
            date=today - timedelta(days=150),
            reason="调入本公司",
        )


# (union, level, main cause, secondary causes, household size, monthly income, health, housing, family,
#  opened years ago, closed, verified)
CASES = [
    (
        "通达汽运公司工会",
        HardshipCase.Level.DEEP,
        HardshipCase.Cause.ILLNESS,
        [HardshipCase.Cause.SCHOOLING, HardshipCase.Cause.LOW_INCOME],
        4,
        "2650.00",
        "尿毒症，每周透析三次",
        "租住公司宿舍",
        [
            ("妻子", "无业，照顾家庭", "0.00", "体弱"),
            ("儿子", "市一中高二", "0.00", "健康"),
            ("母亲", "", "650.00", "高血压"),
        ],
        2,
        False,
        True,
    ),
    (
        "公路管理段工会",
        HardshipCase.Level.RELATIVE,
        HardshipCase.Cause.SCHOOLING,
        [HardshipCase.Cause.SINGLE_PARENT],
        2,
        "3900.00",
        "健康",
        "自有住房，面积约50平方米",
        [("女儿", "浙江工业大学在读", "0.00", "健康")],
        1,
        False,
        True,
    ),
    (
        "交通规费征收所工会",
        HardshipCase.Level.SUDDEN,
        HardshipCase.Cause.ACCIDENT,
        [],
        3,
        "4200.00",
        "健康",
        "自有住房",
        [("丈夫", "车祸后卧床，原个体运输", "0.00", "重伤"), ("女儿", "小学三年级", "0.00", "健康")],
        0,
        False,
        False,
    ),
    (
        "港航管理处工会",
        HardshipCase.Level.DEEP,
        HardshipCase.Cause.DISABILITY,
        [HardshipCase.Cause.ILLNESS, HardshipCase.Cause.ELDERLY_CARE],
        3,
        "2300.00",
        "肢体二级残疾",
        "老旧公房",
        [("父亲", "", "900.00", "中风后遗症"), ("母亲", "", "0.00", "糖尿病")],
        3,
        False,
        True,
    ),
    (
        "局机关工会",
        HardshipCase.Level.RELATIVE,
        HardshipCase.Cause.ILLNESS,
        [],
        3,
        "5200.00",
        "乳腺癌术后康复",
        "自有住房",
        [("丈夫", "个体户", "2600.00", "健康"), ("儿子", "初中", "0.00", "健康")],
        3,
        True,
        True,
    ),
    (
        "公路段养护一班工会小组",
        HardshipCase.Level.RELATIVE,
        HardshipCase.Cause.LOW_INCOME,
        [HardshipCase.Cause.ELDERLY_CARE, HardshipCase.Cause.SCHOOLING],
        5,
        "5600.00",
        "腰椎间盘突出",
        "农村自建房",
        [
            ("妻子", "务农", "800.00", "健康"),
            ("儿子", "中职在读", "0.00", "健康"),
            ("女儿", "小学", "0.00", "健康"),
            ("父亲", "", "300.00", "慢性支气管炎"),
        ],
        1,
        False,
        False,
    ),
]


RELATIVE_NAMES = {
    "丈夫": ("国强", "建平", "卫国"),
    "妻子": ("秀芬", "丽华", "美娟"),
    "儿子": ("浩宇", "子豪", "一鸣"),
    "女儿": ("子涵", "欣妍", "诗雨"),
    "父亲": ("德福", "长根", "有才"),
    "母亲": ("桂兰", "凤英", "阿珍"),
}


def _relative(rng: random.Random, member: Member, relation: str, work: str, money: str, state: str):
    """A household member with a name that fits: spouses and mothers from another family, children
    taking the father's surname."""
    other_surname = rng.choice(SURNAMES.replace(member.name[0], ""))
    from_other_family = relation in ("丈夫", "妻子", "母亲") or (
        relation in ("儿子", "女儿") and member.sex == "F"
    )
    surname = other_surname if from_other_family else member.name[0]
    return HardshipFamilyMember(
        name=surname + rng.choice(RELATIVE_NAMES[relation]),
        relation=relation,
        school_or_work=work,
        monthly_income=Decimal(money),
        health=state,
    )


def _hardship(everyone: list[Person], unions: dict[str, Union], today: date) -> None:
    rng = random.Random(SEED + 2)
    for (
        union_name,
        level,
        main_cause,
        secondary,
        size,
        income,
        health,
        housing,
        family,
        years_ago,
        closed,
        verified,
    ) in CASES:
        union = unions[union_name]
        candidates = Member.objects.filter(union=union, status=Member.Status.ACTIVE).order_by("id_number")
        if level == HardshipCase.Level.RELATIVE and main_cause == HardshipCase.Cause.ILLNESS:
            candidates = candidates.filter(sex="F")
        opened_on = today - timedelta(days=365 * years_ago + rng.randrange(40, 120))
        if HardshipCase.objects.filter(union=union, main_cause=main_cause, level=level).exists():
            continue
        member = candidates.filter(join_date__lt=opened_on).first()
        if member is None:
            continue
        secretary = _user(SECRETARIES[union_name])
        chair = _user("chair")
        case = HardshipCase(
            member=member,
            level=level,
            opened_on=opened_on,
            household_size=size,
            household_income=Decimal(income),
            health=health,
            housing=housing,
            main_cause=main_cause,
            secondary_causes=list(secondary),
            situation=f"{health}；家庭月收入约{income}元，{size}口人。",
            need="生活救助" if level != HardshipCase.Level.SUDDEN else "医疗救助和子女就学帮扶",
            reviewed_by=chair,
            notice_done=True,
            notice_date=opened_on + timedelta(days=7),
        )
        household = [
            _relative(rng, member, relation, work, money, state) for relation, work, money, state in family
        ]
        by = secretary or chair
        case = services.save_hardship_case(case=case, by=by, family=household)
        if verified and years_ago >= 1:
            for year in range(1, years_ago + 1):
                day = opened_on + timedelta(days=365 * year - 30)
                if day <= today - timedelta(days=70):
                    services.verify_hardship_case(
                        case=case, by=by, date=day, level=level, notes="情况属实，继续建档"
                    )
        if closed:
            services.close_hardship_case(
                case=case,
                by=by,
                date=today - timedelta(days=60),
                reason="治疗结束恢复工作，家庭人均收入已超过低保标准两倍",
            )


# Members of 局机关工会 with their own login (README's demo-login table), already activated, and one
# worker's application to join waiting for the secretary (网上入会).
MEMBER_LOGINS = ("huiyuan1", "huiyuan2")
APPLICANT = (
    "孙晓梅",
    make_resident_id(region="330102", birth_date=date(1996, 4, 12), sequence=128),
    "局机关办公室",
)


def _member_logins(unions: dict[str, Union]) -> None:
    union = unions["局机关工会"]
    members = Member.objects.filter(union=union, status=Member.Status.ACTIVE, login__isnull=True).order_by(
        "pk"
    )
    for username, member in zip(MEMBER_LOGINS, members, strict=False):
        if User.objects.filter(username=username).exists():
            continue
        user = User(username=username, name=member.name)
        user.set_password(DEMO_PASSWORD)
        user.save()
        now = timezone.now()
        MemberLogin.objects.create(member=member, user=user, issued_at=now, activated_at=now)
    name, id_number, employer = APPLICANT
    if not JoinApplication.objects.filter(id_number=id_number).exists():
        JoinApplication.objects.create(
            union=union,
            name=name,
            id_number=id_number,
            employer=employer,
            mobile="13957100128",
            declared=True,
        )
