"""The roll import against hostile files: too big, not what they claim, zip bombs, formulas and HTML in
cells, random junk (property-based). Always a message at the field or a clean preview, never an error,
and nothing saved before the secretary confirms."""

import csv
import datetime
import io
import time
import zipfile

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from members import rolls
from members.idcard import make_resident_id
from members.models import Member, RollImport
from tests.trust.hostile import HOSTILE_DATES, HOSTILE_TEXT, examples, writes

pytestmark = pytest.mark.django_db

BORN = datetime.date(1985, 6, 1)
HEADERS = ["姓名", "性别", "身份证号码", "手机号码", "入会日期", "工作单位"]


def upload(client, world, content: bytes, name: str = "名册.xlsx"):
    client.force_login(world.officers["secretary"])
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("members:import_upload"), {"union": world.union_a.pk, "file": file})


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def field_error(response) -> str:
    assert response.status_code == 200
    return " ".join(response.context["form"].errors.get("file", []))


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A real .xlsx whose sheet is 400 MB of XML (mostly spaces) packed into about half a megabyte."""
    source = zipfile.ZipFile(
        io.BytesIO(
            xlsx([["张三", "男", make_resident_id(region="330100", birth_date=BORN, sequence=1), "", "", ""]])
        )
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(part, data)
                continue
            head, tail = data.split(b"<sheetData>")
            with bomb.open(part.filename, "w", force_zip64=True) as sheet:
                sheet.write(head + b"<sheetData>")
                chunk = b" " * (1024 * 1024)
                for _ in range(400):
                    sheet.write(chunk)
                sheet.write(tail)
    return out.getvalue()


def test_a_zip_bomb_is_refused_by_its_declared_size_without_being_unpacked(
    client, world, zip_bomb, monkeypatch
):
    assert len(zip_bomb) < 3 * 1024 * 1024
    declared = sum(part.file_size for part in zipfile.ZipFile(io.BytesIO(zip_bomb)).infolist())
    assert declared > 400 * 1024 * 1024
    opened = []
    real_open = zipfile.ZipFile.open

    def spying_open(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spying_open)
    started = time.monotonic()
    response = upload(client, world, zip_bomb)
    assert "解压后超过 200 MB" in field_error(response)
    assert time.monotonic() - started < 5
    assert "xl/worksheets/sheet1.xml" not in opened, "the sheet was inflated"
    assert not RollImport.objects.exists()


def test_an_ordinary_roll_is_far_below_the_unpacked_limit():
    rows = [
        [f"会员{n}", "男", make_resident_id(region="330100", birth_date=BORN, sequence=2 * n + 1), "", "", ""]
        for n in range(2000)
    ]
    content = xlsx(rows)
    unpacked = sum(part.file_size for part in zipfile.ZipFile(io.BytesIO(content)).infolist())
    assert unpacked * 25 < rolls.MAX_UNPACKED_BYTES  # 50,000 rows fit with room to spare


def test_a_file_over_twenty_megabytes_is_refused(client, world):
    huge = b"PK\x03\x04" + b"\x00" * (20 * 1024 * 1024 + 1)
    assert "文件太大" in field_error(upload(client, world, huge))
    assert not RollImport.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "名册.xlsx", "无法读取这个 Excel 文件"),
        (b"%PDF-1.7\n" + b"x" * 500, "名册.xlsx", "无法读取这个 Excel 文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "名册.xlsx", "旧版 Excel"),
        (b"MZ\x90\x00" + b"\x00" * 500, "名册.exe", "只能导入 .xlsx 或 .csv"),
        (b"", "名册.xlsx", ""),
        (b"\xff\xfe\x00\x00garbage", "名册.csv", ""),
    ],
    ids=["png", "pdf", "xls", "exe", "empty", "binary-csv"],
)
def test_a_file_that_is_not_a_roll_is_explained_at_the_field(client, world, content, name, message):
    error = field_error(upload(client, world, content, name))
    assert error and message in error
    assert not RollImport.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_refused(client, world):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert "无法读取这个 Excel 文件" in field_error(upload(client, world, out.getvalue()))


def test_formulas_and_html_in_cells_stay_text_and_come_back_escaped(client, world):
    evil_name = "<script>alert('xss')</script>"
    formula = '=HYPERLINK("http://evil.example","点我")'
    ids = [make_resident_id(region="330100", birth_date=BORN, sequence=n) for n in (1, 3)]
    content = xlsx([[evil_name, "男", ids[0], "", "", ""], [formula, "男", ids[1], "", "", ""]])
    response = upload(client, world, content)
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert evil_name not in preview and "&lt;script&gt;" in preview
    assert client.post(response["Location"]).status_code == 302
    # HTML is kept as typed (and escaped on every page); a formula is no name: that row is refused.
    names = dict(Member.objects.filter(id_number__in=ids).values_list("id_number", "name"))
    assert names == {ids[0]: evil_name}
    (refused,) = [row for row in RollImport.objects.get().rows if row["verdict"] == "rejected"]
    assert refused["data"].get("id_number", ids[1]) == ids[1] and refused["problems"]
    # A formula typed on the site is exported as text for Excel.
    Member.objects.filter(id_number=ids[0]).update(name=formula)
    export = client.get(reverse("members:member_export"))
    cells = [
        cell
        for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
        for cell in row
    ]
    assert formula not in cells and "'" + formula in cells


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


cell = st.one_of(st.sampled_from(HOSTILE_TEXT + HOSTILE_DATES), st.text(max_size=30))


@settings(max_examples=examples(25))
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=8), min_size=1, max_size=6), as_xlsx=st.booleans())
def test_random_and_hostile_rows_are_checked_never_an_error_and_nothing_saved_before_confirming(
    client, world, rows, as_xlsx
):
    clean = [[ILLEGAL_CHARACTERS_RE.sub("", value) for value in row] for row in rows]
    content, name = (xlsx(clean), "名册.xlsx") if as_xlsx else (csv_bytes(rows), "名册.csv")
    members, before = Member.objects.count(), writes()
    response = upload(client, world, content, name)
    assert response.status_code in (200, 302)
    assert Member.objects.count() == members, "nothing is registered before the secretary confirms"
    if response.status_code == 200:
        assert field_error(response)
        assert writes() == before
    else:
        preview = client.get(response["Location"])
        assert preview.status_code == 200
        assert "<script>alert('xss')</script>" not in preview.content.decode()
        assert client.post(response["Location"]).status_code == 302
