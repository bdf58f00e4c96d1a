"""Donation drives with their public notice, aid payments, and the spending rules in force."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from finances import aidlist, relief_selectors, selectors, services, tables
from finances.forms import (
    AidForm,
    AidListForm,
    DonationBatchForm,
    DriveForm,
    GiftFormSet,
    no_fund_hint,
    recent_years,
)
from finances.models import AidPayment, BookRules, DonationDrive, SpendingRule
from finances.views.common import chosen_union, chosen_year, union_context, url_with
from members.rolls import RollFileError
from unionhub.access import FINANCES, area_view, get_in_reach, in_reach
from unionhub.pages import apply_errors, page_of
from unionhub.params import choice_param, int_param
from unionhub.tables import table_output

STANDING = selectors.standing_q("donations__voucher")


@area_view(FINANCES)
def drive_list(request):
    drives = (
        in_reach(request, DonationDrive.objects.all())
        .select_related("union", "fund")
        .annotate(
            total=Sum("donations__amount", filter=STANDING, default=0),
            gifts=Count("donations", filter=STANDING),
        )
        .order_by("-starts_on", "pk")
    )
    return render(request, "finances/drive_list.html", {"page": page_of(request, drives)})


@area_view(FINANCES, write=True)
def drive_create(request):
    union = chosen_union(request)
    form = DriveForm(request.POST or None, union=union, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            drive = services.create_drive(union=union, by=request.role, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已建立募捐活动“%(drive)s”。") % {"drive": drive})
            return redirect("finances:drive_detail", pk=drive.pk)
    return render(
        request,
        "finances/form.html",
        {
            **union_context(request, union),
            "form": form,
            "title": _("建立募捐活动"),
            "pick_union": True,
            "note": _("捐款只能进入专款专用的资金（如特困职工帮扶基金），专款专用，不得扩大开支范围。"),
        },
    )


@area_view(FINANCES, write="post")
def drive_detail(request, pk):
    drive = get_in_reach(request, DonationDrive.objects.select_related("union", "fund"), pk=pk)
    batch = DonationBatchForm(request.POST or None, prefix="batch", initial={"date": timezone.localdate()})
    gifts = GiftFormSet(request.POST or None, prefix="gift", union=drive.union)
    if request.method == "POST" and batch.is_valid() and gifts.is_valid():
        lines = [
            services.Gift(**form.cleaned_data) for form in gifts if form.has_changed() and form.cleaned_data
        ]
        try:
            voucher = services.record_donations(
                drive=drive, by=request.role, gifts=lines, **batch.cleaned_data
            )
        except ValidationError as error:
            apply_errors(batch, error)
        else:
            messages.success(
                request,
                _("已记捐款%(count)s笔：%(voucher)s凭证。") % {"count": len(lines), "voucher": voucher},
            )
            return redirect("finances:drive_detail", pk=drive.pk)
    donations = drive.donations.select_related("voucher", "voucher__reversal", "member").order_by("pk")
    return render(
        request,
        "finances/drive_detail.html",
        {
            "drive": drive,
            "figures": relief_selectors.drive_figures(drive),
            "paid": relief_selectors.helped_in_all(selectors.standing(drive.aid_payments.all())),
            "page": page_of(request, donations, size=100),
            "batch": batch,
            "gifts": gifts,
        },
    )


@area_view(FINANCES)
def drive_notice(request, pk):
    """The public notice (公示) of a drive: donors with names masked, units in full, amounts."""
    drive = get_in_reach(request, DonationDrive.objects.select_related("union", "fund"), pk=pk)
    donations = relief_selectors.standing_donations(drive).order_by("-amount", "pk")
    rows = [(selectors.notice_name(donation), donation) for donation in donations]
    return render(
        request,
        "finances/drive_notice.html",
        {
            "drive": drive,
            "figures": relief_selectors.drive_figures(drive),
            "rows": rows,
            "today": timezone.localdate(),
        },
    )


@area_view(FINANCES)
def aid_list(request):
    year = chosen_year(request)
    payments = (
        in_reach(request, AidPayment.objects.filter(date__year=year))
        .select_related("union", "member", "case", "fund", "voucher", "voucher__reversal")
        .order_by("-date", "-pk")
    )
    kind = choice_param(request.GET, "kind", AidPayment.Kind.values)
    if kind:
        payments = payments.filter(kind=kind)
    standing = selectors.standing(payments)
    if output := table_output(request, tables.AID, payments.order_by("date", "pk")):
        return output
    return render(
        request,
        "finances/aid_list.html",
        {
            "year": year,
            "kind": kind,
            "kinds": AidPayment.Kind.choices,
            "years": recent_years(),
            "page": page_of(request, payments),
            "helped": relief_selectors.helped_in_all(standing),
        },
    )


@area_view(FINANCES, write=True)
def aid_create(request):
    union = chosen_union(request)
    initial = {"date": timezone.localdate()}
    if case := int_param(request.GET, "case"):
        initial["case"] = case
    form = AidForm(request.POST or None, union=union, initial=initial)
    approve_first = BookRules.approve_first_for(union)
    if request.method == "POST" and form.is_valid():
        pay = services.draft_aid if approve_first else services.pay_aid
        try:
            aid = pay(union=union, by=request.role, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if approve_first:
                messages.success(request, _("救助支出已提交主席审批，审批后记账并编号。"))
                return redirect(url_with("finances:draft_list", union))
            messages.success(
                request,
                _("已支付%(kind)s：%(voucher)s凭证。")
                % {"kind": aid.get_kind_display(), "voucher": aid.voucher},
            )
            return redirect("finances:aid_list")
    return render(
        request,
        "finances/form.html",
        {
            **union_context(request, union),
            "form": form,
            "title": _("支付救助"),
            "pick_union": True,
            "note": _("每笔救助同时记为所选资金的一张支出凭证（维权支出）。"),
            "other_way": ("finances:aid_batch", _("按名单支付多人")),
        },
    )


# The grid's columns as shown, in order; the others of `aidlist.FIELDS` ride along hidden (a
# workbook's own 日期 and 救助类别 per row).
GRID_SHOWN = ("name", "recipient", "id_number", "parent", "schooling", "school", "amount", "reason")
GRID_ROWS = 20  # empty rows of a new grid; more are added in the browser


def _grid_records(post) -> list[tuple[int, dict]]:
    """The grid's filled rows as (row number on the page, field -> text)."""
    count = min(int_param(post, "rows") or 0, aidlist.MAX_ROWS)
    records = []
    for index in range(count):
        values = {name: post.get(f"row-{index}-{name}", "") for name in aidlist.FIELDS}
        if any(value.strip() for value in values.values()):
            records.append((index + 1, values))
    return records


