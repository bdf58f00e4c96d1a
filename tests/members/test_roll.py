"""The roll at each year's end that PostgreSQL keeps beside the membership events agrees with the events
themselves (`latest_events`), after joins, transfers within and across the tree, retention, leaving,
a back-dated event and a member's details corrected."""

import datetime

import pgtrigger
import pytest
from django.db import connection

from members import roll, selectors
from members.models import Member, MemberEvent, RollChange
from tests.factories import UnionFactory
from tests.members.factories import MemberFactory
from unionhub import dbroles

pytestmark = pytest.mark.django_db

D = datetime.date
Kind = MemberEvent.Kind


def event(member, kind, day, union=None, **extra):  # noqa: E501
    return MemberEvent.objects.create(
        member=member, union=union or member.union, kind=kind, date=day, **extra
    )


def both(union, year):
    kept = selectors.year_end_roll(union=union, year=year)
    counted = selectors.membership_on(union=union, on=D(year, 12, 31))
    assert kept == counted, (union.name, year)
    return kept["members"], kept["women"], kept["migrant_workers"], kept["retained"]


def test_the_kept_roll_at_each_year_end_equals_the_events():
    county = UnionFactory(name="区总")
    plant = UnionFactory(name="工厂", parent=county)
    shop = UnionFactory(name="商店", parent=county)
    elsewhere = UnionFactory(name="外区")
    ann = MemberFactory(union=plant, sex="F", joined=False)
    bo = MemberFactory(union=plant, sex="M", employment_type=Member.EmploymentType.MIGRANT, joined=False)
    cy = MemberFactory(union=shop, sex="F", joined=False)
    event(ann, Kind.JOINED, D(2024, 3, 1))
    event(bo, Kind.JOINED, D(2024, 5, 1))
    event(cy, Kind.JOINED, D(2025, 2, 1))
    assert both(county, 2024) == (2, 1, 1, 0)
    assert both(county, 2025) == (3, 2, 1, 0)

    # 2025: bo moves to the shop (within the county), ann is retained; 2026: cy leaves for another
    # district and bo leaves; a 2024 event entered late (ann's transfer in) changes nothing after it.
    event(bo, Kind.TRANSFERRED_OUT, D(2025, 6, 1), other_union=shop)
    event(bo, Kind.TRANSFERRED_IN, D(2025, 6, 1), union=shop, other_union=plant)
    event(ann, Kind.RETAINED, D(2025, 9, 1))
    event(cy, Kind.TRANSFERRED_OUT, D(2026, 1, 10), other_union=elsewhere)
    event(cy, Kind.TRANSFERRED_IN, D(2026, 1, 10), union=elsewhere, other_union=shop)
    event(bo, Kind.LEFT, D(2026, 4, 1), union=shop)
    event(ann, Kind.TRANSFERRED_IN, D(2024, 1, 5), other_union_name="外省工会")
    for year in (2023, 2024, 2025, 2026, 2027):
        for union in (county, plant, shop, elsewhere):
            both(union, year)
    assert both(county, 2025) == (3, 2, 1, 1)
    assert both(shop, 2025) == (2, 1, 1, 0)
    assert both(county, 2026) == (1, 1, 0, 1)
    assert both(elsewhere, 2026) == (1, 1, 0, 0)

    Member.objects.filter(pk=ann.pk).update(sex="M")  # a correction of the register
    assert both(county, 2025) == (3, 1, 1, 1)
    assert roll.differences() == []
    assert RollChange.objects.filter(union=plant, year=2024).get().members == 2


def test_a_year_with_no_events_needs_no_row(django_assert_max_num_queries):
    plant = UnionFactory(name="工厂")
    MemberFactory(union=plant, sex="F", join_date=D(2020, 3, 1))
    assert both(plant, 2026) == (1, 1, 0, 0)
    assert not RollChange.objects.filter(year__gt=2020).exists()
    with django_assert_max_num_queries(1):
        selectors.year_end_roll(union=plant, year=2030)


@pytest.mark.django_db(transaction=True)  # the owner's own connection (as_owner) sees the events
def test_events_deleted_past_the_guard_take_their_union_s_roll_with_them():
    """The bench takes its imported roll out again as the owner, past the append-only guard (the app
    role may not delete events at all): the roll follows."""
    plant = UnionFactory(name="工厂")
    ann, _bo = MemberFactory(union=plant, joined=False), MemberFactory(union=plant)
    event(ann, Kind.JOINED, D(2025, 3, 1))
    assert both(plant, 2025)[0] == 2
    guard = "members.MemberEvent:member_event_append_only"
    with dbroles.as_owner(), pgtrigger.ignore(guard), connection.cursor() as cursor:
        cursor.execute("DELETE FROM members_memberevent WHERE member_id = %s", [ann.pk])
    assert both(plant, 2025)[0] == 1
    assert roll.differences() == []
