"""This app's part of the demo story: two years of union life in the bureau's system union.

Weekly Friday study sessions at the bureau office union, the safety competition and its quiz, a
health check for women workers on 8 March, skills contests, galas, chess and basketball, workers'
congresses and evaluations; a dozen awards from a member's city title to unit honours; a
suggestion campaign at the bus company; chronicle entries the annual summary quotes.

Idempotent (every record is looked up by its natural key first) and deterministic (a seeded
`random.Random` per record). Attendance uses whatever members the members demo created and is
skipped when there are none; re-running after members exist fills in what was skipped.
"""

import random
from datetime import date, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from activities import services
from activities.models import (
    Activity,
    ActivitySeries,
    Attendance,
    Award,
    Campaign,
    ChronicleEntry,
    Suggestion,
    Survey,
    Visit,
)
from members.models import HardshipCase, Member
from unionhub.models import Union

SYSTEM = "交通运输局系统工会"
OFFICE = "局机关工会"
TOLLS = "交通规费征收所工会"
ROADS = "公路管理段工会"
BUSES = "通达汽运公司工会"
PORTS = "港航管理处工会"

K = Activity.Kind
L = Award.Level
W = Award.Winner
C = Award.Category
S = ChronicleEntry.Section


class AwardSpec(NamedTuple):
    offset: int  # years before the current one
    union: str
    month: int
    day: int
    event: str  # an outside event's name ("" for ours)
    organiser: str
    level: str
    category: str
    title: str  # rank or title as written
    winner: str
    name: str  # the team's or the unit's name
    members: int  # how many members won it
    source: str  # the union the members come from
    ours: str  # the title of our activity it was won at ("" for outside events)


# fmt: off
# (union, kind, title, month, day, days, place, organiser, partners,
#  share of the eligible members present, women only, non-member participants)
EVENTS = [
    (TOLLS, K.CULTURE, "迎新春职工联欢会", 1, 24, 1, "征费所多功能厅", "征费所工会", "", 0.7, False, 36),
    (BUSES, K.CONGRESS, "公司职工代表大会", 2, 27, 1, "公司三楼会议室", "汽运公司工会", "", 0.35, False, 0),
    (SYSTEM, K.HEALTH_CHECK, "“三八”节女职工健康体检", 3, 8, 1, "市第一人民医院体检中心", "局系统工会",
     "市第一人民医院", 0.9, True, 0),
    (ROADS, K.CONGRESS, "公路段职工代表大会", 3, 19, 1, "公路段会议室", "公路段工会", "", 0.4, False, 0),
    (SYSTEM, K.SAFETY, "“安康杯”安全生产竞赛", 4, 1, 214, "系统各单位", "局系统工会", "局安全生产管理科",
     0.3, False, 0),
    (PORTS, K.SPORTS, "职工棋牌赛", 4, 18, 1, "港航处职工活动室", "港航处工会", "", 0.45, False, 0),
    (BUSES, K.COMPETITION, "营运客车驾驶员技能比武", 5, 16, 1, "公司驾驶培训场", "汽运公司工会",
     "市道路运输管理局", 0.25, False, 4),
    (SYSTEM, K.QUIZ, "安全生产知识竞赛", 6, 18, 1, "局机关四楼会议室", "局系统工会", "", 0.15, False, 0),
    (SYSTEM, K.CULTURE, "职工舞蹈比赛", 7, 3, 1, "市工人文化宫", "局系统工会", "市工人文化宫",
     0.2, False, 60),
    (ROADS, K.SPORTS, "与驻地武警中队篮球友谊赛", 8, 14, 1, "公路段篮球场", "公路段工会", "驻地武警中队",
     0.3, False, 12),
    (ROADS, K.COMPETITION, "路政形象大赛", 9, 12, 1, "公路段", "公路段工会", "", 0.5, False, 0),
    (BUSES, K.CIVIC, "“扶贫帮困”募捐月", 10, 1, 31, "汽运公司", "汽运公司工会", "", 0.8, False, 0),
    (TOLLS, K.CULTURE, "征费文化周", 10, 20, 5, "征费所", "征费所工会", "", 0.6, False, 20),
    (SYSTEM, K.OTHER, "引进人才座谈会", 11, 26, 1, "局机关四楼会议室", "局系统工会", "局人事科",
     0.05, False, 0),
    (ROADS, K.EVALUATION, "段领导班子民主评议", 12, 10, 1, "公路段会议室", "公路段工会", "", 0.4, False, 0),
]
LECTURES = [
    (3, 13, "《工会法》专题讲座"),
    (5, 22, "《中国工会章程》辅导讲座"),
    (9, 18, "交通安全生产形势讲座"),
    (11, 13, "职业道德与文明服务讲座"),
]
STUDY_TITLE = "每周五下午集中学习"
STUDY_PLACE = "局机关四楼工会活动室"

