"""The summary's figures kept while their records stay the same, and computed again only where they
changed.

PostgreSQL counts every change to the records the figures are computed from, per union, per year the
record is dated in and per app the record belongs to (`RecordStamp`, kept by triggers in the same
transaction as the change; year 0 for undated records such as a member's details). A union's stamp of
an app for a year is a digest of those counts over its subtree, for that year and every year before
it (a voucher of an earlier year moves a later year-end balance). The figures are stored with the
stamps they were computed under. While every stamp is unchanged they are read back; after a change,
only the sections of the figures that read the changed apps (`reports.figures.SECTIONS`) are computed
afresh — a voucher recomputes the money, not who took part in activities.

The stamps are read before the figures are computed: a change committed in between makes the stored
figures newer than their stamps, never older, so the next view only computes them once more.
"""

from datetime import date

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import CharField, Value
from django.db.models.functions import MD5, Cast, Concat

from reports.figures import PARTS, SCHEMA, collect_figures
from reports.models import RecordStamp, SummaryFigures
from unionhub.models import Union


def records_stamps(*, union: Union, year: int) -> dict[str, str]:
    """A digest per part of the change counts of the union's subtree for the year and the years before:
    md5 over every (union, year, changes) row of the part in order, computed in PostgreSQL (a
    federation's years are tens of thousands of rows; only one line per part comes back)."""
    row = Concat(
        Cast("union_id", CharField()), Value(":"), Cast("year", CharField()), Value(":"),
        Cast("changes", CharField()),
    )  # fmt: skip
    digests = dict(
        RecordStamp.objects.within(union)
        .filter(year__lte=year, part__in=PARTS)
        .values("part")
        .annotate(digest=MD5(StringAgg(row, delimiter=";", order_by=("union_id", "year"))))
        .values_list("part", "digest")
        .order_by()
    )
    return {part: digests.get(part, "") for part in PARTS}  # "": no change of the part yet


def summary_figures(*, union: Union, year: int, as_of: date | None = None) -> dict:
    """`collect_figures` for the union's year up to `as_of`: from the store while nothing has changed,
    else with the sections of the changed apps computed afresh."""
    as_of = as_of or date(year, 12, 31)
    stamps = records_stamps(union=union, year=year)
    stored = (
        SummaryFigures.objects.filter(union=union, year=year, as_of=as_of, schema=SCHEMA)
        .values_list("stamps", "figures")
        .first()
    )
    if stored is None:
        figures = collect_figures(union=union, year=year, as_of=as_of)
    else:
        kept_stamps, kept = stored
        changed = {part for part in PARTS if kept_stamps.get(part) != stamps[part]}
        if not changed:
            return kept
        figures = collect_figures(union=union, year=year, as_of=as_of, kept=kept, changed=changed)
    SummaryFigures.objects.bulk_create(
        [SummaryFigures(union=union, year=year, as_of=as_of, schema=SCHEMA, stamps=stamps, figures=figures)],
        update_conflicts=True,
        unique_fields=["union", "year"],
        update_fields=["as_of", "schema", "stamps", "figures", "computed_at"],
    )
    return figures
