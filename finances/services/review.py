"""The audit committee's writes: drawing a sample, marking vouchers reviewed, queries and their
answers, and the sign-off under a year's statements. The books themselves are never written here,
except by the treasurer's red-ink reversal when a query is answered by correcting them.
"""

import math
import random
import secrets
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from finances.models import (
    AidPayment,
    AuditQuery,
    Category,
    ReviewSample,
    RuleWarning,
    StatementSignOff,
    Voucher,
    VoucherReview,
)
from finances.services.ledger import open_months, require_right, reverse_voucher
from unionhub import access
from unionhub.models import Union, User

# How much more likely than an ordinary voucher a flagged one is to be drawn.
WARNING_WEIGHT = 20.0
REVERSAL_WEIGHT = 12.0
# A voucher of ten times the typical amount weighs ten more, up to twenty more.
AMOUNT_WEIGHT_CAP = 20.0
MAX_SEED = 2**53


@dataclass(frozen=True)
class Candidate:
    pk: int
    amount: Decimal
    warned: bool
    reversal: bool  # a reversal, or a voucher that was reversed


def sample_weight(candidate: Candidate, typical: Decimal) -> float:
    """A voucher's weight in the draw: 1, plus its amount against the period's median (capped),
    plus a fixed weight for a spending-rule warning and for a reversal."""
    weight = 1.0
    if typical > 0:
        weight += min(float(candidate.amount / typical), AMOUNT_WEIGHT_CAP)
    if candidate.warned:
        weight += WARNING_WEIGHT
    if candidate.reversal:
        weight += REVERSAL_WEIGHT
    return weight


def choose(candidates: list[Candidate], *, rate: int, seed: int) -> list[int]:
    """Weighted sampling without replacement (Efraimidis–Spirakis): each candidate draws
    u^(1/weight) from a generator seeded with `seed`, in the candidates' order, and the largest keys
    win. The same candidates, rate and seed give the same sample."""
    if not candidates:
        return []
    size = len(candidates) if rate >= 100 else max(1, math.ceil(len(candidates) * rate / 100))
    amounts = sorted(c.amount for c in candidates)
    typical = amounts[len(amounts) // 2]
    generator = random.Random(seed)  # noqa: S311 - a reproducible draw, not a secret
    keyed = [
        (generator.random() ** (1.0 / sample_weight(candidate, typical)), candidate.pk)
        for candidate in candidates
    ]
    keyed.sort(key=lambda pair: (-pair[0], pair[1]))
    return sorted(pk for _key, pk in keyed[:size])


def candidates_of(union: Union, start: Date, end: Date) -> list[Candidate]:
    """The union's own vouchers dated in the period, in book order, with what weighs in the draw."""
    rows = (
        Voucher.objects.filter(union=union, date__gte=start, date__lte=end)
        .annotate(
            warned=Exists(RuleWarning.objects.filter(voucher=OuterRef("pk"))),
            was_reversed=Exists(Voucher.objects.filter(reverses=OuterRef("pk"))),
        )
        .order_by("date", "number", "pk")
        .values_list("pk", "amount", "warned", "reverses_id", "was_reversed")
    )
    return [
        Candidate(pk, amount, warned, reverses_id is not None or was_reversed)
        for pk, amount, warned, reverses_id, was_reversed in rows
    ]


@transaction.atomic
def draw_sample(
    *, union: Union, by: User, start: Date, end: Date, rate: int, seed: int | None = None
) -> ReviewSample:
    """Draw the period's vouchers for review at `rate` percent (100: all of them) and record the draw."""
    require_right(by, union, access.AUDIT)
    if start > end:
        raise ValidationError({"period_end": _("截止日期不能早于起始日期。")})
    if not 1 <= rate <= 100:
        raise ValidationError({"rate": _("抽查比例应在1%至100%之间。")})
    if seed is None:
        seed = secrets.randbelow(MAX_SEED)
    if not 0 <= seed < MAX_SEED:
        raise ValidationError({"seed": _("随机种子应为非负整数。")})
    candidates = candidates_of(union, start, end)
    if not candidates:
        raise ValidationError(_("该期间没有记账凭证，无需抽查。"))
    chosen = choose(candidates, rate=rate, seed=seed)
    sample = ReviewSample(
        union=union,
        period_start=start,
        period_end=end,
        rate=rate,
        seed=seed,
        population=len(candidates),
        drawn_by=by,
    )
    sample.full_clean()
    sample.save()
    sample.vouchers.set(chosen)
    return sample


@transaction.atomic
def mark_reviewed(
    *, voucher: Voucher, by: User, remark: str = "", sample: ReviewSample | None = None
) -> VoucherReview:
    """The auditor marks a voucher reviewed (已审), with or without a remark. Once per voucher."""
    require_right(by, voucher.union, access.AUDIT)
    if sample is not None and not sample.vouchers.filter(pk=voucher.pk).exists():
        raise ValidationError(_("该凭证不在这次抽查之中。"))
    if VoucherReview.objects.filter(voucher=voucher).exists():
        raise ValidationError(_("%(voucher)s凭证已审查。") % {"voucher": voucher})
    review = VoucherReview(
        voucher=voucher, union=voucher.union, sample=sample, remark=remark.strip(), reviewed_by=by
    )
    review.full_clean(exclude=["voucher", "union", "sample"])
    review.save()
    return review


@transaction.atomic
def raise_query(
    *,
    by: User,
    question: str,
    voucher: Voucher | None = None,
    aid_payment: AidPayment | None = None,
    category: Category | None = None,
    union: Union | None = None,
    year: int | None = None,
) -> AuditQuery:
    """Put a query to the treasurer and the chair about a voucher, an aid payment, or a line
    (a category) of a union's income and expenditure statement of a year."""
    subjects = [s for s in (voucher, aid_payment, category) if s is not None]
    if len(subjects) != 1:
        raise ValidationError(_("询问须针对一张凭证、一笔救助支出或报表的一个项目。"))
    if voucher is not None:
        union, year = voucher.union, voucher.year or voucher.date.year
    elif aid_payment is not None:
        union, year = aid_payment.union, aid_payment.date.year
    elif union is None or year is None:
        raise ValidationError(_("请选择报表所属的工会和年度。"))
    elif category.union_id not in (None, union.pk):
        raise ValidationError({"category": _("不能使用其他工会增设的科目。")})
    require_right(by, union, access.AUDIT)
    query = AuditQuery(
        union=union,
        voucher=voucher,
        aid_payment=aid_payment,
        category=category,
        year=year,
        question=question.strip(),
        raised_by=by,
    )
    query.full_clean(exclude=["union", "voucher", "aid_payment", "category"])
    query.save()
    return query


def _locked(query: AuditQuery) -> AuditQuery:
    return (
        AuditQuery.objects.select_for_update(of=("self",))
        .select_related("union", "voucher", "aid_payment__voucher")
        .get(pk=query.pk)
    )


@transaction.atomic
def answer_query(
    *, query: AuditQuery, by: User, answer: str, reverse: bool = False, reversal_date: Date | None = None
) -> AuditQuery:
    """The treasurer (or the chair) answers a query; with `reverse`, the books are corrected by a
    red-ink reversal of the voucher queried, the answer being its reason. An answered query may be
    answered again until the auditor closes it."""
    query = _locked(query)
    require_right(by, query.union, access.QUERIES)
    if query.is_closed:
        raise ValidationError(_("该询问已关闭，不能再答复。"))
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("请填写答复。")})
    if reverse:
        voucher = query.subject_voucher
        if voucher is None:
            raise ValidationError({"reverse": _("报表项目的询问不能直接冲销，请对有关凭证逐张冲销。")})
        query.correction = reverse_voucher(voucher=voucher, by=by, reason=answer[:150], date=reversal_date)
    query.answer = answer
    query.answered_by = by
    query.answered_at = timezone.now()
    query.status = AuditQuery.Status.ANSWERED
    query.full_clean(exclude=["union", "voucher", "aid_payment", "category", "correction"])
    query.save()
    return query


