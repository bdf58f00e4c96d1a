"""Import a year of books from an Excel workbook, with the same checks as the web import."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from finances.imports import ImportFileError, default_user, import_vouchers
from unionhub.models import Union, User


class Command(BaseCommand):
    help = (
        "Import a workbook (sheets 期初余额 and 凭证) into a union's books, all or nothing. Prints one "
        "line per rejected row, ends with `accepted: N rejected: M`, exits 1 when anything was rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the workbook (.xlsx)")
        parser.add_argument("--union", required=True, help="the union's full name or short name")
        parser.add_argument("--user", help="who the vouchers are entered by (default: the union's treasurer)")
        parser.add_argument("--dry-run", action="store_true", help="check only; save nothing")
        parser.add_argument(
            "--ignore-unknown",
            action="store_true",
            help="save even though the workbook has columns or sheets the import does not read",
        )

    def handle(self, *args, file, union, user=None, dry_run=False, ignore_unknown=False, **options):
        target = self._union(union)
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("找不到文件：%(file)s") % {"file": file})
        by = User.objects.filter(username=user).first() if user else default_user(target)
        if by is None:
            raise CommandError(_("找不到录入人，请用 --user 指定用户名。"))
        try:
            with path.open("rb") as handle:
                check = import_vouchers(
                    union=target,
                    by=by,
                    file=handle,
                    file_name=path.name,
                    dry_run=dry_run,
                    check_right=False,
                    ignore_unknown=ignore_unknown,
                )
        except ImportFileError as error:
            self.stdout.write(str(error))
            self.stdout.write("accepted: 0 rejected: 0")
            raise CommandError(str(error)) from None
        if check.earlier is not None:
            message = _("该文件已导入过，未重复导入：%(first)s，导入人%(by)s，凭证%(count)d张。") % {
                "first": check.earlier,
                "by": check.earlier.by,
                "count": check.earlier.vouchers_count,
            }
            self.stdout.write(message)
            self.stdout.write(f"accepted: 0 rejected: {check.accepted + check.rejected}")
            raise CommandError(message)
        for problem in check.problems:
            self.stdout.write(str(problem))
        for sentence in check.unknown:
            self.stdout.write(sentence)
        refused = check.unknown and not ignore_unknown
        if check.problems:
            self.stdout.write(_("有行未通过检查，未保存任何数据。"))
        elif refused:
            self.stdout.write(
                _("工作簿中有未识别的列或工作表，未保存任何数据；确认不需导入后请加 --ignore-unknown。")
            )
        elif dry_run:
            self.stdout.write(_("试运行：检查通过，未保存任何数据。"))
        else:
            self.stdout.write(
                _("已导入%(year)s年：凭证%(count)d张。") % {"year": check.year, "count": check.posted}
            )
        self.stdout.write(f"accepted: {check.accepted} rejected: {check.rejected}")
        if check.problems:
            raise CommandError(_("导入失败：%(count)d行有误。") % {"count": check.rejected})
        if refused and not dry_run:
            raise CommandError(_("导入失败：工作簿中有未识别的列或工作表。"))

    def _union(self, name: str) -> Union:
        matches = list(Union.objects.filter(Q(name=name) | Q(short_name=name)))
        if not matches:
            raise CommandError(_("找不到工会：%(name)s") % {"name": name})
        if len(matches) > 1:
            raise CommandError(_("“%(name)s”对应多个工会，请写工会全称。") % {"name": name})
        return matches[0]
