"""`manage.py backup` and `manage.py restore`: a dump with checksum and manifest, restored only into an
empty database and checked table by table. Each restore goes into a scratch database made here."""

import datetime
import json
import subprocess
import time
import uuid
from decimal import Decimal
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import RoleFactory, UnionFactory
from unionhub import backup as backup_module
from unionhub.backup import Backup, Database, check_restore, create_backup, file_sha256, table_counts
from unionhub.models import Role, Union, User

# pg_dump reads through its own connection: the rows must be committed, so no test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def admin_connection():
    conn = Database.owner().connect()  # the app role may not create databases
    conn.autocommit = True
    return conn


@pytest.fixture
def scratch_database():
    """A fresh, empty database on the same server; dropped afterwards."""
    source = Database.owner()
    name = f"{source.name}_restore_{uuid.uuid4().hex[:8]}"
    conn = admin_connection()
    with conn.cursor() as cursor:
        cursor.execute(psycopg2.sql.SQL("CREATE DATABASE {}").format(psycopg2.sql.Identifier(name)))
    target = Database(name, source.host, source.port, source.user, source.password)
    yield target
    with conn.cursor() as cursor:
        # A connection closed a moment ago may still be leaving; the owner role may not end another
        # role's session (FORCE), so it waits for the app role's to go.
        for _ in range(50):
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name])
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.1)
        cursor.execute(
            psycopg2.sql.SQL("DROP DATABASE {} WITH (FORCE)").format(psycopg2.sql.Identifier(name))
        )
    conn.close()


def url_of(database: Database) -> str:
    return f"postgres://{database.user}:{database.password}@{database.host}:{database.port}/{database.name}"


def rows(database: Database, query: str) -> list[tuple]:
    conn = database.connect()
    try:
        with conn.cursor() as cursor:
            cursor.execute(query)
            return cursor.fetchall()
    finally:
        conn.close()


@pytest.fixture
def federation(world):
    """The shared world plus a few more unions and officers, so the dump has something to carry."""
    for n in range(3):
        RoleFactory(union=UnionFactory(name=f"备份测试工会{n}", parent=world.system))
    return world


def test_backup_writes_the_dump_its_manifest_and_checksums(federation, tmp_path):
    call_command("backup", output=tmp_path)
    (dump,) = tmp_path.glob("unionhub-*.dump")
    assert dump.name[len("unionhub-") : -len(".dump")].replace("-", "").isdigit()
    backup = Backup.beside(dump)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [dump.name, backup.manifest.name, backup.checksum.name, backup.files.name]
    )
    assert dump.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    for path in backup.dump, backup.manifest, backup.checksum, backup.files:
        assert path.stat().st_mode & 0o077 == 0, f"{path.name} is readable by others"
    # The checksum file is what `sha256sum -c` reads.
    check = subprocess.run(["sha256sum", "-c", backup.checksum.name], cwd=tmp_path, capture_output=True)  # noqa: S603, S607
    assert check.returncode == 0, check.stdout
    manifest = json.loads(backup.manifest.read_text())
    assert manifest["sha256"] == file_sha256(dump)
    assert manifest["tables"]["public.unionhub_union"] == Union.objects.count() == 7
    assert manifest["tables"]["public.unionhub_user"] == User.objects.count()
    with connection.cursor() as cursor:
        assert manifest["tables"] == table_counts(cursor.cursor)


def test_a_backup_restores_into_an_empty_database_with_every_row(federation, tmp_path, scratch_database):
    from finances import services
    from finances.models.totals import DIFFERENCES
    from tests.finances.factories import FundFactory, category

    treasurer = federation.officers[Role.Kind.TREASURER]
    services.post_voucher(
        union=federation.union_a,
        by=treasurer,
        date=datetime.date(2026, 3, 10),
        fund=FundFactory(union=federation.union_a, name="工会经费"),
        category=category("会费收入"),
        amount=Decimal("88.00"),
        summary="备份前的会费",
    )
    backup = create_backup(output_dir=tmp_path)
    names = sorted(Union.objects.values_list("name", flat=True))
    # Changes after the backup are not in it.
    UnionFactory(name="备份之后成立的工会", parent=federation.system)

    call_command("restore", str(backup.dump), database_url=url_of(scratch_database))

    restored = [name for (name,) in rows(scratch_database, "SELECT name FROM unionhub_union ORDER BY name")]
    assert restored == names
    manifest = json.loads(backup.manifest.read_text())
    conn = scratch_database.connect()
    with conn.cursor() as cursor:
        assert table_counts(cursor) == manifest["tables"]
    conn.close()
    # The ledger totals came across as they were (the trigger is created after the data is loaded,
    # so restoring the vouchers adds nothing to them twice).
    assert rows(scratch_database, "SELECT sum(amount), sum(vouchers) FROM finances_ledgertotal") == [
        (Decimal("88.00"), 1)
    ]
    assert rows(scratch_database, DIFFERENCES) == []
    # Passwords still work: the hashes came across untouched.
    (password,) = rows(scratch_database, "SELECT password FROM unionhub_user WHERE username = 'a-chair'")[0]
    assert password == User.objects.get(username="a-chair").password
    # The app role reads and writes the restored database, and is refused there as on the site.
    app = Database(**{**vars(scratch_database), **{k.lower(): v for k, v in settings.DATABASE_APP.items()}})
    assert rows(app, "SELECT count(*) FROM unionhub_union") == [(len(names),)]
    with pytest.raises(psycopg2.Error):
        rows(app, "TRUNCATE finances_voucher")


