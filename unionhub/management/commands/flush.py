"""`flush` as the schema's owner role: the app role may not TRUNCATE (unionhub.dbroles).

The tests' TransactionTestCase empties the database between tests with this command."""

from django.core.management.commands import flush

from unionhub import dbroles


class Command(flush.Command):
    def handle(self, **options):
        with dbroles.as_owner(options["database"]):
            return super().handle(**options)
