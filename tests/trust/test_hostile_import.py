"""The roll import against hostile files: too big, not what they claim, zip bombs, formulas and HTML in
cells, random junk (property-based). Always a message at the field or a clean preview, never an error,
and nothing saved before the secretary confirms."""

import csv
import datetime
import io
import json
import os
import resource
import subprocess
import sys
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


# Sheets that lie about their size, and XML that is not what it claims ---------------------------

SHEET = "xl/worksheets/sheet1.xml"
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    )
    + "]>"
)


def rewritten(content: bytes, parts: dict[str, bytes]) -> bytes:
    """The workbook with some parts replaced or added (a part of None is dropped)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            if part.filename not in parts:
                target.writestr(part, source.read(part.filename))
        for name, data in parts.items():
            if data is not None:
                target.writestr(name, data)
    return out.getvalue()


def roll_with_sheet(sheet_data: str, dimension: str = "A1:F2") -> bytes:
    """A real roll whose sheet1.xml is swapped for one with this <sheetData> and declared dimension."""
    content = xlsx(
        [["张三", "男", make_resident_id(region="330100", birth_date=BORN, sequence=1), "", "", ""]]
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>'
    )
    return rewritten(content, {SHEET: sheet.encode()})


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = f'<row r="1">{text_cell("A1", "姓名")}{text_cell("B1", "身份证号码")}</row>'
FAR_CELL = '<row r="1048576"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'


def measured_read(content: bytes, tmp_path) -> dict:
    """Read `content` as a roll in a fresh Python process (under a 2 GB address-space cap, so that
    a regression ends in MemoryError rather than in the machine's swap): its verdict, peak memory
    and time."""
    path = tmp_path / "名册.xlsx"
    path.write_bytes(content)
    script = f"""
import json, time
import django
django.setup()
from members.rolls import RollFileError, read_table


def peak_mb():  # this process's own high-water mark (ru_maxrss would include the parent's at fork)
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


before = peak_mb()
started = time.monotonic()
try:
    with open({str(path)!r}, "rb") as file:
        rows = list(read_table(file, "名册.xlsx"))
    verdict = "read %d rows" % len(rows)
except RollFileError as error:
    verdict = "refused: " + str(error)
print(json.dumps({{"verdict": verdict, "seconds": time.monotonic() - started,
                  "peak_mb": peak_mb(), "growth_mb": peak_mb() - before}}))
"""

    def cap_memory():
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap_memory,  # noqa: PLW1509 - no threads in the test process's fork path
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "unionhub.test_settings"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (HEADER_ROW + FAR_CELL.format(ref="XFD1048576"), "行"),
        (HEADER_ROW + FAR_CELL.format(ref="A1048576"), "行"),
        (HEADER_ROW + '<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>', "列"),
    ],
    ids=["XFD1048576", "A1048576", "XFD2"],
)
def test_a_sheet_declaring_a_million_rows_is_refused_quickly_in_bounded_memory(tmp_path, sheet, message):
    """The 4.9 KB file of the outside probe: before, every row was padded to the declared
    A1:XFD1048576 before the row limit was checked, and the worker reached 1.6 GB."""
    content = roll_with_sheet(sheet, dimension="A1:XFD1048576")
    assert len(content) < 10_000
    result = measured_read(content, tmp_path)
    assert result["verdict"].startswith("refused") and message in result["verdict"], result
    assert result["peak_mb"] < 200, result  # Django and the app loaded: about 120 MB
    assert result["growth_mb"] < 30, result
    assert result["seconds"] < 5, result


def test_a_declared_dimension_far_beyond_the_cells_pads_nothing(client, world):
    """A sheet may declare more than it holds (some generators do): the real cells are read."""
    person = make_resident_id(region="330100", birth_date=BORN, sequence=5)
    row = f'<row r="2">{text_cell("A2", "李四")}{text_cell("B2", person)}</row>'
    response = upload(client, world, roll_with_sheet(HEADER_ROW + row, dimension="A1:XFD1048576"))
    assert response.status_code == 302
    (verdict,) = RollImport.objects.get().rows
    assert verdict["data"]["name"] == "李四"


BILLION_LAUGHS_SHEET = (
    LAUGHS
    + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    + HEADER_ROW
    + '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def with_shared_strings(strings_xml: str) -> bytes:
    """A roll whose second row's name is shared string 0 of this sharedStrings.xml."""
    content = roll_with_sheet(HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>')
    archive = zipfile.ZipFile(io.BytesIO(content))
    types = archive.read("[Content_Types].xml").decode()
    types = types.replace(
        "</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/></Types>',
    )
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdS" Type="{SHARED_STRINGS_REL}" Target="sharedStrings.xml"/></Relationships>',
    )
    return rewritten(
        content,
        {
            "[Content_Types].xml": types.encode(),
            "xl/_rels/workbook.xml.rels": rels.encode(),
            "xl/sharedStrings.xml": strings_xml.encode(),
        },
    )


SST = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'


def test_shared_strings_are_read_when_honest(client, world):
    """The shared-strings file the entity bomb goes into works when it holds plain strings."""
    content = with_shared_strings(SST + "<si><t>王五</t></si></sst>")
    response = upload(client, world, content)
    assert response.status_code == 302  # a preview; the row lacks an ID number and is refused there
    (verdict,) = RollImport.objects.get().rows
    assert verdict["data"]["name"] == "王五" and verdict["verdict"] == "rejected"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda: rewritten(xlsx([]), {SHEET: BILLION_LAUGHS_SHEET.encode()}), id="sheet1.xml"),
        pytest.param(
            lambda: with_shared_strings(LAUGHS + SST + "<si><t>&lol9;</t></si></sst>"), id="sharedStrings"
        ),
    ],
)
def test_an_xml_entity_bomb_is_refused_with_a_message(client, world, content):
    started = time.monotonic()
    error = field_error(upload(client, world, content()))
    assert "XML" in error or "无法读取" in error
    assert time.monotonic() - started < 5
    assert not RollImport.objects.exists()


