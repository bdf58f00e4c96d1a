"""The chart of income and spending categories (收支科目), in editions, and the funds money is kept in."""

from datetime import date

import pgtrigger
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from unionhub.guards import Refuse
from unionhub.history import track
from unionhub.models import Union
from unionhub.scope import ScopedQuerySet, scoped_manager


class Direction(models.TextChoices):
    INCOME = "in", _("收入")
    SPENDING = "out", _("支出")


def changed(instance: models.Model, fields: tuple[str, ...]) -> bool:
    """Whether a saved row's `fields` differ from what the database holds."""
    if instance.pk is None:
        return False
    attnames = [instance._meta.get_field(name).attname for name in fields]
    stored = type(instance).objects.filter(pk=instance.pk).values_list(*attnames).first()
    return stored is not None and stored != tuple(getattr(instance, name) for name in attnames)


class CategoryEditionQuerySet(models.QuerySet):
    def in_force(self, on: date) -> "CategoryEdition | None":
        """The edition of the union accounting system in force on a date."""
        return self.filter(effective_from__lte=on).order_by("-effective_from").first()


class CategoryEdition(models.Model):
    """One edition of the union accounting system's chart (工会会计制度), e.g. 财会〔2021〕7号."""

    code = models.CharField(_("版本"), max_length=10, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    document = models.CharField(_("文号"), max_length=50)
    effective_from = models.DateField(_("施行日期"), unique=True)

    objects = CategoryEditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("科目版本")
        verbose_name_plural = _("科目版本")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.name}（{self.document}）"


class CategoryQuerySet(ScopedQuerySet):
    def for_union(self, union: Union) -> "CategoryQuerySet":
        """The standard chart plus the sub-items this union's treasurer added."""
        return self.filter(Q(union__isnull=True) | Q(union=union))

    def top_level(self) -> "CategoryQuerySet":
        return self.filter(parent__isnull=True)


CATEGORY_MEANING = ("edition", "parent", "direction", "code", "name", "union", "maps_to")
# A voucher is posted to the category, to one of its sub-items or to an older item mapped onto it.
CATEGORY_IN_USE = """EXISTS (
    SELECT 1 FROM finances_category c JOIN finances_voucher v ON v.category_id = c.id
    WHERE OLD.id IN (c.id, c.parent_id, c.maps_to_id)
)"""


class Category(models.Model):
    """A category of the chart: a standard top-level item, a standard sub-item, or a union's own sub-item.

    Two levels only: a treasurer adds sub-items under the standard top level, never new top-level items.
    """

    edition = models.ForeignKey(
        CategoryEdition, on_delete=models.PROTECT, related_name="categories", verbose_name=_("科目版本")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级科目"),
    )
    direction = models.CharField(_("收支"), max_length=3, choices=Direction.choices)
    code = models.CharField(_("编码"), max_length=10)
    name = models.CharField(_("科目名称"), max_length=50)
    # None: part of the standard chart. Set: a sub-item that union's treasurer added.
    union = models.ForeignKey(
        Union,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("增设工会"),
    )
    # An account of the county-level list (县级以上工会), which a base union opens only when needed.
    county_level = models.BooleanField(_("县级以上工会科目"), default=False)
    # An item of an older edition names the 2021 account it counts under (科目对照).
    maps_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("对应2021年科目"),
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("收支科目")
        verbose_name_plural = _("收支科目")
        ordering = ["edition", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "parent", "name", "union"],
                name="category_name_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=False) | Q(union__isnull=True),
                name="category_union_adds_sub_items_only",
            ),
        ]
        triggers = [
            # What a posted voucher's category says (its name, code, place and 2021 account) stays:
            # the voucher, its sub-items' and those mapped onto it are read through it.
            Refuse(
                name="category_in_use_keeps_its_meaning",
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange(*CATEGORY_MEANING),
                refused_if=CATEGORY_IN_USE,
                because="vouchers are posted to this category",
            )
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    @property
    def top(self) -> "Category":
        return self.parent if self.parent_id else self

    @property
    def account(self) -> "Category":
        """The 2021 account this category counts under (itself, or what an older item maps to)."""
        return self.maps_to if self.maps_to_id else self

    @property
    def is_standard(self) -> bool:
        return self.union_id is None

    def clean(self) -> None:
        if (
            changed(self, CATEGORY_MEANING)
            and Category.objects.filter(
                Q(pk=self.pk) | Q(parent=self.pk) | Q(maps_to=self.pk), vouchers__isnull=False
            ).exists()
        ):
            raise ValidationError(_("该科目已有记账凭证，不能修改名称、编码或所属科目。"))
        if self.parent_id is None and self.union_id is not None:
            raise ValidationError(_("只能在标准一级科目下增设明细科目。"))
        if self.parent_id:
            if self.parent.parent_id:
                raise ValidationError({"parent": _("明细科目只能设在一级科目下。")})
            if self.parent.edition_id != self.edition_id or self.parent.direction != self.direction:
                raise ValidationError({"parent": _("明细科目须与一级科目同一版本、同一收支方向。")})


FUND_MEANING = ("union", "name", "kind", "restricted")


@track("FundHistory")
class Fund(models.Model):
    """A pot of money with its own balance. Restricted money is spent only on its purpose (专款专用)."""

    class Kind(models.TextChoices):
        UNION_FUND = "union", _("工会经费")
        HARDSHIP = "hardship", _("帮困基金")
        SPECIAL_HARDSHIP = "special", _("特困职工帮扶基金")
        OTHER = "other", _("其他资金")

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="funds", verbose_name=_("工会"))
    name = models.CharField(_("资金名称"), max_length=50)
    kind = models.CharField(_("资金类别"), max_length=10, choices=Kind.choices)
    restricted = models.BooleanField(
        _("专款专用"), default=False, help_text=_("专款专用的资金不得透支，只能用于规定用途。")
    )
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    opened_on = models.DateField(_("设立日期"), null=True, blank=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("资金")
        verbose_name_plural = _("资金")
        ordering = ["union__path", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["union", "name"], name="fund_name_unique_per_union")]
        triggers = [
            # A fund with posted vouchers keeps its name, kind and 专款专用 flag (the statements read them).
            Refuse(
                name="fund_in_use_keeps_its_meaning",
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange(*FUND_MEANING),
                refused_if="EXISTS (SELECT 1 FROM finances_voucher WHERE fund_id = OLD.id)",
                because="vouchers are posted to this fund",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if changed(self, FUND_MEANING) and self.vouchers.exists():
            raise ValidationError(_("该资金已有记账凭证，不能修改名称、类别或专款专用设置。"))
