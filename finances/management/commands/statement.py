import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from finances import statutory
from finances.exports import statement_csv, statement_text, statement_workbook
from unionhub.models import Union


def find_union(name: str) -> Union:
    union = Union.objects.filter(name=name).first() or Union.objects.filter(short_name=name).first()
    if union is None:
        raise CommandError(f"No union named {name!r}.")
    return union


class Command(BaseCommand):
    help = "Print or save a statutory statement: 工会02表 收入支出表 or 工会01表 资产负债表."

    def add_arguments(self, parser):
        parser.add_argument("--union", required=True, help="The union's full (or short) name.")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, help="A monthly report for this month (1-12).")
        parser.add_argument("--form", choices=["01", "02"], required=True)
        parser.add_argument("--format", choices=["csv", "xlsx", "text"], default="text")
        parser.add_argument(
            "--consolidated",
            action="store_true",
            help="The union and every union below it, transfers between them removed.",
        )
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, union, year, month, form, format, consolidated, output, **options):
        if month is not None and not 1 <= month <= 12:
            raise CommandError("--month must be between 1 and 12.")
        if not 1900 <= year <= 2999:
            raise CommandError("--year is out of range.")
        result = statutory.statement(
            form=form, union=find_union(union), year=year, month=month, consolidated=consolidated
        )
        if format == "xlsx":
            content = statement_workbook(result)
            if output:
                Path(output).write_bytes(content)
            else:
                sys.stdout.buffer.write(content)
            return
        text = statement_csv(result) if format == "csv" else statement_text(result)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
