"""Reading an uploaded .xlsx safely: every import of the project (rolls, wages, vouchers) goes through
`read_xlsx_rows`, which refuses a hostile file with a message in Chinese before it costs memory.

An .xlsx is a zip of XML parts, and what it declares cannot be trusted: a 5 KB file can declare a
sheet of `A1:XFD1048576` (openpyxl's read-only mode then pads every row to 16,384 columns and every
missing row up to row 1,048,576: gigabytes), unpack to gigabytes (a zip bomb), or carry an XML entity
bomb ("billion laughs"). So, in this order, each check before the step it guards:

1. the sizes the archive declares (zipfile never inflates a part past its declared size);
2. the shared strings and the sheet are read once as a stream of XML events (constant memory):
   no DOCTYPE or entity is allowed (an .xlsx never has one), and the rows, columns and cells that
   are really there are counted against the limits, with a clock;
3. only then openpyxl reads the sheet, in read-only mode with its declared dimension dropped
   (`reset_dimensions`), so no row is padded beyond its last real cell; the same limits and clock
   are checked row by row as a second guard.

openpyxl parses with defusedxml when it is installed (requirements.txt pins it), which forbids
entities in the parts read with the standard library's parser as well.
"""

import re
import time
import zipfile
from dataclasses import dataclass
from typing import IO
from xml.parsers import expat

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from unionhub.control_characters import xml_text

CHUNK = 64 * 1024
CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


class SpreadsheetError(ValueError):
    """The file cannot be read as a workbook within the limits; the message says why, in Chinese."""


@dataclass(frozen=True)
class Limits:
    """What one upload may hold. The defaults fit a roll of 50,000 members with room to spare."""

    max_rows: int = 60_000  # the last row number, blank rows included
    max_columns: int = 200  # the last column that holds a cell
    max_cells: int = 3_000_000  # cells written in the sheet, and strings in the shared table
    max_unpacked_bytes: int = 200 * 1024 * 1024  # all parts of the archive, as it declares them
    max_seconds: float = 30.0


def unreadable() -> SpreadsheetError:
    return SpreadsheetError(_("无法读取这个 Excel 文件，文件可能已损坏或不是 .xlsx 格式。"))


