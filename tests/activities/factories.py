"""Factories for activities and the members they need (kept here so this app's tests stand alone)."""

import datetime

import factory

from activities.models import Activity, Attendance, Award, ChronicleEntry, Suggestion
from members.models import Member
from tests.factories import UnionFactory


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"会员{n:04d}")
    name_initials = factory.Sequence(lambda n: f"hy{n:04d}")
    sex = Member.Sex.MALE
    id_type = Member.IdType.OTHER
    id_number = factory.Sequence(lambda n: f"T{n:08d}")
    join_date = datetime.date(2015, 1, 1)
    status = Member.Status.ACTIVE


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    union = factory.SubFactory(UnionFactory)
    kind = Activity.Kind.CULTURE
    title = factory.Sequence(lambda n: f"活动{n}")
    start_date = datetime.date(2026, 3, 6)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    activity = factory.SubFactory(ActivityFactory)
    member = factory.SubFactory(MemberFactory, union=factory.SelfAttribute("..activity.union"))
    status = Attendance.Status.PRESENT


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    union = factory.SubFactory(UnionFactory)
    event = factory.Sequence(lambda n: f"职工技能大赛{n}")
    level = Award.Level.CITY
    title = "冠军"
    date = datetime.date(2026, 5, 20)
    winner_kind = Award.Winner.UNIT
    unit_name = "本单位"


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suggestion

    union = factory.SubFactory(UnionFactory)
    author_name = "职工"
    collected_on = datetime.date(2026, 4, 1)
    title = factory.Sequence(lambda n: f"建议{n}")


class ChronicleEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChronicleEntry

    union = factory.SubFactory(UnionFactory)
    date = datetime.date(2026, 1, 15)
    section = ChronicleEntry.Section.ORGANISATION
    text = factory.Sequence(lambda n: f"召开第{n}次工会委员会会议")
