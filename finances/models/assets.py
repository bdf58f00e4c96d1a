"""Fixed assets (固定资产): equipment of 1,000 yuan or more (special equipment 1,500 yuan), bought
through a 资本性支出 voucher and then carried on the balance sheet against 资产基金, depreciated
monthly, straight line, with no residual value."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from finances.models.vouchers import Voucher
from unionhub.history import track
from unionhub.models import Union
from unionhub.scope import ScopedQuerySet


@track("FixedAssetHistory")
class FixedAsset(models.Model):
    class Kind(models.TextChoices):
        COMPUTER = "computer", _("计算机及网络设备")
        FURNITURE = "furniture", _("家具、用具")
        GENERAL = "general", _("其他通用设备")
        SPECIAL = "special", _("专用设备")

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    name = models.CharField(_("资产名称"), max_length=100)
    kind = models.CharField(_("资产类别"), max_length=10, choices=Kind.choices)
    cost = models.DecimalField(_("原值"), max_digits=14, decimal_places=2)
    acquired_on = models.DateField(_("取得日期"))
    life_years = models.PositiveSmallIntegerField(_("折旧年限（年）"))
    voucher = models.OneToOneField(
        Voucher,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fixed_asset",
        verbose_name=_("购置凭证"),
    )
    disposed_on = models.DateField(_("处置日期"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("固定资产")
        verbose_name_plural = _("固定资产")
        ordering = ["union", "acquired_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gte=1000), name="fixed_asset_cost_threshold"),
            models.CheckConstraint(condition=Q(life_years__gte=1), name="fixed_asset_life_positive"),
        ]

    def __str__(self) -> str:
        return self.name
