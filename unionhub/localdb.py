"""The project's own PostgreSQL cluster (scripts/db.sh): its URLs, with the passwords it generated.

db.sh keeps one password per role in var/pgpass (libpq's pgpass format, mode 600, like var/secret_key).
Before the cluster is made the file is missing and the passwords are empty: the server then refuses,
saying a password is needed.
"""

from pathlib import Path

PASSFILE = Path(__file__).resolve().parent.parent / "var" / "pgpass"
DATABASE = "unionhub"


def password(role: str) -> str:
    """The kept password of `role` ("" without var/pgpass)."""
    try:
        lines = PASSFILE.read_text().splitlines()
    except FileNotFoundError:
        return ""
    for line in lines:
        _host, _port, _database, user, secret = line.split(":", 4)
        if user == role:
            return secret
    return ""


def url(role: str, *, port: str, database: str = DATABASE) -> str:
    """The URL of `role` on the cluster's loopback `port`, password included."""
    return f"postgres://{role}:{password(role)}@127.0.0.1:{port}/{database}"
