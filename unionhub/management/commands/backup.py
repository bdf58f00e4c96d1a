from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unionhub.backup import DEFAULT_DIR, BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write a consistent pg_dump of the database into var/backups/unionhub-YYYYmmdd-HHMMSS.dump, "
        "with a manifest of row counts and a .sha256 checksum file beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=DEFAULT_DIR, help=f"directory (default {DEFAULT_DIR})"
        )

    def handle(self, *args, output: Path, **options):
        try:
            backup = create_backup(output_dir=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = backup.dump.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"备份完成 / backup written: {backup.dump} ({size:,} bytes)"))
        self.stdout.write(f"  {backup.manifest.name}\n  {backup.checksum.name}")
