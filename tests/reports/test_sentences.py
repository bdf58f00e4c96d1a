"""Sentences a chair signs are true and said once: no clause repeated within a summary, a union's
name not said twice in one entry, the signature naming the body that signs."""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from reports import services
from reports.chinese import repeated_clauses
from reports.models import AnnualSummary
from reports.phrases import chronicle_points, examples_sentence
from tests.factories import UnionFactory
from unionhub.models import Union

THIS_YEAR = timezone.localdate().year


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the module, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


def summary_text(union: Union, year: int) -> str:
    document = services.build_document(
        summary=AnnualSummary(union=union, year=year), with_changes_check=False
    )
    return services.document_text(document)


def test_repeated_clauses_finds_a_clause_said_twice():
    text = (
        "一是设立工会经费专账严格执行经费收支管理规定。二是设立工会经费专账严格执行经费收支管理规定；短句。"
    )
    assert repeated_clauses(text) == ["设立工会经费专账严格执行经费收支管理规定"]
    assert repeated_clauses("由局领导班子成员主讲的专题讲座，好；由局领导班子成员主讲的专题讲座。") == [
        "由局领导班子成员主讲的专题讲座"
    ]
    assert repeated_clauses("短句，短句，短句。") == []


@pytest.mark.parametrize("year", [THIS_YEAR - 1, THIS_YEAR])
def test_no_demo_summary_says_a_clause_twice(demo, db, year):
    found = {}
    for union in Union.objects.exclude(kind=Union.Kind.GROUP).order_by("path"):
        repeated = repeated_clauses(summary_text(union, year))
        if repeated:
            found[union.name] = repeated
    assert found == {}


def entry(text: str, union: str = "局机关工会", short: str = "局机关") -> dict:
    return {
        "date": "2026-02-06",
        "section": "organisation",
        "text": text,
        "union": union,
        "union_short": short,
    }


def told(points: list[list[dict]]) -> list[str]:
    return ["".join(f["text"] for f in point) for point in points]


def test_a_union_named_in_its_entry_is_not_prefixed_again():
    figures = {
        "chronicle": [
            entry("局机关四楼活动室确定为工会活动场地。"),
            entry("汽运公司工会开展第十个“募捐月”活动。", "通达汽运公司工会", "汽运公司"),
            entry("通达汽运公司工会召开职代会。", "通达汽运公司工会", ""),
            entry("四楼活动室确定为工会活动场地。"),
        ]
    }
    assert told(chronicle_points(figures, "organisation")) == [
        "2月6日，局机关四楼活动室确定为工会活动场地。",
        "2月6日，汽运公司工会开展第十个“募捐月”活动。",
        "2月6日，通达汽运公司工会召开职代会。",
        "2月6日，局机关工会四楼活动室确定为工会活动场地。",
    ]


def test_a_speaker_of_several_examples_is_named_once():
    acts = [
        {"title": f"专题讲座{i}", "date": f"2026-0{i}-01", "speaker": "局领导班子成员", "subject": ""}
        for i in (1, 2, 3)
    ]
    text = "".join(f["text"] for f in examples_sentence(acts))
    assert text.count("由局领导班子成员主讲") == 1
    assert text.endswith("均由局领导班子成员主讲。")
    acts[2]["speaker"] = "张教授"
    text = "".join(f["text"] for f in examples_sentence(acts))
    assert "其中“专题讲座1”“专题讲座2”均由局领导班子成员主讲" in text and "由张教授主讲" in text


@pytest.mark.django_db
def test_a_union_group_signs_as_itself_a_union_as_its_committee():
    base = UnionFactory(name="甲单位工会", kind=Union.Kind.BASE)
    group = UnionFactory(name="甲单位一班工会小组", kind=Union.Kind.GROUP, parent=base)
    assert base.signing_body == "甲单位工会委员会"
    assert group.signing_body == "甲单位一班工会小组"
    document = services.build_document(
        summary=AnnualSummary(union=group, year=2026), with_changes_check=False
    )
    assert document.signature == "甲单位一班工会小组"


@pytest.mark.django_db
def test_a_weekly_series_is_one_activity_in_the_summary_and_on_the_dashboard():
    from activities import services as activity_services
    from activities.models import Activity
    from reports.dashboard import build
    from tests.activities.factories import ActivityFactory

    union = UnionFactory(name="乡总工会", kind=Union.Kind.TOWNSHIP)
    activity_services.create_series(
        union=union,
        title="周五学习会",
        weekday=4,
        first_date=datetime.date(2025, 1, 1),
        kind=Activity.Kind.STUDY,
    )
    ActivityFactory(
        union=union, kind=Activity.Kind.LECTURE, title="工会法讲座", start_date=datetime.date(2025, 3, 3)
    )
    ActivityFactory(
        union=union, kind=Activity.Kind.SPORTS, title="拔河比赛", start_date=datetime.date(2025, 5, 1)
    )
    text = summary_text(union, 2025)
    assert "全年组织各类活动3项（其中每周例行活动1项，共52次）" in text
    assert "集中学习1项（含每周例行的“周五学习会”，共52次）" in text
    assert text.count("周五学习会") == 2  # the count and the example, never once per session
    assert dict(build(union=union, year=2025).figures)["活动"] == "3项（含每周例行1项，共52次）"
