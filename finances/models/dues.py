"""Dues (会费) and the employer's 2% allocation (工会经费拨缴)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from finances.models.vouchers import Voucher
from members.models import Member
from unionhub.history import track
from unionhub.models import Union
from unionhub.scope import scoped_manager


class WageBaseQuerySet(models.QuerySet):
    def in_effect(self, on: date) -> "WageBaseQuerySet":
        return self.filter(effective_from__lte=on)

    def amount_subquery(self, on: date, member_ref: str = "pk") -> Subquery:
        """The wage base in effect on a date for the member at `member_ref`: one correlated subquery."""
        return Subquery(
            self.in_effect(on)
            .filter(member=OuterRef(member_ref))
            .order_by("-effective_from")
            .values("amount")[:1]
        )


@track("WageBaseHistory")
class WageBase(models.Model):
    """A paying member's monthly wage base for dues from a date on (bonuses and allowances excluded)."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="wage_bases", verbose_name=_("会员")
    )
    amount = models.DecimalField(_("月工资"), max_digits=14, decimal_places=2)
    effective_from = models.DateField(_("起始日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人")
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = WageBaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("会费缴纳基数")
        verbose_name_plural = _("会费缴纳基数")
        ordering = ["member", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["member", "effective_from"], name="wage_base_unique_per_date"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="wage_base_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.amount} ({self.effective_from})"


@track("DuesRunHistory")
class DuesRun(models.Model):
    """One month's dues of a union, recorded as one voucher. Once per month unless its voucher is reversed."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    voucher = models.OneToOneField(
        Voucher, on_delete=models.PROTECT, related_name="dues_run", verbose_name=_("凭证")
    )
    members = models.PositiveIntegerField(_("缴费人数"))
    # Set by reverse_voucher in the same transaction as the reversal, so the month may be run again.
    cancelled = models.BooleanField(_("已冲销"), default=False)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("月度会费")
        verbose_name_plural = _("月度会费")
        ordering = ["union", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "year", "month"],
                condition=Q(cancelled=False),
                name="dues_run_once_per_month",
            ),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="dues_run_month_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.union} {self.year}-{self.month:02d}"


@track("AllocationHistory")
class Allocation(models.Model):
    """The employer's 2% of payroll for a month: the part the union keeps is its 拨缴经费收入."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    payroll = models.DecimalField(_("工资总额"), max_digits=14, decimal_places=2)
    total = models.DecimalField(_("应拨缴经费（2%）"), max_digits=14, decimal_places=2)
    kept_share = models.DecimalField(_("留成比例"), max_digits=4, decimal_places=3)
    kept = models.DecimalField(_("留成"), max_digits=14, decimal_places=2)
    remitted = models.DecimalField(_("上解"), max_digits=14, decimal_places=2)
    voucher = models.OneToOneField(
        Voucher, on_delete=models.PROTECT, related_name="allocation", verbose_name=_("凭证")
    )
    cancelled = models.BooleanField(_("已冲销"), default=False)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("经费拨缴")
        verbose_name_plural = _("经费拨缴")
        ordering = ["union", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "year", "month"],
                condition=Q(cancelled=False),
                name="allocation_once_per_month",
            ),
            models.CheckConstraint(condition=Q(payroll__gt=0), name="allocation_payroll_positive"),
            models.CheckConstraint(
                condition=Q(kept_share__gt=0, kept_share__lte=1), name="allocation_share_valid"
            ),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="allocation_month_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.union} {self.year}-{self.month:02d}"