def test_restore_refuses_a_database_that_is_not_empty(federation, tmp_path, scratch_database):
    backup = create_backup(output_dir=tmp_path)
    call_command("restore", str(backup.dump), database_url=url_of(scratch_database))
    with pytest.raises(CommandError, match="不是空的.*restore only writes into an empty database"):
        call_command("restore", str(backup.dump), database_url=url_of(scratch_database))
    # Nor does it ever touch the site's own database.
    with pytest.raises(CommandError, match="不是空的"):
        call_command("restore", str(backup.dump))
    assert rows(scratch_database, "SELECT count(*) FROM unionhub_union") == [(7,)]


def test_a_corrupted_dump_is_refused_by_its_checksum(federation, tmp_path, scratch_database):
    backup = create_backup(output_dir=tmp_path)
    data = bytearray(backup.dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    backup.dump.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="校验和不符"):
        call_command("restore", str(backup.dump), database_url=url_of(scratch_database))
    assert rows(scratch_database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]


def test_an_edited_manifest_is_refused_too(federation, tmp_path, scratch_database):
    backup = create_backup(output_dir=tmp_path)
    backup.manifest.write_text(
        backup.manifest.read_text().replace('"public.unionhub_union": 7', '"public.unionhub_union": 8')
    )
    with pytest.raises(CommandError, match="校验和不符"):
        call_command("restore", str(backup.dump), database_url=url_of(scratch_database))


def test_a_dump_without_its_checksum_file_is_refused(federation, tmp_path, scratch_database):
    backup = create_backup(output_dir=tmp_path)
    backup.checksum.unlink()
    with pytest.raises(CommandError, match="备份不完整"):
        call_command("restore", str(backup.dump), database_url=url_of(scratch_database))


def test_the_check_after_restore_notices_missing_rows_and_migrations(federation, tmp_path, scratch_database):
    backup = create_backup(output_dir=tmp_path)
    call_command("restore", str(backup.dump), database_url=url_of(scratch_database))
    manifest = json.loads(backup.manifest.read_text())
    assert check_restore(database=scratch_database, manifest=manifest).problems == []
    conn = scratch_database.connect()
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("DELETE FROM unionhub_role WHERE id = (SELECT max(id) FROM unionhub_role)")
        cursor.execute("DELETE FROM django_migrations WHERE app = 'unionhub' AND name = '0001_initial'")
    conn.close()
    problems = check_restore(database=scratch_database, manifest=manifest).problems
    assert any("unionhub_role" in p and "备份时为" in p for p in problems)
    assert any("unionhub.0001_initial" in p and "尚未应用" in p for p in problems)


def test_restore_into_a_database_that_does_not_exist_says_so(federation, tmp_path):
    backup = create_backup(output_dir=tmp_path)
    missing = Database("no_such_database_here", *list(vars(Database.default()).values())[1:])
    with pytest.raises(CommandError, match="无法连接数据库"):
        call_command("restore", str(backup.dump), database_url=url_of(missing))


def test_a_failed_dump_leaves_no_file_behind(federation, tmp_path, monkeypatch):
    def failing_tool(arguments, database, failure):
        raise backup_module.BackupError(failure)

    monkeypatch.setattr(backup_module, "run_tool", failing_tool)
    with pytest.raises(CommandError, match="pg_dump 失败"):
        call_command("backup", output=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_tools_must_match_the_server_version():
    assert backup_module.tool_major(Path(backup_module.pg_tool("pg_dump", 15))) >= 15
    with pytest.raises(backup_module.BackupError, match="postgresql-client-99"):
        backup_module.pg_tool("pg_restore", 99)


def test_attached_files_come_back_byte_for_byte(federation, tmp_path, scratch_database):
    """A receipt on a voucher-like record and a sign-in sheet: backed up with their checksums in the
    manifest, restored into another machine's storage, identical; a tampered archive is refused."""
    from django.core.files.storage import FileSystemStorage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.activities.factories import ActivityFactory
    from tests.unionhub.attachment_files import PDF, jpeg
    from unionhub.attachments import add_attachment
    from unionhub.models import Attachment, Role

    secretary = federation.officers[Role.Kind.SECRETARY]
    photo, scan = jpeg(800, 600), PDF
    for content, name in ((photo, "收据.jpg"), (scan, "签到表.pdf")):
        add_attachment(
            record=ActivityFactory(union=federation.union_a),
            upload=SimpleUploadedFile(name, content),
            by=secretary,
        )
    backup = create_backup(output_dir=tmp_path / "backups")
    manifest = json.loads(backup.manifest.read_text())
    stored = {a.file.name: a for a in Attachment.objects.all()}
    assert set(stored) <= set(manifest["files"])
    for name, attachment in stored.items():
        assert manifest["files"][name]["sha256"] == attachment.sha256
    assert manifest["missing_files"] == []
    check = subprocess.run(
        ["sha256sum", "-c", backup.checksum.name], cwd=backup.dump.parent, capture_output=True
    )  # noqa: S603, S607
    assert check.returncode == 0, check.stdout

    elsewhere = tmp_path / "other-machine-media"
    call_command("restore", str(backup.dump), database_url=url_of(scratch_database), media_root=elsewhere)
    restored = FileSystemStorage(location=elsewhere)
    by_name = dict(rows(scratch_database, "SELECT name, file FROM unionhub_attachment"))
    assert restored.open(by_name["收据.jpg"]).read() == photo
    assert restored.open(by_name["签到表.pdf"]).read() == scan
    assert len(list((elsewhere / "attachments").rglob("*.*"))) == len(manifest["files"])  # thumbnails too

    # An archive changed after the backup is refused before anything is written.
    data = bytearray(backup.files.read_bytes())
    data[len(data) // 2] ^= 0xFF
    backup.files.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="校验和不符"):
        call_command("restore", str(backup.dump), database_url=url_of(scratch_database), media_root=elsewhere)
