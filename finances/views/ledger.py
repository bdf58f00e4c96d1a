"""The ledger's pages: overview, vouchers, transfers, funds, the chart, closing months, the audit page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from finances import selectors, services, tables
from finances.forms import (
    FundForm,
    MonthForm,
    ReopenForm,
    ReverseForm,
    SettleForm,
    SubItemForm,
    TransferForm,
    VoucherForm,
    recent_years,
)
from finances.models import (
    BookRules,
    Category,
    CategoryEdition,
    DraftVoucher,
    Fund,
    LedgerTotal,
    MonthClose,
    MonthCloseEvent,
    RuleWarning,
    Voucher,
    VoucherReview,
)
from finances.money import amount_in_words
from finances.views.common import chosen_union, chosen_year, union_context, url_with
from unionhub.access import (
    AUDIT,
    CLOSING,
    FINANCES,
    area_view,
    can_read,
    get_in_reach,
    in_reach,
)
from unionhub.pages import apply_errors, page_of
from unionhub.params import (
    BIGINT_MAX,
    choice_param,
    flag_param,
    month_param,
    parse_int,
    text_param,
    union_param,
)
from unionhub.tables import table_output

VOUCHER_RELATED = ("union", "fund", "category", "category__parent", "reverses", "reversal", "entered_by")


@area_view(FINANCES)
def index(request):
    union = chosen_union(request)
    year = timezone.localdate().year
    funds = union.funds.annotate(balance=Sum("vouchers__fund_effect", default=0)).order_by("kind", "name")
    # The union's own books this year, as its 工会02表 states them (finances.selectors.year_money).
    money = selectors.year_money(union=union, year=year, consolidated=False)
    sums = {"income": money.income_total, "spending": money.spending_total}
    recent = (
        Voucher.objects.filter(union=union)
        .select_related(*VOUCHER_RELATED)
        .order_by("-entered_at", "-pk")[:8]
    )
    closed = set(MonthClose.objects.filter(union=union, year=year).values_list("month", flat=True))
    return render(
        request,
        "finances/index.html",
        {
            **union_context(request, union),
            "year": year,
            "funds": funds,
            "sums": sums,
            "recent": recent,
            "closed_months": sorted(closed),
        },
    )


@area_view(FINANCES)
def voucher_list(request):
    vouchers = in_reach(request, Voucher.objects.all())
    union = union_param(request)
    if union:
        vouchers = vouchers.filter(union=union)
    year = chosen_year(request)
    vouchers = vouchers.filter(year=year)
    month = month_param(request.GET, "month", 0)
    if month:
        vouchers = vouchers.filter(date__month=month)
    direction = choice_param(request.GET, "direction", Voucher.Direction.values)
    if direction:
        vouchers = vouchers.filter(direction=direction)
    pending = flag_param(request.GET, "pending")
    if pending:  # the chair's worklist: spending not yet approved
        vouchers = vouchers.filter(awaiting_approval__isnull=False)  # kept by PostgreSQL: AwaitingApproval
    unreviewed = flag_param(request.GET, "unreviewed") and can_read(request.role, AUDIT)
    if unreviewed:  # the auditor's worklist: vouchers not yet marked reviewed
        vouchers = vouchers.filter(review__isnull=True)
    query = text_param(request.GET, "q")
    if query:
        number = parse_int(query, low=1, high=BIGINT_MAX)
        number = Q(number=number) if number else Q()
        vouchers = vouchers.filter(number | Q(summary__icontains=query) | Q(counterparty__icontains=query))
    vouchers = vouchers.select_related(*VOUCHER_RELATED).order_by("-date", "union__path", "-number")
    if output := table_output(
        request, tables.VOUCHERS, vouchers.order_by("date", "union__path", "number"), union=union
    ):
        return output
    if pending or unreviewed or query:  # a selection of the journal: its vouchers counted and summed
        count, total = None, vouchers.aggregate(total=Sum("fund_effect", default=0))["total"]
    else:  # the journal as kept: counted and summed by the ledger totals
        totals = in_reach(request, LedgerTotal.objects.all())
        count, total = selectors.journal_totals(
            totals.filter(union=union) if union else totals, year=year, month=month, direction=direction
        )
    context = union_context(request, union or request.role.union)
    return render(
        request,
        "finances/voucher_list.html",
        {
            **context,
            "filtered_union": union,
            "page": page_of(request, vouchers, count=count),
            "year": year,
            "month": month,
            "direction": direction,
            "query": query,
            "pending": pending,
            "unreviewed": unreviewed,
            "years": recent_years(),
            "months": range(1, 13),
            "total": total,
        },
    )


@area_view(FINANCES, write=True)
def voucher_create(request):
    union = chosen_union(request)
    # What was typed before the union was changed comes back in the query string (static/js/finances.js).
    carried = {name: request.GET[name][:200] for name in CARRIED if request.GET.get(name)}
    form = VoucherForm(request.POST or None, union=union, initial={"date": timezone.localdate(), **carried})
    warnings = []
    approve_first = BookRules.approve_first_for(union)
    if request.method == "POST" and form.is_valid() and approve_first:
        try:
            services.draft_voucher(union=union, by=request.role, **form.cleaned_data)
        except services.RulesBroken as broken:
            warnings = [breach.message for breach in broken.breaches]
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("凭证已提交主席审批，审批后记账并编号。"))
            return redirect(url_with("finances:draft_list", union))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            voucher = services.post_voucher(union=union, by=request.role, **data)
        except services.RulesBroken as broken:
            warnings = [breach.message for breach in broken.breaches]
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已记账：%(voucher)s凭证。") % {"voucher": voucher})
            return redirect("finances:voucher_detail", pk=voucher.pk)
    return render(
        request,
        "finances/voucher_form.html",
        {
            **union_context(request, union),
            "form": form,
            "warnings": warnings,
            "approve_first": approve_first,
            "carried": " ".join(CARRIED),
        },
    )


# What a union change keeps (the fund, activity, award and 对方工会 are the other union's own).
CARRIED = (
    "date",
    "amount",
    "category",
    "settlement",
    "earmarked",
    "project",
    "summary",
    "counterparty",
    "receipts",
    "benefit",
)


@area_view(FINANCES)
def draft_list(request):
    """Vouchers waiting for the chair (审批后记账), and the union's choice to work that way."""
    union = chosen_union(request)
    drafts = in_reach(
        request, DraftVoucher.objects.within(union).filter(voucher__isnull=True)
    ).select_related("union", "fund", "to_fund", "category", "category__parent", "entered_by")
    return render(
        request,
        "finances/draft_list.html",
        {
            **union_context(request, union),
            "drafts": drafts[:500],
            "approve_first": BookRules.approve_first_for(union),
        },
    )


