"""Import a roll (花名册) from the command line, with the same checks as the web import."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from members import services
from members.rolls import RollFileError, check_roll, member_from_data
from unionhub.models import Union


class Command(BaseCommand):
    help = (
        "Check a roll (xlsx or csv) for a union and register its accepted rows, all or none. "
        "Prints one line per rejected row and ends with `accepted: N rejected: M`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the roll: .xlsx or .csv with Chinese headers")
        parser.add_argument("--union", required=True, help="the union's full name or short name")
        parser.add_argument("--dry-run", action="store_true", help="check only; save nothing")

    def handle(self, *args, file, union, dry_run=False, **options):
        target = self._union(union)
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("找不到文件：%(file)s") % {"file": file})
        try:
            with path.open("rb") as handle:
                check = check_roll(file=handle, file_name=path.name, union=target)
        except RollFileError as error:
            raise CommandError(str(error)) from None
        for row in check.not_accepted:
            self.stdout.write(_("第%(row)d行：%(reason)s") % {"row": row.row, "reason": row.reason})
        accepted = check.accepted
        if accepted and not dry_run:
            try:
                services.register_members(
                    members=[member_from_data(row.data) for row in accepted],
                    by=None,
                    reason=(_("名册导入：%(file)s") % {"file": path.name})[:200],
                )
            except ValidationError as error:
                raise CommandError("；".join(error.messages)) from None
        elif dry_run:
            self.stdout.write(_("试运行：未保存任何会员。"))
        self.stdout.write(f"accepted: {len(accepted)} rejected: {len(check.rows) - len(accepted)}")

    def _union(self, name: str) -> Union:
        matches = list(Union.objects.filter(Q(name=name) | Q(short_name=name)))
        if not matches:
            raise CommandError(_("找不到工会：%(name)s") % {"name": name})
        if len(matches) > 1:
            raise CommandError(_("“%(name)s”对应多个工会，请写工会全称。") % {"name": name})
        return matches[0]
