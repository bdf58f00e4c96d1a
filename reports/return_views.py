"""The statistics return's page: the lines counted from the records, the typed ones, the chair's
signature; the same lines as xlsx and for print (unionhub.tables)."""

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import returns
from unionhub.access import SUMMARY, area_view, can_write, unions_in_reach
from unionhub.models import Role
from unionhub.params import date_param, int_param, union_param
from unionhub.tables import table_output


def _time_point(params) -> date:
    today = timezone.localdate()
    return date_param(params, "as_of", default=date(today.year - 1, 12, 31))


def _page_url(union, as_of: date) -> str:
    return f"{reverse('reports:statistics_return')}?union={union.pk}&as_of={as_of.isoformat()}"


@area_view(SUMMARY, write="post")
def statistics_return(request):
    params = request.POST if request.method == "POST" else request.GET
    union = union_param(request, default=request.role.union, params=params)
    as_of = _time_point(params)
    if request.method == "POST":
        filled = returns.fill(union=union, as_of=as_of)
        if filled.record.is_signed:
            messages.error(request, _("统计年报已签字，不能再修改。"))
        else:
            values = {
                key: int_param(request.POST, key, None, low=0, high=100_000_000) for key in returns.TYPED
            }
            returns.type_lines(union=union, as_of=as_of, values=values, by=request.user)
            messages.success(request, _("填报数据已保存。"))
        return redirect(_page_url(union, as_of))
    filled = returns.fill(union=union, as_of=as_of)
    rows = filled.rows()
    if output := table_output(
        request, returns.TABLE, rows, union=union, filters=_("统计时点：%(d)s") % {"d": as_of}
    ):
        return output
    links = returns.member_links(union=union)
    for row in rows:
        row["link"] = links.get(row["key"], "")
    return render(
        request,
        "reports/statistics_return.html",
        {
            "union": union,
            "unions": unions_in_reach(request),
            "as_of": as_of,
            "filled": filled,
            "rows": rows,
            "may_sign": request.role.kind == Role.Kind.CHAIR and can_write(request.role, SUMMARY),
        },
    )


@area_view(SUMMARY, write=True, methods=("POST",))
def statistics_return_sign(request):
    union = union_param(request, default=request.role.union, params=request.POST)
    as_of = _time_point(request.POST)
    if request.role.kind != Role.Kind.CHAIR:
        messages.error(request, _("统计年报由工会主席签字。"))
    else:
        returns.sign(union=union, as_of=as_of, by=request.user)
        messages.success(request, _("统计年报已签字，数据已固定。"))
    return redirect(_page_url(union, as_of))
