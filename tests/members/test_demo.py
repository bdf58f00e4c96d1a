"""The demo register tells a believable story, the same one every time, without duplicates."""

from collections import Counter
from datetime import date

import pytest

from members import demo
from members.idcard import check_resident_id
from members.models import HardshipCase, Member, MemberEvent
from members.selectors import membership_figures
from unionhub import demo as union_demo

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Member.objects.values_list("id_number", "name", "union__name", "status")),
        Counter(MemberEvent.objects.values_list("kind", flat=True)),
        sorted(HardshipCase.objects.values_list("member__id_number", "level", "opened_on")),
    )


def test_the_demo_register_is_idempotent_and_believable():
    unions = union_demo.load()
    demo.load(unions)
    first = snapshot()
    demo.load(unions)
    assert snapshot() == first, "re-running creates nothing new"

    members = list(Member.objects.select_related("union"))
    assert 300 <= len(members) <= 400
    for member in members:
        facts = check_resident_id(member.id_number)
        assert (facts.birth_date, facts.sex) == (member.birth_date, member.sex), member.name
        assert member.name_initials
    by_union = Counter(member.union.name for member in members)
    assert set(by_union) == set(demo.PLAN)
    migrants = [m for m in members if m.employment_type == Member.EmploymentType.MIGRANT]
    assert Counter(m.union.name for m in migrants).most_common(1)[0][0] == "通达汽运公司工会"
    statuses = Counter(member.status for member in members)
    assert statuses[Member.Status.RETAINED] >= 3
    assert statuses[Member.Status.LEFT] == statuses[Member.Status.DECEASED] == 1
    kinds = first[1]
    assert kinds[MemberEvent.Kind.TRANSFERRED_OUT] >= 5 and kinds[MemberEvent.Kind.TRANSFERRED_IN] >= 5
    assert len({member.join_date.year for member in members}) >= 15, "joined over many years"
    levels = Counter(HardshipCase.objects.values_list("level", flat=True))
    assert set(levels) == set(HardshipCase.Level.values)
    assert HardshipCase.objects.filter(closed_on__isnull=False).exists()
    assert all(case.family.exists() for case in HardshipCase.objects.all())

    system = unions[union_demo.SYSTEM_UNION]
    figures = membership_figures(union=system, year=max(m.join_date.year for m in members))
    assert figures.members == Member.objects.current().count()


def test_the_demo_people_are_the_same_every_time():
    assert demo.people(date(2026, 11, 24))[:5] == demo.people(date(2026, 11, 24))[:5]
    # Another day moves no one's name or ID number.
    one, other = demo.people(date(2026, 1, 5)), demo.people(date(2027, 6, 1))
    assert [(p.name, p.id_number) for p in one] == [(p.name, p.id_number) for p in other]
