"""Import wage bases from a payroll workbook on the command line, with the same checks as the web page."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from finances.wages import change_text, check_wages, import_wages
from members.rolls import RollFileError
from unionhub.models import Role, Union, User


class Command(BaseCommand):
    help = (
        "Check a payroll workbook (姓名, 身份证号, a wage column, 生效月份; the header one row or two merged "
        "rows) for a union and record its wage bases, all or none; people not on the union's roll are "
        "skipped and listed. Says which column it reads as the wage base, prints one line per rejected "
        "or skipped row and ends with `accepted: N rejected: M skipped: K`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the workbook: .xlsx or .csv with Chinese headers")
        parser.add_argument("--union", required=True, help="the union's full name or short name")
        parser.add_argument(
            "--column",
            default="",
            help="the wage column: its header (应发工资) or letter (F); default: 工资基数, 应发工资 …",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only; save nothing")
        parser.add_argument("--by", help="username recorded as 登记人 (default: the union's treasurer)")

    def handle(self, *args, file, union, column="", dry_run=False, by=None, **options):
        target = self._union(union)
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("找不到文件：%(file)s") % {"file": file})
        month = timezone.localdate().replace(day=1)
        try:
            with path.open("rb") as handle:
                check = check_wages(
                    file=handle, file_name=path.name, union=target, default_month=month, column=column
                )
        except RollFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(check.column_note)
        for row in check.accepted:
            self.stdout.write(_("第%(row)d行：%(change)s") % {"row": row.row, "change": change_text(row)})
        for row in check.rejected:
            self.stdout.write(_("第%(row)d行：%(reason)s") % {"row": row.row, "reason": row.reason})
        for row in check.skipped:
            self.stdout.write(
                _("第%(row)d行：%(name)s，不在本工会会员名册中，已跳过")
                % {"row": row.row, "name": row.data["name"]}
            )
        if dry_run:
            self.stdout.write(_("试运行：未保存任何工资基数。"))
        elif check.rejected:
            self.stdout.write(_("有未通过检查的行，未导入任何工资基数。"))
        else:
            try:
                import_wages(check=check, union=target, by=self._recorder(target, by))
            except ValidationError as error:
                raise CommandError("；".join(error.messages)) from None
        self.stdout.write(check.counts())

    def _union(self, name: str) -> Union:
        matches = list(Union.objects.filter(Q(name=name) | Q(short_name=name)))
        if not matches:
            raise CommandError(_("找不到工会：%(name)s") % {"name": name})
        if len(matches) > 1:
            raise CommandError(_("“%(name)s”对应多个工会，请写工会全称。") % {"name": name})
        return matches[0]

    def _recorder(self, union: Union, username: str | None) -> User:
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(_("找不到用户：%(name)s") % {"name": username})
            return user
        role = (
            Role.objects.filter(kind=Role.Kind.TREASURER)
            .filter(Q(union=union) | Q(union__in=union.ancestors()))
            .select_related("user")
            .order_by("-union__path", "pk")
            .first()
        )
        if role is None:
            raise CommandError(_("这个工会没有会计：请用 --by 指明登记人。"))
        return role.user
