import datetime
from decimal import Decimal

import factory

from rights import models
from tests.factories import UnionFactory


class DisputeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LabourDispute

    union = factory.SubFactory(UnionFactory)
    received_on = datetime.date(2026, 4, 8)
    applicant = "张小明"
    respondent = "某建筑公司"
    workers = 3
    subject = "拖欠工资"
    outcome = models.LabourDispute.Outcome.SETTLED
    closed_on = datetime.date(2026, 4, 20)
    recovered = Decimal("18600.00")


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Complaint

    union = factory.SubFactory(UnionFactory)
    received_on = datetime.date(2026, 5, 6)
    channel = models.Complaint.Channel.LETTER
    complainant = "王大力"
    subject = "加班费计算"
    answer = "已协调单位按规定补发"
    answered_on = datetime.date(2026, 5, 20)


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CollectiveContract

    union = factory.SubFactory(UnionFactory)
    kind = models.CollectiveContract.Kind.WAGE
    employer = "甲公司"
    signed_on = datetime.date(2026, 3, 1)
    expires_on = datetime.date(2029, 2, 28)
    workers_covered = 120
    wage_figure = Decimal("5.00")


class CongressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CongressSession

    union = factory.SubFactory(UnionFactory)
    date = datetime.date(2026, 2, 10)
    title = "第三届第二次职工代表大会"
    representatives = 40
    women_representatives = 15


class MotionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Motion

    session = factory.SubFactory(CongressFactory)
    subject = "改善职工食堂"
    raised_by = "李代表"
    decision = models.Motion.Decision.ACCEPTED
    action = "食堂已完成改造"
    done = True


class OpenAffairsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.OpenAffairsItem

    union = factory.SubFactory(UnionFactory)
    date = datetime.date(2026, 6, 1)
    subject = "年度评先评优结果"
    channel = models.OpenAffairsItem.Channel.BOARD


class JobServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.JobService

    union = factory.SubFactory(UnionFactory)
    date = datetime.date(2026, 3, 15)
    kind = models.JobService.Kind.EXPORT
    title = "组织外出务工"
    people = 26
    destination = "宁波"


class StudyOutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StudyOutput

    union = factory.SubFactory(UnionFactory)
    author_name = "机关支部"
    date = datetime.date(2026, 7, 1)
    kind = models.StudyOutput.Kind.NOTES
    title = "学习笔记"
    words = 12000


class InsuranceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InsuranceEnrolment

    union = factory.SubFactory(UnionFactory)
    year = 2026
    plan = "职工重大疾病互助保障"
    members_covered = 85
    premium = Decimal("4250.00")
