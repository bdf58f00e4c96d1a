"""The statutory books: 工会01表 and 工会02表, the cash and bank journals, the 科目余额表, and a year
of vouchers imported from Excel with a preview."""

import secrets
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finances import selectors, services, statutory
from finances.exports import XLSX, statement_csv, statement_workbook, workbook_response
from finances.forms import FixedAssetForm
from finances.imports import MAX_UPLOAD_BYTES, ImportFileError, import_vouchers
from finances.models import FixedAsset, Voucher, VoucherImport
from finances.views.common import chosen_union, chosen_year, union_context
from unionhub.access import FINANCES, area_view, in_reach
from unionhub.pages import apply_errors
from unionhub.params import flag_param, month_param

MONTH_CHOICES = [("", gettext_lazy("全年"))] + [(str(m), f"{m}月") for m in range(1, 13)]


def _choices(request) -> dict:
    union = chosen_union(request)
    year = chosen_year(request)
    month = month_param(request.GET, "month")
    return {
        "union": union,
        "year": year,
        "month": month,
        "consolidated": flag_param(request.GET, "consolidated"),
        "years": list(range(year + 1, year - 6, -1)),
        "months": range(1, 13),
    }


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@area_view(FINANCES)
def statutory_statement(request):
    """工会01表 or 工会02表 on screen, printed on A4, as xlsx in the form's layout, or csv."""
    chosen = _choices(request)
    form = "01" if request.GET.get("form") == "01" else "02"
    result = statutory.statement(
        form=form,
        union=chosen["union"],
        year=chosen["year"],
        month=chosen["month"],
        consolidated=chosen["consolidated"],
    )
    name = f"{result.code}-{result.unit}-{result.period_label}"
    export = request.GET.get("export")
    if export == "xlsx":
        return _download(statement_workbook(result), f"{name}.xlsx", XLSX)
    if export == "csv":
        return _download(
            ("\ufeff" + statement_csv(result)).encode(), f"{name}.csv", "text/csv; charset=utf-8"
        )
    return render(
        request,
        "finances/statutory.html",
        {**union_context(request, chosen["union"]), **chosen, "form_code": form, "statement": result},
    )


@area_view(FINANCES)
def reconciliation(request):
    """内部往来核对表: what the union and another union of its tree booked between them without the
    other side matching — left in the consolidated statements until both treasurers agree."""
    chosen = _choices(request)
    year, month = chosen["year"], chosen["month"]
    start, end = statutory.date(year, month or 1, 1), statutory.month_end(year, month or 12)
    items = selectors.unpaired_between_unions(chosen["union"], start=start, end=end)
    return render(
        request,
        "finances/reconciliation.html",
        {**union_context(request, chosen["union"]), **chosen, "items": items, "start": start, "end": end},
    )


@area_view(FINANCES)
def account_journal(request):
    """现金日记账 or 银行存款日记账 of a union, a year or a month, with running balances."""
    chosen = _choices(request)
    account = Voucher.Settlement.CASH if request.GET.get("account") == "101" else Voucher.Settlement.BANK
    year, month = chosen["year"], chosen["month"]
    start = statutory.date(year, month or 1, 1)
    end = statutory.month_end(year, month or 12)
    journal = statutory.account_journal(union=chosen["union"], account=account, start=start, end=end)
    title = _("现金日记账") if account == Voucher.Settlement.CASH else _("银行存款日记账")
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                voucher.date,
                voucher.number,
                voucher.summary,
                str(voucher.category or voucher.get_kind_display()),
                voucher.fund.name,
                voucher.fund_effect if voucher.fund_effect > 0 else None,
                -voucher.fund_effect if voucher.fund_effect < 0 else None,
                voucher.running,
            ]
            for voucher in journal.rows
        ]
        return workbook_response(
            f"{title}-{chosen['union'].label}-{year}.xlsx",
            title,
            [_("日期"), _("凭证号"), _("摘要"), _("对方科目"), _("资金"), _("借方"), _("贷方"), _("余额")],
            [["", "", _("期初余额"), "", "", None, None, journal.opening], *rows],
            notes=[chosen["union"].name, f"{start} — {end}"],
        )
    return render(
        request,
        "finances/account_journal.html",
        {
            **union_context(request, chosen["union"]),
            **chosen,
            "account": account,
            "title": title,
            "journal": journal,
            "rows": list(journal.rows[:2000]),
        },
    )


