"""Backups of the whole database, and restores that prove themselves.

`create_backup()` writes three files side by side:

- `unionhub-YYYYmmdd-HHMMSS.dump`: `pg_dump --format=custom` of the database;
- `unionhub-YYYYmmdd-HHMMSS.manifest.json`: when, from where, and the row count of every table;
- `unionhub-YYYYmmdd-HHMMSS.files.tar`: every attached file (scans, photos, thumbnails) as it is in
  the storage, listed in the manifest with its size and SHA-256;
- `unionhub-YYYYmmdd-HHMMSS.dump.sha256`: SHA-256 of all three, in `sha256sum -c` format.

The row counts and the dump see the same instant: the counts are taken in a transaction whose
snapshot pg_dump adopts (`--snapshot`), so a backup taken while people work is still consistent.

`restore_backup()` verifies the checksums, refuses any database that already holds tables, runs
pg_restore in a single transaction, then `check_restore()` compares the restored database with the
manifest (every table, every row count) and with the code (no unapplied or unknown migrations).
The attached files are written back into the site's storage (or `storage=`) and each is read back and
compared with the checksum it had when the backup was taken.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
import psycopg2
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg2 import sql

from unionhub import dbroles

DEFAULT_DIR = settings.BASE_DIR / "var" / "backups"
PREFIX = "unionhub"
MANIFEST_FORMAT = 1
# The stored files of attachments (names relative to the storage), read in the dump's snapshot.
ATTACHMENT_FILES_SQL = """
    SELECT file FROM unionhub_attachment WHERE file <> ''
    UNION SELECT thumbnail FROM unionhub_attachment WHERE thumbnail <> ''
    ORDER BY 1
"""
CHUNK = 1024 * 1024

TABLES_SQL = """
    SELECT n.nspname, c.relname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
    ORDER BY 1, 2
