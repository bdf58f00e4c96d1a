"""Record stamps per app (members, finances, activities, rights, unionhub), so that a change computes
afresh only the sections of the summary's figures that read its app (reports.stamps). Every stamping
trigger of migrations 0004, 0005, 0007 and 0008 is written again with the app of its table."""

from importlib import import_module

from django.db import migrations, models

STAMPED = {
    table: selects
    for name in (
        "0004_record_stamps",
        "0005_stamp_fixed_assets",
        "0007_stamp_join_applications",
        "0008_stamp_registers",
    )
    for table, selects in import_module(f"reports.migrations.{name}").STAMPED.items()
}
stamps = import_module("reports.migrations.0004_record_stamps")


def _stamp(table: str, op: str) -> str:
    """The statement that counts a change of `table` for its rows' unions and years, in its app's part."""
    part = table.split("_", 1)[0]
    touched = " UNION ALL ".join(select.format(rows=stamps.ROWS[op]) for select in STAMPED[table])
    # Sorted, so two statements stamping the same unions lock their rows in the same order.
    return f"""
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, '{part}', 1 FROM ({touched}) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;"""  # noqa: S608  # nosec B608


def install() -> str:
    statements = []
    for table in STAMPED:
        branches = "\n".join(
            f"    {'IF' if i == 0 else 'ELSIF'} TG_OP = '{op}' THEN {_stamp(table, op)}"
            for i, op in enumerate(stamps.ROWS)
        )
        statements.append(
            f"CREATE OR REPLACE FUNCTION reports_stamp_{table}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n{branches}\n    END IF;\n    RETURN NULL;\nEND $$;"
        )
    return "\n".join(statements)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0010_history_by_record"),
        ("unionhub", "0011_history_by_record"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="recordstamp",
            name="record_stamp_union_year",
        ),
        migrations.RemoveField(
            model_name="summaryfigures",
            name="stamp",
        ),
        migrations.AddField(
            model_name="recordstamp",
            name="part",
            field=models.CharField(default="", max_length=20, verbose_name="记录类别"),
        ),
        migrations.AddField(
            model_name="summaryfigures",
            name="stamps",
            field=models.JSONField(default=dict, verbose_name="记录戳"),
        ),
        migrations.AddConstraint(
            model_name="recordstamp",
            constraint=models.UniqueConstraint(
                fields=("union", "year", "part"), name="record_stamp_union_year_part"
            ),
        ),
        # The triggers stay; their functions now write the part. Going back, 0004's functions would
        # need the old constraint: this migration is not reversed.
        migrations.RunSQL(install(), migrations.RunSQL.noop),
    ]