@area_view(FINANCES)
def trial_balance(request):
    """科目余额表."""
    chosen = _choices(request)
    rows = statutory.trial_balance(union=chosen["union"], year=chosen["year"], month=chosen["month"])
    if request.GET.get("export") == "xlsx":
        return workbook_response(
            f"{_('科目余额表')}-{chosen['union'].label}-{chosen['year']}.xlsx",
            _("科目余额表"),
            [_("科目编码"), _("科目名称"), _("期初余额"), _("本期借方"), _("本期贷方"), _("期末余额")],
            [[row.code, row.name, row.opening, row.debit, row.credit, row.closing] for row in rows],
            notes=[chosen["union"].name, str(chosen["year"])],
        )
    return render(
        request,
        "finances/trial_balance.html",
        {**union_context(request, chosen["union"]), **chosen, "rows": rows},
    )


@area_view(FINANCES, write="post")
def fixed_assets(request):
    """The fixed-asset register: what is held, its original value and depreciation to date."""
    union = chosen_union(request)
    form = FixedAssetForm(request.POST or None, union=union)
    if request.method == "POST" and form.is_valid():
        try:
            services.register_fixed_asset(union=union, by=request.role, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已登记固定资产。"))
            return redirect(f"{request.path}?union={union.pk}")
    today = timezone.localdate()
    assets = list(in_reach(request, FixedAsset.objects.filter(union=union)).select_related("voucher"))
    for asset in assets:
        asset.depreciated = selectors.depreciation(asset, today)
        asset.net = asset.cost - asset.depreciated
    return render(
        request,
        "finances/fixed_assets.html",
        {**union_context(request, union), "form": form, "assets": assets, "today": today},
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel 工作簿（.xlsx）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("文件超过%(size)d MB。") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        if not upload.name.lower().endswith((".xlsx", ".xlsm")):
            raise forms.ValidationError(_("只能导入 .xlsx 格式的工作簿。"))
        return upload


STAGED_KEY = "voucher_import"  # the session's note of the preview its user may confirm


def _staging() -> Path:
    folder = Path(tempfile.gettempdir()) / "unionhub-voucher-imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _staged(request, union) -> tuple[Path, str] | None:
    """The workbook this user previewed for `union` and the form confirms, with its file name; None
    for any other token. A token is bound to its user (it lives in their session) and its union."""
    staged = request.session.get(STAGED_KEY) or {}
    token = request.POST.get("token", "")
    if not token or not secrets.compare_digest(token.encode(), staged.get("token", "").encode()):
        return None
    if staged.get("union") != union.pk:
        return None
    path = _staging() / f"{staged['token']}.xlsx"
    return (path, staged["name"]) if path.is_file() else None


@area_view(FINANCES, write=True)
def import_vouchers_page(request):
    """Upload a workbook: every row checked and shown (试导入); then 确认导入 posts it all."""
    union = chosen_union(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    check = None
    token = ""
    if request.method == "POST" and request.POST.get("confirm"):
        staged = _staged(request, union)
        if staged is None:
            messages.error(request, _("预览已过期，或不是您为这个工会上传的文件，请重新上传。"))
            return redirect(f"{request.path}?union={union.pk}")
        path, name = staged
        try:
            with path.open("rb") as handle:
                check = import_vouchers(
                    union=union,
                    by=request.role,
                    file=handle,
                    file_name=name,
                    ignore_unknown=request.POST.get("ignore_unknown") == "1",
                )
        except ImportFileError as error:
            messages.error(request, str(error))
            return redirect(f"{request.path}?union={union.pk}")
        if not check.ok and check.ready:
            token = request.POST["token"]  # the treasurer has still to accept what is not imported
        elif check.ok:
            path.unlink(missing_ok=True)
            del request.session[STAGED_KEY]
            messages.success(
                request, _("已导入%(year)s年凭证%(count)d张。") % {"year": check.year, "count": check.posted}
            )
            return redirect(f"{request.path}?union={union.pk}")
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            check = import_vouchers(
                union=union, by=request.role, file=upload, file_name=upload.name, dry_run=True
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if check.ready:
                token = secrets.token_hex(32)
                (_staging() / f"{token}.xlsx").write_bytes(data)
                request.session[STAGED_KEY] = {"token": token, "union": union.pk, "name": upload.name[:200]}
    imports = in_reach(request, VoucherImport.objects.filter(union=union)).select_related("by")[:20]
    return render(
        request,
        "finances/import_vouchers.html",
        {
            **union_context(request, union),
            "form": form,
            "check": check,
            "token": token,
            "file_name": check.file_name if check else "",
            "imports": imports,
        },
    )
