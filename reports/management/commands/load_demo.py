from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from unionhub import demo as union_demo
from unionhub.models import Union

# Each app tells its part of the demo story in `<app>/demo.py` as `load(unions)`, in import order.
DEMO_APPS = ("members", "activities", "finances", "rights")


class Command(BaseCommand):
    help = "Load the demo bureau system union: organisations, officers and their records. Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any union exists.")

    @transaction.atomic
    def handle(self, *args, if_empty=False, **options):
        if if_empty and Union.objects.exists():
            self.stdout.write("Database already has data: demo not loaded.")
            return
        unions = union_demo.load()
        for app in DEMO_APPS:
            import_module(f"{app}.demo").load(unions)
        with connection.cursor() as cursor:
            # Fresh planner statistics for the rows just written (even before they are committed):
            # without them PostgreSQL may plan the summary's counts for empty tables (minutes, not ms).
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {len(unions)} unions."))
