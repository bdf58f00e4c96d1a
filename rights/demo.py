"""The demo bureau's registers, for last year and this: a wage contract, the workers' congress and its
motions, 厂务公开, a mediated dispute, job services, study notes, a subsidy and mutual insurance. The
system union keeps the dispute and complaint registers; it received no letter (全年未发生…).

Idempotent: each record is looked up by its natural key. Nothing is dated after today.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from members.models import Member
from rights.models import (
    CollectiveContract,
    CongressSession,
    EducationSubsidy,
    InsuranceEnrolment,
    JobService,
    KeptRegister,
    LabourDispute,
    Motion,
    OpenAffairsItem,
    StudyOutput,
)
from unionhub.models import Union

SYSTEM = "交通运输局系统工会"
OFFICE = "局机关工会"
ROADS = "公路管理段工会"
BUSES = "通达汽运公司工会"


@transaction.atomic
def load(unions: dict[str, Union]) -> None:
    today = timezone.localdate()
    for year in (today.year - 1, today.year):
        _democracy(unions, year, today)
        _rights(unions, year, today)
        _growth(unions, year, today)


def _dated(year: int, month: int, day: int, today: date) -> date | None:
    day = date(year, month, day)
    return day if day <= today else None


def _democracy(unions, year, today) -> None:
    if signed := _dated(year, 3, 18, today):
        CollectiveContract.objects.get_or_create(
            union=unions[BUSES],
            kind=CollectiveContract.Kind.WAGE,
            signed_on=signed,
            defaults={
                "employer": "通达汽车运输有限公司",
                "expires_on": date(year + 1, 3, 17),
                "renewal": year != today.year - 1,
                "workers_covered": 312,
                "wage_figure": Decimal("4.50"),
            },
        )
    if held := _dated(year, 2, 26, today):
        session, _ = CongressSession.objects.get_or_create(
            union=unions[ROADS],
            date=held,
            defaults={
                "title": f"第四届第{year - 2022}次职工代表大会",
                "representatives": 46,
                "women_representatives": 12,
                "topics": "审议行政工作报告、职工福利费使用情况",
            },
        )
        for subject, raised_by, action in (
            ("改善养护站点职工宿舍条件", "养护一班代表团", "已完成三处站点宿舍改造"),
            ("夏季高温时段调整作业时间", "路政大队代表团", "已实行错峰作业"),
        ):
            Motion.objects.get_or_create(
                session=session,
                subject=subject,
                defaults={"raised_by": raised_by, "action": action, "done": True},
            )
    for month, subject, channel in (
        (1, "年度评先评优结果", OpenAffairsItem.Channel.BOARD),
        (6, "职工福利费和工会经费使用情况", OpenAffairsItem.Channel.CONGRESS),
    ):
        if day := _dated(year, month, 20, today):
            OpenAffairsItem.objects.get_or_create(
                union=unions[ROADS], date=day, subject=subject, defaults={"channel": channel}
            )


def _rights(unions, year, today) -> None:
    for register in ("dispute", "complaint"):
        KeptRegister.objects.get_or_create(union=unions[SYSTEM], year=year, register=register)
    if received := _dated(year, 5, 12, today):
        LabourDispute.objects.get_or_create(
            union=unions[BUSES],
            received_on=received,
            applicant="刘建国",
            defaults={
                "respondent": "通达汽车运输有限公司",
                "workers": 4,
                "subject": "加班工资计算",
                "outcome": LabourDispute.Outcome.SETTLED,
                "closed_on": date(year, 5, 26),
                "recovered": Decimal("9800.00"),
            },
        )
    for month, kind, title, people, destination in (
        (2, JobService.Kind.PLACEMENT, "春风行动专场招聘会", 35, ""),
        (4, JobService.Kind.TRAINING, "驾驶员岗前技能培训", 28, ""),
        (3, JobService.Kind.EXPORT, "组织农民工赴外地务工", 22, "宁波、舟山"),
    ):
        if day := _dated(year, month, 8, today):
            JobService.objects.get_or_create(
                union=unions[BUSES],
                date=day,
                title=title,
                defaults={"kind": kind, "people": people, "destination": destination},
            )


def _growth(unions, year, today) -> None:
    office = unions[OFFICE]
    members = list(Member.objects.within(office).filter(status=Member.Status.ACTIVE).order_by("pk")[:4])
    for index, member in enumerate(members):
        if day := _dated(year, 6, 10 + index, today):
            StudyOutput.objects.get_or_create(
                union=office,
                member=member,
                date=day,
                defaults={
                    "kind": StudyOutput.Kind.NOTES,
                    "title": "“六有”学习笔记",
                    "words": 8000 + 1500 * index,
                },
            )
    if members and (day := _dated(year, 9, 15, today)):
        EducationSubsidy.objects.get_or_create(
            union=office,
            member=members[0],
            date=day,
            defaults={"course": "在职研究生（交通运输工程）", "amount": Decimal("3000.00")},
        )
    if _dated(year, 1, 15, today):
        InsuranceEnrolment.objects.get_or_create(
            union=unions[SYSTEM],
            year=year,
            plan="职工重大疾病互助保障",
            defaults={"members_covered": 268, "premium": Decimal("13400.00"), "paid_on": date(year, 1, 15)},
        )
