"""Membership changes: each an event with date, reason and recorder; status and union change only here."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from members import services
from members.idcard import make_resident_id
from members.models import HardshipCase, HardshipFamilyMember, Member, MemberEvent
from tests.members.factories import HardshipCaseFactory, MemberFactory

pytestmark = pytest.mark.django_db
Kind = MemberEvent.Kind
Status = Member.Status


def new_member(union, **fields) -> Member:
    born = fields.pop("birth_date", date(1985, 4, 2))
    return Member(
        union=union,
        name=fields.pop("name", "新会员"),
        sex="M",
        birth_date=born,
        id_number=make_resident_id(region="330402", birth_date=born, sequence=fields.pop("sequence", 11)),
        join_date=date(2000, 1, 1),
        **fields,
    )


def kinds(member) -> list[tuple[str, str]]:
    return [(event.kind, event.union.name) for event in member.events.order_by("date", "pk")]


def test_join_records_the_event_with_who_and_when(world):
    secretary = world.officers["secretary"]
    member = services.join(
        member=new_member(world.union_a),
        union=world.union_a,
        by=secretary,
        date=date(2024, 3, 1),
        reason="申请入会",
    )
    event = member.events.get()
    assert (event.kind, event.date, event.reason, event.recorded_by, event.union) == (
        Kind.JOINED,
        date(2024, 3, 1),
        "申请入会",
        secretary,
        world.union_a,
    )
    assert member.join_date == date(2024, 3, 1)
    assert member.status == Status.ACTIVE


def test_join_refuses_a_second_record_of_the_same_person(world):
    existing = MemberFactory(union=world.union_b)
    twin = new_member(world.union_a)
    twin.id_number = existing.id_number
    twin.birth_date = existing.birth_date
    with pytest.raises(ValidationError):
        services.join(member=twin, union=world.union_a, by=None, date=date(2024, 3, 1))
    assert Member.objects.count() == 1


def test_transfer_inside_the_system_moves_the_record_and_keeps_one_history(world):
    member = MemberFactory(union=world.union_a, join_date=date(2015, 3, 1), employer="甲厂")
    world.union_b.employer = "乙厂"
    world.union_b.save()
    case = HardshipCaseFactory(member=member)
    services.transfer(
        member=member,
        to_union=world.union_b,
        by=world.officers["secretary"],
        date=date(2024, 7, 1),
        reason="调动",
    )
    member.refresh_from_db()
    assert member.union == world.union_b and member.status == Status.ACTIVE and member.employer == "乙厂"
    assert kinds(member) == [
        (Kind.JOINED, "甲单位工会"),
        (Kind.TRANSFERRED_OUT, "甲单位工会"),
        (Kind.TRANSFERRED_IN, "乙单位工会"),
    ]
    out, into = member.events.filter(kind__in=MemberEvent.TRANSFERS).order_by("pk")
    assert out.other_union == world.union_b and into.other_union == world.union_a
    case.refresh_from_db()
    assert case.union == world.union_b, "an open hardship file follows the member"
    assert Member.objects.count() == 1


def test_transfer_out_of_the_system_and_back(world):
    member = MemberFactory(union=world.union_a)
    services.transfer_out(member=member, to_union_name="外市某公司工会", by=None, date=date(2023, 1, 5))
    member.refresh_from_db()
    assert member.status == Status.TRANSFERRED_OUT and member.union == world.union_a
    services.transfer_in(
        member=member, union=world.union_a, from_union_name="外市某公司工会", by=None, date=date(2024, 1, 5)
    )
    member.refresh_from_db()
    assert member.status == Status.ACTIVE
    assert [e.other_union_name for e in member.events.filter(kind__in=MemberEvent.TRANSFERS)] == [
        "外市某公司工会"
    ] * 2


def test_a_new_member_from_outside_keeps_their_original_join_date(world):
    arriving = new_member(world.union_a)
    arriving.join_date = date(2009, 5, 1)
    member = services.transfer_in(
        member=arriving, union=world.union_a, from_union_name="市公交集团工会", by=None, date=date(2024, 6, 1)
    )
    assert member.join_date == date(2009, 5, 1)
    assert kinds(member) == [(Kind.TRANSFERRED_IN, "甲单位工会")]


@pytest.mark.parametrize(
    ("steps", "final"),
    [
        ([("retain", "退休")], Status.RETAINED),
        ([("retain", "失业"), ("restore", "")], Status.ACTIVE),
        ([("leave", "")], Status.LEFT),
        ([("retain", "退休"), ("remove", "六个月未交会费")], Status.REMOVED),
        ([("retain", "退休"), ("decease", "病故")], Status.DECEASED),
    ],
)
def test_status_changes(world, steps, final):
    member = MemberFactory(union=world.union_a, join_date=date(2010, 1, 1))
    day = date(2020, 1, 1)
    for action, reason in steps:
        getattr(services, action)(member=member, by=world.officers["secretary"], date=day, reason=reason)
        day += timedelta(days=100)
    member.refresh_from_db()
    assert member.status == final
    assert member.events.count() == 1 + len(steps)
    assert member.events.order_by("-date", "-pk").first().status_after == final


@pytest.mark.parametrize(
    ("action", "message"),
    [("restore", "不能办理"), ("transfer_out", "不能办理")],
)
def test_a_change_must_start_from_an_allowed_status(world, action, message):
    member = MemberFactory(union=world.union_a)
    services.leave(member=member, by=None, date=date(2021, 1, 1))
    kwargs = {"to_union_name": "外单位"} if action == "transfer_out" else {}
    with pytest.raises(ValidationError, match=message):
        getattr(services, action)(member=member, by=None, date=date(2022, 1, 1), **kwargs)


def test_a_change_cannot_be_dated_before_the_last_one_or_in_the_future(world):
    member = MemberFactory(union=world.union_a, join_date=date(2015, 3, 1))
    with pytest.raises(ValidationError, match="不能早于上一次"):
        services.retain(member=member, by=None, date=date(2015, 2, 1), reason="退休")
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.leave(member=member, by=None, date=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError, match="原因"):
        services.remove(member=member, by=None, date=date(2020, 1, 1), reason=" ")
    assert member.events.count() == 1


def test_a_failed_transfer_leaves_nothing_behind(world):
    member = MemberFactory(union=world.union_a)
    with pytest.raises(ValidationError):
        services.transfer(member=member, to_union=world.union_a, by=None, date=date(2024, 1, 1))
    assert member.events.count() == 1
    member.refresh_from_db()
    assert member.union == world.union_a


def test_rejoining_after_leaving(world):
    member = MemberFactory(union=world.union_a)
    services.leave(member=member, by=None, date=date(2020, 1, 1))
    services.join(member=member, union=world.union_a, by=None, date=date(2023, 1, 1))
    member.refresh_from_db()
    assert member.status == Status.ACTIVE and member.join_date == date(2023, 1, 1)
    assert [e.kind for e in member.events.order_by("date", "pk")] == [Kind.JOINED, Kind.LEFT, Kind.JOINED]


def test_register_members_is_all_or_nothing(world):
    taken = MemberFactory(union=world.union_b, birth_date=date(1980, 5, 6))
    fresh = new_member(world.union_a, sequence=13)
    clash = new_member(world.union_a, name="重号", birth_date=taken.birth_date)
    clash.id_number = taken.id_number
    with pytest.raises(ValidationError, match="已经登记"):
        services.register_members(members=[fresh, clash], by=None)
    assert not Member.objects.filter(union=world.union_a).exists()
    created = services.register_members(
        members=[new_member(world.union_a, sequence=15)], by=None, reason="名册导入"
    )
    assert created[0].name_initials == "xhy"
    assert created[0].events.get().reason == "名册导入"


def test_hardship_file_verify_and_close(world):
    member = MemberFactory(union=world.union_a)
    secretary = world.officers["secretary"]
    case = HardshipCase(
        member=member,
        level=HardshipCase.Level.DEEP,
        opened_on=date(2023, 5, 1),
        household_size=4,
        household_income=Decimal("2650.00"),
        main_cause=HardshipCase.Cause.ILLNESS,
        secondary_causes=[HardshipCase.Cause.SCHOOLING],
    )
    family = [HardshipFamilyMember(name="王秀芬", relation="妻子", monthly_income=Decimal("0"))]
    case = services.save_hardship_case(case=case, by=secretary, family=family)
    assert (case.union, case.filed_by, case.per_capita_income) == (
        world.union_a,
        secretary,
        Decimal("662.50"),
    )
    assert case.family.count() == 1
    services.verify_hardship_case(
        case=case,
        by=secretary,
        date=date(2024, 4, 20),
        level=HardshipCase.Level.RELATIVE,
        household_income=Decimal("4000"),
    )
    case.refresh_from_db()
    assert (case.level, case.last_verified_on, case.per_capita_income) == (
        "relative",
        date(2024, 4, 20),
        Decimal("1000.00"),
    )
    with pytest.raises(ValidationError, match="不能早于"):
        services.verify_hardship_case(case=case, by=secretary, date=date(2024, 1, 1), level="relative")
    services.close_hardship_case(case=case, by=secretary, date=date(2024, 12, 1), reason="收入提高")
    case.refresh_from_db()
    assert not case.is_open and case.closed_reason == "收入提高"
    with pytest.raises(ValidationError, match="已经解困"):
        services.close_hardship_case(case=case, by=secretary, date=date(2024, 12, 2), reason="再次")


def test_no_hardship_file_for_someone_who_left(world):
    member = MemberFactory(union=world.union_a)
    services.leave(member=member, by=None, date=date(2021, 1, 1))
    member.refresh_from_db()
    case = HardshipCase(member=member, level="deep", opened_on=date(2022, 1, 1), main_cause="illness")
    with pytest.raises(ValidationError, match="在册会员"):
        services.save_hardship_case(case=case, by=world.officers["secretary"])


@pytest.mark.parametrize("closed", [0, -1])
def test_no_transfer_into_a_union_closed_on_or_before_the_day(world, closed):
    member = MemberFactory(union=world.union_a, join_date=date(2015, 3, 1))
    day = date(2024, 7, 1)
    world.union_b.closed_on = day + timedelta(days=closed)
    world.union_b.save()
    with pytest.raises(ValidationError, match="撤销，不能转入") as refused:
        services.transfer(member=member, to_union=world.union_b, by=None, date=day)
    assert "to_union" in refused.value.message_dict
    member.refresh_from_db()
    assert member.union == world.union_a and not member.events.filter(kind=Kind.TRANSFERRED_OUT).exists()
