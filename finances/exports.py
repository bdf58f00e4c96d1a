"""Spreadsheet exports of statements (openpyxl), safe to open in Excel or WPS."""

from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

# A cell starting with one of these is read as a formula (CSV/formula injection): such text is
# written with a leading apostrophe so it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
MONEY_FORMAT = "#,##0.00"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe(value):
    """A value as it may go into a cell: numbers as numbers, text that could be a formula defused."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def workbook_response(
    filename: str, title: str, header: list[str], rows: list[list], *, notes=()
) -> HttpResponse:
    """One sheet: a title row, optional note rows, the header and the rows; money formatted, widths set."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([safe(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    for note in notes:
        sheet.append([safe(note)])
    sheet.append([safe(cell) for cell in header])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        sheet.append([safe(cell) for cell in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, Decimal | int | float) and not isinstance(cell.value, bool):
                cell.number_format = MONEY_FORMAT
            elif isinstance(cell.value, str):
                cell.data_type = "s"
    for column, width in zip("ABCDEFGHIJKL", [14, 28, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16], strict=False):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
