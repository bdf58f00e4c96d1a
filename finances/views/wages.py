"""Wage bases from the payroll workbook: upload, read every row's verdict, then record all or none."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finances.views.common import chosen_union, union_context, url_with
from finances.wages import WageCheck, check_wages, import_wages
from members.rolls import Problem, RollFileError, RowVerdict
from unionhub.access import FINANCES, area_view

SESSION_KEY = "wage_import"
MAX_BYTES = 20 * 1024 * 1024


class WageUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("工资表"),
        help_text=gettext_lazy(
            "Excel（.xlsx）或 CSV：须有“身份证号”和“工资基数”两列，可有“姓名”“生效月份”。"
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


def _stored(check: WageCheck, union, file_name: str) -> dict:
    return {"union": union.pk, "file": file_name[:200], "rows": [row.as_dict() for row in check.rows]}


def _restored(data: dict) -> WageCheck:
    rows = [
        RowVerdict(
            row=row["row"],
            verdict=row["verdict"],
            problems=[Problem(**problem) for problem in row["problems"]],
            data=row["data"],
        )
        for row in data["rows"]
    ]
    return WageCheck(rows=rows, columns=[])


@area_view(FINANCES, write=True)
def wage_import(request):
    """GET: the upload form. POST with a file: every row's verdict. POST `commit`: record them."""
    union = chosen_union(request)
    context = {**union_context(request, union), "title": _("导入工资表")}
    if request.method == "POST" and "commit" in request.POST:
        stored = request.session.get(SESSION_KEY)
        if not stored or stored.get("union") != union.pk:
            messages.error(request, _("没有待导入的工资表，请重新上传。"))
            return redirect(url_with("finances:wage_import", union))
        try:
            written = import_wages(check=_restored(stored), union=union, by=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect(url_with("finances:wage_import", union))
        del request.session[SESSION_KEY]
        messages.success(request, _("已登记 %(count)d 人的工资基数。") % {"count": written})
        return redirect(url_with("finances:wage_list", union))
    default = {"month": timezone.localdate().replace(day=1)}
    form = WageUploadForm(request.POST or None, request.FILES or None, initial=default)
    if request.method == "POST" and getattr(request, "upload_too_large", None):
        form.add_error(None, _("文件超过 20 MB。"))
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        month: date = form.cleaned_data["month"].replace(day=1)
        try:
            check = check_wages(file=upload, file_name=upload.name, union=union, default_month=month)
        except RollFileError as error:
            form.add_error("file", str(error))
        else:
            request.session[SESSION_KEY] = _stored(check, union, upload.name)
            return render(
                request,
                "finances/wage_import.html",
                {**context, "check": check, "file_name": upload.name, "form": None},
            )
    return render(request, "finances/wage_import.html", {**context, "form": form, "check": None})
