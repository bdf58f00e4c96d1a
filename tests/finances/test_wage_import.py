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
from django.utils import timezone
from openpyxl import Workbook, load_workbook

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
        [5, "乙单位会员", stranger.id_number, 4000, "2026-03"],  # row 7: another union's member: skipped
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
    assert lines[-1] == "accepted: 3 rejected: 4 skipped: 1"
    assert "第7行：乙单位会员，不在本工会会员名册中，已跳过" in lines
    by_row = {
        int(m.group(1)): line
        for line in lines
        if (m := re.match(r"第(\d+)行：", line)) and int(m.group(1)) in EXPECTED
    }
    assert set(by_row) == set(EXPECTED)
    for row, words in EXPECTED.items():
        assert all(word in by_row[row] for word in words), by_row[row]

    client.force_login(world.officers[Role.Kind.TREASURER])
    url = reverse("finances:wage_import") + f"?union={world.union_a.pk}"
    response = client.post(
        url, {"file": SimpleUploadedFile("工资表.xlsx", payroll["content"]), "month": "2026-03"}
    )
    page = response.content.decode()
    assert "可导入 3 行，有问题 4 行，不在名册已跳过 1 行" in page
    table = page.split('id="wage-problems"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(\d+)</td>.*?</tr>", table, flags=re.S)
    assert [int(row) for row in rows] == sorted([*EXPECTED, 7])
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
    assert command_lines(path)[-1] == "accepted: 1 rejected: 0 skipped: 0"
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


# A payroll as HR sends it -------------------------------------------------------------------------


def hr_payroll(members, strangers) -> bytes:
    """A title, a two-row merged header (序号/姓名/身份证号 merged down, 应发项目 across three
    columns), five members, two people not on the roll and a 合计 row."""
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年3月工资发放表"])
    sheet.merge_cells("A1:G1")
    sheet.append(["序号", "姓名", "身份证号", "应发项目", None, None, "实发工资"])
    sheet.append([None, None, None, "基本工资", "绩效工资", "应发工资", None])
    for column in "ABCG":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("D2:F2")
    people = [(m.name, m.id_number) for m in members] + strangers
    for number, (name, id_number) in enumerate(people, start=1):
        sheet.append([number, name, id_number, 4000 + number, 3000, 7000 + number * 10, 6000])
    sheet.append(["合计", None, None, 28028, 21000, 49280, 42000])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_payroll_as_hr_sends_it_is_read_from_the_column_chosen(world, client, tmp_path):
    members = [MemberFactory(union=world.union_a) for _n in range(5)]
    first = members[0]
    month = timezone.localdate().replace(day=1)  # the command registers a file without 生效月份 for it
    WageBase.objects.create(
        member=first,
        amount=Decimal("7217.82"),
        effective_from=month,
        recorded_by=world.officers[Role.Kind.TREASURER],
    )
    content = hr_payroll(members, [("外聘甲", "110101199001011234"), ("外聘乙", "")])
    client.force_login(world.officers[Role.Kind.TREASURER])
    url = reverse("finances:wage_import") + f"?union={world.union_a.pk}"
    page = client.post(url, {"file": SimpleUploadedFile("工资.xlsx", content), "month": f"{month:%Y-%m}"})
    page = page.content.decode()
    # Both wage columns are there: the page says which it reads and names the other.
    assert "工资基数读自应发工资（F列）。表中另有基本工资（D列）" in page
    # The treasurer chooses 应发工资 explicitly: each member's old → new base is shown.
    page = client.post(url, {"column": "应发工资"}).content.decode()
    assert "可导入 5 行，有问题 1 行，不在名册已跳过 1 行" in page  # 外聘乙 has no ID number
    assert 'id="wage-preview"' not in page  # a rejected row blocks the commit …
    problems = client.get(url + "&format=xlsx")  # … and the rows not imported download as a workbook
    rows = list(load_workbook(io.BytesIO(problems.content)).active.iter_rows(values_only=True))
    assert [(row[0], row[1]) for row in rows[1:]] == [(9, "外聘甲"), (10, "外聘乙")]
    assert problems["Content-Type"].startswith("application/vnd.openxmlformats")

    content = hr_payroll(members, [("外聘甲", "110101199001011234"), ("外聘乙", "110101199001015678")])
    client.post(url, {"file": SimpleUploadedFile("工资.xlsx", content), "month": f"{month:%Y-%m}"})
    page = client.post(url, {"column": "F"}).content.decode()
    assert "可导入 5 行，有问题 0 行，不在名册已跳过 2 行" in page
    preview = page.split('id="wage-preview"')[1].split("</table>")[0]
    assert f'<td>{first.name}</td><td class="money">7217.82</td><td class="money">7010.00</td>' in preview
    for number, member in enumerate(members[1:], start=2):
        assert (
            f'<td>{member.name}</td><td class="money">—</td><td class="money">{7000 + number * 10}.00</td>'
            in preview
        )
    path = tmp_path / "工资.xlsx"
    path.write_bytes(content)
    lines = command_lines(path, "--column", "应发工资")
    assert lines[-1] == "accepted: 5 rejected: 0 skipped: 2"
    assert f"第4行：{first.name}：7217.82 → 7010.00" in lines
    # The month already registered was corrected, not refused; the others recorded.
    amounts = dict(WageBase.objects.values_list("member__name", "amount"))
    assert amounts == {m.name: Decimal(7000 + n * 10) for n, m in enumerate(members, start=1)}
    assert WageBase.objects.count() == 5
