"""Wage bases from the payroll workbook: upload, read every row's verdict, then record all or none."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finances.views.common import chosen_union, union_context, url_with
from finances.wages import (
    Payroll,
    WageCheck,
    change_text,
    check_payroll,
    import_wages,
    read_payroll,
    write_problem_rows,
)
from members.rolls import RollFileError
from unionhub.access import FINANCES, area_view
from unionhub.tables import XLSX

SESSION_KEY = "wage_import"
MAX_BYTES = 20 * 1024 * 1024


class WageUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("工资表"),
        help_text=gettext_lazy(
            "Excel（.xlsx）或 CSV，人事部门的工资表即可：须有“身份证号”和工资列（应发工资、工资基数等），"
            "可有“姓名”“生效月份”；表头可占两行（合并单元格）。检查后可改选作为工资基数的列。"
        ),
    )
    month = forms.DateField(
        label=gettext_lazy("生效月份"),
        help_text=gettext_lazy("表中没有“生效月份”一列时，全部按这个月份登记。"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("文件超过 20 MB。"))
        return upload


def _stored(payroll: Payroll, union, file_name: str, month: date, column: str) -> dict:
    """What the session keeps between the preview and the commit: the payroll as read (not the
    verdicts), so choosing another wage column, downloading the problem rows and committing each
    check it again against the roll as it is then."""
    return {
        "union": union.pk,
        "file": file_name[:200],
        "month": month.isoformat(),
        "column": column,
        "payroll": payroll.as_dict(),
    }


def _checked(stored: dict, union) -> WageCheck:
    return check_payroll(
        payroll=Payroll.from_dict(stored["payroll"]),
        union=union,
        default_month=date.fromisoformat(stored["month"]),
        column=stored["column"],
    )


def _preview(request, context, stored: dict, union):
    try:
        check = _checked(stored, union)
    except RollFileError as error:  # a column chosen that the file does not have
        messages.error(request, str(error))
        stored["column"] = ""
        check = _checked(stored, union)
    request.session[SESSION_KEY] = stored
    rows = [(row, change_text(row)) for row in check.accepted]
    return render(
        request,
        "finances/wage_import.html",
        {**context, "check": check, "rows": rows, "file_name": stored["file"], "form": None},
    )


def _problem_rows(stored: dict, union) -> HttpResponse:
    check = _checked(stored, union)
    response = HttpResponse(write_problem_rows(check.not_accepted), content_type=XLSX)
    name = _("工资表问题行-%(file)s.xlsx") % {"file": stored["file"].rsplit(".", 1)[0]}
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@area_view(FINANCES, write=True)
def wage_import(request):
    """GET: the upload form (`?format=xlsx`: the rows not imported). POST with a file: every row's
    verdict and each member's old → new base. POST `column`: the same read from another column.
    POST `commit`: record them."""
    union = chosen_union(request)
    context = {**union_context(request, union), "title": _("导入工资表")}
    stored = request.session.get(SESSION_KEY)
    if not stored or stored.get("union") != union.pk or "payroll" not in stored:
        stored = None
    if request.method == "POST" and ("commit" in request.POST or "column" in request.POST):
        if stored is None:
            messages.error(request, _("没有待导入的工资表，请重新上传。"))
            return redirect(url_with("finances:wage_import", union))
        if "column" in request.POST:
            return _preview(request, context, {**stored, "column": request.POST["column"][:100]}, union)
        try:
            written = import_wages(check=_checked(stored, union), union=union, by=request.user)
        except (ValidationError, RollFileError) as error:
            messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
            return redirect(url_with("finances:wage_import", union))
        del request.session[SESSION_KEY]
        messages.success(request, _("已登记 %(count)d 人的工资基数。") % {"count": written})
        return redirect(url_with("finances:wage_list", union))
    if request.method == "GET" and request.GET.get("format") == "xlsx" and stored is not None:
        return _problem_rows(stored, union)
    default = {"month": timezone.localdate().replace(day=1)}
    form = WageUploadForm(request.POST or None, request.FILES or None, initial=default)
    if request.method == "POST" and getattr(request, "upload_too_large", None):
        form.add_error(None, _("文件超过 20 MB。"))
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        month: date = form.cleaned_data["month"].replace(day=1)
        try:
            payroll = read_payroll(file=upload, file_name=upload.name)
        except RollFileError as error:
            form.add_error("file", str(error))
        else:
            return _preview(request, context, _stored(payroll, union, upload.name, month, ""), union)
    return render(request, "finances/wage_import.html", {**context, "form": form, "check": None})