AWARDS = [
    (0, TOLLS, 5, 28, "市第二届职工职业技能大赛（消防）", "市总工会", L.CITY, C.SKILLS,
     "冠军", W.INDIVIDUAL, "", 1, TOLLS, ""),
    (0, ROADS, 5, 29, "市第二届职工职业技能大赛（电工）", "市总工会", L.CITY, C.SKILLS,
     "电器维修职工技能操作能手", W.INDIVIDUAL, "", 1, ROADS, ""),
    (0, BUSES, 9, 20, "全省营运大客车驾驶员技能比赛", "省交通运输厅、省总工会", L.PROVINCE, C.SKILLS,
     "团体第三名", W.TEAM, "通达汽运公司代表队", 3, BUSES, ""),
    (0, SYSTEM, 4, 26, "全市职工现代腰鼓舞大赛", "市总工会", L.CITY, C.CULTURE_SPORTS,
     "最佳魅力奖", W.TEAM, "交通系统腰鼓队", 8, SYSTEM, ""),
    (0, SYSTEM, 6, 28, "交通系统职工文艺汇演", "市交通运输局", L.SYSTEM, C.CULTURE_SPORTS,
     "银奖", W.TEAM, "歌伴舞《路畅车安》表演队", 6, SYSTEM, ""),
    (0, SYSTEM, 7, 15, "社区文化节舞蹈大赛", "县文化馆", L.COUNTY, C.CULTURE_SPORTS,
     "金奖", W.TEAM, "交通系统舞蹈队", 6, SYSTEM, ""),
    (0, SYSTEM, 9, 28, "市运动会行业系统成年组田径比赛", "市体育局", L.CITY, C.CULTURE_SPORTS,
     "第六名", W.TEAM, "交通系统田径队", 5, SYSTEM, ""),
    (0, SYSTEM, 11, 8, "市职工篮球赛", "市篮球协会", L.CITY, C.CULTURE_SPORTS,
     "第四名", W.TEAM, "交通职工篮球队", 7, SYSTEM, ""),
    (0, SYSTEM, 6, 18, "", "局系统工会", L.SYSTEM, C.SKILLS,
     "一等奖", W.TEAM, "公路段代表队", 3, ROADS, "安全生产知识竞赛"),
    (0, SYSTEM, 10, 31, "", "局系统工会", L.SYSTEM, C.SKILLS,
     "优胜单位", W.UNIT, "通达汽运公司", 0, "", "“安康杯”安全生产竞赛"),
    (0, OFFICE, 11, 18, "市级文明单位评选", "市精神文明建设委员会", L.CITY, C.HONOUR,
     "市级文明单位", W.UNIT, "市交通运输局机关", 0, "", ""),
    (0, TOLLS, 10, 15, "星级收费站评定", "省交通运输厅", L.PROVINCE, C.HONOUR,
     "三星级收费站", W.UNIT, "新庙收费站", 0, "", ""),
    (0, ROADS, 11, 20, "省文明公路评选", "省交通运输厅", L.PROVINCE, C.HONOUR,
     "省级文明公路", W.UNIT, "01省道沿线路段", 0, "", ""),
    (-1, TOLLS, 10, 16, "星级收费站评定", "省交通运输厅", L.PROVINCE, C.HONOUR,
     "三星级收费站", W.UNIT, "东西大道收费站", 0, "", ""),
    (-1, SYSTEM, 12, 20, "市交通系统年度考核", "市交通运输局", L.SYSTEM, C.HONOUR,
     "优秀单位", W.UNIT, "交通运输局系统工会", 0, "", ""),
]

