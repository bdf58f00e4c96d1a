"""Every list leaves the screen whole: one definition of a list's columns gives its xlsx and its print.

A `Table` names a list's columns as a paper register has them. A list view hands the table its
filtered queryset (all rows, not the page) through `table_output()`: `?format=xlsx` answers a
workbook written row by row (unionhub.workbooks, spooled to a temporary file), `?format=print`
a page for A4 with the title, the union, 序号 on every row, and the 制表人 / date lines. Any other
request gets None and the view renders its screen page. The `{% list_outputs %}` tag draws the two
buttons with the list's current filter.
"""

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import partial, partialmethod
from itertools import islice
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.hashable import make_hashable
from django.utils.translation import gettext as _

from unionhub import spreadsheets
from unionhub.control_characters import xml_text
from unionhub.workbooks import HEADER, MONEY, TITLE, PageSetUp, SheetWriter, Styled

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PORTRAIT_WIDTH = 95  # the column widths (characters) an A4 portrait page holds legibly; wider: landscape
CHUNK = 2000  # rows fetched from PostgreSQL at a time


class CellValues:
    """How a list's values go into its cells: numbers and dates as themselves (a moment in the local
    time zone, without it: Excel has none), yes/no in words, text through the project's one guard
    (unionhub.spreadsheets.safe_text). The words and the zone are resolved once per workbook: a
    workbook of 50,000 rows asks for 300,000 cells."""

    def __init__(self):
        self.yes_no = {True: _("是"), False: _("否")}
        self.zone = timezone.get_current_timezone()

    def __call__(self, value):
        if type(value) is str:
            return spreadsheets.safe_text(value)
        if value is None:
            return ""
        if isinstance(value, bool):
            return self.yes_no[value]
        if isinstance(value, datetime):
            return (
                value.astimezone(self.zone).replace(tzinfo=None) if value.utcoffset() is not None else value
            )
        if isinstance(value, int | float | Decimal | date):
            return value
        return spreadsheets.safe_text(str(value))


def safe_cell(value):
    """A value as it may go into a cell (CellValues, for a single cell)."""
    return CellValues()(value)


def shown(value) -> str:
    """A value as printed on paper."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return str(value)


@dataclass(frozen=True)
class Column:
    """One column: its header, how to read it from a row, its width in characters, money or not."""

    header: str
    value: Callable[[object], object] | str
    width: int = 12
    money: bool = False

    @property
    def wraps(self) -> bool:
        """Long text wraps on paper; names, dates, numbers and codes stay on one line."""
        return self.width > 20

    def of(self, row) -> object:
        return self.reader(type(row))(row)

    def reader(self, kind: type) -> Callable[[object], object]:
        """How this column reads rows of one type: its function, or its path read as below."""
        return self.value if callable(self.value) else reader(kind, self.value)


def reader(kind: type, attribute: str) -> Callable[[object], object]:
    """How an attribute (or a dotted path of them: `union.label`) reads from rows of one type; a
    field with choices in words (in the active language), as the model's get_<field>_display says
    it but with the choices' labels worked out once, not for every row as Django's own does."""
    if "." in attribute or issubclass(kind, dict):
        return partial(_walk, attribute)
    display = f"get_{attribute}_display"
    if not hasattr(kind, display):
        return lambda row: getattr(row, attribute, None)
    if not isinstance(inspect.getattr_static(kind, display), partialmethod):  # the model's own words
        return lambda row: None if getattr(row, attribute, None) is None else getattr(row, display)()
    labels = {make_hashable(key): str(label) for key, label in kind._meta.get_field(attribute).flatchoices}

    def read(row):
        value = getattr(row, attribute, None)
        if value is None:
            return None
        try:
            return labels.get(value, value)
        except TypeError:  # not hashable (a list): as Django says it
            return getattr(row, display)()

    return read


def _walk(attribute: str, row) -> object:
    value = row
    for part in attribute.split("."):
        value = getattr(value, part, None) if not isinstance(value, dict) else value.get(part)
        if value is None:
            return None
    return value


@dataclass(frozen=True)
class Table:
    """A list as a register: its title, file name stem and columns (序号 is added in front)."""

    title: str
    columns: tuple[Column, ...]
    name: str = ""  # the file name stem; the title by default
    landscape: bool = False
    signatures: tuple[str, ...] = field(default=())  # more lines after 制表人, e.g. 审核人
    # At most this many rows on paper (a page of HTML the browser can lay out); the rest in the xlsx.
    print_limit: int | None = None

    def values(self, row) -> list:
        """One row's values (a row on a page); an export reads its rows through rows_of()."""
        return next(self.rows_of([row]))

    def rows_of(self, rows: Iterable) -> Iterator[list]:
        """Each row's values, how each column reads a type of row worked out once per call (an
        export asks for every row)."""
        learned: dict[type, tuple] = {}
        for row in rows:
            readers = learned.get(type(row))
            if readers is None:
                readers = learned[type(row)] = tuple(column.reader(type(row)) for column in self.columns)
            yield [read(row) for read in readers]


def iterate(rows: Iterable) -> Iterable:
    if isinstance(rows, QuerySet):
        # prefetch_related needs chunk_size with iterator(); the chunks keep memory flat for 100,000 rows.
        return rows.iterator(chunk_size=CHUNK)
    return rows


