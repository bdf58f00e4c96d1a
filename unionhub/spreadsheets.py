"""Reading an uploaded spreadsheet safely: every import of the project (rolls, wages, vouchers) reads
its .xlsx through `read_xlsx_sheets` (or `read_xlsx_rows`, the first sheet) and its .csv through
`read_csv_rows`, which refuse a hostile file with a message in Chinese before it costs memory or time.

An .xlsx is a zip of XML parts, and what it declares cannot be trusted: a 5 KB file can declare a
sheet of `A1:XFD1048576` (openpyxl's read-only mode then pads every row to 16,384 columns), a 275 KB
file can hold a styles.xml of 1.5 million cell formats (openpyxl builds the whole stylesheet, even
read-only: 2.7 GB), a 100 KB file one string of 95 MB, or an XML entity bomb ("billion laughs").
So, in this order, each check before the step it guards:

1. the archive's own directory: how many parts it has (read from its end record, before zipfile
   builds an object per part), what each part and all of them unpack to, and how far each is
   compressed (zipfile never inflates a part past its declared size);
2. every XML part is read once as a stream of XML events (constant memory), with a clock: no DOCTYPE
   or entity (an .xlsx never has one); by its root element, a sheet's rows, columns, cells and each
   cell's text, the shared strings' count and each one's length, the stylesheet's formats, fonts,
   fills and borders, and any other part's elements are counted against the limits;
3. only then openpyxl reads the workbook, read-only, each sheet with its declared dimension dropped
   (`reset_dimensions`), so no row is padded beyond its last real cell; the row limits and the clock
   are checked again row by row as a second guard.

`find_header` finds a table's header among its top rows, one row high or two (a payroll's merged
header). A .csv is read row by row, each physical line bounded, with the same row, column, cell and time
limits. A cell's text is never quoted back whole: messages quote `shown(value)`.

openpyxl parses with defusedxml when it is installed (requirements.txt pins it), which forbids
entities in the parts read with the standard library's parser as well.
"""

import codecs
import csv
import io
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import IO
from xml.parsers import expat

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from unionhub.control_characters import XML_ILLEGAL

CHUNK = 64 * 1024
CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
STYLE_TAGS = frozenset({"xf", "numFmt", "font", "fill", "border", "dxf", "cellStyle"})
# Parts no import parses (legacy drawings are often not even well-formed XML; pictures, VBA):
# only their size is checked, unless their content says they are XML after all.
UNPARSED_EXTENSIONS = (".vml", ".bin", ".png", ".jpg", ".jpeg", ".gif", ".emf", ".wmf", ".tif", ".bmp")
RATIO_FROM_BYTES = 1024 * 1024  # smaller parts may compress as far as they like


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet within the limits; the message says why, in Chinese."""


@dataclass(frozen=True)
class Limits:
    """What one upload may hold. The defaults fit a roll of 50,000 members with room to spare."""

    max_rows: int = 60_000  # the last row number, blank rows included
    max_columns: int = 200  # the last column that holds a cell
    max_cells: int = 3_000_000  # cells written in a sheet, and strings in the shared table
    max_cell_chars: int = 2_000  # the text of one cell (the longest field an import takes is 200)
    max_unpacked_bytes: int = 200 * 1024 * 1024  # all parts of the archive, as it declares them
    max_part_bytes: int = 10 * 1024 * 1024  # one part openpyxl reads whole (all but sheets and strings)
    max_parts: int = 2_000  # parts in the archive (a workbook has tens)
    max_ratio: int = 250  # how far one part may be compressed (real sheets: 5 to 50 times)
    max_styles: int = 20_000  # cell formats, fonts, fills, borders … in styles.xml (Excel stops at 64,000)
    max_elements: int = 200_000  # elements of any other XML part (the workbook, relations, a drawing)
    max_seconds: float = 20.0  # reading stops here, well before a web worker is killed (30 s)


def shown(value, limit: int = 40) -> str:
    """A cell's text as a message may quote it: its first `limit` characters, never a whole giant."""
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def unreadable() -> SpreadsheetError:
    return SpreadsheetError(_("无法读取这个 Excel 文件，文件可能已损坏或不是 .xlsx 格式。"))


