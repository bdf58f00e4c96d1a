"""The roll import passes over blank, 序号-only and 合计 rows, and gives its problem rows back as an
xlsx that the import reads again once corrected."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from members.idcard import make_resident_id
from members.models import Member, RollImport
from members.rolls import check_roll
from unionhub.models import Role

pytestmark = pytest.mark.django_db


def roll(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["交通局机关工会会员花名册"])
    sheet.append(["序号", "姓名", "身份证号码", "入会日期", "政治面貌"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ids(count):
    return [
        make_resident_id(region="330402", birth_date=date(1980 + n, 3, 4), sequence=11 + 2 * n)
        for n in range(count)
    ]


def test_blank_numbered_and_total_rows_are_no_problems(world):
    first, second = ids(2)
    content = roll(
        [
            [1, "张三", first, "2020-01-01", "群众"],
            [2, "李四", second, "2020-01-01", "党员"],
            [3, None, None, None, None],  # a numbered row nobody filled in
            [None, None, None, None, None],
            ["合计", "2人", None, None, None],
            ["  小计 ", None, None, None, None],
        ]
    )
    check = check_roll(file=io.BytesIO(content), file_name="r.xlsx", union=world.union_a)
    assert [row.row for row in check.rows] == [3, 4]
    assert all(row.verdict == "accepted" for row in check.rows)


def test_problem_rows_come_back_as_an_xlsx_to_correct(world, client):
    good, bad_id, other = ids(3)
    broken = bad_id[:-1] + ("0" if bad_id[-1] != "0" else "1")
    content = roll(
        [
            [1, "张三", good, "2020-01-01", "群众"],
            [2, "李四", broken, "2020-01-01", "群众"],
            [3, "王五", other, "2020-01-01", "什么派"],
            ["合计", None, None, None, None],
        ]
    )
    client.force_login(world.officers[Role.Kind.SECRETARY])
    response = client.post(
        reverse("members:import_upload"),
        {"union": world.union_a.pk, "file": SimpleUploadedFile("名册.xlsx", content)},
    )
    roll_import = RollImport.objects.get()
    assert response["Location"] == reverse("members:import_preview", args=[roll_import.pk])
    assert (roll_import.accepted_count, roll_import.rejected_count) == (1, 2)
    page = client.get(response["Location"]).content.decode()
    assert "format=xlsx" in page
    download = client.get(response["Location"], {"format": "xlsx"})
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(download.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[-2:] == ("原行号", "问题")
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"李四", "王五"}
    assert by_name["李四"][-2] == 4 and "C列" in by_name["李四"][-1]
    assert by_name["王五"][-2] == 5 and "什么派" in by_name["王五"][-1]

    # Corrected in the sheet, the same file goes back in.
    id_column = header.index("身份证号码") + 1
    political_column = header.index("政治面貌") + 1
    join_column = header.index("入会日期") + 1
    for row_number in range(2, sheet.max_row + 1):
        if sheet.cell(row_number, 1).value == "李四":
            sheet.cell(row_number, id_column).value = bad_id
        sheet.cell(row_number, political_column).value = "群众"
        sheet.cell(row_number, join_column).value = "2020-01-01"
    fixed = io.BytesIO()
    sheet.parent.save(fixed)
    check = check_roll(file=io.BytesIO(fixed.getvalue()), file_name="fixed.xlsx", union=world.union_a)
    assert [row.verdict for row in check.rows] == ["accepted", "accepted"], [r.reason for r in check.rows]
    assert not Member.objects.exists()
