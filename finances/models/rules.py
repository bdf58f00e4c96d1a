"""Spending rules (基层工会经费收支管理办法) kept as data by region and effective date, and the
warnings a treasurer chose to post past."""

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from unionhub.models import Union
from unionhub.scope import scoped_manager


class Benefit(models.TextChoices):
    """What a spending gives members, as far as the spending rules care."""

    NONE = "", _("非会员福利")
    HOLIDAY = "holiday", _("节日慰问品")
    BIRTHDAY = "birthday", _("生日慰问")
    MARRIAGE = "marriage", _("结婚慰问")
    BIRTH = "birth", _("生育慰问")
    HOSPITAL = "hospital", _("住院慰问")
    BEREAVEMENT = "bereavement", _("会员去世慰问")
    CASH_GIFT = "cash", _("发放现金或购物卡")
    BANQUET = "banquet", _("宴请")
    BONUS = "bonus", _("发放奖金、津贴、补贴")


class SpendingRuleQuerySet(models.QuerySet):
    def in_force(self, *, region: str, on) -> list["SpendingRule"]:
        """The rules binding a union of `region` on a date: per kind the newest national and regional."""
        rows = self.filter(Q(region="") | Q(region=region), effective_from__lte=on).order_by(
            "kind", "region", "-effective_from"
        )
        newest: dict[tuple[str, str], SpendingRule] = {}
        for rule in rows:
            newest.setdefault((rule.kind, rule.region), rule)
        return list(newest.values())


class SpendingRule(models.Model):
    """A cap on a member benefit or a prohibition, as a province (or the national rule) publishes it."""

    class Basis(models.TextChoices):
        PER_MEMBER_YEAR = "member_year", _("每人每年")
        PER_OCCASION = "occasion", _("每人每次")
        PROHIBITED = "prohibited", _("禁止")

    region = models.CharField(
        _("适用省份"), max_length=20, blank=True, help_text=_("留空表示全国通用的规定。")
    )
    effective_from = models.DateField(_("施行日期"))
    kind = models.CharField(_("福利类别"), max_length=12, choices=Benefit.choices)
    basis = models.CharField(_("标准口径"), max_length=12, choices=Basis.choices)
    cap = models.DecimalField(_("标准（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.CharField(_("规定内容"), max_length=300)
    source = models.CharField(_("依据"), max_length=200, blank=True)

    objects = SpendingRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("开支标准")
        verbose_name_plural = _("开支标准")
        ordering = ["region", "kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["region", "kind", "effective_from"], name="spending_rule_unique"),
            models.CheckConstraint(
                condition=(Q(basis="prohibited") & Q(cap__isnull=True))
                | (~Q(basis="prohibited") & Q(cap__gt=0)),
                name="spending_rule_cap_or_prohibition",
            ),
            models.CheckConstraint(condition=~Q(kind=""), name="spending_rule_kind_given"),
        ]

    def __str__(self) -> str:
        return f"{self.region or _('全国')} · {self.get_kind_display()} · {self.text}"

    def clean(self) -> None:
        if self.basis == self.Basis.PROHIBITED and self.cap is not None:
            raise ValidationError({"cap": _("禁止性规定不设金额标准。")})
        if self.basis != self.Basis.PROHIBITED and (self.cap is None or self.cap <= 0):
            raise ValidationError({"cap": _("请填写大于零的标准金额。")})


class RuleWarning(models.Model):
    """A rule warning the treasurer saw and confirmed before posting anyway; the auditor's page lists them."""

    voucher = models.ForeignKey(
        "finances.Voucher", on_delete=models.PROTECT, related_name="warnings", verbose_name=_("凭证")
    )
    rule = models.ForeignKey(SpendingRule, on_delete=models.PROTECT, related_name="+", verbose_name=_("规定"))
    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    message = models.CharField(_("提示内容"), max_length=300)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("确认人")
    )
    confirmed_at = models.DateTimeField(_("确认时间"), auto_now_add=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("违规提示")
        verbose_name_plural = _("违规提示")
        ordering = ["-confirmed_at", "-pk"]
        triggers = [
            pgtrigger.Protect(name="rule_warning_immutable", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self) -> str:
        return self.message
