"""The audit committee's desk (经费审查): samples of vouchers drawn for review, the review marks, the
queries put to the treasurer, and the committee's sign-off of a year's statements.

The auditor reads the books and writes only these rows; the vouchers themselves are never touched
(a query is answered in words, or the books are corrected by a red-ink reversal).
"""

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from finances.models.chart import Category
from finances.models.relief import AidPayment
from finances.models.vouchers import Voucher
from unionhub.history import track
from unionhub.models import Union
from unionhub.scope import scoped_manager

IMMUTABLE = pgtrigger.Update | pgtrigger.Delete


@track("ReviewSampleHistory", immutable=True)
class ReviewSample(models.Model):
    """A draw of a period's vouchers for review (抽查): the rate, the seed and what it drew.

    The draw is weighted towards large amounts, spending-rule warnings and reversals, and
    deterministic for its seed: drawn again over the same vouchers it gives the same sample.
    """

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    rate = models.PositiveSmallIntegerField(_("抽查比例（%）"))
    seed = models.BigIntegerField(_("随机种子"))
    population = models.PositiveIntegerField(_("凭证总数"))
    vouchers = models.ManyToManyField(
        Voucher, through="ReviewSampleVoucher", related_name="+", verbose_name=_("抽中的凭证")
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("抽查人")
    )
    drawn_at = models.DateTimeField(_("抽查时间"), auto_now_add=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("凭证抽查")
        verbose_name_plural = _("凭证抽查")
        ordering = ["-drawn_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rate__gte=1, rate__lte=100), name="review_sample_rate_range"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="review_sample_period_order"
            ),
        ]
        triggers = [pgtrigger.Protect(name="review_sample_immutable", operation=IMMUTABLE)]

    def __str__(self) -> str:
        return _("%(union)s %(start)s至%(end)s 抽查%(rate)s%%") % {
            "union": self.union,
            "start": self.period_start,
            "end": self.period_end,
            "rate": self.rate,
        }


class ReviewSampleVoucher(models.Model):
    """A voucher a sample drew: written with the sample, never changed or removed."""

    sample = models.ForeignKey(ReviewSample, on_delete=models.PROTECT, related_name="+")
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sample", "voucher"], name="review_sample_voucher_unique")
        ]
        triggers = [pgtrigger.Protect(name="review_sample_voucher_immutable", operation=IMMUTABLE)]

    def __str__(self) -> str:
        return f"{self.sample_id} · {self.voucher_id}"


@track("VoucherReviewHistory", immutable=True)
class VoucherReview(models.Model):
    """The auditor's mark that a voucher was reviewed (已审), with an optional remark. Given once."""

    voucher = models.OneToOneField(
        Voucher, on_delete=models.PROTECT, related_name="review", verbose_name=_("凭证")
    )
    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    sample = models.ForeignKey(
        ReviewSample,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("所属抽查"),
    )
    remark = models.CharField(_("审查意见"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("审查人")
    )
    reviewed_at = models.DateTimeField(_("审查时间"), auto_now_add=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("凭证审查")
        verbose_name_plural = _("凭证审查")
        ordering = ["-reviewed_at", "-pk"]
        triggers = [pgtrigger.Protect(name="voucher_review_immutable", operation=IMMUTABLE)]

    def __str__(self) -> str:
        return f"{self.voucher} · {self.reviewed_by}"


@track("AuditQueryHistory")
class AuditQuery(models.Model):
    """A query (审查询问) on a voucher, an aid payment or a statement line, put to the treasurer and
    the chair. They answer it (and may correct the books by reversal); only an auditor closes it."""

    class Status(models.TextChoices):
        OPEN = "open", _("待答复")
        ANSWERED = "answered", _("已答复")
        CLOSED = "closed", _("已关闭")

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    voucher = models.ForeignKey(
        Voucher,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="queries",
        verbose_name=_("凭证"),
    )
    aid_payment = models.ForeignKey(
        AidPayment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="queries",
        verbose_name=_("救助支出"),
    )
    # A statement line: a category of the income and expenditure statement in a year.
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报表项目"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    question = models.TextField(_("询问内容"), max_length=2000)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("提出人")
    )
    raised_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("答复"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("答复人"),
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    correction = models.ForeignKey(
        Voucher,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("更正凭证"),
    )
    closing_remark = models.CharField(_("关闭意见"), max_length=300, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("关闭人"),
    )
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("审查询问")
        verbose_name_plural = _("审查询问")
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(voucher__isnull=False, aid_payment__isnull=True, category__isnull=True)
                    | Q(voucher__isnull=True, aid_payment__isnull=False, category__isnull=True)
                    | Q(voucher__isnull=True, aid_payment__isnull=True, category__isnull=False)
                ),
                name="audit_query_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(status="open")
                | Q(answered_by__isnull=False, answered_at__isnull=False)
                # an auditor may close a query nobody answered (withdrawn)
                | Q(status="closed"),
                name="audit_query_answer_signed",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_by__isnull=False, closed_at__isnull=False),
                name="audit_query_close_signed",
            ),
        ]
        indexes = [models.Index(fields=["union", "status"], name="audit_query_union_status")]

    def __str__(self) -> str:
        return _("询问：%(subject)s") % {"subject": self.subject_label}

    @property
    def subject_label(self) -> str:
        if self.voucher_id:
            return _("凭证%(voucher)s") % {"voucher": self.voucher}
        if self.aid_payment_id:
            return _("救助支出%(aid)s") % {"aid": self.aid_payment}
        return _("%(year)s年收入支出表“%(line)s”") % {"year": self.year, "line": self.category}

    @property
    def subject_voucher(self) -> Voucher | None:
        """The voucher the query is about (an aid payment's voucher), which a reversal corrects."""
        if self.voucher_id:
            return self.voucher
        if self.aid_payment_id:
            return self.aid_payment.voucher
        return None

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def clean(self) -> None:
        if not self.question.strip():
            raise ValidationError({"question": _("请填写询问内容。")})


@track("StatementSignOffHistory", immutable=True)
class StatementSignOff(models.Model):
    """The audit committee's signature under a union's statements of a year (经审会审查签字),
    given when its yearly review report is signed off; shown on the printed statements."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    year = models.PositiveSmallIntegerField(_("年度"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("签字人")
    )
    signed_on = models.DateField(_("签字日期"))
    signed_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("报表审查签字")
        verbose_name_plural = _("报表审查签字")
        ordering = ["-year", "union"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="statement_signoff_one_per_year"),
        ]
        triggers = [pgtrigger.Protect(name="statement_signoff_immutable", operation=IMMUTABLE)]

    def __str__(self) -> str:
        return f"{self.union} {self.year} · {self.signed_by}"
