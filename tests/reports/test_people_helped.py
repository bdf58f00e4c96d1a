"""People helped: one count (finances.relief_selectors.helped) told the same by the summary, the
dashboard, the review report and the aid list, and sentences that call each person what they are.

The township of issue 21: a member's child and eight students at university, ten pupils, all from the
金秋助学 fund; four members and a household that is not a member helped from 帮困基金."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from finances import relief_selectors
from finances.models import AidPayment, Fund
from finances.services import post_voucher, record_opening_balance, reverse_voucher
from finances.services.relief import pay_aid
from reports import dashboard, review, services
from reports.figures import collect_figures
from tests.factories import UnionFactory
from tests.finances.factories import FundFactory, category, officer
from tests.members.factories import MemberFactory
from unionhub.models import Role, Union

pytestmark = pytest.mark.django_db

YEAR = 2026


@dataclass
class Township:
    union: Union
    chair: object
    treasurer: object


def township() -> Township:
    town = UnionFactory(name="新埭镇总工会", kind=Union.Kind.TOWNSHIP, parent=None)
    treasurer = officer(town)
    members = [MemberFactory(union=town, join_date=date(2015, 1, 1)) for _ in range(4)]
    schooling = FundFactory(
        union=town,
        name="金秋助学专项资金",
        kind=Fund.Kind.HARDSHIP,
        restricted=True,
        opened_on=date(2024, 3, 1),
    )
    post_voucher(
        union=town,
        by=treasurer,
        date=date(YEAR, 7, 1),
        fund=schooling,
        category=category("上级补助收入"),
        amount=Decimal("11000"),
        summary="县总工会金秋助学补助",
    )

    def pay(fund, amount, day, **who):
        return pay_aid(
            union=town, by=treasurer, date=date(YEAR, *day), fund=fund, amount=Decimal(amount), **who
        )

    def student(name, stage, amount, school, **who):
        kind = AidPayment.Kind.SCHOOLING
        recipient = AidPayment.Recipient.CHILD if who else AidPayment.Recipient.STUDENT
        pay(
            schooling,
            amount,
            (8, 20),
            kind=kind,
            recipient=recipient,
            beneficiary=name,
            schooling=stage,
            school=school,
            **who,
        )

    # A member's child at university, recorded as 会员子女; eight university students and ten pupils.
    student("陈小明", AidPayment.Schooling.UNIVERSITY, "1000", "嘉兴学院", member=members[0])
    for i in range(8):
        student(f"大学生{i}", AidPayment.Schooling.UNIVERSITY, "1000", "浙江工业大学")
    for i in range(10):
        student(f"小学生{i}", AidPayment.Schooling.SCHOOL, "200", "新埭镇中心小学")
    hardship = FundFactory(
        union=town, name="帮困基金", kind=Fund.Kind.HARDSHIP, restricted=True, opened_on=date(2010, 1, 1)
    )
    record_opening_balance(fund=hardship, by=treasurer, date=date(YEAR, 1, 1), amount=Decimal("20000"))
    for i, member in enumerate(members):
        pay(hardship, "1000", (9, 1 + i), kind=AidPayment.Kind.LIVING, member=member)
    pay(hardship, "500", (12, 1), kind=AidPayment.Kind.LIVING, member=members[0])  # the same person again
    pay(
        hardship,
        "500",
        (9, 10),
        kind=AidPayment.Kind.LIVING,
        recipient=AidPayment.Recipient.OTHER,
        beneficiary="王阿大家庭",
    )
    mistake = pay(hardship, "800", (9, 11), kind=AidPayment.Kind.LIVING, member=members[1])
    reverse_voucher(voucher=mistake.voucher, by=treasurer, reason="重复发放")
    # A fund set up the next year: not in this year's summary.
    FundFactory(
        union=town, name="助残基金", kind=Fund.Kind.HARDSHIP, restricted=True, opened_on=date(YEAR + 1, 2, 1)
    )
    return Township(town, officer(town, Role.Kind.CHAIR), treasurer)


@pytest.fixture
def town():
    return township()


def summary_text(union: Union) -> str:
    summary = services.get_summary(union=union, year=YEAR)
    summary.as_of = date(YEAR, 12, 31)
    summary.save()
    return services.document_text(services.build_document(summary=summary))


def sentence_with(text: str, *needles: str) -> str:
    found = [s for s in re.split(r"[。\n]", text) if all(n in s for n in needles)]
    assert found, f"no sentence holds {needles}"
    return found[0]


def test_each_person_once_by_whom_they_are(town):
    aid = relief_selectors.aid_paid(union=town.union, year=YEAR)
    everyone = relief_selectors.helped_in_all(aid)
    assert everyone.by_whom == {"member": 4, "student": 19, "other": 1}
    assert everyone.people == 24 and everyone.payments == 25
    assert everyone.amount == Decimal("16000")
    students = relief_selectors.students_helped(aid)
    assert {stage: (h.people, h.amount) for (_kind, stage), h in students.items()} == {
        "university": (9, Decimal("9000")),
        "school": (10, Decimal("2000")),
    }
    # Counted up to a date: the December payment is a payment, not a person more.
    before = relief_selectors.helped_in_all(
        relief_selectors.aid_paid(union=town.union, year=YEAR, as_of=date(YEAR, 11, 30))
    )
    assert before.people == 24 and before.payments == 24


def test_several_groupings_in_one_pass_count_as_each_alone(town):
    aid = relief_selectors.aid_paid(union=town.union, year=YEAR)
    groupings = [("kind",), ("fund",), ("fund", "kind"), ()]
    together = relief_selectors.helped_by(aid, *groupings)
    assert together == [relief_selectors.helped_by(aid, grouping)[0] for grouping in groupings]
    assert together[3][None].people == 24 and len(together[1]) == 2
    assert sum(h.people for h in together[0].values()) >= 24  # each person once within a kind
    assert relief_selectors.helped_by(aid.filter(pk__in=[]), ("kind",), ()) == [{}, {}]


def test_the_summary_tells_students_by_stage_and_nobody_else_as_a_hardship_worker(town):
    text = summary_text(town.union)
    start = text.index("履行维护职能")
    rights = text[start : re.search(r"\n[一二三四五六七八九十]+、", text[start:]).start() + start]
    sentence_with(rights, "“金秋助学”", "大学生9名9000元", "中小学生10名2000元")
    assert "大学生1名" not in rights and "大学生8名" not in rights
    students = sentence_with(rights, "“金秋助学专项资金”")
    assert "困难职工" not in students and "学生19名" in students and "11000元" in students
    hardship = sentence_with(rights, "“帮困基金”")
    assert "困难职工4人" in hardship and "其他困难群众1人" in hardship and "5000元" in hardship
    sentence_with(rights, "帮扶救助资金16000元", "24人", "困难职工4人", "学生19名", "其他困难群众1人")
    # No stray point repeats money a sentence told: no 其他人员, and 11000元 is said once.
    assert "其他人员" not in text and "困难职工19人" not in text and "困难职工5人" not in text
    assert rights.count("11000元") == 1
    # The fund set up the next year is not in this year's summary.
    assert "助残基金" not in text
    assert "助残基金" not in str(collect_figures(union=town.union, year=YEAR)["restricted_funds"])


def test_summary_dashboard_review_and_aid_list_agree_on_people_helped(town, client):
    figures = collect_figures(union=town.union, year=YEAR)
    assert figures["aid_people"] == 24
    board = dict(dashboard.build(union=town.union, year=YEAR).figures)
    assert board["受助人数"] == "24人" and board["帮扶救助"] == "16,000.00元"
    report = review.collect_figures(union=town.union, year=YEAR)
    assert report["aid"]["people"] == 24 and report["aid"]["by_whom"] == figures["aid_by_whom"]
    written = review.write_sections(union=town.union, year=YEAR, figures=report)
    assert any("帮扶24人（困难职工4人、学生19名、其他困难群众1人）" in p for p in written["finances"])
    client.force_login(town.treasurer)
    body = client.get(reverse("finances:aid_list"), {"year": YEAR}).content.decode()
    assert "共救助 24 人 25 人次" in body


def test_a_person_is_a_member_or_a_name_with_the_member_or_union_that_reached_them(town):
    village = UnionFactory(name="新埭镇一村工会", kind=Union.Kind.VILLAGE, parent=town.union)
    fund = FundFactory(union=village, name="村帮困基金", kind=Fund.Kind.HARDSHIP, restricted=True)
    treasurer = officer(village)
    record_opening_balance(fund=fund, by=treasurer, date=date(YEAR, 1, 1), amount=Decimal("5000"))
    parent = MemberFactory(union=village)
    for name in ("小学生0", " 小学生0 ", "李一", "李二"):  # a name of the town's too; twice; two children
        pay_aid(
            union=village,
            by=treasurer,
            date=date(YEAR, 10, 1),
            fund=fund,
            kind=AidPayment.Kind.LIVING,
            amount=Decimal("100"),
            member=parent if name.startswith("李") else None,
            recipient=AidPayment.Recipient.CHILD if name.startswith("李") else AidPayment.Recipient.OTHER,
            beneficiary=name,
        )
    village_aid = relief_selectors.helped_in_all(relief_selectors.aid_paid(union=village, year=YEAR))
    assert village_aid.by_whom == {"child": 2, "other": 1} and village_aid.payments == 4
    # The village's 小学生0 is not the town's: a name is a person within the union that helped them.
    everyone = relief_selectors.helped_in_all(relief_selectors.aid_paid(union=town.union, year=YEAR))
    assert everyone.by_whom == {"member": 4, "student": 19, "child": 2, "other": 2}
    # The town's own books (the review report) leave the village out; the summary rolls it up.
    assert review.collect_figures(union=town.union, year=YEAR)["aid"]["people"] == 24
    assert collect_figures(union=town.union, year=YEAR)["aid_people"] == 27


def test_a_drive_and_a_fund_say_whom_they_helped():
    from reports.writer import drive_points, fund_points

    def text(points):
        return ["".join(fragment["text"] for fragment in point) for point in points]

    drive = {
        "title": "爱心助学",
        "kind": "appeal",
        "starts_on": f"{YEAR}-03-01",
        "union": "镇总工会",
        "own": True,
        "fund": "",
        "amount": "3000.00",
        "gifts": 3,
        "donors": 3,
        "paid": "2500.00",
        "paid_people": 3,
        "paid_by_whom": {"member": 1, "student": 2},
    }
    [said] = text(drive_points({"year": YEAR, "drives": [drive]}))
    assert said.endswith("当年从中救助困难职工1人、学生2名，共2500元。")
    fund = {
        "name": "助学基金",
        "kind": "hardship",
        "purpose": "",
        "opened": 2020,
        "union": "镇总工会",
        "own": True,
        "interest": "300.00",
        "income": "300.00",
        "paid": "2000.00",
        "people": 2,
        "by_whom": {"student": 2},
    }
    [said] = text(fund_points({"year": YEAR, "restricted_funds": [fund], "drives": []}))
    assert "困难职工" not in said and said.endswith(
        "开展帮扶救助，2026年取得利息收入300元，资助学生2名、共2000元。"
    )


def test_a_student_with_an_id_number_is_one_person_however_the_name_was_written():
    from django.core.exceptions import ValidationError

    from members.idcard import make_resident_id

    town = UnionFactory(kind=Union.Kind.TOWNSHIP, parent=None)
    treasurer = officer(town)
    fund = FundFactory(union=town, name="金秋助学", kind=Fund.Kind.HARDSHIP, restricted=True)
    record_opening_balance(fund=fund, by=treasurer, date=date(YEAR, 1, 1), amount=Decimal("5000"))
    number = make_resident_id(region="330421", birth_date=date(2007, 5, 1), sequence=12)
    student = {
        "union": town,
        "by": treasurer,
        "fund": fund,
        "kind": AidPayment.Kind.SCHOOLING,
        "recipient": AidPayment.Recipient.STUDENT,
        "schooling": AidPayment.Schooling.UNIVERSITY,
    }
    pay_aid(
        **student, date=date(YEAR, 3, 1), amount=Decimal(500), beneficiary="陈晓", id_number=number.lower()
    )
    pay_aid(
        **student,
        date=date(YEAR, 9, 1),
        amount=Decimal(500),
        beneficiary="陈 晓（嘉兴学院）",
        id_number=number,
    )
    pay_aid(**student, date=date(YEAR, 9, 2), amount=Decimal(500), beneficiary="陈晓")  # no number: by name

    assert AidPayment.objects.filter(id_number=number).count() == 2  # kept, written as the register writes it
    helped = relief_selectors.helped_in_all(relief_selectors.aid_paid(union=town, year=YEAR))
    assert (helped.people, helped.payments) == (2, 3)
    with pytest.raises(ValidationError) as refused:
        pay_aid(**student, date=date(YEAR, 9, 3), amount=Decimal(500), beneficiary="李四", id_number="330421")
    assert "id_number" in refused.value.message_dict
