"""The project's own cluster (scripts/db.sh, `make db`) asks every role for its password, the superuser
too, on the socket and on loopback: another process on the machine cannot connect as postgres or as
the owner role and change a posted voucher. The passwords are kept in var/pgpass, which the settings
read. Runs when the tests use that cluster (no DATABASE_URL), as `make test` does."""

import os
import stat
import subprocess

import psycopg2
import pytest
from django.conf import settings

from unionhub import localdb

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="DATABASE_URL names another server than make db's"
)
ROLES = ["postgres", "unionhub_owner", "unionhub_app"]


def connect(role: str, password: str):
    return psycopg2.connect(
        host="127.0.0.1", port=settings.PGPORT, user=role, password=password, dbname="postgres"
    )


@pytest.mark.parametrize("role", ROLES)
def test_a_wrong_password_is_refused_for_every_role(role):
    with pytest.raises(psycopg2.OperationalError, match="password authentication failed"):
        connect(role, "wrong")
    with pytest.raises(psycopg2.OperationalError, match="password authentication failed"):
        connect(role, role)  # the passwords of the cluster's first days


def test_every_line_of_pg_hba_asks_for_a_password():
    with connect("postgres", localdb.password("postgres")) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT type, auth_method FROM pg_hba_file_rules")
        rules = set(cursor.fetchall())
    connection.close()
    assert rules == {("local", "scram-sha-256"), ("host", "scram-sha-256")}


def test_the_settings_and_db_sh_use_the_kept_passwords_readable_by_their_owner_only():
    assert stat.S_IMODE(localdb.PASSFILE.stat().st_mode) == 0o600
    passwords = {role: localdb.password(role) for role in ROLES}
    assert all(len(password) == 48 for password in passwords.values())
    assert len(set(passwords.values())) == len(ROLES)
    assert settings.DATABASE_APP["PASSWORD"] == passwords["unionhub_app"]
    assert settings.DATABASE_OWNER["PASSWORD"] == passwords["unionhub_owner"]
    script = settings.BASE_DIR / "scripts" / "db.sh"
    printed = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [script, "url"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert printed == localdb.url("unionhub_app", port=settings.PGPORT)
