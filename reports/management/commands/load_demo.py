from django.core.management.base import BaseCommand

from unionhub import demo as union_demo
from unionhub.models import Union


class Command(BaseCommand):
    help = "Load the demo bureau system union: organisations, officers and their records. Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any union exists.")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Union.objects.exists():
            self.stdout.write("Database already has data: demo not loaded.")
            return
        # Each app adds its part of the story in import order: unionhub, members, activities, finances.
        unions = union_demo.load()
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {len(unions)} unions."))