@area_view(CLOSING, write=True, methods=("POST",))
def draft_approve(request, pk):
    draft = get_in_reach(request, DraftVoucher.objects.select_related("union"), pk=pk)
    try:
        voucher = services.approve_draft(draft=draft, by=request.role)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(url_with("finances:draft_list", draft.union))
    messages.success(request, _("已审批并记账：%(voucher)s凭证。") % {"voucher": voucher})
    return redirect("finances:voucher_detail", pk=voucher.pk)


@area_view(FINANCES, write=True, methods=("POST",))
def draft_withdraw(request, pk):
    draft = get_in_reach(request, DraftVoucher.objects.select_related("union"), pk=pk)
    try:
        services.withdraw_draft(draft=draft, by=request.role)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已撤回待审批凭证。"))
    return redirect(url_with("finances:draft_list", draft.union))


@area_view(CLOSING, write=True, methods=("POST",))
def book_rules(request):
    """The chair chooses whether vouchers wait for approval before they are posted."""
    union = union_param(request, params=request.POST, default=request.role.union)
    BookRules.objects.update_or_create(
        union=union, defaults={"approve_first": request.POST.get("approve_first") == "on"}
    )
    messages.success(request, _("已保存记账规则。"))
    return redirect(url_with("finances:draft_list", union))


