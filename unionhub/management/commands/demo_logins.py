from django.core.management.base import BaseCommand

from unionhub.demo import DEMO_PASSWORD, OFFICERS
from unionhub.models import Role


class Command(BaseCommand):
    help = "Print the demo logins (after `load_demo`)."

    def handle(self, *args, **options):
        labels = dict(Role.Kind.choices)
        self.stdout.write("")
        self.stdout.write("UnionHub demo logins (password for all: %s)" % DEMO_PASSWORD)
        self.stdout.write("  http://127.0.0.1:8000/")
        for username, name, union, kind in OFFICERS:
            self.stdout.write(f"  {username:<20} {name:<5} {union} · {labels[kind]}")
        self.stdout.write("")
