"""Pay aid to a list of people from a workbook, with the same checks as the aid list page."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from finances.aidlist import check_aid_list, post_aid_list, read_aid_rows
from finances.imports import default_user
from finances.management.commands.import_vouchers import Command as ImportVouchers
from members.rolls import RollFileError
from unionhub.models import User


class Command(BaseCommand):
    help = (
        "Check a list of aid recipients (姓名, 身份证号, 受助人类别, 学段, 学校, 金额, 日期, 事由, 所属会员) "
        "and pay them all from one fund, each with its voucher, or none. Prints one line per rejected "
        "row and ends with `accepted: N rejected: M`."
    )

    _union = ImportVouchers._union

    def add_arguments(self, parser):
        parser.add_argument("file", help="the workbook: .xlsx or .csv with Chinese headers")
        parser.add_argument("--union", required=True, help="the union's full name or short name")
        parser.add_argument("--fund", required=True, help="the name of the union's fund the aid is paid from")
        parser.add_argument("--dry-run", action="store_true", help="check only; save nothing")
        parser.add_argument("--user", help="who pays (default: the union's treasurer)")

    def handle(self, *args, file, union, fund, dry_run=False, user=None, **options):
        target = self._union(union)
        paid_from = target.funds.filter(name=fund).first()
        if paid_from is None:
            names = "、".join(target.funds.values_list("name", flat=True)) or _("（尚未建立资金）")
            raise CommandError(
                _("%(union)s没有名为“%(fund)s”的资金；现有资金：%(names)s")
                % {"union": target, "fund": fund, "names": names}
            )
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("找不到文件：%(file)s") % {"file": file})
        by = User.objects.filter(username=user).first() if user else default_user(target)
        if by is None:
            raise CommandError(_("找不到经办人，请用 --user 指定用户名。"))
        try:
            with path.open("rb") as handle:
                records, columns = read_aid_rows(handle, path.name)
        except RollFileError as error:
            self.stdout.write("accepted: 0 rejected: 0")
            raise CommandError(str(error)) from None
        check = check_aid_list(records=records, columns=columns, union=target, fund=paid_from)
        for row in check.rejected:
            self.stdout.write(_("第%(row)d行：%(reason)s") % {"row": row.row, "reason": row.reason})
        if check.rejected:
            self.stdout.write(_("有未通过检查的行，未保存任何救助。"))
        elif dry_run:
            self.stdout.write(_("试运行：检查通过，未保存任何救助。"))
        else:
            try:
                count = post_aid_list(check=check, union=target, fund=paid_from, by=by)
            except (ValidationError, PermissionDenied) as error:
                self.stdout.write(f"accepted: 0 rejected: {len(check.rows)}")
                raise CommandError("；".join(getattr(error, "messages", [str(error)]))) from None
            self.stdout.write(
                _("已支付救助%(count)d笔，合计%(total)s元。") % {"count": count, "total": check.total}
            )
        self.stdout.write(f"accepted: {len(check.accepted)} rejected: {len(check.rejected)}")
        if check.rejected:
            raise CommandError(_("导入失败：%(count)d行有误。") % {"count": len(check.rejected)})
