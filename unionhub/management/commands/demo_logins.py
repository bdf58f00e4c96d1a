from django.core.management.base import BaseCommand

from unionhub.demo import DEMO_PASSWORD, OFFICERS
from unionhub.models import Role, Union, User

START_HINT = """To start your own union instead of (or beside) the demo, see README "Start your own union":
  .venv/bin/python manage.py start_union --name 青山乡工会 --type 乡镇工会 --province 四川省 --chair LOGIN
It prints the chair's one-time password: the chair logs in, sets her own, and does the rest in the browser."""


class Command(BaseCommand):
    help = "Print the demo logins (after `load_demo`), or how to start one's own union when there is none."

    def handle(self, *args, **options):
        labels = dict(Role.Kind.choices)
        self.stdout.write("")
        if not Union.objects.exists():
            self.stdout.write("No union in the database yet.")
            self.stdout.write(START_HINT)
            self.stdout.write("Or load the demo: make demo")
            self.stdout.write("")
            return
        demo = set(
            User.objects.filter(username__in=[o[0] for o in OFFICERS]).values_list("username", flat=True)
        )
        if demo:
            self.stdout.write("UnionHub demo logins (password for all: %s)" % DEMO_PASSWORD)
            self.stdout.write("  http://127.0.0.1:8000/")
            for username, name, union, kind in OFFICERS:
                if username in demo:
                    self.stdout.write(f"  {username:<20} {name:<5} {union} · {labels[kind]}")
            # Members' own logins (members.demo), same password: their record only, at /me/.
            members = User.objects.filter(
                member_login__activated_at__isnull=False, roles__isnull=True
            ).values_list("username", "name", "member_login__member__union__name")
            for username, name, union in members.order_by("username")[:5]:
                self.stdout.write(f"  {username:<20} {name:<5} {union} · 会员（我的）")
            self.stdout.write("")
        self.stdout.write(START_HINT)
        self.stdout.write("")
