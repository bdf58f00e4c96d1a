"""Wage bases from the payroll workbook: the page and `manage.py import_wages` give the same verdicts,
each problem at its row and column, blank and 合计 rows passed over, and all or nothing is recorded."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from finances.models import WageBase
from tests.factories import RoleFactory
from tests.members.factories import MemberFactory
from unionhub.models import Role

pytestmark = pytest.mark.django_db


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年3月工资表（工会会费基数）"])
    sheet.append(["序号", "姓名", "身份证号", "工资基数", "生效月份", "备注"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def payroll(world):
    people = [MemberFactory(union=world.union_a, name=name) for name in ("蔡海涛", "曹丹", "陈超", "陈佳")]
    group_member = MemberFactory(union=world.group_a, name="崔健")
    stranger = MemberFactory(union=world.union_b, name="乙单位会员")
    cai, cao, chen, jia = people
    rows = [
        [1, "蔡海涛", cai.id_number, 5230, "2026-03"],  # row 3: fine
        [2, "曹丹", cao.id_number, "6,100.50元", "2026年3月"],  # row 4: fine, written as people do
        [3, "陈超", chen.id_number, "面议", "2026-03"],  # row 5: not a number
        [4, "陈佳佳", jia.id_number, 4800, "2026-03"],  # row 6: the name does not match the register
        [5, "乙单位会员", stranger.id_number, 4000, "2026-03"],  # row 7: another union's member
        [6, "崔健", group_member.id_number, 3900, "2026-03"],  # row 8: a member of A's group: fine
        [7, None, None, None, None],  # row 9: only a 序号
        [None, None, None, None, None, None],  # row 10: blank
        ["合计", None, None, 29030.5, None],  # row 11: the total
        [8, "蔡海涛", cai.id_number, 5300, "2026-03"],  # row 12: the same member and month again
        [9, "陈超", chen.id_number, 4100, "三月"],  # row 13: no month one can read
    ]
    return {"content": workbook(rows), "people": people, "group_member": group_member}


EXPECTED = {
    5: ["D列", "不是数字"],
    6: ["B列", "姓名与名册不符"],
    7: ["C列", "名册中没有"],
    12: ["C列", "与第3行重复"],
    13: ["E列", "无法识别的月份"],
}


def command_lines(path, *extra) -> list[str]:
    out = io.StringIO()
    call_command("import_wages", str(path), "--union", "甲单位工会", *extra, stdout=out)
    return out.getvalue().splitlines()


def test_the_page_and_the_command_give_the_same_verdicts(world, client, payroll, tmp_path):
    path = tmp_path / "工资表.xlsx"
    path.write_bytes(payroll["content"])
    lines = command_lines(path, "--dry-run")
    assert lines[-1] == "accepted: 3 rejected: 5"
    by_row = {int(m.group(1)): line for line in lines if (m := re.match(r"第(\d+)行：", line))}
    assert set(by_row) == set(EXPECTED)
    for row, words in EXPECTED.items():
        assert all(word in by_row[row] for word in words), by_row[row]

    client.force_login(world.officers[Role.Kind.TREASURER])
    url = reverse("finances:wage_import") + f"?union={world.union_a.pk}"
    response = client.post(
        url, {"file": SimpleUploadedFile("工资表.xlsx", payroll["content"]), "month": "2026-03"}
    )
    page = response.content.decode()
    assert "可导入 3 行，有问题 5 行" in page
    table = page.split('id="wage-problems"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(\d+)</td>.*?</tr>", table, flags=re.S)
    assert [int(row) for row in rows] == sorted(EXPECTED)
    for line in by_row.values():
        reason = line.split("：", 1)[1]
        for part in reason.split("；"):
            assert part.replace("“", "&ldquo;") in page or part in page.replace("&ldquo;", "“").replace(
                "&rdquo;", "”"
            )
    # All or nothing: nothing was recorded, and the page offers no commit.
    assert not WageBase.objects.exists()
    assert 'name="commit"' not in page
    assert "accepted" not in command_lines(path)[-2]
    assert not WageBase.objects.exists()


def test_a_clean_workbook_is_recorded_whole_from_the_page(world, client, payroll):
    cai, cao, chen, jia = payroll["people"]
    content = workbook(
        [
            [1, "蔡海涛", cai.id_number, 5230, "2026-03"],
            [2, "曹丹", cao.id_number, "6,100.50", "2026-03"],
            [None, None, None, None, None],
            [3, None, chen.id_number, 4100, None],  # no name is fine; no month: the month chosen on the page
            ["合计", None, None, 15430.5, None],
        ]
    )
    client.force_login(world.officers[Role.Kind.TREASURER])
    url = reverse("finances:wage_import") + f"?union={world.union_a.pk}"
    page = client.post(
        url, {"file": SimpleUploadedFile("w.xlsx", content), "month": "2026-04"}
    ).content.decode()
    assert "可导入 2 行，有问题 1 行" in page  # the blank month cell is a problem when the column is there
    content = workbook(
        [
            [1, "蔡海涛", cai.id_number, 5230, "2026-03"],
            [2, "曹丹", cao.id_number, "6,100.50", "2026-03"],
            ["合计", None, None, 11330.5, None],
        ]
    )
    page = client.post(
        url, {"file": SimpleUploadedFile("w.xlsx", content), "month": "2026-04"}
    ).content.decode()
    assert "可导入 2 行，有问题 0 行" in page and 'name="commit"' in page
    response = client.post(url, {"commit": "1"})
    assert response.status_code == 302
    assert dict(WageBase.objects.values_list("member__name", "amount")) == {
        "蔡海涛": Decimal("5230.00"),
        "曹丹": Decimal("6100.50"),
    }
    assert set(WageBase.objects.values_list("effective_from", flat=True)) == {date(2026, 3, 1)}
    # The same file again changes nothing (each row already recorded).
    client.post(url, {"file": SimpleUploadedFile("w.xlsx", content), "month": "2026-04"})
    client.post(url, {"commit": "1"})
    assert WageBase.objects.count() == 2


def test_the_command_records_a_clean_workbook(world, payroll, tmp_path):
    cai, *_rest = payroll["people"]
    path = tmp_path / "w.xlsx"
    path.write_bytes(workbook([[1, "蔡海涛", cai.id_number, 5230, "2026-03"]]))
    assert command_lines(path)[-1] == "accepted: 1 rejected: 0"
    wage = WageBase.objects.get()
    assert wage.recorded_by == world.officers[Role.Kind.TREASURER]


def test_a_file_that_is_no_workbook_is_a_message(world, client):
    client.force_login(world.officers[Role.Kind.TREASURER])
    url = reverse("finances:wage_import") + f"?union={world.union_a.pk}"
    page = client.post(url, {"file": SimpleUploadedFile("w.xlsx", b"PK\x03\x04garbage"), "month": "2026-03"})
    assert page.status_code == 200
    assert "无法读取这个 Excel 文件" in page.content.decode()


def test_a_preview_is_committed_only_by_its_user_for_its_union(world, client, payroll):
    cai = payroll["people"][0]
    content = workbook([[1, "蔡海涛", cai.id_number, 5230, "2026-03"]])
    client.force_login(RoleFactory(union=world.system, kind=Role.Kind.TREASURER).user)
    url = reverse("finances:wage_import") + f"?union={world.union_a.pk}"
    page = client.post(url, {"file": SimpleUploadedFile("w.xlsx", content), "month": "2026-04"})
    assert 'name="commit"' in page.content.decode()
    elsewhere = client.post(
        reverse("finances:wage_import") + f"?union={world.union_b.pk}", {"commit": "1"}, follow=True
    )
    assert "没有待导入的工资表" in elsewhere.content.decode()
    other = Client()
    other.force_login(world.officers[Role.Kind.TREASURER])
    assert "没有待导入的工资表" in other.post(url, {"commit": "1"}, follow=True).content.decode()
    assert not WageBase.objects.exists()
    assert client.post(url, {"commit": "1"}).status_code == 302
    assert WageBase.objects.count() == 1