class Clock:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise SpreadsheetError(
                _("读取这个文件超过 %(seconds)d 秒，文件过大或结构异常，请只保留要导入的数据。")
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


def too_long_cell(limits: Limits, row: int, column: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("第%(row)d行%(column)s列的单元格超过 %(count)d 个字，请删减后再上传。")
        % {
            "row": row,
            "column": get_column_letter(min(max(column, 1), 18_278)),
            "count": limits.max_cell_chars,
        }
    )


def too_big(limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(
        _("这个 Excel 文件解压后超过 %(size)d MB，拒绝读取。请只保留要导入的工作表。")
        % {"size": limits.max_unpacked_bytes // (1024 * 1024)}
    )


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


# Reading an .xlsx -------------------------------------------------------------------------------


def read_xlsx_rows(file: IO[bytes], *, limits: Limits = Limits()) -> list[tuple[int, list]]:
    """(row number, cell values) for every row of the first sheet, within `limits`, or SpreadsheetError."""
    sheets = read_xlsx_sheets(file, limits=limits, choose=lambda titles: titles[:1])
    if not sheets:
        raise unreadable()
    return next(iter(sheets.values()))


def read_xlsx_sheets(
    file: IO[bytes], *, limits: Limits, choose: Callable[[list[str]], list[str]]
) -> dict[str, list[tuple[int, list]]]:
    """Sheet title -> (row number, cell values) for the sheets `choose` picks from all titles (in the
    workbook's order), within `limits`, or SpreadsheetError.

    Rows come as openpyxl gives them (numbers, text, datetimes; formulas' cached values), each only
    as wide as its last written cell. `file` is rewound before and after.
    """
    clock = Clock(limits.max_seconds)
    file.seek(0)
    try:
        check_archive(file, limits)
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            scan_archive(archive, limits=limits, clock=clock)
        file.seek(0)
        workbook = load_workbook(file, read_only=True, data_only=True)
        try:
            sheets = {sheet.title: sheet for sheet in workbook.worksheets}
            return {title: _rows(sheets[title], limits=limits, clock=clock) for title in choose(list(sheets))}
        finally:
            workbook.close()
    except SpreadsheetError:
        raise
    except Exception:  # noqa: BLE001 - any other failure on a hostile file is "unreadable", not a 500
        raise unreadable() from None
    finally:
        file.seek(0)


def check_archive(file: IO[bytes], limits: Limits) -> None:
    """Step 1: the archive's directory, before any part is inflated."""
    # How many parts, from the end record: zipfile builds an object per part as it opens the archive.
    end = zipfile._EndRecData(file)  # noqa: SLF001 - the standard library's own reader of that record
    if end is None:
        raise unreadable()
    if end[zipfile._ECD_ENTRIES_TOTAL] > limits.max_parts:  # noqa: SLF001
        raise SpreadsheetError(
            _("这个 Excel 文件含有超过 %(count)d 个部件，不是正常的工作簿，拒绝读取。")
            % {"count": limits.max_parts}
        )
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        parts = archive.infolist()
    if sum(part.file_size for part in parts) > limits.max_unpacked_bytes:
        raise too_big(limits)
    for part in parts:
        if part.file_size > RATIO_FROM_BYTES and part.file_size > limits.max_ratio * max(
            part.compress_size, 1
        ):
            raise SpreadsheetError(
                _("这个 Excel 文件的“%(part)s”压缩比异常（超过 %(ratio)d 倍），拒绝读取。")
                % {"part": shown(part.filename), "ratio": limits.max_ratio}
            )


def scan_archive(archive: zipfile.ZipFile, *, limits: Limits, clock: Clock) -> None:
    """Step 2: every XML part read once as a stream, the shared strings first (a sheet's cell that
    points at an overlong string is named by its row and column)."""
    long_strings: set[int] = set()
    parts = sorted(archive.infolist(), key=lambda part: "sharedstrings" not in part.filename.lower())
    for part in parts:
        if part.is_dir():
            continue
        with archive.open(part) as stream:
            head = stream.read(CHUNK)
            if part.filename.lower().endswith(UNPARSED_EXTENSIONS) and not looks_like_xml(head):
                if part.file_size > limits.max_part_bytes:
                    raise part_too_big(part, limits)
                continue
            PartScan(part, limits=limits, clock=clock, long_strings=long_strings).read(head, stream)
    if long_strings:  # a string no sheet points at, or a table under another name: still read whole
        raise SpreadsheetError(
            _("这个 Excel 文件中有一段文字超过 %(count)d 个字，请删减后再上传。")
            % {"count": limits.max_cell_chars}
        )


def looks_like_xml(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or head.startswith((b"\xff\xfe", b"\xfe\xff"))


def part_too_big(part: zipfile.ZipInfo, limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(
        _("这个 Excel 文件的“%(part)s”部分超过 %(size)d MB，拒绝读取。")
        % {"part": shown(part.filename), "size": limits.max_part_bytes // (1024 * 1024)}
    )


class PartScan:
    """One XML part read once as a stream of events in constant memory, refused when it has a DOCTYPE
    or an entity, is not well-formed, or holds more than `limits` allow for a part of its kind, which
    its root element tells: a sheet (rows, columns, cells, each cell's text), the shared strings (how
    many, each one's length), the stylesheet (formats, fonts, fills, borders) or any other part (its
    elements; read whole by openpyxl, so its size too). Only counts are kept, never the text.

    The root element chooses the handlers for the rest of the part: a sheet of a million cells is
    three million events, and each handler is called for each of them."""

    def __init__(self, part: zipfile.ZipInfo, *, limits: Limits, clock: Clock, long_strings: set[int]):
        self.part, self.limits, self.clock = part, limits, clock
        self.long_strings = long_strings  # shared strings past max_cell_chars, by index
        self.elements = self.cells = self.styles = 0
        self.row = self.column = 0
        self.chars = 0  # text of the current cell or shared string
        self.loose = 0  # text outside any cell or shared string
        self.in_cell = False
        self.shared = False  # the current cell points at a shared string …
        self.value = ""  # … whose index this is
        self.in_value = False
        self.parser = expat.ParserCreate()

    def read(self, head: bytes, stream) -> None:
        parser = self.parser
        parser.StartDoctypeDeclHandler = self.forbidden
        parser.EntityDeclHandler = self.forbidden
        parser.ExternalEntityRefHandler = self.forbidden
        parser.StartElementHandler = self.root
        parser.CharacterDataHandler = self.loose_text
        try:
            chunk = head
            while chunk:
                parser.Parse(chunk, False)
                self.clock.check()
                chunk = stream.read(CHUNK)
            parser.Parse(b"", True)
        except expat.ExpatError:
            raise unreadable() from None

    @staticmethod
    def forbidden(*_args):
        raise SpreadsheetError(_("这个 Excel 文件含有不允许的 XML 声明（DOCTYPE 或实体），拒绝读取。"))

    def root(self, name: str, attributes: dict) -> None:
        kind = name.rpartition(":")[2]
        if kind not in ("worksheet", "sst") and self.part.file_size > self.limits.max_part_bytes:
            raise part_too_big(self.part, self.limits)
        handlers = {
            "worksheet": (self.sheet_start, self.sheet_end, self.sheet_text),
            "sst": (self.string_start, self.string_end, self.string_text),
            "styleSheet": (self.style_start, None, self.loose_text),
        }
        parser = self.parser
        start, end, text = handlers.get(kind, (self.count, None, self.loose_text))
        parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
        self.count()

    def count(self, *_args) -> None:
        """One more element; a cell has a few (v, is, t, r …), any other part few in all."""
        self.elements += 1
        if self.elements > self.limits.max_elements + self.cells * 8:
            raise SpreadsheetError(
                _("这个 Excel 文件的“%(part)s”结构异常（元素过多），拒绝读取。")
                % {"part": shown(self.part.filename)}
            )

    def count_cell(self) -> None:
        self.cells += 1
        if self.cells > self.limits.max_cells:
            raise too_many_cells(self.limits)

    def style_start(self, name: str, _attributes: dict) -> None:
        self.count()
        if name.rpartition(":")[2] in STYLE_TAGS:
            self.styles += 1
            if self.styles > self.limits.max_styles:
                raise SpreadsheetError(
                    _(
                        "这个 Excel 文件的样式表含有超过 %(count)d 种单元格格式，拒绝读取。"
                        "请把要导入的数据复制到新建的工作簿（只粘贴数值）后再上传。"
                    )
                    % {"count": self.limits.max_styles}
                )

    def string_start(self, name: str, _attributes: dict) -> None:
        if name.rpartition(":")[2] == "si":
            self.count_cell()
            self.in_cell, self.chars = True, 0
        self.count()

    def string_end(self, name: str) -> None:
        if name.rpartition(":")[2] == "si":
            self.in_cell = False
            if self.chars > self.limits.max_cell_chars:
                self.long_strings.add(self.cells - 1)

    def sheet_start(self, name: str, attributes: dict) -> None:
        tag = name.rpartition(":")[2]
        if tag == "c":
            self.count_cell()
            found = CELL_REF.fullmatch(attributes.get("r", ""))
            self.column = column_number(found[1]) if found else self.column + 1
            if found and int(found[2]) > self.limits.max_rows:
                raise too_many_rows(self.limits)
            if self.column > self.limits.max_columns:
                raise too_many_columns(self.limits)
            self.in_cell, self.chars = True, 0
            self.shared, self.value = attributes.get("t") == "s", ""
        elif tag == "row":
            number = attributes.get("r", "")
            self.row = int(number) if number.isascii() and number.isdigit() else self.row + 1
            self.column = 0
            if self.row > self.limits.max_rows:
                raise too_many_rows(self.limits)
        elif tag == "v":
            self.in_value = True
        self.count()

    def sheet_end(self, name: str) -> None:
        tag = name.rpartition(":")[2]
        if tag == "v":
            self.in_value = False
        elif tag == "c":
            self.in_cell = False
            if self.shared and self.value.isdigit() and int(self.value) in self.long_strings:
                raise too_long_cell(self.limits, self.row, self.column)

    def loose_text(self, data: str) -> None:
        """Text outside any cell or shared string (read whole by openpyxl in other parts)."""
        self.loose += len(data)
        if self.loose > self.limits.max_part_bytes:
            raise part_too_big(self.part, self.limits)

    def string_text(self, data: str) -> None:
        if not self.in_cell:
            return self.loose_text(data)
        self.chars += len(data)

    def sheet_text(self, data: str) -> None:
        if not self.in_cell:
            return self.loose_text(data)
        self.chars += len(data)
        if self.chars > self.limits.max_cell_chars:
            raise too_long_cell(self.limits, self.row, self.column)
        if self.in_value and self.shared and len(self.value) < 12:
            self.value += data


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


# Finding the header ----------------------------------------------------------------------------


def two_row_header(upper: list, lower: list) -> list:
    """The header of a table whose header spans two rows, as one row. A cell merged down both rows
    holds its text in the upper row only; a group title merged across several columns (应发项目) sits
    in the upper row over each column's own name in the lower one, which wins."""
    width = max(len(upper), len(lower))

    def cell(row: list, index: int):
        value = row[index] if index < len(row) else None
        return None if value is None or str(value).strip() == "" else value

    return [cell(lower, i) if cell(lower, i) is not None else cell(upper, i) for i in range(width)]


def find_header(
    rows: Iterable[tuple[int, list]], recognise: Callable[[list], int], *, search: int
) -> tuple[int, list, Iterator[tuple[int, list]]] | None:
    """(the header's last row number, its cells, the rows below it) for the first of the top `search`
    rows that `recognise` accepts, alone or with the row below it as a two-row header (taken when it
    recognises more columns than the upper row alone: a data row below a one-row header names none).
    `recognise(cells)` gives how many known columns the cells name, 0 when a required one is missing.
    None when no header is found."""
    rows = iter(rows)
    top = list(islice(rows, search + 1))
    for index, (number, cells) in enumerate(top[:search]):
        alone = recognise(cells)
        if index + 1 < len(top):
            below_number, below = top[index + 1]
            merged = two_row_header(cells, below)
            if recognise(merged) > alone:
                return below_number, merged, chain(top[index + 2 :], rows)
        if alone:
            return number, cells, chain(top[index + 1 :], rows)
    return None


# Reading a .csv ---------------------------------------------------------------------------------

CSV_ENCODINGS = ("utf-8-sig", "gb18030")


def read_csv_rows(file: IO[bytes], *, limits: Limits) -> Iterator[tuple[int, list]]:
    """(row number, cell values) for every row of a CSV file, read one row at a time within `limits`,
    or SpreadsheetError (raised as the rows are read). A file of twelve million empty lines stops at
    the row limit, a line of millions of commas at the line limit, before either is held in memory."""
    clock = Clock(limits.max_seconds)
    file.seek(0)
    raw = file.read()
    encoding = _csv_encoding(raw)
    delimiter = _delimiter(raw[:16_384].decode(encoding, errors="ignore")[:4096])
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding=encoding, newline="")
    reader = csv.reader(_bounded_lines(stream, limits), delimiter=delimiter)
    cells = 0
    try:
        for number, values in enumerate(reader, start=1):
            if number > limits.max_rows:
                raise too_many_rows(limits)
            if len(values) > limits.max_columns:
                raise too_many_columns(limits)
            cells += len(values)
            if cells > limits.max_cells:
                raise too_many_cells(limits)
            for column, value in enumerate(values, start=1):
                if len(value) > limits.max_cell_chars:
                    raise too_long_cell(limits, number, column)
            if number % 1000 == 0:
                clock.check()
            yield number, values
    except csv.Error:  # a quoted field past csv's size limit, a NUL byte: not a table
        raise SpreadsheetError(
            _(
                "无法读取这个 CSV 文件（第%(row)d行附近），"
                "请在 Excel 中另存为 .xlsx 或 CSV（逗号分隔）后再上传。"
            )
            % {"row": reader.line_num}
        ) from None


def _delimiter(sample: str) -> str:
    if sample.count("\t") > sample.count(","):
        return "\t"
    if sample.count(";") > sample.count(","):
        return ";"
    return ","


def _csv_encoding(raw: bytes) -> str:
    """The first encoding the whole file decodes in, checked chunk by chunk (no copy of the text)."""
    for encoding in CSV_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(raw), CHUNK):
                if "\x00" in decoder.decode(raw[start : start + CHUNK]):
                    raise SpreadsheetError(_("这不是一个文本格式的 CSV 文件。"))
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise SpreadsheetError(_("无法识别 CSV 文件的编码，请用 UTF-8 或 GBK 编码保存。"))


def _bounded_lines(stream: io.TextIOBase, limits: Limits) -> Iterator[str]:
    """The file's physical lines, each refused past what `limits.max_columns` cells of
    `limits.max_cell_chars` could fill, before it is read whole."""
    longest = limits.max_columns * (limits.max_cell_chars + 3)
    number = 0
    while line := stream.readline(longest + 1):
        number += 1
        if len(line) > longest:
            raise SpreadsheetError(
                _("CSV 文件第%(line)d行超过 %(count)d 个字符，请检查文件。")
                % {"line": number, "count": longest}
            )
        yield line


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
    return safe_text(value)


def safe_text(text: str) -> str:
    """Text as it may go into a cell: the one rule of safe_cell(), for writers that know they hold text."""
    # xml_text(), inlined (every cell of every export comes here); before the formula test:
    # "\x01=1+1" is a formula once the \x01 is gone.
    text = XML_ILLEGAL.sub("", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
