"""The registers' pages: one list, one form and one delete page serve every register in
`rights.registers`; the register's slug in the URL says which."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rights.models import KeptRegister
from rights.registers import KEEPABLE, REGISTERS, Register, grouped
from unionhub.access import ACTIVITIES, area_view, get_in_reach, unions_in_reach
from unionhub.pages import page_of
from unionhub.params import union_param, year_param
from unionhub.tables import table_output


def _register(slug: str) -> Register:
    try:
        return REGISTERS[slug]
    except KeyError:
        raise Http404 from None


def _list_url(register: Register) -> str:
    return reverse("rights:list", kwargs={"register": register.slug})


@area_view(ACTIVITIES)
def index(request):
    return render(request, "rights/index.html", {"groups": grouped()})


@area_view(ACTIVITIES)
def register_list(request, register):
    spec = _register(register)
    union = union_param(request, default=request.role.union)
    year = year_param(request.GET)
    rows = spec.rows(spec.model.objects.within(union))
    if year:
        rows = rows.in_year(year)
    if output := table_output(request, spec.table, rows, union=union):
        return output
    shown_year = year or timezone.localdate().year
    kept = (
        spec.slug in KEEPABLE
        and KeptRegister.objects.filter(union=union, year=shown_year, register=spec.slug).exists()
    )
    return render(
        request,
        "rights/register_list.html",
        {
            "register": spec,
            "table": spec.table,
            "page": page_of(request, rows),
            "union": union,
            "unions": unions_in_reach(request),
            "year": year,
            "shown_year": shown_year,
            "keepable": spec.slug in KEEPABLE,
            "kept": kept,
        },
    )


def _form_page(request, spec: Register, record):
    form = spec.form(request.POST or None, instance=record, request=request)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(register)s已保存。") % {"register": spec.title})
        return redirect(_list_url(spec))
    heading = (_("修改%(register)s") if record else _("登记%(register)s")) % {"register": spec.title}
    return render(
        request, "activities/form.html", {"form": form, "heading": heading, "cancel": _list_url(spec)}
    )


@area_view(ACTIVITIES, write=True)
def register_create(request, register):
    return _form_page(request, _register(register), None)


@area_view(ACTIVITIES, write=True)
def register_edit(request, register, pk):
    spec = _register(register)
    return _form_page(request, spec, get_in_reach(request, spec.model, pk=pk))


@area_view(ACTIVITIES, write=True)
def register_delete(request, register, pk):
    spec = _register(register)
    record = get_in_reach(request, spec.model, pk=pk)
    if request.method == "POST":
        record.delete()
        messages.success(request, _("%(register)s记录已删除。") % {"register": spec.title})
        return redirect(_list_url(spec))
    return render(
        request,
        "activities/confirm_delete.html",
        {
            "object": record,
            "heading": _("删除%(register)s记录") % {"register": spec.title},
            "cancel": _list_url(spec),
        },
    )


@area_view(ACTIVITIES, write=True, methods=("POST",))
def register_kept(request, register):
    """Mark (or unmark) the register as kept by the union for a year: the summary then says
    "全年未发生…" when it holds nothing for that year."""
    spec = _register(register)
    if spec.slug not in KEEPABLE:
        raise Http404
    union = union_param(request, default=request.role.union, params=request.POST)
    year = year_param(request.POST, default=timezone.localdate().year)
    if request.POST.get("kept") == "on":
        KeptRegister.objects.get_or_create(
            union=union, year=year, register=spec.slug, defaults={"marked_by": request.user}
        )
        messages.success(
            request, _("已登记：%(year)s年建立%(register)s台账。") % {"year": year, "register": spec.title}
        )
    else:
        KeptRegister.objects.filter(union=union, year=year, register=spec.slug).delete()
        messages.success(
            request, _("已取消%(year)s年%(register)s台账的登记。") % {"year": year, "register": spec.title}
        )
    return redirect(f"{_list_url(spec)}?union={union.pk}&year={year}")