@area_view(FINANCES)
def voucher_detail(request, pk):
    voucher = get_in_reach(
        request,
        Voucher.objects.select_related(
            *VOUCHER_RELATED,
            "activity",
            "award",
            "approval__by",
            "transfer_from",
            "transfer_to",
            "aid_payment",
        ),
        pk=pk,
    )
    lines = voucher.lines.select_related("member").order_by("member__name_pinyin", "member__name", "pk")
    return render(
        request,
        "finances/voucher_detail.html",
        {
            "voucher": voucher,
            "words": amount_in_words(voucher.signed_amount),
            "lines": lines[:200],
            "line_count": lines.count(),
            "warnings": voucher.warnings.select_related("confirmed_by"),
            "donations": voucher.donations.all(),
            "review": VoucherReview.objects.filter(voucher=voucher).select_related("reviewed_by").first(),
            "queries": voucher.queries.select_related("union").order_by("raised_at", "pk"),
        },
    )


@area_view(FINANCES, write=True)
def voucher_reverse(request, pk):
    voucher = get_in_reach(request, Voucher.objects.select_related(*VOUCHER_RELATED), pk=pk)
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reversal = services.reverse_voucher(
                voucher=voucher,
                by=request.role,
                reason=form.cleaned_data["reason"],
                date=form.cleaned_data["date"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已冲销%(voucher)s凭证。") % {"voucher": voucher})
            return redirect("finances:voucher_detail", pk=reversal.pk)
    return render(request, "finances/voucher_reverse.html", {"voucher": voucher, "form": form})


@area_view(CLOSING, write=True, methods=("POST",))
def voucher_approve(request, pk):
    voucher = get_in_reach(request, Voucher.objects.select_related("union"), pk=pk)
    try:
        services.approve_voucher(voucher=voucher, by=request.role)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已审批%(voucher)s凭证。") % {"voucher": voucher})
    return redirect("finances:voucher_detail", pk=voucher.pk)


@area_view(CLOSING, write=True, methods=("POST",))
def voucher_approve_many(request):
    """The chair approves the vouchers ticked on the list of spending not yet approved."""
    pks = [
        pk
        for pk in (parse_int(value, low=1, high=BIGINT_MAX) for value in request.POST.getlist("voucher"))
        if pk
    ]
    vouchers = (
        in_reach(request, Voucher.objects.select_related("union"))
        .filter(pk__in=pks)
        .order_by("date", "number")
    )
    if not pks:
        messages.error(request, _("请勾选要审批的凭证。"))
    approved, refused = services.approve_vouchers(vouchers=vouchers, by=request.role)
    if approved:
        messages.success(request, _("已审批 %(count)d 张凭证。") % {"count": len(approved)})
    for voucher, reason in refused:
        messages.error(
            request, _("%(voucher)s凭证未审批：%(reason)s") % {"voucher": voucher, "reason": reason}
        )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(f"{reverse('finances:voucher_list')}?pending=on")


@area_view(FINANCES, write=True)
def transfer_create(request):
    union = chosen_union(request)
    form = TransferForm(request.POST or None, union=union, initial={"date": timezone.localdate()})
    approve_first = BookRules.approve_first_for(union)
    if request.method == "POST" and form.is_valid():
        move = services.draft_transfer if approve_first else services.transfer_between_funds
        try:
            done = move(union=union, by=request.role, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if approve_first:
                messages.success(request, _("资金划转已提交主席审批，审批后记账并编号。"))
                return redirect(url_with("finances:draft_list", union))
            out, _into = done
            messages.success(request, _("已划转：%(voucher)s凭证起。") % {"voucher": out})
            return redirect("finances:voucher_detail", pk=out.pk)
    return render(
        request,
        "finances/form.html",
        {**union_context(request, union), "form": form, "title": _("资金划转"), "pick_union": True},
    )


@area_view(FINANCES, write=True)
def settle_create(request):
    union = chosen_union(request)
    form = SettleForm(request.POST or None, union=union, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            out, _into = services.move_between_accounts(union=union, by=request.role, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已记账：%(voucher)s凭证起。") % {"voucher": out})
            return redirect("finances:voucher_detail", pk=out.pk)
    return render(
        request,
        "finances/form.html",
        {**union_context(request, union), "form": form, "title": _("提现、存现"), "pick_union": True},
    )


@area_view(FINANCES)
def fund_list(request):
    funds = (
        in_reach(request, Fund.objects.all())
        .select_related("union")
        .annotate(
            balance=Sum("vouchers__fund_effect", default=0),
            vouchers_count=Count("vouchers"),
        )
        .order_by("union__path", "kind", "name")
    )
    return render(request, "finances/fund_list.html", {"funds": funds})


@area_view(FINANCES, write=True)
def fund_create(request):
    union = chosen_union(request)
    form = FundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fund = services.create_fund(union=union, by=request.role, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已设立资金“%(fund)s”。") % {"fund": fund})
            return redirect("finances:fund_list")
    return render(
        request,
        "finances/form.html",
        {**union_context(request, union), "form": form, "title": _("设立资金"), "pick_union": True},
    )


@area_view(FINANCES, write="post")
def category_list(request):
    union = chosen_union(request)
    form = SubItemForm(request.POST or None, union=union)
    if request.method == "POST" and form.is_valid():
        try:
            category = services.add_sub_item(union=union, by=request.role, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已增设明细科目“%(category)s”。") % {"category": category})
            return redirect(url_with("finances:category_list", union))
    editions = CategoryEdition.objects.order_by("-effective_from")
    categories = (
        Category.objects.filter(edition__in=editions)
        .for_union(union)
        .select_related("union")
        .order_by("edition", "code", "pk")
    )
    by_edition = {edition.pk: [] for edition in editions}
    for category in categories:
        by_edition[category.edition_id].append(category)
    return render(
        request,
        "finances/category_list.html",
        {
            **union_context(request, union),
            "form": form,
            "editions": [(edition, by_edition[edition.pk]) for edition in editions],
            "in_force": CategoryEdition.objects.in_force(timezone.localdate()),
        },
    )


@area_view(FINANCES)
def month_list(request):
    union = chosen_union(request)
    year = chosen_year(request)
    closes = {
        c.month: c for c in MonthClose.objects.filter(union=union, year=year).select_related("closed_by")
    }
    sums = {
        row["date__month"]: row
        for row in Voucher.objects.filter(union=union, year=year)
        .values("date__month")
        .annotate(
            count=Count("pk"),
            income=Sum("signed_amount", filter=Q(direction="in", kind="entry"), default=0),
            spending=Sum("signed_amount", filter=Q(direction="out", kind="entry"), default=0),
        )
    }
    today = timezone.localdate()
    months = [
        {
            "month": m,
            "closed": closes.get(m),
            "sums": sums.get(m),
            "future": (year, m) > (today.year, today.month),
        }
        for m in range(1, 13)
    ]
    events = MonthCloseEvent.objects.filter(union=union, year=year).select_related("by")
    return render(
        request,
        "finances/month_list.html",
        {
            **union_context(request, union),
            "year": year,
            "months": months,
            "events": events,
        },
    )


def _month_action(request, form_class, action, done_message: str):
    """Close or reopen a month from a POST, say how it went, and go back to the months page."""
    union = chosen_union(request)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择有效的年度和月份，并填写原因。"))
        return redirect(url_with("finances:month_list", union))
    try:
        action(union=union, by=request.role, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done_message % form.cleaned_data)
    return redirect(url_with("finances:month_list", union, year=form.cleaned_data["year"]))


@area_view(FINANCES, write=True, methods=("POST",))
def month_close(request):
    return _month_action(request, MonthForm, services.close_month, _("%(year)s年%(month)s月已结账。"))


@area_view(CLOSING, write=True, methods=("POST",))
def month_reopen(request):
    return _month_action(
        request, ReopenForm, services.reopen_month, _("%(year)s年%(month)s月已反结账，记录在案。")
    )


@area_view(AUDIT)
def audit(request):
    """The auditor's page: every rule warning posted anyway, every reopened month, every reversal."""
    year = chosen_year(request)
    warnings = (
        in_reach(request, RuleWarning.objects.filter(voucher__year=year))
        .select_related("voucher", "voucher__union", "rule", "confirmed_by")
        .order_by("-voucher__date", "-pk")
    )
    reopened = in_reach(
        request, MonthCloseEvent.objects.filter(year=year, action=MonthCloseEvent.Action.REOPEN)
    ).select_related("union", "by")
    reversals = (
        in_reach(request, Voucher.objects.filter(year=year, reverses__isnull=False))
        .select_related("union", "reverses", "entered_by")
        .order_by("-date", "-number")
    )
    return render(
        request,
        "finances/audit.html",
        {
            "year": year,
            "years": recent_years(),
            "warnings": warnings,
            "reopened": reopened,
            "reversals": reversals,
        },
    )
