import json
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
        manifest = json.loads(backup.manifest.read_text(encoding="utf-8"))
        self.stdout.write(
            f"  {backup.manifest.name}\n  {backup.checksum.name}\n"
            f"  {backup.files.name} ({len(manifest['files'])} 个附件文件 / attached files)"
        )
        for name in manifest["missing_files"]:
            self.stderr.write(self.style.WARNING(f"附件文件缺失，未能备份 / missing from storage: {name}"))