"""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Database:
    """Where a PostgreSQL database is. The password travels to pg_dump in the environment only."""

    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = field(default="", repr=False)
    sslmode: str = ""

    @classmethod
    def from_url(cls, url: str) -> "Database":
        config = dj_database_url.parse(url)
        if not config["ENGINE"].endswith("postgresql"):
            raise BackupError(_("只支持 PostgreSQL 数据库地址（postgres://…）。"))
        return cls.from_settings(config)

    @classmethod
    def from_settings(cls, config: dict) -> "Database":
        return cls(
            name=config["NAME"],
            host=config.get("HOST") or "",
            port=str(config.get("PORT") or ""),
            user=config.get("USER") or "",
            password=config.get("PASSWORD") or "",
            sslmode=(config.get("OPTIONS") or {}).get("sslmode", ""),
        )

    @classmethod
    def default(cls) -> "Database":
        """The database Django uses now (in tests: the test database), as the app role."""
        return cls.from_settings(connections["default"].settings_dict)

    @classmethod
    def owner(cls) -> "Database":
        """The database Django uses now, as the role that owns it (DATABASE_OWNER_URL)."""
        return cls.from_settings({**connections["default"].settings_dict, **(settings.DATABASE_OWNER or {})})

    def __str__(self) -> str:
        return f"{self.name}@{self.host or 'localhost'}:{self.port or 5432}"

    def environment(self) -> dict[str, str]:
        values = {
            "PGDATABASE": self.name,
            "PGHOST": self.host,
            "PGPORT": self.port,
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            "PGSSLMODE": self.sslmode,
        }
        env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        env.update({key: value for key, value in values.items() if value})
        return env

    def connect(self):
        params = {"dbname": self.name, "host": self.host, "port": self.port, "user": self.user}
        params.update(password=self.password, sslmode=self.sslmode)
        try:
            return psycopg2.connect(**{key: value for key, value in params.items() if value})
        except psycopg2.OperationalError as error:
            raise BackupError(
                _("无法连接数据库 %(db)s：%(error)s") % {"db": self, "error": str(error).strip()}
            ) from error

    def django_settings(self) -> dict:
        """A settings dict for a Django connection to this database (used to check migrations)."""
        return {
            **connections["default"].settings_dict,
            "NAME": self.name,
            "HOST": self.host,
            "PORT": self.port,
            "USER": self.user,
            "PASSWORD": self.password,
            "OPTIONS": {"sslmode": self.sslmode} if self.sslmode else {},
            "CONN_MAX_AGE": 0,
        }


@dataclass(frozen=True)
class Backup:
    dump: Path
    manifest: Path
    checksum: Path
    files: Path

    @classmethod
    def beside(cls, dump: Path) -> "Backup":
        """The manifest, checksum and files archive that belong to a dump file."""
        stem = dump.name.removesuffix(".dump")
        return cls(
            dump,
            dump.with_name(f"{stem}.manifest.json"),
            dump.with_name(f"{dump.name}.sha256"),
            dump.with_name(f"{stem}.files.tar"),
        )


@dataclass
class RestoreResult:
    database: Database
    tables: int
    rows: int
    problems: list[str]
    files: int = 0


def server_major(cursor) -> int:
    cursor.execute("SHOW server_version_num")
    return int(cursor.fetchone()[0]) // 10000


def pg_tool(name: str, major: int) -> str:
    """The pg_dump or pg_restore that can talk to a server of the given major version.

    Debian keeps each version's tools in /usr/lib/postgresql/N/bin; PG_BINDIR overrides; PATH is
    the last resort. A tool older than the server cannot read or write its dumps, so it is passed over.
    """
    candidates = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin/{name}"))
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK) and tool_major(candidate) >= major:
            return str(candidate)
    raise BackupError(
        _(
            "找不到 PostgreSQL %(major)d 或更新版本的 %(tool)s："
            "请安装 postgresql-client-%(major)d，或用环境变量 PG_BINDIR 指明其目录。"
        )
        % {"major": major, "tool": name}
    )


def tool_version(path: Path | str) -> str:
    """`pg_dump (PostgreSQL) 15.18 (Debian …)`."""
    command = [str(path), "--version"]
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()  # noqa: S603


def tool_major(path: Path) -> int:
    match = re.search(r"\) (\d+)", tool_version(path)) or re.search(r"(\d+)", tool_version(path))
    return int(match.group(1)) if match else 0


def table_counts(cursor) -> dict[str, int]:
    """Rows in every table of the database, keyed `schema.table`."""
    cursor.execute(TABLES_SQL)
    counts = {}
    for schema, table in cursor.fetchall():
        cursor.execute(
            sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
        )
        counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def run_tool(arguments: list[str], database: Database, failure: str) -> None:
    # An argument list and no shell; the password travels in the environment, not on the command line.
    result = subprocess.run(  # noqa: S603
        arguments, env=database.environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{failure}\n{result.stderr.strip()}")


def attachment_names(cursor) -> list[str]:
    cursor.execute("SELECT to_regclass('unionhub_attachment')")
    if cursor.fetchone()[0] is None:  # a database from before attachments
        return []
    cursor.execute(ATTACHMENT_FILES_SQL)
    return [row[0] for row in cursor.fetchall()]


def archive_files(names: list[str], archive: Path, storage: Storage) -> tuple[dict, list[str]]:
    """Copy the stored files into a tar (owner-only); return {name: {size, sha256}} and the missing."""
    listed, missing = {}, []
    write_private(archive, "")
    with tarfile.open(archive, "w") as tar:
        for name in names:
            try:
                stream = storage.open(name, "rb")
            except (FileNotFoundError, OSError):
                missing.append(name)
                continue
            with stream, tempfile.TemporaryFile() as copy:
                digest, size = hashlib.sha256(), 0
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    copy.write(chunk)
                copy.seek(0)
                info = tarfile.TarInfo(name)
                info.size, info.mode = size, 0o600
                tar.addfile(info, copy)
            listed[name] = {"size": size, "sha256": digest.hexdigest()}
    return listed, missing


def create_backup(
    *, output_dir: Path = DEFAULT_DIR, database: Database | None = None, storage: Storage | None = None
) -> Backup:
    """Dump the database into `output_dir`, with its manifest, attached files and checksums."""
    database = database or Database.default()
    output_dir = Path(output_dir)
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    backup = Backup.beside(output_dir / f"{PREFIX}-{stamp}.dump")
    if any(path.exists() for path in (backup.dump, backup.manifest, backup.checksum)):
        raise BackupError(_("备份文件 %(file)s 已存在，请稍后再试。") % {"file": backup.dump})
    partial = backup.dump.with_name(backup.dump.name + ".partial")

    connection = database.connect()
    try:
        connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            major = server_major(cursor)
            cursor.execute("SHOW server_version")
            server_version = cursor.fetchone()[0]
            counts = table_counts(cursor)
            names = attachment_names(cursor)
            pg_dump = pg_tool("pg_dump", major)
            write_private(partial, "")  # the dump holds ID numbers and incomes: owner-only from the start
            run_tool(
                [pg_dump, "--format=custom", f"--snapshot={snapshot}", "--no-password", f"--file={partial}"],
                database,
                _("pg_dump 失败，没有写出备份："),
            )
        connection.rollback()
        files, missing = archive_files(names, backup.files, storage or default_storage)
    except BaseException:
        partial.unlink(missing_ok=True)
        backup.files.unlink(missing_ok=True)
        raise
    finally:
        connection.close()

    partial.rename(backup.dump)
    manifest = {
        "format": MANIFEST_FORMAT,
        "file": backup.dump.name,
        "created": timezone.localtime().isoformat(timespec="seconds"),
        "database": database.name,
        "host": database.host,
        "server_version": server_version,
        "pg_dump": tool_version(pg_dump),
        "size": backup.dump.stat().st_size,
        "sha256": file_sha256(backup.dump),
        "tables": counts,
        "files_archive": backup.files.name,
        "files_sha256": file_sha256(backup.files),
        "files": files,
        "missing_files": missing,
    }
    write_private(backup.manifest, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    # Written last: a checksum file means the backup is complete.
    write_private(
        backup.checksum,
        f"{manifest['sha256']}  {backup.dump.name}\n{file_sha256(backup.manifest)}  {backup.manifest.name}\n"
        f"{manifest['files_sha256']}  {backup.files.name}\n",
    )
    return backup


def write_private(path: Path, text: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(text)


def verify_backup(dump: Path) -> dict:
    """Check the dump, its manifest and its files archive against the checksum file; return the manifest."""
    backup = Backup.beside(Path(dump))
    for path in (backup.dump, backup.checksum, backup.manifest):
        if not path.is_file():
            raise BackupError(_("找不到文件 %(file)s：备份不完整，不能恢复。") % {"file": path})
    expected = {}
    for line in backup.checksum.read_text(encoding="utf-8").splitlines():
        digest, _sep, name = line.partition("  ")
        expected[name.strip()] = digest.strip()
    # A backup from before attachments has no files archive; one whose checksum file names it must have it.
    checked = [backup.dump, backup.manifest] + ([backup.files] if backup.files.name in expected else [])
    for path in checked:
        if not path.is_file():
            raise BackupError(_("找不到文件 %(file)s：备份不完整，不能恢复。") % {"file": path})
        if expected.get(path.name) != file_sha256(path):
            raise BackupError(
                _("校验和不符：%(file)s 已损坏或被改动，拒绝恢复。（checksum mismatch: refusing to restore）")
                % {"file": path.name}
            )
    manifest = json.loads(backup.manifest.read_text(encoding="utf-8"))
    if (
        manifest.get("format") != MANIFEST_FORMAT
        or manifest.get("file") != backup.dump.name
        or (manifest.get("files") and backup.files not in checked)
    ):
        raise BackupError(_("清单文件 %(file)s 与备份不对应。") % {"file": backup.manifest.name})
    return manifest


def existing_tables(cursor) -> int:
    cursor.execute(TABLES_SQL)
    return len(cursor.fetchall())


def restore_files(*, dump: Path, manifest: dict, storage: Storage) -> tuple[int, list[str]]:
    """Write the archived files into `storage` under their own names; read each back and check it.

    A name already in the storage with the same bytes is left alone; with other bytes it is a problem
    (nothing is overwritten)."""
    listed = manifest.get("files") or {}
    if not listed:
        return 0, []
    problems, written = [], 0
    with tarfile.open(Backup.beside(Path(dump)).files, "r") as tar:
        for member in tar:
            expected = listed.get(member.name)
            if expected is None or not member.isfile():
                problems.append(_("文件包中有清单里没有的文件 %(file)s") % {"file": member.name})
                continue
            if storage.exists(member.name):
                if stored_sha256(storage, member.name) != expected["sha256"]:
                    problems.append(_("存储中已有不同内容的文件 %(file)s，未覆盖") % {"file": member.name})
                continue
            with tar.extractfile(member) as stream:
                saved = storage.save(member.name, File(stream, name=member.name))
            if saved != member.name or stored_sha256(storage, saved) != expected["sha256"]:
                problems.append(_("文件 %(file)s 恢复后与备份不一致") % {"file": member.name})
            written += 1
    for name in listed:
        if not storage.exists(name):
            problems.append(_("缺少文件 %(file)s") % {"file": name})
    return written, problems


def stored_sha256(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def restore_backup(*, dump: Path, database: Database, storage: Storage | None = None) -> RestoreResult:
    """Restore a verified backup into an empty database, then check it. Refuses anything else.
    The attached files go into `storage` (the site's default storage)."""
    manifest = verify_backup(dump)
    connection = database.connect()
    try:
        with connection.cursor() as cursor:
            tables = existing_tables(cursor)
            major = server_major(cursor)
        connection.rollback()
    finally:
        connection.close()
    if tables:
        raise BackupError(
            _(
                "目标数据库 %(db)s 不是空的（已有 %(count)d 个表）。恢复只写入空数据库，不会覆盖现有数据："
                "请先新建一个空数据库（createdb），再把它作为 --database-url 。"
                "（The target database is not empty: restore only writes into an empty database.）"
            )
            % {"db": database, "count": tables}
        )
    pg_restore = pg_tool("pg_restore", major)
    run_tool(
        [
            pg_restore,
            "--single-transaction",  # all or nothing
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            "--no-password",
            f"--dbname={database.name}",
            str(dump),
        ],
        database,
        _("pg_restore 失败，目标数据库未作任何改动："),
    )
    connection = database.connect()
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            # The dump carries no privileges: the app role gets its grants again (unionhub.dbroles).
            dbroles.secure_database(cursor, app_user=dbroles.app_user())
            cursor.execute("ANALYZE")  # fresh planner statistics: pg_restore leaves none
    finally:
        connection.close()
    written, file_problems = restore_files(dump=dump, manifest=manifest, storage=storage or default_storage)
    result = check_restore(database=database, manifest=manifest)
    result.problems.extend(file_problems)
    result.files = written
    return result


def check_restore(*, database: Database, manifest: dict) -> RestoreResult:
    """Compare a restored database with the manifest of its backup and with this code's migrations."""
    problems = []
    connection = database.connect()
    try:
        with connection.cursor() as cursor:
            counts = table_counts(cursor)
        connection.rollback()
    finally:
        connection.close()
    expected = manifest["tables"]
    for table in sorted(expected.keys() | counts.keys()):
        if table not in counts:
            problems.append(_("缺少表 %(table)s") % {"table": table})
        elif table not in expected:
            problems.append(_("多出了备份中没有的表 %(table)s") % {"table": table})
        elif counts[table] != expected[table]:
            problems.append(
                _("表 %(table)s 有 %(found)d 行，备份时为 %(expected)d 行")
                % {"table": table, "found": counts[table], "expected": expected[table]}
            )
    problems.extend(migration_problems(database))
    return RestoreResult(database, len(counts), sum(counts.values()), problems)


def migration_problems(database: Database) -> list[str]:
    """What `migrate --check` would complain about, and applied migrations this code does not know.

    The applied migrations are read with plain SQL and laid over the graph of the migration files.
    """
    connection = database.connect()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = set(cursor.fetchall())
        connection.rollback()
    except psycopg2.errors.UndefinedTable:
        applied = set()
    finally:
        connection.close()
    executor = MigrationExecutor(None)  # the graph from the files, nothing read from a database
    graph, replacements = executor.loader.graph, executor.loader.replacements
    # A squashed migration counts as applied when everything it replaces was applied.
    effective = applied | {key for key, squash in replacements.items() if set(squash.replaces) <= applied}
    executor.loader.applied_migrations = dict.fromkeys(effective)
    replaced = {name for squash in replacements.values() for name in squash.replaces}
    # Apps this code no longer has are left alone, as `migrate` leaves them.
    unknown = {
        (app, name)
        for app, name in applied - set(graph.nodes) - replaced
        if app in executor.loader.migrated_apps
    }
    # Every migration of the code that the database has not applied: not only what `migrate` would
    # plan towards the leaves (a gap below an applied migration is not in that plan).
    problems = [
        _("迁移 %(app)s.%(name)s 尚未应用（备份比代码旧：请运行 migrate）") % {"app": app, "name": name}
        for app, name in sorted(set(graph.nodes) - effective)
    ]
    problems.extend(
        _("数据库记录了代码中没有的迁移 %(app)s.%(name)s（备份比代码新）") % {"app": app, "name": name}
        for app, name in sorted(unknown)
    )
    return problems