def read_xlsx_rows(file: IO[bytes], *, limits: Limits = Limits()) -> list[tuple[int, list]]:
    """(row number, cell values) for every row of the first sheet, within `limits`, or SpreadsheetError.

    Rows come as openpyxl gives them (numbers, text, datetimes; formulas' cached values), each only
    as wide as its last written cell. `file` is rewound before and after.
    """
    clock = Clock(limits.max_seconds)
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            _check_unpacked_size(archive, limits)
            for part in archive.namelist():
                if part.lower().endswith("sharedstrings.xml"):
                    scan_part(archive, part, limits=limits, clock=clock)
        file.seek(0)
        workbook = load_workbook(file, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            with zipfile.ZipFile(file) as archive:
                # The part openpyxl will read for this sheet (a read-only worksheet's own attribute).
                scan_part(archive, sheet._worksheet_path, limits=limits, clock=clock)
            return _rows(sheet, limits=limits, clock=clock)
        finally:
            workbook.close()
    except SpreadsheetError:
        raise
    except Exception:  # noqa: BLE001 - any other failure on a hostile file is "unreadable", not a 500
        raise unreadable() from None
    finally:
        file.seek(0)


def _check_unpacked_size(archive: zipfile.ZipFile, limits: Limits) -> None:
    unpacked = sum(part.file_size for part in archive.infolist())
    if unpacked > limits.max_unpacked_bytes:
        raise SpreadsheetError(
            _("这个 Excel 文件解压后超过 %(size)d MB，拒绝读取。请只保留要导入的工作表。")
            % {"size": limits.max_unpacked_bytes // (1024 * 1024)}
        )


class Clock:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise SpreadsheetError(
                _("读取这个 Excel 文件超过 %(seconds)d 秒，文件过大或结构异常，请只保留要导入的工作表。")
                % {"seconds": self.seconds}
            )


def too_many_rows(limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(
        _("工作表超过 %(rows)d 行，请分成几个文件导入，并删除表格末尾的空行。") % {"rows": limits.max_rows}
    )


def too_many_columns(limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(
        _("工作表超过 %(columns)d 列，请删除表格右侧多余的列。") % {"columns": limits.max_columns}
    )


def too_many_cells(limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(
        _("工作表的单元格超过 %(cells)d 个，请分成几个文件导入。") % {"cells": limits.max_cells}
    )


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def scan_part(archive: zipfile.ZipFile, part: str, *, limits: Limits, clock: Clock) -> None:
    """Read one XML part as a stream of events in constant memory, and refuse it when it has a
    DOCTYPE or an entity, is not well-formed, or holds more rows, columns or cells than `limits`."""
    parser = expat.ParserCreate()
    counts = {"cells": 0, "row": 0, "column": 0}

    def forbidden(*_args):
        raise SpreadsheetError(_("这个 Excel 文件含有不允许的 XML 声明（DOCTYPE 或实体），拒绝读取。"))

    def start(name: str, attributes: dict) -> None:
        tag = name.rpartition(":")[2]
        if tag == "row":
            number = attributes.get("r", "")
            counts["row"] = int(number) if number.isascii() and number.isdigit() else counts["row"] + 1
            counts["column"] = 0
            if counts["row"] > limits.max_rows:
                raise too_many_rows(limits)
        elif tag in ("c", "si"):
            counts["cells"] += 1
            if counts["cells"] > limits.max_cells:
                raise too_many_cells(limits)
            if tag == "c":
                found = CELL_REF.fullmatch(attributes.get("r", ""))
                counts["column"] = column_number(found[1]) if found else counts["column"] + 1
                if found and int(found[2]) > limits.max_rows:
                    raise too_many_rows(limits)
                if counts["column"] > limits.max_columns:
                    raise too_many_columns(limits)
            if counts["cells"] % 10_000 == 0:
                clock.check()

    parser.StartDoctypeDeclHandler = forbidden
    parser.EntityDeclHandler = forbidden
    parser.ExternalEntityRefHandler = forbidden
    parser.StartElementHandler = start
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
                clock.check()
            parser.Parse(b"", True)
    except expat.ExpatError:
        raise unreadable() from None


def _rows(sheet, *, limits: Limits, clock: Clock) -> list[tuple[int, list]]:
    """The sheet's rows, trailing empty cells dropped; the limits checked again, row by row.

    `reset_dimensions` is the read-only worksheet's own way to ignore a wrong declared dimension.
    """
    sheet.reset_dimensions()  # the declared A1:XFD1048576 is not used to pad anything
    rows = []
    cells = 0
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > limits.max_rows:
            raise too_many_rows(limits)
        values = list(values)
        while values and values[-1] is None:
            values.pop()
        if len(values) > limits.max_columns:
            raise too_many_columns(limits)
        cells += len(values)
        if cells > limits.max_cells:
            raise too_many_cells(limits)
        if number % 1000 == 0:
            clock.check()
        rows.append((number, values))
    return rows


# Writing ----------------------------------------------------------------------------------------

# Text starting with one of these is run as a formula by Excel, WPS or LibreOffice (CSV/formula
# injection); a leading tab, CR or LF is skipped by some of them before they look for the "=".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value):
    """A value as it may go into an exported spreadsheet cell (xlsx or csv): numbers, dates and None
    as they are; text (a lazy translation too, which openpyxl refuses) without the characters XML
    cannot hold (unionhub.control_characters), and prefixed with an apostrophe when a spreadsheet
    program could run it as a formula, so it stays the text that was typed. Every export of the
    project writes its cells through this."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    value = xml_text(value)  # before the formula test: "\x01=1+1" is a formula once the \x01 is gone
    return "'" + value if value.startswith(FORMULA_STARTS) else value
