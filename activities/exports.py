"""Spreadsheet exports. Every text cell goes through `safe_text` so a name like "=HYPERLINK(…)"
typed into the register stays text when the file is opened in Excel or WPS (formula injection)."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from activities.models import Activity, Attendance
from unionhub.spreadsheets import safe_cell


def safe_text(value) -> str:
    """Text for a spreadsheet cell that no spreadsheet program will run as a formula."""
    return safe_cell("" if value is None else str(value))


def _text_cell(sheet, row: int, column: int, value) -> None:
    cell = sheet.cell(row=row, column=column, value=safe_text(value))
    cell.data_type = "s"


def attendance_workbook(*, activity: Activity) -> BytesIO:
    """The check-in sheet of one activity: every eligible member and their status, then the totals."""
    statuses = dict(Attendance.objects.filter(activity=activity).values_list("member_id", "status"))
    labels = dict(Attendance.Status.choices)
    members = (
        activity.eligible_members()
        .select_related("union")
        .order_by("union__path", "name_pinyin", "name", "pk")
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("考勤")
    when = f"{activity.start_date:%Y-%m-%d}"
    if activity.end_date and activity.end_date != activity.start_date:
        when += f" 至 {activity.end_date:%Y-%m-%d}"
    if activity.start_time:
        when += f" {activity.start_time:%H:%M}"
    _text_cell(sheet, 1, 1, activity.title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    _text_cell(sheet, 2, 1, f"{activity.union.name}　{activity.get_kind_display()}　{when}　{activity.place}")
    headers = [_("序号"), _("姓名"), _("性别"), _("所在工会"), _("考勤")]
    for column, header in enumerate(headers, start=1):
        _text_cell(sheet, 4, column, header)
        sheet.cell(row=4, column=column).font = Font(bold=True)
    row = 4
    counts = dict.fromkeys(Attendance.Status.values, 0)
    for number, member in enumerate(members, start=1):
        row += 1
        status = statuses.get(member.pk, "")
        if status:
            counts[status] += 1
        sheet.cell(row=row, column=1, value=number)
        _text_cell(sheet, row, 2, member.name)
        _text_cell(sheet, row, 3, member.get_sex_display())
        _text_cell(sheet, row, 4, member.union.label)
        _text_cell(sheet, row, 5, labels.get(status, _("未登记")))
    row += 2
    totals = [
        (_("出席"), counts[Attendance.Status.PRESENT]),
        (_("缺席"), counts[Attendance.Status.ABSENT]),
        (_("请假"), counts[Attendance.Status.ON_LEAVE]),
        (_("非会员参加"), activity.non_member_participants),
    ]
    for label, value in totals:
        _text_cell(sheet, row, 2, label)
        sheet.cell(row=row, column=3, value=value)
        row += 1
    for column, width in zip("ABCDE", (6, 14, 6, 24, 10), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.cell(row=2, column=1).alignment = Alignment(wrap_text=False)
    stream = BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream
