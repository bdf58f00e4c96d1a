import csv
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reports import returns
from unionhub.models import Union


class Command(BaseCommand):
    help = "Print a union's statistics return (基层工会调查表) at a time point: one row per line, 项目,数值."

    def add_arguments(self, parser):
        parser.add_argument("--union", required=True, help="The union's name.")
        parser.add_argument("--as-of", required=True, help="The time point, YYYY-MM-DD.")
        parser.add_argument("--format", default="csv", choices=["csv"])

    def handle(self, *args, union, as_of, **options):
        try:
            found = Union.objects.get(name=union)
        except Union.DoesNotExist:
            raise CommandError(f"No union named {union!r}.") from None
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            raise CommandError("--as-of takes a date: YYYY-MM-DD.") from None
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["项目", "数值"])
        writer.writerows(returns.csv_rows(returns.fill(union=found, as_of=day)))
