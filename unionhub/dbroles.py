"""Two PostgreSQL roles: the database refuses, whoever asks.

- The **owner** role (`settings.DATABASE_OWNER`, from DATABASE_OWNER_URL) owns the schema: `migrate`
  and `flush` run as it (see `as_owner`), and so do the tests' database set-up and `restore`.
- The **app** role (DATABASE_URL) is what the application connects as. It owns nothing and is no
  superuser, so it cannot `ALTER TABLE … DISABLE TRIGGER`, drop a trigger, `TRUNCATE`, create a table
  or set `session_replication_role`. It may read and write rows, except that the append-only tables
  (posted vouchers, their lines, approvals, donations, aid, member events, the audit trail: every
  table with a `pgtrigger.Protect` on UPDATE and DELETE) grant it SELECT and INSERT only. Tables it
  writes in one way only (ledger totals, month closes, a final summary …) carry conditional guards
  declared beside their models (unionhub.guards), which no grant can express.

django-pgtrigger lets any session skip its triggers with `set_config('pgtrigger.ignore', …)`: the
check sits in the function `_pgtrigger_should_ignore`, called first by every pgtrigger trigger
(immutability and the pghistory audit trail alike). `secure_database()` replaces that function after
every `migrate` with one that honours the setting only for members of the database's owner role,
who could switch the trigger off anyway; for the app role the triggers always fire.
"""

from contextlib import contextmanager

import pgtrigger
from django.conf import settings
from django.db import connections
from pgtrigger import features
from psycopg2 import sql

# PostgreSQL asks for UPDATE privilege to lock a row (SELECT … FOR UPDATE): reverse_voucher locks the
# voucher it reverses. The triggers refuse any update of its rows all the same.
ROW_LOCKED = {"finances_voucher"}

IGNORE_FUNCTION = """
CREATE OR REPLACE FUNCTION {function}(trigger_name NAME)
RETURNS BOOLEAN AS $$
    DECLARE
        _pgtrigger_ignore TEXT[];
    BEGIN
        -- UnionHub (unionhub/dbroles.py): only the database's owner may skip a trigger; it could
        -- disable it anyway. The application's role never can.
        IF NOT pg_has_role(
            current_user,
            (SELECT datdba FROM pg_database WHERE datname = current_database()),
            'MEMBER'
        ) THEN
            RETURN FALSE;
        END IF;
        BEGIN
            SELECT INTO _pgtrigger_ignore CURRENT_SETTING('pgtrigger.ignore');
            EXCEPTION WHEN OTHERS THEN
        END;
        IF _pgtrigger_ignore IS NOT NULL THEN
            RETURN trigger_name = ANY(_pgtrigger_ignore);
        END IF;
        RETURN FALSE;
    END;
$$ LANGUAGE plpgsql
"""


def immutable_tables() -> list[str]:
    """Tables whose rows PostgreSQL never lets change: a row-level Protect on UPDATE and DELETE with no
    condition (a conditional one, such as a report frozen once final, leaves drafts editable)."""
    tables = set()
    for model, trigger in pgtrigger.registered():
        operation = str(trigger.operation or "")
        unconditional = trigger.condition is None
        if (
            isinstance(trigger, pgtrigger.Protect)
            and unconditional
            and "UPDATE" in operation
            and "DELETE" in operation
        ):
            tables.add(model._meta.db_table)
    return sorted(tables)


def secure_database(cursor, *, app_user: str | None) -> None:
    """As the owner, after the schema changed: make pgtrigger's triggers unskippable for anyone but
    the owner, and grant the app role what it needs and no more. Idempotent.

    `cursor` is a DB-API cursor (Django's or psycopg2's) connected as the owner. Without a separate
    app role (`app_user` None or the owner itself) only the trigger function is replaced.
    """
    schema = features.schema() or "public"
    function = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier("_pgtrigger_should_ignore"))
    cursor.execute(sql.SQL(IGNORE_FUNCTION).format(function=function).as_string(_raw(cursor)))
    cursor.execute("SELECT current_user")
    if not app_user or app_user == cursor.fetchone()[0]:
        return
    statements = [
        sql.SQL("GRANT USAGE ON SCHEMA {schema} TO {app}"),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}"),
        sql.SQL("REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {schema} FROM {app}"),
        # UPDATE for setval(), which the bulk loader of the bench (COPY) needs; a sequence set back
        # can make inserts collide with existing keys, never change a row.
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {app}"),
        # Tables and sequences that later migrations create are granted as they appear.
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}"
        ),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {app}"
        ),
    ]
    names = {"schema": sql.Identifier(schema), "app": sql.Identifier(app_user)}
    queries = [statement.format(**names) for statement in statements]
    for table in immutable_tables():
        revoked = "DELETE" if table in ROW_LOCKED else "UPDATE, DELETE"
        queries.append(
            sql.SQL("REVOKE {revoked} ON {table} FROM {app}").format(
                revoked=sql.SQL(revoked), table=sql.Identifier(schema, table), **names
            )
        )
    for query in queries:
        cursor.execute(query.as_string(_raw(cursor)))


def _raw(cursor):
    """The psycopg2 connection under a Django or psycopg2 cursor (psycopg2.sql renders against it)."""
    cursor = getattr(cursor, "cursor", cursor)  # Django's CursorWrapper
    return cursor.connection


@contextmanager
def as_owner(alias: str = "default"):
    """Connect `alias` as the owner role for the duration (a new connection), then as before.

    A no-op without a separate owner role, or when the connection is the owner's already.
    """
    owner = settings.DATABASE_OWNER
    connection = connections[alias]
    current = {key: connection.settings_dict.get(key) for key in ("USER", "PASSWORD")}
    if alias != "default" or not owner or current["USER"] == owner["USER"]:
        yield connection
        return
    switch_credentials(connection, owner)
    try:
        yield connection
    finally:
        switch_credentials(connection, current)


def switch_credentials(connection, credentials: dict) -> None:
    """Close `connection` and have its next connection log in with these USER and PASSWORD."""
    connection.close()
    connection.settings_dict.update(credentials)


def app_user() -> str | None:
    """The app role, when it is a role of its own."""
    return settings.DATABASE_APP["USER"] if settings.DATABASE_OWNER else None