CAMPAIGN = "人人献计 管理挖潜"
CAMPAIGN_TOPICS = [
    "车辆调度", "燃油节约", "轮胎翻新利用", "车站候车服务", "售票流程", "车辆例保", "配件库存",
    "驾驶员排班", "安全例会", "客运线路", "包车业务", "维修工时", "夜班交接", "车辆GPS监控",
    "乘客投诉处理", "站场保洁", "办公用纸节约", "空调能耗", "新驾驶员带教", "应急演练",
    "车辆年检预约", "票据管理", "食堂管理", "职工宿舍", "班车线路",
]
CAMPAIGN_FORMS = ["关于改进{}的建议", "{}挖潜办法"]
AUTHORS = ["张建军", "王丽", "李国平", "刘小红", "陈志刚", "杨洁", "赵海", "黄晓燕", "周强", "吴敏"]

# (year offset, union, month, day, section, text)
CHRONICLE = [
    (-1, SYSTEM, 1, 12, S.ORGANISATION, "召开局系统工会年度工作会议，安排部署全年工会工作。"),
    (-1, BUSES, 10, 8, S.RIGHTS, "汽运公司工会开展第十个“募捐月”活动。"),
    (-1, SYSTEM, 11, 28, S.OTHER, "完成《工人日报》等报刊征订任务。"),
    (0, SYSTEM, 1, 9, S.ORGANISATION, "召开局系统工会工作会议，工会主席对全年工会工作作出安排。"),
    (0, SYSTEM, 1, 16, S.RIGHTS, "工会代表大会发出“扶贫帮困”倡议，设立系统特困职工帮扶基金。"),
    (0, SYSTEM, 1, 23, S.ORGANISATION, "系统工会制定十二项工会工作制度，配备工会专用公章。"),
    (0, OFFICE, 2, 6, S.ORGANISATION, "局机关四楼活动室确定为工会活动场地。"),
    (0, SYSTEM, 2, 13, S.FUNDS, "设立工会经费专账，制定工会经费管理制度。"),
    (0, SYSTEM, 3, 8, S.RIGHTS, "组织系统女职工进行健康体检。"),
    (0, SYSTEM, 4, 1, S.COMPETITIONS, "启动“安康杯”竞赛，各基层工会制定活动方案。"),
    (0, BUSES, 4, 30, S.DEMOCRACY, "汽运公司工会“人人献计 管理挖潜”活动征集建议告一段落。"),
    (0, SYSTEM, 9, 30, S.CULTURE, "组建交通职工篮球队。"),
    (0, OFFICE, 11, 18, S.HONOURS, "局机关创建市级文明单位通过公示。"),
    (0, SYSTEM, 11, 20, S.OTHER, "完成《工人日报》《生活·创造》等报刊征订任务。"),
]
# fmt: on


@transaction.atomic
def load(unions: dict[str, Union]) -> None:
    today = timezone.localdate()
    for offset in (-1, 0):
        year = today.year + offset
        _study_series(unions[OFFICE], year, today)
        for month, day, title in LECTURES:
            _activity(
                unions[OFFICE],
                K.LECTURE,
                title,
                date(year, month, day),
                1,
                today,
                place=STUDY_PLACE,
                organiser="局机关工会",
                speaker="局领导班子成员",
                audience=Activity.Audience.ALL,
                start_time=time(15, 0),
                end_time=time(16, 30),
                share=0.8,
            )
        for union, kind, title, month, day, days, place, organiser, partners, share, women, others in EVENTS:
            _activity(
                unions[union],
                kind,
                title,
                date(year, month, day),
                days,
                today,
                place=place,
                organiser=organiser,
                partners=partners,
                share=share,
                women_only=women,
                non_members=others,
            )
    _awards(unions, today)
    _suggestions(unions, today)
    _chronicle(unions, today)
    _visits(unions, today)


