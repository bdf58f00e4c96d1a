"""Setting up the books: funds, a union's own sub-items, budgets."""

from datetime import date as Date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from finances.models import Budget, Category, Fund
from finances.services.ledger import record_opening_balance, require_right
from unionhub import access
from unionhub.models import Union, User
from unionhub.money import round_money


@transaction.atomic
def create_fund(
    *,
    union: Union,
    by: User,
    name: str,
    kind: str,
    restricted: bool,
    purpose: str = "",
    opened_on: Date | None = None,
    opening_balance: Decimal | None = None,
    opening_date: Date | None = None,
) -> Fund:
    """A new fund; with an opening balance, also its 期初结转 voucher."""
    by = require_right(by, union, access.FINANCES)
    fund = Fund(
        union=union, name=name.strip(), kind=kind, restricted=restricted, purpose=purpose, opened_on=opened_on
    )
    fund.full_clean()
    fund.save()
    if opening_balance:
        if opening_date is None:
            raise ValidationError({"opening_date": _("请填写期初余额的日期。")})
        record_opening_balance(fund=fund, by=by, date=opening_date, amount=opening_balance)
    return fund


@transaction.atomic
def add_sub_item(*, union: Union, by: User, parent: Category, name: str) -> Category:
    """A sub-item the union's treasurer adds under a standard top-level item (明细科目)."""
    by = require_right(by, union, access.FINANCES)
    if parent.parent_id is not None or parent.union_id is not None:
        raise ValidationError({"parent": _("只能在标准一级科目下增设明细科目。")})
    name = name.strip()
    if parent.children.filter(name=name, union__isnull=True).exists():
        raise ValidationError({"name": _("标准科目中已有“%(name)s”。") % {"name": name}})
    last = Category.objects.select_for_update().filter(parent=parent).aggregate(last=Max("code"))["last"]
    position = int(last[len(parent.code) :]) + 1 if last else 1
    category = Category(
        edition=parent.edition,
        parent=parent,
        direction=parent.direction,
        code=f"{parent.code}{position:02d}",
        name=name,
        union=union,
    )
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def set_budget(*, union: Union, by: User, year: int, amounts: dict[Category, Decimal | None]) -> None:
    """Set the year's budget per category; an empty amount removes that category's budget line."""
    by = require_right(by, union, access.FINANCES)
    for category, amount in amounts.items():
        if category.union_id not in (None, union.pk):
            raise ValidationError(_("不能为其他工会增设的科目编制预算。"))
        if amount is None:
            Budget.objects.filter(union=union, year=year, category=category).delete()
            continue
        amount = round_money(amount)
        if amount < 0:
            raise ValidationError(_("预算金额不能为负数。"))
        Budget.objects.update_or_create(
            union=union, year=year, category=category, defaults={"amount": amount, "updated_by": by}
        )
