"""The worker of the concurrency test, run in a fresh (spawned) process with its own connection.

Nothing here imports Django at module level: a spawned process imports this module before it has
set Django up.
"""

import datetime
import os
from decimal import Decimal


def post_many(
    database: str, union_pk: int, user_pk: int, fund_pk: int, category_pk: int, count, start, errors
):
    """Post `count` vouchers into one union, starting when every worker is ready (`start`, a barrier)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhub.test_settings")
    import django

    django.setup()
    from django.db import connections

    connections["default"].settings_dict["NAME"] = database
    from finances import services
    from finances.models import Category, Fund
    from unionhub.models import Union, User

    try:
        union, by = Union.objects.get(pk=union_pk), User.objects.get(pk=user_pk)
        fund, income = Fund.objects.get(pk=fund_pk), Category.objects.get(pk=category_pk)
        start.wait()
        for i in range(count):
            services.post_voucher(
                union=union,
                by=by,
                date=datetime.date(2026, 6, 1 + i % 28),
                fund=fund,
                category=income,
                amount=Decimal("1.00"),
                summary=f"并发 {i}",
            )
    except Exception as error:  # reported to the parent, which fails the test
        errors.put(repr(error))
    finally:
        connections.close_all()
