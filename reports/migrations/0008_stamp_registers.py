"""The summary now tells the registers of democratic management and rights (the rights app): stamp
their tables, so that a change to any of them computes the stored figures afresh."""

from importlib import import_module

from django.db import migrations

stamps = import_module("reports.migrations.0004_record_stamps")


def _dated(column: str) -> list[str]:
    return [f"SELECT r.union_id, EXTRACT(YEAR FROM r.{column})::int FROM {{rows}} r"]  # nosec B608


STAMPED = {
    "rights_collectivecontract": _dated("signed_on"),
    "rights_congresssession": _dated("date"),
    "rights_motion": [
        "SELECT s.union_id, EXTRACT(YEAR FROM s.date)::int"
        " FROM {rows} r JOIN rights_congresssession s ON s.id = r.session_id"
    ],
    "rights_openaffairsitem": _dated("date"),
    "rights_labourdispute": _dated("received_on"),
    "rights_complaint": _dated("received_on"),
    "rights_jobservice": _dated("date"),
    "rights_studyoutput": _dated("date"),
    "rights_educationsubsidy": _dated("date"),
    "rights_insuranceenrolment": ["SELECT r.union_id, r.year FROM {rows} r"],
    "rights_keptregister": ["SELECT r.union_id, r.year FROM {rows} r"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_stamp_join_applications"),
        ("rights", "0001_initial"),
    ]

    operations = [migrations.RunSQL(stamps.install(STAMPED), stamps.uninstall(STAMPED))]
