"""Budgets (预算): a planned amount per category per year. A plan, so it may be edited."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from finances.models.chart import Category
from unionhub.history import track
from unionhub.models import Union
from unionhub.scope import scoped_manager


@track("BudgetHistory")
class Budget(models.Model):
    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("科目"))
    amount = models.DecimalField(_("预算金额"), max_digits=14, decimal_places=2)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("编制人")
    )
    updated_at = models.DateTimeField(_("编制时间"), auto_now=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("预算")
        verbose_name_plural = _("预算")
        ordering = ["union", "year", "category__code"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "category"], name="budget_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.union} {self.year} {self.category}: {self.amount}"
