"""The participation rows PostgreSQL keeps beside the check-ins agree with the check-ins after every
kind of change, and a summary dated inside the year counts only the check-ins by its date."""

import datetime

import pytest
from django.db import transaction

from activities import participants, selectors
from activities.models import Attendance, ParticipantYear
from tests.activities.factories import ActivityFactory, AttendanceFactory, MemberFactory
from tests.factories import UnionFactory
from tests.refused import refused

pytestmark = pytest.mark.django_db

D = datetime.date
P, A = Attendance.Status.PRESENT, Attendance.Status.ABSENT


def test_kept_rows_follow_check_ins_activities_and_deletions():
    system = UnionFactory(name="系统")
    base = UnionFactory(name="基层", parent=system)
    ann, bo = MemberFactory(union=base), MemberFactory(union=base)
    march = ActivityFactory(union=base, kind="study", start_date=D(2026, 3, 6))
    june = ActivityFactory(union=base, kind="study", start_date=D(2026, 6, 5))
    Attendance.objects.bulk_create(
        [
            Attendance(activity=march, member=ann, status=P),
            Attendance(activity=march, member=bo, status=A),
            Attendance(activity=june, member=ann, status=P),
        ]
    )
    row = ParticipantYear.objects.get()
    assert (row.member, row.union, row.first, row.last, row.times) == (
        ann,
        base,
        D(2026, 3, 6),
        D(2026, 6, 5),
        2,
    )

    Attendance.objects.filter(member=bo).update(status=P)  # a correction of the sheet
    june.kind = "lecture"
    june.save()  # an activity's kind (or date, or union) changed moves its check-ins' rows
    Attendance.objects.filter(activity=march, member=ann).delete()
    assert participants.differences() == []
    assert sorted(ParticipantYear.objects.values_list("member__name", "kind", "times")) == sorted(
        [(ann.name, "lecture", 1), (bo.name, "study", 1)]
    )

    with refused(), transaction.atomic():
        ParticipantYear.objects.filter(member=ann).update(times=9)  # only the triggers write it


def test_a_summary_dated_inside_the_year_counts_the_check_ins_by_its_date():
    base = UnionFactory(name="基层")
    ann, bo = MemberFactory(union=base), MemberFactory(union=base)
    for day, members in [(D(2026, 3, 6), [ann]), (D(2026, 9, 4), [ann, bo])]:
        activity = ActivityFactory(union=base, kind="study", start_date=day)
        for member in members:
            AttendanceFactory(activity=activity, member=member, status=P)

    by_june = selectors.participation_total(union=base, year=2026, until=D(2026, 6, 30))
    assert (by_june.present, by_june.members) == (1, 1)
    whole = selectors.participation_total(union=base, year=2026)
    assert (whole.present, whole.members) == (3, 2)
