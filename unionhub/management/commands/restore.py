from pathlib import Path

from django.core.files.storage import FileSystemStorage
from django.core.management.base import BaseCommand, CommandError

from unionhub.backup import BackupError, Database, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an EMPTY database: verify its checksum, "
        "pg_restore it in one transaction, then compare every table's row count with the backup's "
        "manifest and check that no migration is missing. A database that holds tables is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help="the .dump file (its .sha256 and .manifest.json beside it)"
        )
        parser.add_argument(
            "--database-url",
            help=(
                "postgres://user:password@host:port/name of the empty target, as the role that is to own "
                "it (default: the site's database as DATABASE_OWNER_URL's role)"
            ),
        )
        parser.add_argument(
            "--media-root",
            type=Path,
            help="folder to write the attached files into (default: the site's storage, MEDIA_ROOT or S3)",
        )

    def handle(self, *args, file: Path, database_url: str | None, media_root: Path | None = None, **options):
        try:
            database = Database.from_url(database_url) if database_url else Database.owner()
            self.stdout.write(f"恢复 {file.name} → {database} …")
            storage = FileSystemStorage(location=media_root) if media_root else None
            result = restore_backup(dump=file, database=database, storage=storage)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if result.problems:
            raise CommandError(
                "数据已写入目标数据库，但恢复后的检查未通过 / restored, but the check failed:\n  "
                + "\n  ".join(result.problems)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成并已核对 / restored and checked: {result.tables} 个表、"
                f"{result.rows:,} 行与备份一致，迁移齐全；附件文件 {result.files} 个已写回并逐一核对。"
            )
        )
