"""Spreadsheet exports of statements (openpyxl), safe to open in Excel or WPS."""

from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from unionhub.spreadsheets import safe_cell

MONEY_FORMAT = "#,##0.00"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(
    filename: str, title: str, header: list[str], rows: list[list], *, notes=()
) -> HttpResponse:
    """One sheet: a title row, optional note rows, the header and the rows; money formatted, widths set."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([safe_cell(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    for note in notes:
        sheet.append([safe_cell(note)])
    sheet.append([safe_cell(cell) for cell in header])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
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