def _visits(unions: dict[str, Union], today: date) -> None:
    """送温暖: October's survey of households, and the visits before the Spring Festival."""
    system = unions[SYSTEM]
    for offset in (-1, 0):
        year = today.year + offset
        survey_day = date(year, 10, 10)
        if survey_day <= today:
            Survey.objects.get_or_create(
                union=system,
                date=survey_day,
                title="困难职工家庭摸底调查",
                defaults={"campaign": Campaign.WARMTH, "households": 126, "found": 15},
            )
        cases = list(
            HardshipCase.objects.within(system).filter(closed_on__isnull=True).select_related("member")[:6]
        )
        for index, case in enumerate(cases):
            day = date(year, 1, 18 + index)
            if day > today:
                continue
            Visit.objects.get_or_create(
                union=system,
                date=day,
                member=case.member,
                defaults={
                    "campaign": Campaign.WARMTH,
                    "visitors": "局党委书记、工会主席",
                    "goods": "大米",
                    "goods_quantity": 1,
                    "goods_unit": "袋",
                    "goods_value": Decimal("150"),
                },
            )


def _members(union: Union) -> list[Member]:
    return list(Member.objects.within(union).filter(status=Member.Status.ACTIVE).order_by("pk"))


def _take_attendance(
    activity: Activity, share: float, *, women_only: bool = False, non_members: int = 0
) -> None:
    """Fill the sheet of an activity that has happened and has none yet."""
    if activity.attendances.exists():
        return
    rng = random.Random(f"attendance-{activity.union_id}-{activity.title}-{activity.start_date}")
    statuses = {}
    for member in activity.eligible_members().order_by("pk"):
        if women_only and member.sex != Member.Sex.FEMALE:
            continue
        roll = rng.random()
        if roll < share:
            statuses[member.pk] = Attendance.Status.PRESENT
        elif activity.kind in (K.STUDY, K.LECTURE, K.CONGRESS):
            # Sessions with a register: everyone else is marked too.
            statuses[member.pk] = (
                Attendance.Status.ON_LEAVE if roll < share + 0.06 else Attendance.Status.ABSENT
            )
    if statuses or non_members != activity.non_member_participants:
        services.record_attendance(activity=activity, statuses=statuses, non_member_participants=non_members)


def _study_series(union: Union, year: int, today: date) -> None:
    series = ActivitySeries.objects.filter(union=union, title=STUDY_TITLE, first_date__year=year).first()
    if series is None:
        series = services.create_series(
            union=union,
            kind=K.STUDY,
            title=STUDY_TITLE,
            weekday=ActivitySeries.Weekday.FRIDAY,
            first_date=date(year, 1, 1),
            last_date=date(year, 12, 31),
            start_time=time(14, 30),
            end_time=time(16, 30),
            place=STUDY_PLACE,
            organiser="局机关工会",
            description="学习《工会法》《中国工会章程》及业务知识，集中学习与个人自学相结合。",
        )
    for session in series.sessions.filter(start_date__lte=today).order_by("start_date"):
        _take_attendance(session, 0.86)


def _activity(union: Union, kind: str, title: str, start: date, days: int, today: date, **details) -> None:
    """One activity, looked up by union, title and date; its sheet filled once it has happened."""
    share = details.pop("share")
    women_only = details.pop("women_only", False)
    non_members = details.pop("non_members", 0)
    activity, _created = Activity.objects.get_or_create(
        union=union,
        title=title,
        start_date=start,
        defaults={
            "kind": kind,
            "end_date": start + timedelta(days=days - 1) if days > 1 else None,
            **details,
        },
    )
    if activity.last_date <= today:
        _take_attendance(activity, share, women_only=women_only, non_members=non_members)