def _grid(records: list[tuple[int, dict]], check) -> list[dict]:
    """The rows the page shows: what was typed (or read from a workbook), each row's verdict, and
    empty rows to type more into."""
    verdicts = check.rows if check else [None] * len(records)
    filled = [values for _row, values in records]
    rows = filled + [{}] * max(GRID_ROWS - len(filled), 1)
    return [
        {
            "index": index,
            "number": index + 1,
            "shown": [(name, aidlist.header(name), values.get(name) or "") for name in GRID_SHOWN],
            "hidden": [(name, values.get(name) or "") for name in aidlist.FIELDS if name not in GRID_SHOWN],
            "verdict": verdicts[index] if index < len(verdicts) else None,
        }
        for index, values in enumerate(rows)
    ]


def _empty_row() -> dict:
    """The row the browser copies to add one (`__prefix__` becomes its index)."""
    return {
        "index": "__prefix__",
        "number": "__number__",
        "shown": [(name, aidlist.header(name), "") for name in GRID_SHOWN],
        "hidden": [(name, "") for name in aidlist.FIELDS if name not in GRID_SHOWN],
    }


@area_view(FINANCES, write=True)
def aid_batch(request):
    """Aid to many people in one step: a grid (or a workbook filling it), checked, then paid all at
    once after the preview — `check` shows every row's verdict, `commit` checks again and pays."""
    union = chosen_union(request)
    form = AidListForm(
        request.POST or None, request.FILES or None, union=union, initial={"date": timezone.localdate()}
    )
    records, check = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload:
                records, columns = aidlist.read_aid_rows(upload, upload.name)
            else:
                records, columns = _grid_records(request.POST), aidlist.grid_columns()
        except RollFileError as error:
            form.add_error("file", str(error))
        else:
            fund = form.cleaned_data["fund"]
            check = aidlist.check_aid_list(
                records=records, columns=columns, union=union, fund=fund, defaults=form.defaults()
            )
            if "commit" in request.POST and not upload and records and not check.rejected:
                try:
                    count = aidlist.post_aid_list(check=check, union=union, fund=fund, by=request.role)
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    return _aid_batch_done(request, union, count, check.total)
            if not records:
                form.add_error(None, _("请至少填写一行受助人。"))
    elif request.method == "POST":
        records = _grid_records(request.POST)
    return render(
        request,
        "finances/aid_batch.html",
        {
            **union_context(request, union),
            "form": form,
            "check": check,
            "rows": _grid(records, check),
            "empty_row": _empty_row(),
            "headers": [aidlist.header(name) for name in GRID_SHOWN],
            "recipients": aidlist.RECIPIENT_CHOICES,
            "stages": aidlist.STAGE_CHOICES,
            "approve_first": BookRules.approve_first_for(union),
            "hint": no_fund_hint(union),
        },
    )


def _aid_batch_done(request, union, count: int, total):
    if BookRules.approve_first_for(union):
        messages.success(
            request,
            _("已提交主席审批%(count)d笔救助，合计%(total)s元，审批后记账并编号。")
            % {"count": count, "total": total},
        )
        return redirect(url_with("finances:draft_list", union))
    messages.success(
        request,
        _("已支付救助%(count)d笔，合计%(total)s元，每笔一张凭证。") % {"count": count, "total": total},
    )
    return redirect("finances:aid_list")


@area_view(FINANCES)
def rule_list(request):
    union = chosen_union(request)
    today = timezone.localdate()
    in_force = {rule.pk for rule in SpendingRule.objects.in_force(region=union.region, on=today)}
    rules = SpendingRule.objects.order_by("region", "kind", "-effective_from")
    return render(
        request,
        "finances/rule_list.html",
        {
            **union_context(request, union),
            "rules": rules,
            "in_force": in_force,
        },
    )
