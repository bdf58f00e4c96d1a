"""The annual work summary: the chair's edits, and the frozen snapshot once finalised."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from unionhub.models import Union
from unionhub.scope import scoped_manager


class AnnualSummary(models.Model):
    """One union's summary of one year.

    While a draft, its text is written afresh from the records on every view, with the chair's
    edits (per section) laid over it. Finalising stores the figures and the finished sections, so
    later changes to the records — or to the code that writes the text — leave it as it was signed.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        FINAL = "final", _("已定稿")

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="summaries", verbose_name=_("工会")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The chair's text per section key, kept apart from what the records generate.
    edits = models.JSONField(_("主席修改的文字"), default=dict, blank=True)
    signed_on = models.DateField(_("落款日期"), null=True, blank=True)
    figures = models.JSONField(_("定稿时的数据"), default=dict, blank=True)
    sections = models.JSONField(_("定稿时的正文"), default=list, blank=True)
    finalised_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("定稿人"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("年度工会工作总结")
        verbose_name_plural = _("年度工会工作总结")
        ordering = ["-year", "union__path"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="summary_one_per_union_year"),
            models.CheckConstraint(condition=Q(year__gte=1950, year__lte=2100), name="summary_year_range"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(finalised_at__isnull=False, finalised_by__isnull=False),
                name="summary_final_has_signature",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.union} {self.year}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL
