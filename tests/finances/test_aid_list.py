"""Aid to many people in one step: `manage.py import_aid` and the list page check every row as a single
payment is checked, name each bad row at its row and column, and pay all (each with its voucher, or a
draft where the chair approves first) or nothing."""

import contextlib
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from finances import relief_selectors, selectors
from finances.models import AidPayment, BookRules, DraftVoucher, Fund, Voucher
from members.idcard import make_resident_id
from tests.factories import RoleFactory
from tests.finances.factories import FundFactory, officer
from tests.members.factories import MemberFactory
from unionhub.models import Role, User

pytestmark = pytest.mark.django_db

HEADERS = ["序号", "姓名", "身份证号", "受助人类别", "学段", "学校", "金额", "日期", "事由", "所属会员"]
ON = "2026-09-01"


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年金秋助学发放名单"])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def students(count: int) -> list[list]:
    return [
        [n, f"学生{n:02d}", None, "学生", "大学" if n % 2 else "高中", "嘉兴学院", 1000, ON, "金秋助学", None]
        for n in range(1, count + 1)
    ]


@pytest.fixture
def fund(world):
    return FundFactory(union=world.union_a, name="工会经费", kind=Fund.Kind.UNION_FUND)


def run(path, *extra, union="甲单位工会") -> list[str]:
    out = io.StringIO()
    with contextlib.suppress(CommandError):  # a rejected list ends the command with an error
        call_command("import_aid", str(path), "--union", union, "--fund", "工会经费", *extra, stdout=out)
    return out.getvalue().splitlines()


def test_nineteen_students_from_a_workbook_each_with_its_voucher(world, fund, tmp_path):
    path = tmp_path / "名单.xlsx"
    rows = students(19)
    rows[0][2] = make_resident_id(region="330421", birth_date=date(2006, 3, 1), sequence=7)  # a student's ID
    path.write_bytes(workbook([*rows, ["合计", None, None, None, None, None, 19000]]))
    assert run(path, "--dry-run")[-1] == "accepted: 19 rejected: 0"
    assert not AidPayment.objects.exists()
    assert run(path)[-1] == "accepted: 19 rejected: 0"
    paid = AidPayment.objects.filter(union=world.union_a)
    assert paid.count() == 19 == Voucher.objects.filter(aid_payment__in=paid).count()
    first = paid.get(beneficiary="学生01")
    assert (first.recipient, first.schooling, first.school, first.kind) == (
        "student",
        "university",
        "嘉兴学院",
        "schooling",
    )
    assert first.id_number == rows[0][2]  # typed for someone who is not a member: kept
    assert first.voucher.summary == "金秋助学：学生01"
    assert first.voucher.amount == Decimal("1000.00") and first.voucher.category.name == "困难职工帮扶"
    helped = relief_selectors.helped_in_all(selectors.standing(paid))
    assert (helped.people, helped.payments) == (19, 19)


def test_a_bad_row_is_named_at_its_row_and_column_and_nothing_is_saved(world, fund, tmp_path):
    member = MemberFactory(union=world.union_a, name="王会员")
    rows = [
        *students(3),  # rows 3-5: fine
        [4, "王会员", member.id_number, "会员", None, None, 800, ON, "生活救助", None],  # row 6: fine
        [5, "王小明", None, "会员子女", "初中", "一中", 500, ON, None, "王会员"],  # row 7: fine, by name
        [6, "李四", None, "学生", "幼儿园", None, 300, ON, None, None],  # row 8: no such stage
        [7, "赵五", None, "会员", None, None, 300, ON, None, None],  # row 9: a member without an ID
        [8, "钱六", None, "学生", None, None, "面议", ON, None, None],  # row 10: not an amount
        [9, "孙七", None, "会员子女", None, None, 300, ON, None, "查无此人"],  # row 11: no such member
        [10, "周八", None, "其他", "高中", None, 300, "2026-09", None, None],  # row 12: stage, month only
    ]
    path = tmp_path / "名单.xlsx"
    path.write_bytes(workbook(rows))
    lines = run(path)
    assert lines[-1] == "accepted: 5 rejected: 5"
    by_row = {int(m.group(1)): line for line in lines if (m := re.match(r"第(\d+)行：", line))}
    assert set(by_row) == {8, 9, 10, 11, 12}
    assert "E列“学段”" in by_row[8] and "C列“身份证号”" in by_row[9] and "G列“金额”" in by_row[10]
    assert "J列“所属会员”" in by_row[11]
    assert "学段只适用于" in by_row[12] and "H列“日期”" in by_row[12]
    assert not AidPayment.objects.exists() and not Voucher.objects.exists()