@pytest.mark.parametrize(
    "part",
    [
        pytest.param({SHEET: b"<worksheet><sheetData><row r='1'><c r='A1'"}, id="truncated-sheet"),
        pytest.param({SHEET: b"\xff\xfe not xml at all"}, id="binary-sheet"),
        pytest.param({SHEET: None}, id="missing-sheet"),
        pytest.param({"xl/workbook.xml": b"<workbook><sheets><sheet"}, id="truncated-workbook"),
        pytest.param({"xl/styles.xml": b"<styleSheet><<"}, id="broken-styles"),
    ],
)
def test_malformed_xml_in_a_workbook_is_refused_with_a_message(client, world, part):
    content = rewritten(xlsx([["张三", "男", "", "", "", ""]]), part)
    assert "无法读取" in field_error(upload(client, world, content))
    assert not RollImport.objects.exists()


def test_openpyxl_parses_with_defusedxml():
    """requirements.txt pins defusedxml; openpyxl then forbids entities in every part it parses
    with the standard library (a second guard behind unionhub.spreadsheets' own scan)."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


DIMENSIONS = ["A1:XFD1048576", "A1:F2", "A1", "", "XFD1048576", "A0:B-1", "ZZZZ99999999", "A1:A1048577"]
positions = st.tuples(
    st.one_of(st.integers(1, 60), st.integers(50_990, 51_010), st.integers(1, 1_048_576)),
    st.one_of(st.integers(1, 8), st.integers(195, 205), st.integers(1, 16_384)),
)


@settings(max_examples=examples(25))
@given(
    dimension=st.sampled_from(DIMENSIONS),
    cells=st.lists(positions, min_size=0, max_size=6, unique=True),
    text=st.sampled_from(["张三", "=1+1", "", "x" * 300]),
)
def test_sheets_of_any_declared_and_real_shape_are_read_or_refused_quickly(dimension, cells, text):
    """Whatever a sheet declares and wherever its cells are: its rows (never past the limits) or a
    message, within a second, never an error."""
    rows: dict[int, list[str]] = {}
    for row, column in sorted(cells):
        rows.setdefault(row, []).append(text_cell(f"{column_letters(column)}{row}", text))
    sheet = HEADER_ROW + "".join(
        f'<row r="{row}">{"".join(row_cells)}</row>' for row, row_cells in rows.items() if row > 1
    )
    content = roll_with_sheet(sheet, dimension=dimension)
    started = time.monotonic()
    try:
        read = list(rolls.read_table(io.BytesIO(content), "名册.xlsx"))
    except rolls.RollFileError as error:
        assert str(error)
    else:
        assert len(read) <= rolls.LIMITS.max_rows
        assert all(len(values) <= rolls.LIMITS.max_columns for _number, values in read)
    assert time.monotonic() - started < 2
