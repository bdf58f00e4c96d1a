"""The project's one writer of list workbooks: a single sheet streamed row by row into an xlsx.

A list of 50,000 rows (a busy month of the audit log, a federation's roll) is written as it is
read: each row becomes its XML at once and goes through the zip's compressor into a spooled
temporary file, so memory stays flat whatever the length. Strings are written inline (no shared
string table to keep), and the workbook holds just what a printed register needs: a bold title,
a bold centred header repeated on every printed page and frozen on screen, column widths, A4
fitted to the page's width, "第 N 页，共 M 页" in the footer, money and date formats.

(openpyxl's write-only mode wrote the same workbook about eighteen times slower: a cell object,
its style and an lxml element for every value.) Callers hand in values already made safe by
`unionhub.spreadsheets.safe_cell`; a `Styled` value carries one of the styles below.
"""

import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

# The cell formats of styles.xml, by their index.
PLAIN, TITLE, HEADER, MONEY, DAY, MOMENT = range(6)
MEMORY = 8 * 1024 * 1024  # bytes kept in memory before the workbook spills to a temporary file
FLUSH = 500  # rows joined before each write to the compressor
COLUMNS = 200  # at most, in a row
CARRIAGE_RETURN = {"\r": "&#13;"}  # as a character an XML reader would read it as a line feed
MARKUP = re.compile("[&<>\r]")  # what text must not hold as it is

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OFFICE}.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="{OFFICE}.styles+xml"/></Types>"""
PACKAGE_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELATIONS}">\
<Relationship Id="rId1" Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELATIONS}">\
<Relationship Id="rId1" Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="{RELATIONS}/styles" Target="styles.xml"/></Relationships>"""
XF = '<xf numFmtId="{}" fontId="{}" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"'
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}">\
<numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0.00"/>\
<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/>\
<numFmt numFmtId="166" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>\
<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="14"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="6">{XF.format(0, 0)}/>{XF.format(0, 2)}/>\
{XF.format(0, 1)} applyAlignment="1"><alignment horizontal="center"/></xf>\
{XF.format(164, 0)}/>{XF.format(165, 0)}/>{XF.format(166, 0)}/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


@dataclass(frozen=True)
class Styled:
    """A value written with one of the cell formats (TITLE, HEADER, MONEY …)."""

    value: object
    style: int


@dataclass(frozen=True)
class PageSetUp:
    """How the sheet prints and shows: the header row repeated and frozen, portrait or landscape."""

    title: str  # the sheet's name (at most 31 characters, none of []:*?/\)
    widths: tuple[float, ...]  # of the columns, in characters
    header_row: int
    landscape: bool
    footer: str  # the centre of the footer, with &P and &N


class SheetWriter:
    """`with SheetWriter(set_up) as sheet: sheet.append([...])`; then `sheet.file` is the workbook,
    rewound. Values: None (an empty cell), str, int, float, Decimal, date, datetime, or `Styled`."""

    def __init__(self, set_up: PageSetUp):
        self.set_up = set_up
        self.file = tempfile.SpooledTemporaryFile(max_size=MEMORY)  # noqa: SIM115 - handed to the caller
        self.rows = 0
        self.pending: list[str] = []
        self.letters = [get_column_letter(n) for n in range(1, COLUMNS + 1)]

    def __enter__(self):
        self.zip = zipfile.ZipFile(self.file, "w", zipfile.ZIP_DEFLATED, compresslevel=3)
        for name, text in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", PACKAGE_RELS),
            ("xl/workbook.xml", self._workbook()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/styles.xml", STYLES),
        ):
            self.zip.writestr(name, text)
        self.sheet = self.zip.open("xl/worksheets/sheet1.xml", "w")
        self.sheet.write(self._sheet_head().encode())
        return self

    def __exit__(self, kind, error, trace):
        if kind is None:
            self._flush()
            self.sheet.write(self._sheet_tail().encode())
        self.sheet.close()
        self.zip.close()
        self.file.seek(0)

    def append(self, values) -> None:
        self.rows += 1
        number = self.rows
        cells = "".join(
            _text(f"{letter}{number}", "", value) if type(value) is str else _cell(f"{letter}{number}", value)
            for letter, value in zip(self.letters, values, strict=False)
            if value is not None
        )
        self.pending.append(f'<row r="{number}">{cells}</row>')
        if len(self.pending) >= FLUSH:
            self._flush()

    def _flush(self) -> None:
        self.sheet.write("".join(self.pending).encode())
        self.pending = []

    def _workbook(self) -> str:
        name = self.set_up.title
        quoted = "'" + name.replace("'", "''") + "'"
        titles = f"{quoted}!${self.set_up.header_row}:${self.set_up.header_row}"
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets>'
            f'<sheet name={quoteattr(name)} sheetId="1" r:id="rId1"/></sheets><definedNames>'
            f'<definedName name="_xlnm.Print_Titles" localSheetId="0">{escape(titles)}</definedName>'
            f"</definedNames></workbook>"
        )

    def _sheet_head(self) -> str:
        first = f"A{self.set_up.header_row + 1}"
        columns = "".join(
            f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
            for n, width in enumerate(self.set_up.widths, start=1)
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONS}">'
            f'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0">'
            f'<pane ySplit="{self.set_up.header_row}" topLeftCell="{first}" activePane="bottomLeft" '
            'state="frozen"/>'
            f'<selection pane="bottomLeft" activeCell="{first}" sqref="{first}"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{columns}</cols>" if columns else ""}<sheetData>'
        )

    def _sheet_tail(self) -> str:
        orientation = "landscape" if self.set_up.landscape else "portrait"
        return (
            '</sheetData><printOptions horizontalCentered="1"/>'
            '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
            f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>'
            f"<headerFooter><oddFooter>{escape('&C' + self.set_up.footer)}</oddFooter></headerFooter>"
            "</worksheet>"
        )


def _cell(reference: str, value) -> str:
    style = PLAIN
    if isinstance(value, Styled):
        value, style = value.value, value.style
    if isinstance(value, str):
        return _text(reference, f' s="{style}"' if style else "", value)
    if isinstance(value, bool):  # made words by safe_cell; a bare one is a spreadsheet boolean
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        return f'<c r="{reference}" s="{MOMENT}"><v>{to_excel(value)}</v></c>'
    if isinstance(value, date):
        return f'<c r="{reference}" s="{DAY}"><v>{to_excel(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        shown = f' s="{style}"' if style else ""
        return f'<c r="{reference}"{shown}><v>{value}</v></c>'
    return _cell(reference, Styled(str(value), style))


def _text(reference: str, shown: str, value: str) -> str:
    text = escape(value, CARRIAGE_RETURN) if MARKUP.search(value) else value
    return f'<c r="{reference}"{shown} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
