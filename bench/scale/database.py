"""The bench's own database: point Django at it, create or drop it, and read what it holds.

A generated database carries a marker (PostgreSQL's COMMENT ON DATABASE) with the size and seed it
was built with, so `make bench` can reuse it when the same size is asked for again.
"""

import json

import dj_database_url
import psycopg2
from django.db import connection, connections
from psycopg2 import sql

MARKER = "unionhub-scale"


def use_database(url: str) -> None:
    """Send this process's default connection to `url` from now on."""
    parsed = dj_database_url.parse(url)
    connections["default"].close()
    settings = connections["default"].settings_dict
    for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT"):
        settings[key] = parsed[key]


def _admin(url: str):
    """A connection to the server's maintenance database, with the same credentials."""
    parsed = dj_database_url.parse(url)
    admin = psycopg2.connect(
        dbname="postgres",
        user=parsed["USER"],
        password=parsed["PASSWORD"],
        host=parsed["HOST"],
        port=parsed["PORT"] or 5432,
    )
    admin.autocommit = True
    return admin, parsed["NAME"]


def exists(url: str) -> bool:
    admin, name = _admin(url)
    with admin, admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = cursor.fetchone() is not None
    admin.close()
    return found


def create(url: str, *, fresh: bool = False) -> None:
    """Create the database (dropping it first when `fresh`)."""
    admin, name = _admin(url)
    if name in {"postgres", "template0", "template1", "unionhub"}:
        raise ValueError(f"refusing to drop or create the database {name!r}: pick a bench database")
    with admin.cursor() as cursor:
        if fresh:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def read_marker() -> dict | None:
    """What the current database was generated with, or None."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
        )
        row = cursor.fetchone()
    try:
        marker = json.loads(row[0]) if row and row[0] else None
    except ValueError:
        return None
    return marker if isinstance(marker, dict) and marker.get("marker") == MARKER else None


def write_marker(data: dict) -> None:
    text = json.dumps({"marker": MARKER, **data}, ensure_ascii=False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        name = cursor.fetchone()[0]
        cursor.execute(sql.SQL("COMMENT ON DATABASE {} IS %s").format(sql.Identifier(name)), [text])


def vacuum_analyze() -> None:
    """After a bulk load: fresh statistics and visibility maps (index-only scans need them)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
