"""Statements: income and expenditure by category, fund balances, the cash journal, budget against
actual — for one union or rolled up, on screen, in print and as xlsx."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from finances import services, statements
from finances.exports import workbook_response
from finances.forms import BudgetForm, PeriodForm, recent_years
from finances.models import Fund
from finances.statements import Period
from finances.views.common import chosen_union, chosen_year, union_context, url_with
from unionhub.access import FINANCES, area_view, get_in_reach
from unionhub.pages import page_of
from unionhub.params import flag_param, int_param


def _period(request) -> tuple[PeriodForm, Period, bool]:
    today = timezone.localdate()
    form = PeriodForm.from_query(request.GET, today)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year", today.year)
    kind = data.get("kind", "year")
    if kind == "month":
        period = Period.month(year, data.get("month", today.month))
    elif kind == "quarter":
        period = Period.quarter(year, data.get("quarter", 1))
    else:
        period = Period.year(year)
    return form, period, bool(data.get("rollup"))


def _scope_label(union, rollup: bool) -> str:
    return _("%(union)s（含下级汇总）") % {"union": union} if rollup else str(union)


def _statement_rows(statement) -> list[list]:
    rows = []
    for heading, lines, total in (
        (_("收入"), statement.income, statement.income_total),
        (_("支出"), statement.spending, statement.spending_total),
    ):
        rows.append([heading])
        for line in lines:
            rows.append([line.category.code, line.name, *line.values.values()])
            for child in line.children:
                rows.append([child.category.code, f"    {child.name}", *child.values.values()])
        rows.append(["", _("%(heading)s合计") % {"heading": heading}, *total.values()])
    rows.append(["", _("收支结余"), *statement.surplus.values()])
    return rows


@area_view(FINANCES)
def income_statement(request):
    union = chosen_union(request)
    form, period, rollup = _period(request)
    statement = statements.income_statement(union=union, period=period, rollup=rollup)
    title = _("收入支出表")
    if request.GET.get("export") == "xlsx":
        return workbook_response(
            f"{title}-{union.label}-{period.label}.xlsx",
            title,
            [_("编码"), _("科目"), _("本期金额"), _("本年累计")],
            _statement_rows(statement),
            notes=[_scope_label(union, rollup), period.label],
        )
    return render(
        request,
        "finances/income_statement.html",
        {
            **union_context(request, union),
            "form": form,
            "statement": statement,
            "period": period,
            "rollup": rollup,
            "scope": _scope_label(union, rollup),
        },
    )


@area_view(FINANCES)
def fund_balances(request):
    union = chosen_union(request)
    form, period, rollup = _period(request)
    funds = statements.fund_balances(union=union, period=period, rollup=rollup)
    columns = ("opening", "income", "spending", "transfers", "closing")
    totals = {column: sum((getattr(fund, column) for fund in funds), 0) for column in columns}
    if request.GET.get("export") == "xlsx":
        return workbook_response(
            f"{_('资金余额表')}-{union.label}-{period.label}.xlsx",
            _("资金余额表"),
            [_("工会"), _("资金"), _("期初余额"), _("本期收入"), _("本期支出"), _("划转净额"), _("期末余额")],
            [[fund.union.label, fund.name, *(getattr(fund, c) for c in columns)] for fund in funds]
            + [["", _("合计"), *totals.values()]],
            notes=[_scope_label(union, rollup), period.label],
        )
    return render(
        request,
        "finances/fund_balances.html",
        {
            **union_context(request, union),
            "form": form,
            "funds": funds,
            "totals": totals,
            "period": period,
            "rollup": rollup,
            "scope": _scope_label(union, rollup),
        },
    )


@area_view(FINANCES)
def journal(request):
    union = chosen_union(request)
    form, period, rollup = _period(request)
    fund = None
    if fund_pk := int_param(request.GET, "fund"):
        fund = get_in_reach(request, Fund, pk=fund_pk)
    result = statements.cash_journal(union=union, period=period, rollup=rollup, fund=fund)
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                voucher.date,
                voucher.union.label,
                voucher.number,
                voucher.summary,
                str(voucher.category or voucher.get_kind_display()),
                voucher.fund.name,
                voucher.fund_effect if voucher.fund_effect > 0 else None,
                -voucher.fund_effect if voucher.fund_effect < 0 else None,
                voucher.running,
            ]
            for voucher in result.rows
        ]
        return workbook_response(
            f"{_('收支流水')}-{union.label}-{period.label}.xlsx",
            _("收支流水（现金日记账）"),
            [
                _("日期"),
                _("工会"),
                _("凭证号"),
                _("摘要"),
                _("科目"),
                _("资金"),
                _("收入"),
                _("支出"),
                _("余额"),
            ],
            [["", "", "", _("上期结转"), "", "", None, None, result.opening], *rows],
            notes=[_scope_label(union, rollup) + (f" · {fund}" if fund else ""), period.label],
        )
    funds = statements.fund_scope(union, rollup=rollup).select_related("union")
    return render(
        request,
        "finances/journal.html",
        {
            **union_context(request, union),
            "form": form,
            "opening": result.opening,
            "page": page_of(request, result.rows, size=100),
            "period": period,
            "rollup": rollup,
            "fund": fund,
            "funds": funds,
            "scope": _scope_label(union, rollup),
        },
    )


@area_view(FINANCES)
def budget(request):
    union = chosen_union(request)
    year = chosen_year(request)
    rollup = flag_param(request.GET, "rollup")
    statement = statements.budget_statement(union=union, year=year, rollup=rollup)
    if request.GET.get("export") == "xlsx":
        return workbook_response(
            f"{_('预算执行表')}-{union.label}-{year}.xlsx",
            _("预算执行表"),
            [_("编码"), _("科目"), _("预算"), _("实际")],
            _statement_rows(statement),
            notes=[_scope_label(union, rollup), str(year)],
        )
    return render(
        request,
        "finances/budget.html",
        {
            **union_context(request, union),
            "year": year,
            "years": recent_years(),
            "statement": statement,
            "rollup": rollup,
            "scope": _scope_label(union, rollup),
        },
    )


@area_view(FINANCES, write=True)
def budget_edit(request):
    union = chosen_union(request)
    year = chosen_year(request)
    form = BudgetForm(request.POST or None, union=union, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_budget(union=union, by=request.role, year=year, amounts=form.amounts())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存%(year)s年预算。") % {"year": year})
            return redirect(url_with("finances:budget", union, year=year))
    groups = [(heading, [form[name] for name in names]) for heading, names in form.groups]
    return render(
        request,
        "finances/budget_form.html",
        {**union_context(request, union), "form": form, "groups": groups, "year": year},
    )
