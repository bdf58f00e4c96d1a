"""The summary's figures kept while their records stay the same.

PostgreSQL counts every change to the records the figures are computed from, per union and per year
the record is dated in (`RecordStamp`, kept by triggers in the same transaction as the change; year 0
for undated records such as a member's details). A union's stamp for a year is a digest of those
counts over its subtree, for that year and every year before it (a voucher of an earlier year moves a
later year-end balance). The figures are stored with the stamp they were computed under and read back
while the stamp is unchanged; any change below the union makes the next view compute them afresh.

The stamp is read before the figures are computed: a change committed in between makes the stored
figures newer than their stamp, never older, so the next view only computes them once more.
"""

import hashlib
from datetime import date

from reports.figures import SCHEMA, collect_figures
from reports.models import RecordStamp, SummaryFigures
from unionhub.models import Union


def records_stamp(*, union: Union, year: int) -> str:
    """A digest of the change counts of the union's subtree for the year and the years before it."""
    digest = hashlib.sha256()
    rows = (
        RecordStamp.objects.within(union)
        .filter(year__lte=year)
        .order_by("union_id", "year")
        .values_list("union_id", "year", "changes")
    )
    for union_id, stamp_year, changes in rows.iterator(chunk_size=5000):
        digest.update(f"{union_id}:{stamp_year}:{changes};".encode())
    return digest.hexdigest()


def summary_figures(*, union: Union, year: int, as_of: date | None = None) -> dict:
    """`collect_figures` for the union's year up to `as_of`, from the store while nothing has changed."""
    as_of = as_of or date(year, 12, 31)
    stamp = records_stamp(union=union, year=year)
    kept = (
        SummaryFigures.objects.filter(union=union, year=year, as_of=as_of, schema=SCHEMA, stamp=stamp)
        .values_list("figures", flat=True)
        .first()
    )
    if kept is not None:
        return kept
    figures = collect_figures(union=union, year=year, as_of=as_of)
    SummaryFigures.objects.bulk_create(
        [SummaryFigures(union=union, year=year, as_of=as_of, schema=SCHEMA, stamp=stamp, figures=figures)],
        update_conflicts=True,
        unique_fields=["union", "year"],
        update_fields=["as_of", "schema", "stamp", "figures", "computed_at"],
    )
    return figures
