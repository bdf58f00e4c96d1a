"""`migrate` as the schema's owner role, then the app role granted what it needs (unionhub.dbroles)."""

from django.core.management.commands import migrate
from django.db import connections

from unionhub import dbroles


class Command(migrate.Command):
    help = migrate.Command.help + " Runs as the owner role of DATABASE_OWNER_URL, then grants the app role."

    def handle(self, *args, **options):
        database = options["database"]
        if options.get("plan") or options.get("check_unapplied"):
            return super().handle(*args, **options)  # reads only
        with dbroles.as_owner(database):
            super().handle(*args, **options)
            with connections[database].cursor() as cursor:
                dbroles.secure_database(cursor, app_user=dbroles.app_user())
