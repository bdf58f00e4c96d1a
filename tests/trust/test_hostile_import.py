"""The roll import against hostile files: too big, not what they claim, zip bombs, formulas and HTML in
cells, random junk (property-based). Always a message at the field or a clean preview, never an error,
and nothing saved before the secretary confirms."""

import csv
import datetime
import functools
import io
import json
import time
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from members import rolls
from members.idcard import make_resident_id
from members.models import Member, RollImport
from tests.factories import RoleFactory
from tests.trust import measure
from tests.trust.hostile import HOSTILE_DATES, HOSTILE_TEXT, examples, writes
from unionhub import spreadsheets
from unionhub.models import Role
from unionhub.spreadsheets import Limits

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
    started = time.process_time()
    response = upload(client, world, zip_bomb)
    assert "解压后超过 200 MB" in field_error(response)
    assert time.process_time() - started < 5
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
        for row in load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(
            values_only=True
        )
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


# Control characters in a cell: the row is refused, the message names its column -----------------


def test_a_roll_cell_with_a_control_character_rejects_its_row_naming_the_column(world):
    ids = [make_resident_id(region="330100", birth_date=BORN, sequence=n) for n in (1, 3)]  # odd: men
    content = csv_bytes(
        [["张\x1b三", "男", ids[0], "", "", "机械\x0b厂"], ["李四", "男", ids[1], "", "", ""]]
    )
    check = rolls.check_roll(file=io.BytesIO(content), file_name="名册.csv", union=world.union_a)
    bad, good = check.rows
    assert (bad.row, bad.verdict, good.verdict) == (2, rolls.REJECTED, rolls.ACCEPTED), good.reason
    assert "含有不可见的控制字符，请在表格中删除后重新上传（A列“姓名”）" in bad.reason
    assert "含有不可见的控制字符，请在表格中删除后重新上传（F列“工作单位”）" in bad.reason


def test_a_payroll_cell_with_a_control_character_rejects_its_row_naming_the_column(world):
    from finances.wages import check_wages
    from tests.members.factories import MemberFactory

    member = MemberFactory(union=world.union_a)
    content = f"姓名,身份证号,工资基数\n{member.name}\x01,{member.id_number},5000\n".encode()
    check = check_wages(
        file=io.BytesIO(content),
        file_name="工资.csv",
        union=world.union_a,
        default_month=datetime.date(2026, 3, 1),
    )
    [row] = check.rejected
    assert row.row == 2 and "含有不可见的控制字符，请在表格中删除后重新上传（A列“姓名”）" in row.reason