def write_xlsx(table: Table, rows: Iterable, *, union=None, filters: str = "", by=None):
    """The workbook in a spooled temporary file (rewound), and the number of rows written."""
    widths = [6] + [column.width for column in table.columns]
    set_up = page_set_up(
        table.title, widths, header_row=3, landscape=table.landscape or sum(widths) > PORTRAIT_WIDTH
    )
    header = [
        Styled(safe_cell(str(text)), HEADER)
        for text in [_("序号"), *[column.header for column in table.columns]]
    ]
    money = [column.money for column in table.columns]
    cell = CellValues()
    count = 0
    with SheetWriter(set_up) as sheet:
        sheet.append([title_cell(table.title, union)])
        sheet.append([safe_cell(_heading_line(union, filters, by))])
        sheet.append(header)
        for count, values in enumerate(table.rows_of(iterate(rows)), start=1):  # noqa: B007 - the total afterwards
            cells = [count]
            for is_money, value in zip(money, values, strict=True):
                if is_money and isinstance(value, int | Decimal | float):
                    cells.append(Styled(value, MONEY))  # a styled cell only where the format is needed
                else:
                    cells.append(cell(value))
            sheet.append(cells)
        sheet.append([])
        sheet.append(["", _("共 %(count)d 条") % {"count": count}])
    return sheet.file, count


def title_cell(title: str, union=None) -> Styled:
    """A workbook's first row: the list's title after the union's name, large and bold."""
    text = f"{union.name}　{title}" if union is not None else str(title)
    return Styled(safe_cell(text), TITLE)


def page_set_up(title: str, widths, *, header_row: int, landscape: bool) -> PageSetUp:
    """How a list workbook prints from Excel: A4, fitted to the page's width (as many pages down as
    it takes), the header row repeated on every page, "第 N 页，共 M 页" in the footer."""
    return PageSetUp(
        title=_sheet_title(title),
        widths=tuple(widths),
        header_row=header_row,
        landscape=landscape,
        footer=_("第 &P 页，共 &N 页"),
    )


def _sheet_title(title: str) -> str:
    """A sheet's name (a list's title, an activity's on its 签到表): what Excel refuses in a name and
    what XML cannot hold dropped, at most 31 characters."""
    cleaned = "".join(ch for ch in xml_text(str(title)) if ch not in "[]:*?/\\")
    return cleaned[:31] or "Sheet1"


def _heading_line(union, filters: str, by) -> str:
    parts = []
    if union is not None:
        parts.append(_("单位：%(union)s") % {"union": union.name})
    if filters:
        parts.append(_("条件：%(filters)s") % {"filters": filters})
    parts.append(_("制表日期：%(date)s") % {"date": f"{timezone.localdate():%Y-%m-%d}"})
    if by is not None:
        parts.append(_("制表人：%(name)s") % {"name": by})
    return "　".join(parts)


def xlsx_response(table: Table, rows: Iterable, *, union=None, filters: str = "", by=None) -> FileResponse:
    stream, _count = write_xlsx(table, rows, union=union, filters=filters, by=by)
    stem = table.name or table.title
    label = union.label if union is not None else ""
    file_name = "-".join(part for part in (str(stem), label, timezone.localdate().isoformat()) if part)
    response = FileResponse(stream, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name + '.xlsx')}"
    return response


def print_response(request, table: Table, rows: Iterable, *, union=None, filters: str = "") -> HttpResponse:
    classes = [
        " ".join(name for name, on in (("money", column.money), ("nowrap", not column.wraps)) if on)
        for column in table.columns
    ]
    limit = table.print_limit
    lines = [
        (number, list(zip(classes, [shown(value) for value in values], strict=True)))
        for number, values in enumerate(
            table.rows_of(islice(iterate(rows), None if limit is None else limit + 1)), 1
        )
    ]
    cut = limit is not None and len(lines) > limit
    return render(
        request,
        "unionhub/table_print.html",
        {
            "table": table,
            "headers": [column.header for column in table.columns],
            "lines": lines[:limit] if cut else lines,
            "union": union,
            "filters": filters,
            "today": timezone.localdate(),
            "back": _with_format(request, None),
            "cut": limit if cut else None,
            "xlsx": _with_format(request, "xlsx"),
        },
    )


def _with_format(request, wanted: str | None) -> str:
    """The list's own address with its filter, as a page (None) or as `wanted` (xlsx)."""
    query = request.GET.copy()
    query.pop("format", None)
    if wanted:
        query["format"] = wanted
    return f"{request.path}?{query.urlencode()}" if query else request.path


def table_output(
    request, table: Table, rows: Iterable | QuerySet, *, union=None, filters: str = ""
) -> HttpResponse | None:
    """The list as xlsx or for print when the request asks (`?format=`), else None."""
    wanted = request.GET.get("format", "")
    union = union if union is not None else getattr(getattr(request, "role", None), "union", None)
    if wanted == "xlsx":
        return xlsx_response(table, rows, union=union, filters=filters, by=request.user)
    if wanted == "print":
        return print_response(request, table, rows, union=union, filters=filters)
    return None
