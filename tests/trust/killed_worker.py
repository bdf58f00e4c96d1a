"""The worker of the killed-midway tests: runs an import or a dues run in a fresh (spawned) process
with its own connection, and stops dead in the middle of the transaction, right after the first bulk
insert, until the test kills it (SIGKILL: no cleanup, no rollback from Python).

Nothing here imports Django at module level: a spawned process imports this module before it has
set Django up.
"""

import os
import time


def stall_after(manager_owner, ready) -> None:
    """Make `manager_owner.objects.bulk_create` insert, tell the test, then hang inside the transaction."""
    manager = manager_owner.objects
    insert = manager.bulk_create

    def insert_then_hang(*args, **kwargs):
        created = insert(*args, **kwargs)
        ready.set()
        time.sleep(3600)
        return created

    manager.bulk_create = insert_then_hang


def run(database: str, what: str, pks: dict, ready, errors) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhub.test_settings")
    import django

    django.setup()
    from django.db import connections

    connections["default"].settings_dict["NAME"] = database
    from unionhub.models import Union, User

    try:
        by = User.objects.get(pk=pks["user"])
        if what == "import":
            from members import services
            from members.models import Member, RollImport

            stall_after(Member, ready)
            services.import_roll(roll_import=RollImport.objects.get(pk=pks["roll_import"]), by=by)
        else:
            from finances import services
            from finances.models import VoucherLine

            stall_after(VoucherLine, ready)
            union = Union.objects.get(pk=pks["union"])
            services.run_monthly_dues(union=union, year=2026, month=3, by=by)
        errors.put("the worker finished: it should have been killed first")
    except Exception as error:  # reported to the parent, which fails the test
        errors.put(repr(error))
