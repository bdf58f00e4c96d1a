"""Importing a roll: upload and check, read the preview, commit the accepted rows."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from members import services
from members.forms import ImportForm
from members.models import RollImport
from members.rolls import (
    ACCEPTED,
    REGISTERED,
    REJECTED,
    RollFileError,
    check_roll,
    write_problem_rows,
    write_roll,
)
from members.views.register import XLSX
from unionhub.access import MEMBERS, area_view, get_in_reach, in_reach, unions_in_reach
from unionhub.models import Union
from unionhub.pages import page_of

PROBLEMS_PER_PAGE = 200
SAMPLE_ROWS = 20


@area_view(MEMBERS, write=True)
def import_upload(request):
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        unions=unions_in_reach(request),
        initial={"union": request.role.union},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        union = form.cleaned_data["union"]
        try:
            check = check_roll(file=upload, file_name=upload.name, union=union)
        except RollFileError as error:
            form.add_error("file", str(error))
        else:
            roll_import = RollImport.objects.create(
                union=union,
                uploaded_by=request.user,
                file_name=upload.name[:200],
                rows=[row.as_dict() for row in check.rows],
                columns={
                    "recognised": [
                        {"field": column.field, "header": column.header, "column": column.letter}
                        for column in check.columns
                    ],
                    "ignored": check.ignored_headers,
                },
                accepted_count=check.count(ACCEPTED),
                rejected_count=check.count(REJECTED),
                registered_count=check.count(REGISTERED),
            )
            return redirect("members:import_preview", pk=roll_import.pk)
    recent = (
        in_reach(request, RollImport.objects.all())
        .select_related("union", "uploaded_by")
        .defer("rows")
        .order_by("-uploaded_at")[:10]
    )
    return render(request, "members/import_upload.html", {"form": form, "recent": recent})


@area_view(MEMBERS)
def import_template(request):
    """An empty roll with the headers the import reads (the same as the export's)."""
    roll, _count = write_roll([], unmasked=False, title=_("会员名册"))
    response = FileResponse(roll, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, _("会员花名册模板.xlsx"))
    return response


@area_view(MEMBERS, write=True)
def import_preview(request, pk):
    roll_import = get_in_reach(request, RollImport.objects.select_related("union", "uploaded_by"), pk=pk)
    if request.method == "POST":
        try:
            count = services.import_roll(roll_import=roll_import, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("members:import_preview", pk=roll_import.pk)
        messages.success(request, _("已导入 %(count)d 名会员。") % {"count": count})
        return redirect(f"{reverse('members:member_list')}?union={roll_import.union_id}&sort=-join_date")
    problems = [row for row in roll_import.rows if row["verdict"] != ACCEPTED]
    if request.GET.get("format") == "xlsx":
        rejected = [row for row in problems if row["verdict"] == REJECTED]
        response = HttpResponse(write_problem_rows(rejected), content_type=XLSX)
        name = _("名册问题行-%(file)s.xlsx") % {"file": roll_import.file_name.rsplit(".", 1)[0]}
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    accepted = [row for row in roll_import.rows if row["verdict"] == ACCEPTED]
    warned = [row for row in accepted if row["warnings"]]
    sample = accepted[:SAMPLE_ROWS]
    unions = Union.objects.in_bulk({row["data"]["union_id"] for row in sample})
    sample = [{**row, "union": unions.get(row["data"]["union_id"])} for row in sample]
    return render(
        request,
        "members/import_preview.html",
        {
            "roll_import": roll_import,
            "problems": page_of(request, problems, size=PROBLEMS_PER_PAGE),
            "sample": sample,
            "warned": warned[:PROBLEMS_PER_PAGE],
            "warned_count": len(warned),
        },
    )
