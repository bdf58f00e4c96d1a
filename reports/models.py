"""The annual work summary and the audit committee's yearly review report: the edits of the one
who writes each, and the frozen snapshot once signed."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from unionhub.guards import Refuse
from unionhub.history import track
from unionhub.models import Union
from unionhub.scope import scoped_manager


@track("AnnualSummaryHistory")
class AnnualSummary(models.Model):
    """One union's summary of one year.

    While a draft, its text is written afresh from the records on every view, with the chair's
    edits (per section) laid over it. Finalising stores the figures and the finished sections, so
    later changes to the records — or to the code that writes the text — leave it as it was signed.
    Once final PostgreSQL keeps it so: no change, no delete, and back to a draft only with its final
    text kept as a version (`AnnualSummaryVersion`, the chair's reopening).
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
    # The date the summary counts up to; empty: today for a draft (the year's end once it is over).
    as_of = models.DateField(_("统计截止日期"), null=True, blank=True)
    theme = models.CharField(
        _("年度主题"), max_length=200, blank=True, help_text=_("如 突出维护职能，建设和谐交通")
    )
    signature = models.CharField(_("落款单位"), max_length=100, blank=True)
    # The chair's document: headings renamed ({key: heading}), the order of the sections (keys),
    # sections taken out, and sections the chair added ({key: heading} of "extra-N" keys).
    headings = models.JSONField(_("修改的标题"), default=dict, blank=True)
    order = models.JSONField(_("各部分顺序"), default=list, blank=True)
    removed = models.JSONField(_("删去的部分"), default=list, blank=True)
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
        triggers = [
            pgtrigger.Protect(
                name="summary_kept_when_final",
                operation=pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="final"),
            ),
            Refuse(
                name="summary_frozen_when_final",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status="final"),
                refused_if="""NOT (NEW.status = 'draft' AND EXISTS (
                    SELECT 1 FROM reports_annualsummaryversion v WHERE v.summary_id = OLD.id
                    AND v.finalised_at = OLD.finalised_at AND v.finalised_by_id = OLD.finalised_by_id
                    AND v.sections = OLD.sections AND v.figures = OLD.figures
                ))""",
                because="a final summary is only reopened, its final text kept as a version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.union} {self.year}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


@track("AnnualSummaryVersionHistory", immutable=True)
class AnnualSummaryVersion(models.Model):
    """A finalised text of a summary, kept when the chair reopens it: the earlier final stays readable.
    Never changed or deleted."""

    summary = models.ForeignKey(
        AnnualSummary, on_delete=models.CASCADE, related_name="versions", verbose_name=_("年度总结")
    )
    number = models.PositiveSmallIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=200)
    signature = models.CharField(_("落款单位"), max_length=100)
    signed_on = models.DateField(_("落款日期"))
    figures = models.JSONField(_("定稿时的数据"), default=dict)
    sections = models.JSONField(_("定稿时的正文"), default=list)
    finalised_at = models.DateTimeField(_("定稿时间"))
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("定稿人")
    )
    reopened_at = models.DateTimeField(_("重新打开时间"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("重新打开人")
    )
    reason = models.CharField(_("重新打开的原因"), max_length=200)

    class Meta:
        verbose_name = _("总结定稿版本")
        verbose_name_plural = _("总结定稿版本")
        ordering = ["summary", "number"]
        constraints = [
            models.UniqueConstraint(fields=["summary", "number"], name="summary_version_number_unique")
        ]
        triggers = [
            pgtrigger.Protect(name="summary_version_immutable", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self) -> str:
        return f"{self.summary} v{self.number}"


@track("AuditReportHistory")
class AuditReport(models.Model):
    """The audit committee's yearly review report (经费审查报告) of one union.

    Like the annual summary: while a draft it is written afresh from the year's records on every
    view, with the auditor's edits per section laid over it; signing it off stores the figures and
    the finished text, so the year's report stays as it was signed, and signs the year's statements.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        FINAL = "final", _("已签发")

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    edits = models.JSONField(_("经审委员修改的文字"), default=dict, blank=True)
    signed_on = models.DateField(_("落款日期"), null=True, blank=True)
    figures = models.JSONField(_("签发时的数据"), default=dict, blank=True)
    sections = models.JSONField(_("签发时的正文"), default=list, blank=True)
    finalised_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签发人"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("经费审查报告")
        verbose_name_plural = _("经费审查报告")
        ordering = ["-year", "union__path"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="audit_report_one_per_union_year"),
            models.CheckConstraint(
                condition=Q(year__gte=1950, year__lte=2100), name="audit_report_year_range"
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(finalised_at__isnull=False, finalised_by__isnull=False, signed_on__isnull=False),
                name="audit_report_final_has_signature",
            ),
        ]
        triggers = [
            # Once signed off, the report is frozen with the year: PostgreSQL refuses any change.
            pgtrigger.Protect(
                name="audit_report_frozen_when_final",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="final"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.union} {self.year}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class RecordStamp(models.Model):
    """How many times the records of one app (`part`: members, finances, activities, rights, unionhub)
    of a union dated in a year have changed (year 0: records without a date, which count in every
    year). Kept by PostgreSQL: a statement-level trigger on every table the summary's figures read
    adds one in the same transaction as the change (migrations 0004, 0011). Nothing else writes it."""

    union = models.ForeignKey(
        Union, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("工会")
    )
    year = models.IntegerField(_("年度"))
    part = models.CharField(_("记录类别"), max_length=20, default="")
    changes = models.BigIntegerField(_("变更次数"))

    objects = scoped_manager()

    class Meta:
        verbose_name = _("记录变更戳")
        verbose_name_plural = _("记录变更戳")
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "part"], name="record_stamp_union_year_part")
        ]

    def __str__(self) -> str:
        return f"{self.union_id} {self.year} {self.part}: {self.changes}"


class SummaryFigures(models.Model):
    """The figures of a union's year as last computed, with the stamps of the records they came from
    (one per app): read back while the stamps are the same; after a change, the sections that read the
    changed app's records are computed afresh (`reports.stamps`)."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="+", verbose_name=_("工会"))
    year = models.IntegerField(_("年度"))
    as_of = models.DateField(_("统计截止日期"))
    schema = models.PositiveSmallIntegerField(_("格式"))
    stamps = models.JSONField(_("记录戳"), default=dict)
    figures = models.JSONField(_("数据"))
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("总结数据")
        verbose_name_plural = _("总结数据")
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="summary_figures_union_year")]

    def __str__(self) -> str:
        return f"{self.union_id} {self.year} ({self.as_of})"


@track("StatisticsReturnHistory")
class StatisticsReturn(models.Model):
    """A union's statistics return (基层工会调查表) at the time point its federation set.

    Its lines are counted from the records whenever it is drawn (reports.returns); what the records
    cannot know (workers of the units covered, officers) is typed, each value kept with who typed it
    and when (`typed`). When the chair signs it the lines are stored as signed, and PostgreSQL keeps
    it so: no change, no delete.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SIGNED = "signed", _("已签字")

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    as_of = models.DateField(_("统计时点"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # {line key: {"value": n, "by": name, "at": ISO time}}: the typed lines.
    typed = models.JSONField(_("填报的数据"), default=dict, blank=True)
    figures = models.JSONField(_("签字时的数据"), default=dict, blank=True)
    signed_at = models.DateTimeField(_("签字时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签字人"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("工会统计年报")
        verbose_name_plural = _("工会统计年报")
        ordering = ["-as_of", "union__path"]
        constraints = [
            models.UniqueConstraint(fields=["union", "as_of"], name="statistics_return_one_per_time_point"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(signed_at__isnull=False, signed_by__isnull=False),
                name="statistics_return_signed_has_signature",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="statistics_return_frozen_when_signed",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="signed"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.union} {self.as_of}"

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED
