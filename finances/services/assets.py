"""The fixed-asset register (固定资产登记) and depreciation (折旧)."""

from datetime import date as Date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from finances.models import FixedAsset, Voucher
from finances.money import round_money
from finances.services.ledger import require_right
from unionhub import access
from unionhub.models import Role, Union, User

THRESHOLD = {FixedAsset.Kind.SPECIAL: Decimal(1500)}  # general equipment: 1,000 yuan
MINIMUM_LIFE = {FixedAsset.Kind.COMPUTER: 6, FixedAsset.Kind.FURNITURE: 15}


@transaction.atomic
def register_fixed_asset(
    *,
    union: Union,
    by: User | Role,
    name: str,
    kind: str,
    cost: Decimal,
    acquired_on: Date,
    life_years: int,
    voucher: Voucher | None = None,
) -> FixedAsset:
    """Enter a piece of equipment bought for 1,000 yuan or more (special equipment 1,500) in the
    register: the balance sheet then carries it (原值, 累计折旧) against 资产基金."""
    by = require_right(by, union, access.FINANCES)
    cost = round_money(cost)
    threshold = THRESHOLD.get(kind, Decimal(1000))
    if cost < threshold:
        raise ValidationError({"cost": _("原值不足%(amount)s元，不作为固定资产。") % {"amount": threshold}})
    minimum = MINIMUM_LIFE.get(kind, 1)
    if life_years < minimum:
        raise ValidationError({"life_years": _("该类资产折旧年限不得少于%(years)s年。") % {"years": minimum}})
    if voucher is not None:
        if voucher.union_id != union.pk or voucher.category is None:
            raise ValidationError({"voucher": _("请选择本工会的资本性支出凭证。")})
        if voucher.category.account.top.code != "507" or voucher.is_reversal:
            raise ValidationError({"voucher": _("购置凭证须是资本性支出凭证。")})
    asset = FixedAsset(
        union=union,
        name=name.strip(),
        kind=kind,
        cost=cost,
        acquired_on=acquired_on,
        life_years=life_years,
        voucher=voucher,
        registered_by=by,
    )
    asset.full_clean()
    asset.save()
    return asset
