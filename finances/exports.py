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


def _plain(value) -> str:
    return "" if value is None else f"{value:.2f}"


def statement_csv(statement) -> str:
    """A statutory statement as csv: 项目, 行次 and the form's columns, one row per line of the form."""
    import csv
    from io import StringIO

    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["项目", "行次", *statement.columns])
    for row in statement.rows:
        writer.writerow(
            [safe_cell(row.name), "" if row.number is None else row.number, *map(_plain, row.values)]
        )
    if statement.has_unpaired:
        writer.writerow([statement.unpaired_label, "", *map(_plain, statement.unpaired)])
    return buffer.getvalue()


def statement_text(statement) -> str:
    """A statutory statement as aligned text for a terminal."""
    lines = [
        f"{statement.title}（{statement.code}）",
        f"编制单位：{statement.unit}    {statement.period_label}    单位：元",
        f"{'项目':<24}{'行次':>4}" + "".join(f"{column:>16}" for column in statement.columns),
    ]
    for row in statement.rows:
        number = "" if row.number is None else str(row.number)
        name = row.name + "\u3000" * max(0, 14 - len(row.name))
        lines.append(f"{name}{number:>6}" + "".join(f"{_plain(value):>18}" for value in row.values))
    if statement.has_unpaired:
        lines.append(
            f"{statement.unpaired_label}：" + "  ".join(_plain(value) for value in statement.unpaired)
        )
    lines.append("    ".join(f"{role}：{name}" for role, name in statement.signatures.items()))
    return "\n".join(lines) + "\n"


def statement_workbook(statement) -> bytes:
    """A statutory statement in xlsx, laid out as the printed form: title, form code, unit and
    period, the table with 行次, and the signature line."""
    from openpyxl.styles import Border, Side

    book = Workbook()
    sheet = book.active
    sheet.title = statement.code
    width = (2 + len(statement.columns)) * (2 if statement.form == "01" else 1)
    sheet.append([statement.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([""] * (width - 1) + [statement.code])
    sheet.append([safe_cell(f"编制单位：{statement.unit}"), "", statement.period_label, "单位：元"])
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    blank = [None] * (2 + len(statement.columns))

    def cells(row):
        return [safe_cell(row.name), row.number, *row.values] if row else blank

    if statement.form == "01":  # as printed: assets left, liabilities and net assets right
        sheet.append(["资产", "行次", *statement.columns, "负债和净资产", "行次", *statement.columns])
        lines = [(cells(left) + cells(right), (left, right)) for left, right in statement.panels()]
    else:
        sheet.append(["项目", "行次", *statement.columns])
        lines = [(cells(row), (row,)) for row in statement.rows]
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
        cell.border = border
    for values, rows in lines:
        sheet.append(values)
        side = 2 + len(statement.columns)
        for index, cell in enumerate(sheet[sheet.max_row]):
            cell.border = border
            if isinstance(cell.value, Decimal):
                cell.number_format = MONEY_FORMAT
            row = rows[min(index // side, len(rows) - 1)]
            if row and (row.total or row.heading):
                cell.font = Font(bold=True)
    if statement.has_unpaired:  # under the table, as on the page: what the consolidation could not remove
        sheet.append([])
        sheet.append(
            [statement.unpaired_label]
            + ["；".join(f"{column} {value:,.2f}" for column, value in statement.unpaired_columns)]
        )
    sheet.append([])
    signed = [None] * width
    step = width // len(statement.signatures)
    for index, (role, name) in enumerate(statement.signatures.items()):
        signed[index * step] = safe_cell(f"{role}：{name}")
    sheet.append(signed)
    sizes = [24, 6, 15, 15, 24, 6, 15, 15] if statement.form == "01" else [34, 8, 18, 18]
    for column, size in zip("ABCDEFGH", sizes, strict=False):
        sheet.column_dimensions[column].width = size
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
