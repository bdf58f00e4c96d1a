"""The member model: pinyin initials, its own checks (mirrored by named database constraints)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from members.idcard import make_resident_id
from members.models import HardshipCase, Member, MemberEvent, pinyin_initials
from tests.members.factories import HardshipCaseFactory, MemberFactory


@pytest.mark.parametrize(
    ("name", "initials"),
    [("张三丰", "zsf"), ("李秀英", "lxy"), ("欧阳修", "oyx"), ("曾国藩", "zgf cgf"), ("单雄信", "sxx dxx")],
)
def test_pinyin_initials(name, initials):
    assert pinyin_initials(name) == initials


@pytest.mark.django_db
def test_saving_fills_initials_and_birth_date_and_tidies_the_id(world):
    number = make_resident_id(region="330402", birth_date=date(1980, 5, 20), sequence=7)
    member = Member.objects.create(
        union=world.union_a,
        name=" 张三丰 ",
        sex="M",
        id_number=f" {number.lower()} ",
        join_date=date(2020, 1, 1),
    )
    member.refresh_from_db()
    assert (member.name, member.name_initials, member.id_number) == ("张三丰", "zsf", number)
    assert member.birth_date == date(1980, 5, 20)


@pytest.mark.django_db
def test_clean_names_the_contradictions(world):
    number = make_resident_id(region="330402", birth_date=date(1980, 5, 20), sequence=7)  # a man
    member = Member(
        union=world.union_a,
        name="李四",
        sex="F",
        birth_date=date(1980, 5, 21),
        id_number=number,
        join_date=date(2020, 1, 1),
    )
    with pytest.raises(ValidationError) as raised:
        member.full_clean()
    assert "性别与身份证号码不符" in raised.value.message_dict["sex"][0]
    assert "出生日期与身份证号码不符" in raised.value.message_dict["birth_date"][0]


@pytest.mark.django_db
def test_the_database_refuses_a_malformed_resident_id_and_a_second_record_of_one_person(world):
    member = MemberFactory(union=world.union_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=member.pk).update(id_number="12345")
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.bulk_create(
            [
                Member(
                    union=world.union_b,
                    name="重复",
                    sex="M",
                    id_number=member.id_number,
                    join_date=date(2020, 1, 1),
                )
            ]
        )


@pytest.mark.django_db
def test_the_history_cannot_be_rewritten(world):
    member = MemberFactory(union=world.union_a)
    event = member.events.get()
    with pytest.raises(DatabaseError, match="append_only|permission denied"), transaction.atomic():
        MemberEvent.objects.filter(pk=event.pk).update(reason="改写")
    with pytest.raises(DatabaseError, match="append_only|permission denied"), transaction.atomic():
        MemberEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.django_db
def test_hardship_case_checks_and_computes_per_capita_income(world):
    case = HardshipCaseFactory(member__union=world.union_a, household_size=3, household_income="1000.00")
    assert str(case.per_capita_income) == "333.33"
    case.secondary_causes = ["illness", "schooling", "disaster", "accident"]
    with pytest.raises(ValidationError, match="最多选三项"):
        case.full_clean()
    case.secondary_causes = ["illness"]
    with pytest.raises(ValidationError, match="不必再选"):
        case.full_clean()
    case.secondary_causes = []
    case.closed_on = date(2020, 1, 1)
    with pytest.raises(ValidationError, match="不能早于建档日期"):
        case.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        HardshipCase.objects.filter(pk=case.pk).update(
            secondary_causes=["illness", "schooling", "disaster", "accident"]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        HardshipCaseFactory(member=case.member)  # a second open file for the same member