def test_a_township_pays_a_village_member_and_a_child_waits_for_the_chair(world, tmp_path):
    """The union above reaches its unions' members; where the chair approves first, each row is a draft."""
    FundFactory(union=world.system, name="工会经费")
    officer(world.system, user__username="sys-treasurer")
    BookRules.objects.create(union=world.system, approve_first=True)
    parent = MemberFactory(union=world.union_a, name="村民甲")
    rows = [
        [1, "村民甲", parent.id_number, "会员", None, None, 600, ON, None, None],
        [2, "村民甲之子", None, "会员子女", "小学", None, 400, ON, None, parent.id_number],
    ]
    path = tmp_path / "名单.xlsx"
    path.write_bytes(workbook(rows))
    assert run(path, union="测试系统工会")[-1] == "accepted: 2 rejected: 0"
    drafts = DraftVoucher.objects.filter(union=world.system, kind=DraftVoucher.Kind.AID).order_by("pk")
    assert [d.details["member"] for d in drafts] == [parent.pk, parent.pk]
    assert drafts[1].details["schooling"] == "primary" and not AidPayment.objects.exists()


def test_the_list_page_previews_then_pays_the_grid(world, client, fund):
    member = MemberFactory(union=world.group_a, name="组员")
    client.force_login(world.officers[Role.Kind.TREASURER])
    url = reverse("finances:aid_batch") + f"?union={world.union_a.pk}"
    grid = {
        "fund": fund.pk,
        "date": ON,
        "kind": "",
        "recipient": "学生",
        "rows": "3",
        "row-0-name": "甲生",
        "row-0-schooling": "大学",
        "row-0-amount": "1000",
        "row-1-name": "组员",
        "row-1-recipient": "会员",
        "row-1-id_number": member.id_number,
        "row-1-amount": "500",
        "row-2-name": "",
    }
    response = client.post(url, {**grid, "check": "1"})
    assert response.status_code == 200 and b"aid-batch-confirm" in response.content
    assert not AidPayment.objects.exists()
    response = client.post(url, {**grid, "row-1-amount": "abc", "commit": "1"})
    assert "金额不是数字".encode() in response.content and not AidPayment.objects.exists()
    response = client.post(url, {**grid, "commit": "1"})
    assert response.status_code == 302
    assert sorted(AidPayment.objects.values_list("amount", flat=True)) == [Decimal("500"), Decimal("1000")]
    assert AidPayment.objects.get(member=member).date == date(2026, 9, 1)


def test_the_list_page_reads_a_workbook_into_the_grid(world, client, fund):
    client.force_login(world.officers[Role.Kind.TREASURER])
    upload = SimpleUploadedFile("名单.xlsx", workbook(students(2)))
    url = reverse("finances:aid_batch") + f"?union={world.union_a.pk}"
    response = client.post(url, {"fund": fund.pk, "date": ON, "recipient": "", "file": upload, "check": "1"})
    assert response.status_code == 200
    assert 'value="学生02"'.encode() in response.content and not AidPayment.objects.exists()


def test_a_union_without_funds_is_told_why(world, client):
    client.force_login(world.officers[Role.Kind.TREASURER])
    for name in ("finances:aid_create", "finances:aid_batch"):
        response = client.get(reverse(name) + f"?union={world.union_a.pk}")
        assert "尚未建立资金".encode() in response.content


def test_the_single_aid_form_of_the_union_above_reaches_the_members_below(world, client):
    FundFactory(union=world.system, name="工会经费")
    RoleFactory(union=world.system, kind=Role.Kind.TREASURER, user__username="sys-treasurer")
    MemberFactory(union=world.union_a, name="村会员")
    client.force_login(User.objects.get(username="sys-treasurer"))
    response = client.get(reverse("finances:aid_create") + f"?union={world.system.pk}")
    assert "村会员（甲单位工会）".encode() in response.content
