"""学历, 政治面貌, 户籍类型 and 技能等级 are picklists; what people write maps onto the standard words."""

import importlib
import io
from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from members.idcard import make_resident_id
from members.models import Member
from members.picklists import canonical
from members.rolls import check_roll
from tests.members.factories import MemberFactory
from unionhub.models import Role

pytestmark = pytest.mark.django_db


def test_what_people_write_maps_to_the_standard_word():
    assert canonical("political_status", "党员") == "中共党员"
    assert canonical("political_status", " 中共党员 ") == "中共党员"
    assert canonical("education", "大专") == "大学专科"
    assert canonical("education", "硕士研究生") == "研究生"
    assert canonical("household_type", "农业户口") == "农村"
    assert canonical("skill_level", "四级") == "中级工"
    assert canonical("skill_level", "") == ""
    assert canonical("education", "会开拖拉机") is None


def test_a_member_is_saved_with_the_standard_words(world):
    member = MemberFactory(
        union=world.union_a, political_status="党员", education="本科", household_type="非农业"
    )
    member.refresh_from_db()
    assert (member.political_status, member.education, member.household_type) == (
        "中共党员",
        "大学本科",
        "城镇",
    )


def test_the_data_migration_maps_old_free_text(world):
    members = [MemberFactory(union=world.union_a) for _n in range(3)]
    old = [("党员", "大专", "农业户口"), ("中共党员", "中专", "城镇"), ("团员", "自学成才", "")]
    for member, (political, education, household) in zip(members, old, strict=True):
        Member.objects.filter(pk=member.pk).update(
            political_status=political, education=education, household_type=household
        )
    migration = importlib.import_module("members.migrations.0009_member_picklists")
    migration.map_old_answers(apps, None)
    rows = list(
        Member.objects.filter(pk__in=[m.pk for m in members])
        .order_by("pk")
        .values_list("political_status", "education", "household_type")
    )
    assert rows == [
        ("中共党员", "大学专科", "农村"),
        ("中共党员", "中专/技校", "城镇"),
        ("共青团员", "自学成才", ""),
    ]


def test_the_member_form_offers_the_choices(world, client):
    client.force_login(world.officers[Role.Kind.SECRETARY])
    page = client.get(reverse("members:member_create")).content.decode()
    for name, word in (
        ("political_status", "中共预备党员"),
        ("education", "大学本科"),
        ("household_type", "农村"),
        ("skill_level", "高级技师"),
    ):
        assert f'<select name="{name}"' in page
        assert f'<option value="{word}">' in page


def test_the_roll_import_maps_and_refuses_at_the_column(world):
    good = make_resident_id(region="330481", birth_date=date(1980, 1, 2), sequence=11)
    odd = make_resident_id(region="330481", birth_date=date(1981, 1, 2), sequence=13)
    csv = (
        f"姓名,身份证号码,入会日期,政治面貌,学历\n"
        f"张三,{good},2020-01-01,党员,大专\n李四,{odd},2020-01-01,群众,自学成才\n"
    )
    check = check_roll(file=io.BytesIO(csv.encode()), file_name="r.csv", union=world.union_a)
    first, second = check.rows
    assert first.verdict == "accepted"
    assert (first.data["political_status"], first.data["education"]) == ("中共党员", "大学专科")
    assert second.verdict == "rejected"
    assert "E列" in second.reason and "自学成才" in second.reason