@transaction.atomic
def close_query(*, query: AuditQuery, by: User, remark: str = "") -> AuditQuery:
    """Only an auditor closes a query: satisfied with the answer, or withdrawing it."""
    query = _locked(query)
    require_right(by, query.union, access.AUDIT)
    if query.is_closed:
        raise ValidationError(_("该询问已关闭。"))
    query.status = AuditQuery.Status.CLOSED
    query.closing_remark = remark.strip()
    query.closed_by = by
    query.closed_at = timezone.now()
    query.full_clean(exclude=["union", "voucher", "aid_payment", "category", "correction"])
    query.save()
    return query


@transaction.atomic
def sign_statements(*, union: Union, year: int, by: User, signed_on: Date) -> StatementSignOff:
    """The audit committee signs the union's statements of the year (once), through its review
    report. Only a year whose every month is closed: a voucher dated later in an open month would
    change the figures the committee signed."""
    require_right(by, union, access.AUDIT)
    still_open = open_months(union, year)
    if still_open:
        raise ValidationError(
            _("%(year)s年%(months)s尚未结账，不能签署审查报告。")
            % {"year": year, "months": "、".join(_("%(month)s月") % {"month": m} for m in still_open)}
        )
    existing = StatementSignOff.objects.filter(union=union, year=year).first()
    if existing is not None:
        return existing
    signoff = StatementSignOff(union=union, year=year, signed_by=by, signed_on=signed_on)
    signoff.full_clean(exclude=["union"])
    signoff.save()
    return signoff


def open_queries(union: Union):
    """Queries on the union's books and those below it that nobody has closed yet."""
    return (
        AuditQuery.objects.within(union)
        .filter(~Q(status=AuditQuery.Status.CLOSED))
        .select_related("union", "voucher", "aid_payment", "category", "raised_by")
        .order_by("raised_at", "pk")
    )
