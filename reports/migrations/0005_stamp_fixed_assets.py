"""The summary's money now states the 01表's net assets, which count fixed assets, and it names weekly
series by their own title: stamp both tables too."""

from importlib import import_module

from django.db import migrations

stamps = import_module("reports.migrations.0004_record_stamps")
STAMPED = {
    "finances_fixedasset": ["SELECT r.union_id, 0 FROM {rows} r"],
    "activities_activityseries": ["SELECT r.union_id, 0 FROM {rows} r"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_record_stamps"),
        ("finances", "0008_fixed_assets"),
        ("activities", "0007_guards_trail_written_by_triggers_only"),
    ]

    operations = [migrations.RunSQL(stamps.install(STAMPED), stamps.uninstall(STAMPED))]
