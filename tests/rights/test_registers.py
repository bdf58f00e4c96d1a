"""A year recorded in each register is told in the summary; an empty register is told
("全年未发生…") only when the union marked it as kept for the year."""

import datetime
from decimal import Decimal

import pytest

from reports.figures import collect_figures
from reports.writer import write_sections
from rights.models import EducationSubsidy, KeptRegister
from tests.members.factories import MemberFactory
from tests.rights.factories import (
    ComplaintFactory,
    ContractFactory,
    DisputeFactory,
    InsuranceFactory,
    JobServiceFactory,
    MotionFactory,
    OpenAffairsFactory,
    StudyOutputFactory,
)

pytestmark = pytest.mark.django_db
YEAR = 2026


def summary_text(union) -> str:
    sections = write_sections(figures=collect_figures(union=union, year=YEAR))
    return "".join(f["text"] for s in sections for p in s["paragraphs"] for f in p)


def test_each_register_of_the_year_is_told_with_its_figures(world):
    a = world.union_a
    ContractFactory(union=a, employer="甲公司", workers_covered=120, wage_figure=Decimal("5.00"))
    MotionFactory(session__union=a, subject="改善职工食堂", action="食堂已完成改造")
    OpenAffairsFactory(union=a, subject="年度评先评优结果")
    DisputeFactory(union=a, workers=3, recovered=Decimal("18600.00"))
    ComplaintFactory(union=a, subject="加班费计算")
    JobServiceFactory(union=a, people=26, destination="宁波")
    StudyOutputFactory(union=a, words=12000)
    EducationSubsidy.objects.create(
        union=a,
        member=MemberFactory(union=a),
        date=datetime.date(2026, 9, 1),
        course="在职本科",
        amount=Decimal("2000.00"),
    )
    InsuranceFactory(union=a, members_covered=85, premium=Decimal("4250.00"))
    InsuranceFactory(union=a, year=2025, members_covered=70, premium=Decimal("3500.00"))  # another year

    text = summary_text(world.system)  # rolled up from the base union

    assert "全年签订集体合同1份" in text and "覆盖职工120人次" in text and "甲公司约定工资增长5%" in text
    assert (
        "召开职工代表大会1次" in text
        and "征集职工代表提案1件" in text
        and "“改善职工食堂”，食堂已完成改造" in text
    )
    assert "公开事项1项" in text and "“年度评先评优结果”" in text
    assert "受理劳动争议1件，涉及职工3人，调解成功1件，为职工挽回经济损失18600元" in text
    assert "收到信访投诉1件，已答复1件，反映的主要是加班费计算" in text
    assert "组织劳务输出26人次（主要去往宁波）" in text
    assert "会员撰写学习笔记1篇，共12000字" in text
    assert "为1名会员发放学习补助2000元" in text
    assert "参保会员85名，缴纳互助金4250元" in text
    assert "全年未发生" not in text


def test_an_empty_register_is_told_only_when_it_was_kept(world, client):
    assert "全年未发生" not in summary_text(world.union_a)  # keeps no register: says nothing

    client.force_login(world.officers["secretary"])
    response = client.post(
        "/registers/dispute/kept/", {"union": world.union_a.pk, "year": YEAR, "kept": "on"}
    )
    assert response.status_code == 302
    assert KeptRegister.objects.filter(union=world.union_a, year=YEAR, register="dispute").exists()

    text = summary_text(world.union_a)
    assert "全年未发生劳动争议" in text
    assert "信访和投诉" not in text  # the complaints register was not kept
    assert "全年未发生劳动争议" in summary_text(world.system)  # kept below, told above

    DisputeFactory(
        union=world.union_a, received_on=datetime.date(2026, 11, 2), closed_on=datetime.date(2026, 11, 9)
    )
    text = summary_text(world.union_a)
    assert "全年未发生劳动争议" not in text and "受理劳动争议1件" in text

    ComplaintFactory(union=world.union_a, received_on=datetime.date(2025, 6, 1), answered_on=None)
    KeptRegister.objects.create(union=world.union_a, year=YEAR, register="complaint")
    assert "全年未发生职工信访和投诉" in summary_text(world.union_a)  # last year's letter is not this year's


def test_lists_mask_the_parties_and_hide_another_union_s_records(world, client):
    DisputeFactory(union=world.union_a, applicant="张小明", respondent="某建筑公司")
    client.force_login(world.officers["secretary"])
    page = client.get("/registers/dispute/").content.decode()
    printed = client.get("/registers/dispute/?format=print").content.decode()
    assert "张*明" in page and "张小明" not in page
    assert "张*明" in printed and "张小明" not in printed
    client.force_login(world.outsider)
    assert "某建筑公司" not in client.get("/registers/dispute/").content.decode()
