"""The audit committee's desk: drawing samples and marking vouchers reviewed (auditors), and the
queries — raised and closed by auditors, answered by the treasurer or the chair."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from finances import services
from finances.forms import (
    AnswerForm,
    CloseQueryForm,
    QueryForm,
    ReviewMarkForm,
    SampleForm,
    StatementLineQueryForm,
)
from finances.models import AidPayment, AuditQuery, ReviewSample, RuleWarning, Voucher, VoucherReview
from finances.views.common import chosen_union, chosen_year, union_context
from unionhub.access import AUDIT, FINANCES, QUERIES, area_view, can_write, get_in_reach, in_reach
from unionhub.pages import apply_errors, page_of
from unionhub.params import int_param


@area_view(AUDIT, write="post")
def review_index(request):
    """The review worklist of a union and year: the samples drawn, and a form to draw another."""
    union = chosen_union(request)
    year = chosen_year(request)
    form = SampleForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        start, end = form.period()
        try:
            sample = services.draw_sample(
                union=union,
                by=request.user,
                start=start,
                end=end,
                rate=form.cleaned_data["rate"],
                seed=form.cleaned_data["seed"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("已从%(population)s张凭证中抽取%(count)s张（随机种子%(seed)s）。")
                % {"population": sample.population, "count": sample.vouchers.count(), "seed": sample.seed},
            )
            return redirect("finances:review_sample", pk=sample.pk)
    samples = (
        ReviewSample.objects.filter(union=union, period_start__year=year)
        .select_related("drawn_by")
        .annotate(drawn=Count("vouchers"))
        .order_by("-drawn_at", "-pk")
    )
    vouchers = Voucher.objects.filter(union=union, year=year)
    return render(
        request,
        "finances/review_index.html",
        {
            **union_context(request, union),
            "year": year,
            "form": form,
            "samples": samples,
            "voucher_count": vouchers.count(),
            "reviewed_count": vouchers.filter(review__isnull=False).count(),
        },
    )


@area_view(AUDIT)
def review_sample(request, pk):
    """The drawn vouchers, fifty a page, with their review marks; `?todo=on` shows those not yet reviewed."""
    sample = get_in_reach(request, ReviewSample.objects.select_related("union", "drawn_by"), pk=pk)
    vouchers = sample.vouchers.all()
    counts = vouchers.aggregate(total=Count("pk"), reviewed=Count("pk", filter=Q(review__isnull=False)))
    todo = request.GET.get("todo") == "on"
    if todo:
        vouchers = vouchers.filter(review__isnull=True)
    vouchers = (
        vouchers.select_related("union", "fund", "category", "reverses", "reversal", "review__reviewed_by")
        .annotate(warned=Exists(RuleWarning.objects.filter(voucher=OuterRef("pk"))))
        .order_by("date", "number")
    )
    return render(
        request,
        "finances/review_sample.html",
        {
            "sample": sample,
            "page": page_of(request, vouchers),
            "total": counts["total"],
            "reviewed": counts["reviewed"],
            "todo": todo,
        },
    )


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/"):
        return target
    return fallback


@area_view(AUDIT, write=True, methods=("POST",))
def review_mark(request, pk):
    voucher = get_in_reach(request, Voucher.objects.select_related("union"), pk=pk)
    sample = None
    if sample_pk := int_param(request.POST, "sample"):
        sample = get_in_reach(request, ReviewSample.objects.all(), pk=sample_pk)
    form = ReviewMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("审查意见不能超过300字。"))
    else:
        try:
            services.mark_reviewed(
                voucher=voucher, by=request.user, remark=form.cleaned_data["remark"], sample=sample
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(voucher)s凭证已标记为已审。") % {"voucher": voucher})
    fallback = reverse("finances:voucher_detail", args=[voucher.pk])
    if sample is not None:
        fallback = reverse("finances:review_sample", args=[sample.pk])
    return redirect(_back(request, fallback))


QUERY_RELATED = (
    "union",
    "voucher",
    "aid_payment",
    "aid_payment__member",
    "aid_payment__voucher",
    "category",
    "raised_by",
    "answered_by",
    "closed_by",
    "correction",
)


@area_view(QUERIES)
def query_list(request):
    """Queries of the unions in reach: the open ones first (everyone's worklist), or all of a year."""
    show = request.GET.get("show", "open")
    queries = in_reach(request, AuditQuery.objects.select_related(*QUERY_RELATED))
    year = None
    if show == "all":
        year = chosen_year(request)
        queries = queries.filter(year=year)
    else:
        show = "open"
        queries = queries.exclude(status=AuditQuery.Status.CLOSED)
    return render(
        request,
        "finances/query_list.html",
        {
            "page": page_of(request, queries.order_by("-raised_at", "-pk")),
            "show": show,
            "year": year,
        },
    )


@area_view(AUDIT, write=True)
def query_create(request):
    """A new query on the voucher (?voucher=), the aid payment (?aid=) or a statement line (?union=)."""
    voucher = aid = None
    if voucher_pk := int_param(request.GET, "voucher"):
        voucher = get_in_reach(request, Voucher.objects.select_related("union"), pk=voucher_pk)
        form = QueryForm(request.POST or None)
        subject = _("凭证%(voucher)s：%(summary)s") % {"voucher": voucher, "summary": voucher.summary}
    elif aid_pk := int_param(request.GET, "aid"):
        aid = get_in_reach(request, AidPayment.objects.select_related("union", "member"), pk=aid_pk)
        form = QueryForm(request.POST or None)
        subject = _("救助支出%(aid)s") % {"aid": aid}
    else:
        union = chosen_union(request)
        year = chosen_year(request)
        form = StatementLineQueryForm(
            request.POST or None, union=union, on=datetime.date(year, 12, 31), initial={"year": year}
        )
        subject = _("%(union)s收入支出表的项目") % {"union": union}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if voucher or aid:
                query = services.raise_query(
                    by=request.user, question=data["question"], voucher=voucher, aid_payment=aid
                )
            else:
                query = services.raise_query(
                    by=request.user,
                    question=data["question"],
                    category=data["category"],
                    union=union,
                    year=data["year"],
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("询问已提出，已转会计和主席答复。"))
            return redirect("finances:query_detail", pk=query.pk)
    return render(request, "finances/query_form.html", {"form": form, "subject": subject})


@area_view(QUERIES)
def query_detail(request, pk):
    query = get_in_reach(request, AuditQuery.objects.select_related(*QUERY_RELATED), pk=pk)
    return render(
        request,
        "finances/query_detail.html",
        {
            "query": query,
            "close_form": CloseQueryForm(),
            "can_answer": can_write(request.role, QUERIES) and not query.is_closed,
            "can_close": can_write(request.role, AUDIT) and not query.is_closed,
        },
    )


@area_view(QUERIES, write=True)
def query_answer(request, pk):
    query = get_in_reach(request, AuditQuery.objects.select_related(*QUERY_RELATED), pk=pk)
    if query.is_closed:
        messages.error(request, _("该询问已关闭，不能再答复。"))
        return redirect("finances:query_detail", pk=query.pk)
    voucher = query.subject_voucher
    may_reverse = (
        voucher is not None
        and can_write(request.role, FINANCES)
        and not voucher.is_reversal
        and not Voucher.objects.filter(reverses=voucher).exists()
    )
    form = AnswerForm(request.POST or None, initial={"answer": query.answer})
    if not may_reverse:
        del form.fields["reverse"], form.fields["reversal_date"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_query(
                query=query,
                by=request.user,
                answer=data["answer"],
                reverse=data.get("reverse", False),
                reversal_date=data.get("reversal_date"),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已答复，待经审委员审阅后关闭。"))
            return redirect("finances:query_detail", pk=query.pk)
    return render(request, "finances/query_answer.html", {"query": query, "form": form})


@area_view(AUDIT, write=True, methods=("POST",))
def query_close(request, pk):
    query = get_in_reach(request, AuditQuery.objects.select_related("union"), pk=pk)
    form = CloseQueryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("关闭意见不能超过300字。"))
    else:
        try:
            services.close_query(query=query, by=request.user, remark=form.cleaned_data["remark"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("询问已关闭。"))
    return redirect("finances:query_detail", pk=query.pk)


def reviews_of(voucher: Voucher):
    """What the voucher page shows of the audit desk: its review mark and its queries."""
    review = VoucherReview.objects.filter(voucher=voucher).select_related("reviewed_by").first()
    queries = AuditQuery.objects.filter(voucher=voucher).select_related("raised_by").order_by("raised_at")
    return review, queries