def test_a_voucher_cell_with_a_control_character_rejects_its_row_naming_the_column(world, monkeypatch):
    from finances import imports

    sheets = {
        imports.OPENINGS: [(1, ["资金名称", "是否专项", "库存现金"]), (2, ["工会\x0b经费", "否", 500])],
        imports.VOUCHERS: [
            (1, ["日期", "摘要", "科目编码", "资金名称", "收入金额", "支出金额"]),
            (2, [datetime.date(2025, 1, 15), "1月\x1b会费", "401", "工会经费", 1200, None]),
        ],
    }
    monkeypatch.setattr(imports, "read_workbook", lambda file, unknown_sheets=None: sheets)
    check = imports.check_workbook(file=io.BytesIO(b"x"), file_name="账.xlsx", union=world.union_a)
    reasons = [str(problem) for problem in check.problems]
    assert any(
        "期初余额第2行" in reason and "A列“资金名称”含有不可见的控制字符" in reason for reason in reasons
    )
    assert any("凭证第2行" in reason and "B列“摘要”含有不可见的控制字符" in reason for reason in reasons)


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
    result = measure.in_fresh_process("roll", content, "名册.xlsx", tmp_path)
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
    started = time.process_time()
    error = field_error(upload(client, world, content()))
    assert "XML" in error or "无法读取" in error
    assert time.process_time() - started < 5
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
    message, within a second or two of this process's CPU, never an error. (CPU time, not the clock:
    what a hostile sheet costs is work, and a loaded test machine must not make it look costly.)"""
    rows: dict[int, list[str]] = {}
    for row, column in sorted(cells):
        rows.setdefault(row, []).append(text_cell(f"{column_letters(column)}{row}", text))
    sheet = HEADER_ROW + "".join(
        f'<row r="{row}">{"".join(row_cells)}</row>' for row, row_cells in rows.items() if row > 1
    )
    content = roll_with_sheet(sheet, dimension=dimension)
    started = time.process_time()
    try:
        read = list(rolls.read_table(io.BytesIO(content), "名册.xlsx"))
    except rolls.RollFileError as error:
        assert str(error)
    else:
        assert len(read) <= rolls.LIMITS.max_rows
        assert all(len(values) <= rolls.LIMITS.max_columns for _number, values in read)
    assert time.process_time() - started < 2


# Memory bombs within the size limits (the third outside probe) -----------------------------------
#
# Each bomb below is refused before the step it would blow up, and what the refusal costs is
# measured: the probe's own files in one fresh process (`measure.all_in_fresh_process`: every byte,
# Pillow's and expat's too), the many small files the property-based tests draw with tracemalloc.

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
PEAK_MB = 300  # what no upload may take a worker to
STYLES_OF_EVERY_WORKBOOK = 5  # a font, a fill, a border, a style's format and the style itself


def styles_xml(formats: int, varied: bool = False) -> bytes:
    """A styles.xml declaring `formats` cell formats; `varied` ones compress like a real stylesheet
    (the probe's identical ones compress 340 times and are refused for that before they are counted)."""
    head = (
        f'<styleSheet {NS}><fonts count="1"><font/></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
        f'<cellXfs count="{formats}">'
    )
    if varied:
        body = "".join(
            f'<xf numFmtId="{n % 50}" fontId="0" fillId="0" borderId="0" xfId="0">'
            f'<alignment indent="{n % 251}" textRotation="{n % 181}"/></xf>'
            for n in range(formats)
        )
    else:
        body = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * formats
    tail = '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    return (head + body + tail + "</styleSheet>").encode()


def style_bomb(formats: int, varied: bool = False) -> bytes:
    return rewritten(xlsx([["张三", "男", "", "", "", ""]]), {"xl/styles.xml": styles_xml(formats, varied)})


def giant_cell(length: int, *, shared: bool) -> bytes:
    """A roll whose name in row 2 (column A) is `length` characters, written in the cell or in the
    shared strings."""
    text = "王" * length
    if shared:
        return with_shared_strings(SST + f"<si><t>{text}</t></si></sst>")
    return roll_with_sheet(HEADER_ROW + f'<row r="2">{text_cell("A2", text)}</row>')


def png_of(width: int, height: int, *, alpha: bool = False, rows: bool = True) -> bytes:
    """A PNG of that size written row by row (never whole in memory); without `rows` only its header
    and a token of data: Pillow reads the size from the header either way."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    packer = zlib.compressobj(9)
    row = b"\x00" * (1 + width * (4 if alpha else 3))
    data = b"".join(packer.compress(row) for _ in range(height if rows else 1)) + packer.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


CSV_HEADER = "姓名,身份证号码".encode()


@functools.cache
def probe_files() -> dict[str, tuple[str, bytes, str]]:
    """The outside probe's files (and a stylesheet that compresses like a real one), as uploaded."""
    style_bomb_file = style_bomb(1_500_000)  # 275 KB declaring 1.5 million formats: 93 MB unpacked
    giant_string = with_shared_strings(SST + "<si><t>" + "x" * 95_000_000 + "</t></si></sst>")
    counted = style_bomb(60_000, varied=True)
    return {
        "style bomb, roll": ("roll", style_bomb_file, "名册.xlsx"),
        "style bomb, vouchers": ("vouchers", style_bomb_file, "账.xlsx"),
        "counted style bomb, roll": ("roll", counted, "名册.xlsx"),
        "counted style bomb, vouchers": ("vouchers", counted, "账.xlsx"),
        "giant string, roll": ("roll", giant_string, "名册.xlsx"),
        "giant string, vouchers": ("vouchers", giant_string, "账.xlsx"),
        "empty lines": ("roll", CSV_HEADER + b"\n" * 12_000_000, "名册.csv"),
        "a line of commas": ("roll", b"," * 15_000_000, "名册.csv"),
        "pixel bomb": ("image", png_of(8940, 8940), "发票.png"),
    }


@pytest.fixture(scope="module")
def probed(tmp_path_factory) -> dict[str, dict]:
    """Each probe file read in one fresh process: its verdict, the peak so far, its seconds."""
    files = probe_files()
    results = measure.all_in_fresh_process(list(files.values()), tmp_path_factory.mktemp("probes"))
    return dict(zip(files, results, strict=True))


def refused_cheaply(result: dict, message: str) -> None:
    assert result["verdict"].startswith("refused") and message in result["verdict"], result
    assert result["peak_mb"] < 200 and result["growth_mb"] < 60 and result["seconds"] < 3, result


def test_the_probe_files_are_what_the_probe_sent():
    files = {name: content for name, (_kind, content, _file_name) in probe_files().items()}
    assert len(files["style bomb, roll"]) < 300_000 and len(files["giant string, roll"]) < 200_000
    unpacked = sum(
        part.file_size for part in zipfile.ZipFile(io.BytesIO(files["style bomb, roll"])).infolist()
    )
    assert 90_000_000 < unpacked < rolls.LIMITS.max_unpacked_bytes  # under the old limit: it got through
    assert len(files["pixel bomb"]) < 400_000


@pytest.mark.parametrize("kind", ["roll", "vouchers"])
def test_the_probes_style_bomb_is_refused_in_bounded_memory(probed, kind):
    """Before: openpyxl built the whole stylesheet, even read-only: 2.7 GB for 30 s."""
    refused_cheaply(probed[f"style bomb, {kind}"], "styles.xml")


@pytest.mark.parametrize("kind", ["roll", "vouchers"])
def test_a_stylesheet_of_too_many_formats_is_refused_by_their_count(probed, kind):
    refused_cheaply(probed[f"counted style bomb, {kind}"], "样式")


@pytest.mark.parametrize("kind", ["roll", "vouchers"])
def test_the_probes_giant_string_is_refused_unread(probed, kind):
    refused_cheaply(probed[f"giant string, {kind}"], "压缩比")


def test_a_csv_of_twelve_million_empty_lines_is_refused_at_the_row_limit(probed, client, world):
    """Before: every row was built before any was counted: 2.1 GB."""
    refused_cheaply(probed["empty lines"], "51000 行")
    _kind, content, name = probe_files()["empty lines"]
    assert "51000 行" in field_error(upload(client, world, content, name))
    assert not RollImport.objects.exists()


def test_a_csv_line_of_millions_of_commas_is_refused_before_it_is_split(probed):
    refused_cheaply(probed["a line of commas"], "第1行")


def test_the_probes_pixel_bomb_is_refused_from_its_header(probed):
    """Before: an 8940 × 8940 PNG of 310 KB took the thumbnailer to 1.09 GB."""
    refused_cheaply(probed["pixel bomb"], "8940×8940")


def test_the_measurement_sees_a_picture_decoded_and_the_largest_taken_stays_under_the_peak(tmp_path):
    """Just under the limit, the thumbnail is made and the measurement sees the decoding (so it would
    see a bomb's): the limit is what keeps the worker under 300 MB."""
    from unionhub.attachments import MAX_DECODED_BYTES

    height = MAX_DECODED_BYTES // 4 // 5000
    largest, over = measure.all_in_fresh_process(
        [("image", png_of(5000, height), "扫描件.png"), ("image", png_of(5000, height + 1), "扫描件.png")],
        tmp_path,
    )
    assert largest["verdict"].startswith("read a thumbnail"), largest
    assert largest["growth_mb"] > 80, largest  # the decoded picture is in the measurement
    assert largest["peak_mb"] < PEAK_MB and largest["seconds"] < 10, largest
    assert over["verdict"].startswith("refused"), over


def test_the_giant_string_is_never_echoed(client, world):
    """Before: the voucher import sent it back as a 99 MB error page, the roll import stored it in its
    preview (99.6 MB)."""
    giant_string = probe_files()["giant string, roll"][1]
    assert "压缩比" in field_error(upload(client, world, giant_string))
    assert not RollImport.objects.exists()
    page = vouchers_upload(client, world, giant_string)
    assert page.status_code == 200 and len(page.content) < 200_000
    assert "压缩比" in " ".join(page.context["form"].errors["file"])


def vouchers_upload(client, world, content: bytes):
    client.force_login(world.officers["treasurer"])
    file = io.BytesIO(content)
    file.name = "账.xlsx"
    return client.post(f"/finances/vouchers/import/?union={world.union_a.pk}", {"file": file})


@pytest.mark.parametrize("shared", [False, True], ids=["in-the-cell", "shared-string"])
def test_a_cell_too_long_is_refused_at_its_row_and_column(client, world, shared):
    error = field_error(upload(client, world, giant_cell(rolls.LIMITS.max_cell_chars + 1, shared=shared)))
    assert "第2行A列" in error and "2000" in error, error
    assert not RollImport.objects.exists()


def test_a_long_value_under_the_cell_limit_is_kept_short_in_messages_and_the_preview(client, world):
    content = xlsx([["名" * 1900, "男", "3" * 1900, "", "日" * 1900, "单" * 1900]])
    response = upload(client, world, content)
    assert response.status_code == 302
    (row,) = RollImport.objects.get().rows
    assert row["verdict"] == "rejected" and len(json.dumps(row, ensure_ascii=False)) < 2_000
    assert all(len(problem["message"]) < 200 for problem in row["problems"])
    page = vouchers_upload(
        client, world, voucher_book([["日" * 1900, "摘要", "501", "工会经费", "", "", "10"]])
    )
    assert page.status_code == 200 and "日日日" in page.content.decode()
    assert "日" * 100 not in page.content.decode()


def voucher_book(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "凭证"
    sheet.append(["日期", "摘要", "科目编码", "资金名称", "结算方式", "收入金额", "支出金额"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_traced_measurement_sees_what_a_parse_allocates():
    """The property-based tests below trust tracemalloc: it sees a parse that keeps its rows."""
    content = csv_bytes([["张三", "男", "x" * 100, "", "", ""]] * 5_000)

    def keep_every_row():
        return list(rolls.read_table(io.BytesIO(content), "名册.csv"))

    rows, peak_mb, _seconds = measure.traced(keep_every_row)
    assert len(rows) == 5_001 and peak_mb > 2


# The property-based hostile-file test draws bombs around each limit, at limits made small so that
# each file is small and quick; "far over" is still the probe's size where refusing is cheap.
SMALL = Limits(
    max_rows=300, max_columns=20, max_cells=3_000, max_cell_chars=50, max_styles=300, max_seconds=5
)


def around(limit: int, far: int) -> st.SearchStrategy[int]:
    return st.sampled_from([limit - 1, limit, limit + 1, far])


def bombs() -> st.SearchStrategy[tuple[str, bytes, bool]]:
    """(reader, file, whether it passes a limit)."""
    styles = around(SMALL.max_styles - STYLES_OF_EVERY_WORKBOOK, 30_000)
    chars = around(SMALL.max_cell_chars, 1_000_000)
    return st.one_of(
        styles.map(
            lambda n: ("xlsx", style_bomb(n, varied=True), n + STYLES_OF_EVERY_WORKBOOK > SMALL.max_styles)
        ),
        st.tuples(chars, st.booleans()).map(
            lambda c: ("xlsx", giant_cell(c[0], shared=c[1]), c[0] > SMALL.max_cell_chars)
        ),
        chars.map(
            lambda n: ("csv", CSV_HEADER + b"\n" + ("王" * n).encode() + b",x\n", n > SMALL.max_cell_chars)
        ),
        around(SMALL.max_rows, 2_000_000).map(lambda n: ("csv", CSV_HEADER + b"\n" * n, n > SMALL.max_rows)),
        around(SMALL.max_columns, 2_000_000).map(
            lambda n: ("csv", CSV_HEADER + b"," * (n - 2) + b"\n", n > SMALL.max_columns)
        ),
    )


@settings(max_examples=examples(30))
@given(bomb=bombs())
def test_bombs_around_every_limit_are_read_or_refused_in_bounded_memory_and_time(bomb):
    reader, content, over = bomb
    read = spreadsheets.read_xlsx_rows if reader == "xlsx" else spreadsheets.read_csv_rows

    def read_it():
        try:
            return sum(1 for _row in read(io.BytesIO(content), limits=SMALL))
        except spreadsheets.SpreadsheetError as error:
            return error

    verdict, peak_mb, seconds = measure.traced(read_it)
    assert isinstance(verdict, spreadsheets.SpreadsheetError) == over, (reader, len(content), verdict)
    # The file itself may be held once or twice; rows, strings or styles built whole would be more.
    assert peak_mb < 5 + 3 * len(content) / 1024**2, (verdict, peak_mb)
    assert seconds < 3, (verdict, seconds)


@settings(max_examples=examples(25))
@given(width=st.integers(1, 20_000), height=st.integers(1, 20_000), alpha=st.booleans())
def test_pictures_of_any_declared_size_are_refused_from_the_header_past_the_limit(width, height, alpha):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from unionhub.attachments import MAX_DECODED_BYTES, check_image

    upload = SimpleUploadedFile("图.png", png_of(width, height, alpha=alpha, rows=False))

    def check():
        try:
            check_image(upload)
        except ValidationError as error:
            return " ".join(error.messages)
        return None

    message, peak_mb, seconds = measure.traced(check)
    over = width * height * (8 if alpha else 4) > MAX_DECODED_BYTES
    assert (message is not None and "像素过大" in message) == over, (width, height, message)
    assert peak_mb < 5 and seconds < 1, (peak_mb, seconds)


# A preview is confirmed only by the person who made it, for the union it was made for -------------


def test_a_roll_preview_is_committed_only_by_its_uploader(client, world):
    person = make_resident_id(region="330100", birth_date=BORN, sequence=7)
    response = upload(client, world, xlsx([["李四", "男", person, "", "", ""]]))
    assert response.status_code == 302
    preview = response["Location"]
    above = Client()  # the secretary of the union above: keeps union A's roll, did not upload this
    above.force_login(RoleFactory(union=world.system, kind=Role.Kind.SECRETARY).user)
    refused = above.post(preview, follow=True)
    assert "只有上传这份名册的人可以确认导入" in refused.content.decode()
    assert not Member.objects.filter(id_number=person).exists()
    assert client.post(preview).status_code == 302
    assert Member.objects.filter(id_number=person, union=world.union_a).exists()
