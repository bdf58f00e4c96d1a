"""Bulk loading through PostgreSQL's COPY: rows are written to an in-memory buffer in COPY's text
format and sent with psycopg2's `copy_expert`, a chunk at a time.

`Table` knows a model's columns. Fields a row does not give take the model's own default (so a field
another app adds later with a default needs no change here), `auto_now` fields take the load's
timestamp, nullable fields NULL; a required field with none of these stops the load before any row
is sent. Primary keys are handed out here (the tables are filled by this process alone), and the
sequences are moved past them when the load is done.
"""

import io
import json
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

from django.db import connection, models
from django.utils import timezone

CHUNK_ROWS = 100_000
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_value(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        items = ",".join('"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"' for item in value)
        return ("{" + items + "}").translate(_ESCAPES)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False).translate(_ESCAPES)
    raise TypeError(f"cannot COPY a {type(value).__name__}: {value!r}")


class MissingValue(ValueError):
    """A required column the generator does not fill and the model gives no default for."""


class Table:
    """The COPY target for one model (or an auto-created many-to-many table) and its id counter."""

    def __init__(self, model: type[models.Model], fields: list[str], *, now: datetime | None = None):
        self.model = model
        self.table = model._meta.db_table
        self.now = now or timezone.now()
        concrete = [
            field
            for field in model._meta.concrete_fields
            if not field.generated and not (field.primary_key and field.name not in fields)
        ]
        by_name = {field.name: field for field in concrete}
        unknown = [name for name in fields if name not in by_name]
        if unknown:
            raise ValueError(f"{model.__name__} has no column for {unknown}")
        self.fields = fields
        self.given = [by_name[name].column for name in fields]
        # The columns the rows leave out, with the value each takes.
        self.filled: list[tuple[str, object]] = []
        for field in concrete:
            if field.name in fields:
                continue
            self.filled.append((field.column, self._default(field)))
        self.columns = self.given + [column for column, _value in self.filled]
        self._tail = "".join("\t" + copy_value(value) for _column, value in self.filled)
        self.buffer = io.StringIO()
        self.pending = 0
        self.count = 0
        self.next_id = None

    def _default(self, field: models.Field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now if isinstance(field, models.DateTimeField) else self.now.date()
        if field.has_default():
            value = field.get_default()
            if isinstance(field, models.JSONField):
                return json.dumps(value)
            return value
        if field.null:
            return None
        if isinstance(field, models.CharField | models.TextField) and field.blank:
            return ""
        raise MissingValue(
            f"{self.model.__name__}.{field.name} is required and has no default: teach the scale "
            "generator to fill it"
        )

    def start_ids(self) -> int:
        """The first free primary key: ids are given by the generator, in order."""
        if self.next_id is None:
            pk = self.model._meta.pk.column
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) + 1 FROM "{self.table}"')  # noqa: S608 # nosec B608
                self.next_id = cursor.fetchone()[0]
        return self.next_id

    def new_id(self) -> int:
        if self.next_id is None:
            self.start_ids()
        pk = self.next_id
        self.next_id += 1
        return pk

    def add(self, *values) -> None:
        self.buffer.write("\t".join(map(copy_value, values)) + self._tail + "\n")
        self.pending += 1
        if self.pending >= CHUNK_ROWS:
            self.flush()

    def add_many(self, rows: Iterable[tuple]) -> None:
        for row in rows:
            self.add(*row)

    def flush(self) -> None:
        if not self.pending:
            return
        self.buffer.seek(0)
        columns = ", ".join(f'"{column}"' for column in self.columns)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f'COPY "{self.table}" ({columns}) FROM STDIN', self.buffer)
        self.count += self.pending
        self.pending = 0
        self.buffer = io.StringIO()

    def finish(self) -> None:
        """Send what is left and move the id sequence past the ids handed out."""
        self.flush()
        if self.next_id is not None:
            pk = self.model._meta.pk.column
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s, false)",
                    [f'"{self.table}"', pk, self.next_id],
                )
