"""The summary counts the applications to join made online (网上申请入会): stamp their table too."""

from importlib import import_module

from django.db import migrations

stamps = import_module("reports.migrations.0004_record_stamps")
STAMPED = {
    "members_joinapplication": [
        "SELECT r.union_id, EXTRACT(YEAR FROM r.submitted_at AT TIME ZONE 'Asia/Shanghai')::int FROM {rows} r"
    ],
}


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_guards_summary_frozen_and_tracked"),
        ("members", "0011_member_portal"),
    ]

    operations = [migrations.RunSQL(stamps.install(STAMPED), stamps.uninstall(STAMPED))]
