"""The migration onto the 2021 chart, run on books kept in the old layout (positional codes, the
2009 grant sub-items): every voucher keeps its money and lands on the official account."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from finances.models import Category, Voucher
from unionhub import dbroles
from unionhub.models import Union as CurrentUnion
from unionhub.models import User as CurrentUser

BEFORE = [("finances", "0004_voucher_year_date")]


@pytest.mark.django_db(transaction=True)
def test_old_books_are_mapped_onto_the_2021_chart():
    # The organisation tree is today's (only the finances app goes back): made with today's models.
    system = CurrentUnion.objects.create(name="老系统工会")
    base = CurrentUnion.objects.create(name="老基层工会", parent=system)
    user = CurrentUser.objects.create(username="old-treasurer")
    # Migrations run as the schema's owner, as `migrate` does; the app role is granted again after.
    with dbroles.as_owner():
        executor = MigrationExecutor(connection)
        latest = executor.loader.graph.leaf_nodes()
        executor.migrate(BEFORE)
        try:
            old_ids = _old_books(executor, base=base, user=user)
        finally:
            MigrationExecutor(connection).migrate(latest)  # never leave the test database behind
            with connection.cursor() as cursor:
                dbroles.secure_database(cursor, app_user=dbroles.app_user())
    _check_mapped(old_ids)


def _old_books(executor, *, base, user) -> tuple[int, int, int]:
    """Books in the old layout, written through the models of that time; their vouchers' ids."""
    apps = executor.loader.project_state(BEFORE).apps
    Fund = apps.get_model("finances", "Fund")
    Old = apps.get_model("finances", "Category")
    OldVoucher = apps.get_model("finances", "Voucher")
    chart = Old.objects.filter(edition__code="2021", union=None)
    # The layout before: 职工服务支出 was 502, the grant sub-items those of 2009.
    chart.filter(code="502").delete()
    chart.filter(code__in=["50104", "50105"]).delete()
    chart.filter(name="职工服务支出").update(code="502")
    chart.filter(name="其他活动").update(code="50104")
    grants = chart.get(code="403")
    chart.filter(code="40301").update(name="回拨补助")
    chart.filter(code="40302").update(name="专项补助")
    old_item = Old.objects.create(
        edition=grants.edition, parent=grants, direction="in", code="40304", name="送温暖补助"
    )
    general = Fund.objects.create(union_id=base.pk, name="工会经费", kind="union")
    hardship = Fund.objects.create(union_id=base.pk, name="帮困基金", kind="hardship", restricted=True)
    on = datetime.date(2025, 1, 10)
    common = {"union_id": base.pk, "date": on, "kind": "entry", "entered_by_id": user.pk}
    warm = OldVoucher.objects.create(
        **common,
        number=1,
        direction="in",
        fund=hardship,
        category=old_item,
        amount=Decimal("3000"),
        summary="春节送温暖补助",
        counterparty="老系统工会",
    )
    service = OldVoucher.objects.create(
        **common,
        number=2,
        direction="out",
        fund=general,
        category=chart.get(name="职工服务支出"),
        amount=Decimal("800"),
        summary="普惠服务",
    )
    dues = OldVoucher.objects.create(
        **common,
        number=3,
        direction="in",
        fund=hardship,
        category=chart.get(name="会费收入"),
        amount=Decimal("50"),
        summary="会费",
    )

    return warm.pk, service.pk, dues.pk


def _check_mapped(old_ids):
    warm, service, dues = (Voucher.objects.get(pk=pk) for pk in old_ids)
    assert (warm.category.code, warm.category.name) == ("40302", "专项转移支付补助")
    assert warm.amount == Decimal("3000.00") and warm.earmarked
    assert warm.counterpart_union.name == "老系统工会"
    assert (service.category.code, service.category.name) == ("503", "职工服务支出")
    assert not dues.earmarked  # 会费收入 is never 专项
    assert not Category.objects.filter(name="送温暖补助", edition__code="2021").exists()
    standard = Category.objects.filter(edition__code="2021", union=None)
    assert standard.get(code="502").name == "职工活动组织支出"
    assert standard.get(code="50106").name == "其他活动"
    assert standard.get(code="40301").name == "一般性转移支付补助"
    old = Category.objects.get(edition__code="2009", name="送温暖补助")
    assert old.maps_to.code == "40302"
    assert Voucher.objects.filter(settlement=Voucher.Settlement.BANK).count() == 3