def _awards(unions: dict[str, Union], today: date) -> None:
    for spec in map(AwardSpec._make, AWARDS):
        union, when = unions[spec.union], date(today.year + spec.offset, spec.month, spec.day)
        if when > today:
            continue
        activity = None
        if spec.ours:
            activity = (
                Activity.objects.within(unions[SYSTEM])
                .filter(title=spec.ours, start_date__year=when.year)
                .first()
            )
            if activity is None:
                continue
        award = Award.objects.filter(
            union=union, event=spec.event or spec.ours, title=spec.title, date=when
        ).first()
        if award is not None and (award.members.exists() or not spec.members):
            continue
        candidates = _members(unions[spec.source]) if spec.members else []
        if spec.winner == W.INDIVIDUAL and not candidates:
            continue  # no members yet: the individual award waits for the register
        if len(candidates) > spec.members:
            rng = random.Random(f"award-{spec.union}-{spec.title}-{when}")
            candidates = sorted(rng.sample(candidates, spec.members), key=lambda member: member.pk)
        if award is None:
            award = Award(
                union=union,
                event=spec.event,
                activity=activity,
                organiser=spec.organiser,
                level=spec.level,
                category=spec.category,
                title=spec.title,
                date=when,
                winner_kind=spec.winner,
                team_name=spec.name if spec.winner == W.TEAM else "",
                unit_name=spec.name if spec.winner == W.UNIT else "",
            )
        services.save_award(award=award, members=candidates)


def _suggestions(unions: dict[str, Union], today: date) -> None:
    union = unions[BUSES]
    year = today.year
    rng = random.Random(f"suggestions-{year}")
    authors = _members(union)
    titles = [form.format(topic) for topic in CAMPAIGN_TOPICS for form in CAMPAIGN_FORMS]
    existing = set(Suggestion.objects.filter(union=union, campaign=CAMPAIGN).values_list("title", flat=True))
    # 50 collected between March and April: 26 adopted (9 of them implemented), 8 rejected, the rest open.
    outcomes = ["implemented"] * 9 + ["adopted"] * 17 + ["rejected"] * 8 + ["collected"] * 16
    rng.shuffle(outcomes)
    for number, (title, outcome) in enumerate(zip(titles, outcomes, strict=True)):
        collected_on = date(year, 3, 1) + timedelta(days=number)
        if collected_on > today:
            break
        member = authors[rng.randrange(len(authors))] if authors else None
        author_name = "" if member else AUTHORS[rng.randrange(len(AUTHORS))]
        if title in existing:
            continue
        suggestion = services.log_suggestion(
            union=union,
            title=title,
            collected_on=collected_on,
            member=member,
            author_name=author_name,
            campaign=CAMPAIGN,
        )
        decided = collected_on + timedelta(days=14 + rng.randrange(20))
        if decided + timedelta(days=30) > today:
            continue  # the campaign's decisions are still to come
        if outcome in ("adopted", "implemented"):
            services.adopt_suggestion(suggestion=suggestion, on=decided)
        if outcome == "implemented":
            services.implement_suggestion(suggestion=suggestion, on=decided + timedelta(days=30))
        if outcome == "rejected":
            services.reject_suggestion(suggestion=suggestion, on=decided, response="暂不具备实施条件")
    # A few from the roads department the year before, outside any campaign.
    roads = unions[ROADS]
    for number, topic in enumerate(["养护机械保养", "路政巡查路线", "冬季除雪预案", "道班食堂"]):
        title = f"关于{topic}的建议"
        if Suggestion.objects.filter(union=roads, title=title).exists():
            continue
        suggestion = services.log_suggestion(
            union=roads,
            title=title,
            collected_on=date(year - 1, 6, 3 + number * 7),
            author_name=AUTHORS[number],
            campaign="",
        )
        if number % 2 == 0:
            services.adopt_suggestion(suggestion=suggestion, on=date(year - 1, 7, 15))


def _chronicle(unions: dict[str, Union], today: date) -> None:
    for offset, union, month, day, section, text in CHRONICLE:
        when = date(today.year + offset, month, day)
        if when > today:
            continue
        ChronicleEntry.objects.get_or_create(
            union=unions[union],
            date=when,
            text=text,
            defaults={"section": section},
        )
