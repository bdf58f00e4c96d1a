"""The participation rows PostgreSQL keeps beside the check-ins agree with the check-ins after every
kind of change, and a summary dated inside the year counts only the check-ins by its date."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from activities import participants, selectors
from activities.models import Attendance, ParticipantYear, ParticipationCount, Turnout
from members.models import Member
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


def counts(union, year=2026) -> dict[str, tuple[int, int]]:
    return {
        kind: (members, times)
        for kind, members, times in ParticipationCount.objects.filter(union=union, year=year)
        .exclude(members=0)
        .values_list("kind", "members", "times")
    }


def test_counts_per_subtree_follow_check_ins_and_moves_in_the_tree():
    """Each union's counts are its subtree's distinct people: a member at two unions' activities of
    one kind counts once above both; moving a union (or an activity) moves what it reaches."""
    city = UnionFactory(name="市总")
    county = UnionFactory(name="区总", parent=city)
    base = UnionFactory(name="基层", parent=county)
    other = UnionFactory(name="另一区总", parent=city)
    ann, bo = MemberFactory(union=base), MemberFactory(union=base)
    at_base = ActivityFactory(union=base, kind="study", start_date=D(2026, 3, 6))
    at_county = ActivityFactory(union=county, kind="study", start_date=D(2026, 4, 1))
    gala = ActivityFactory(union=base, kind="culture", start_date=D(2026, 5, 1))
    Attendance.objects.bulk_create(
        [
            Attendance(activity=at_base, member=ann, status=P),
            Attendance(activity=at_county, member=ann, status=P),
            Attendance(activity=at_county, member=bo, status=P),
            Attendance(activity=gala, member=bo, status=P),
            Attendance(activity=gala, member=ann, status=A),
        ]
    )
    assert counts(base) == {"study": (1, 1), "culture": (1, 1), "": (2, 2)}
    assert counts(county) == counts(city) == {"study": (2, 3), "culture": (1, 1), "": (2, 4)}
    assert counts(other) == {}

    county.parent = other  # the county moves under the other district union
    county.save()
    assert counts(other) == counts(city)
    at_county.union = other  # the county's study session was the other union's after all
    at_county.save()
    Attendance.objects.filter(activity=gala, member=bo).delete()
    assert counts(county) == {"study": (1, 1), "": (1, 1)}
    assert counts(other) == {"study": (2, 3), "": (2, 3)}
    assert participants.differences() == []

    whole = selectors.participation_by_kind(union=other, year=2026)["study"]
    by_year_end = selectors.participation_by_kind(union=other, year=2026, until=D(2026, 12, 30))["study"]
    assert (whole.members, whole.present) == (by_year_end.members, by_year_end.present) == (2, 3)

    with refused(), transaction.atomic():
        ParticipationCount.objects.filter(union=city).update(members=9)  # only the triggers write it


def test_the_rate_of_a_whole_year_adds_up_the_unions_turnout():
    """The rate read from the kept turnout equals the rate counted from the members, after check-ins,
    a transfer, a member who leaves and one who joins."""
    county = UnionFactory(name="区总")
    base = UnionFactory(name="基层", parent=county)
    neighbour = UnionFactory(name="邻厂", parent=county)
    ann, bo, cy = (MemberFactory(union=base) for _ in range(3))
    dee = MemberFactory(union=neighbour)
    at_county = ActivityFactory(union=county, kind="study", start_date=D(2026, 3, 6))
    at_base = ActivityFactory(union=base, kind="culture", start_date=D(2026, 5, 1))
    AttendanceFactory(activity=at_county, member=ann, status=P)  # a member at the activity above
    AttendanceFactory(activity=at_base, member=bo, status=P)
    AttendanceFactory(activity=at_county, member=dee, status=P)

    def rates(union):
        whole = selectors.participation_rate(union=union, year=2026)
        counted = selectors.participation_rate(union=union, year=2026, until=D(2026, 12, 30))
        assert whole == counted
        return whole

    assert (rates(county), rates(base), rates(neighbour)) == (75, Decimal("66.7"), 100)
    cy.union = neighbour  # a transfer
    cy.save()
    bo.status = Member.Status.LEFT
    bo.save()
    MemberFactory(union=base)
    assert (rates(county), rates(base), rates(neighbour)) == (50, 50, 50)
    assert Turnout.objects.get(union=base, year=2026).took_part == 1
    assert participants.differences() == []


def test_a_sheet_saved_again_keeps_the_counts():
    """Saving the sheet rewrites every row's status and time; only a changed status changes a count."""
    base = UnionFactory(name="基层")
    ann, bo = MemberFactory(union=base), MemberFactory(union=base)
    activity = ActivityFactory(union=base, kind="study", start_date=D(2026, 3, 6))
    for statuses in ({ann.pk: P, bo.pk: A}, {ann.pk: P, bo.pk: A}, {ann.pk: P, bo.pk: P}):
        Attendance.objects.bulk_create(
            [Attendance(activity=activity, member_id=pk, status=status) for pk, status in statuses.items()],
            update_conflicts=True,
            unique_fields=["activity", "member"],
            update_fields=["status", "recorded_at"],
        )
    assert counts(base) == {"study": (2, 2), "": (2, 2)}
    assert participants.differences() == []
