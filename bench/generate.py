"""Fill an empty database with the generated federation the benchmark measures.

    python -m bench.generate [--unions 200 --members 100000 --years 3 --seed 2026]
                             [--database-url URL [--fresh]] [--checked]

A benchmark fixture, not a product command: it lives with the benchmark, outside the apps.
"""

import os
import sys

import django
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Fill an empty database with a generated federation (unions, members and their histories, "
        "activities and attendance, awards, suggestions, hardship files, vouchers) for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unions", type=int, default=200, help="Base unions (default 200).")
        parser.add_argument("--members", type=int, default=100_000, help="Members (default 100,000).")
        parser.add_argument("--years", type=int, default=3, help="Years of records up to today (default 3).")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--database-url",
            help="Build into this database instead of DATABASE_URL's: created and migrated if missing.",
        )
        parser.add_argument(
            "--fresh", action="store_true", help="With --database-url: drop that database and build it anew."
        )
        parser.add_argument(
            "--checked",
            action="store_true",
            help="Fire every row trigger while loading: foreign keys checked, audit-trail snapshots written "
            "(much slower at full size; the tests always generate this way).",
        )

    def handle(self, *args, unions, members, years, seed, database_url, fresh, checked, **options):
        from bench import scale
        from bench.scale import database
        from bench.scale.federation import BENCH_PASSWORD, BENCH_USERS

        if fresh and not database_url:
            raise CommandError("--fresh drops a database: name it with --database-url.")
        if database_url:
            try:
                database.create(database_url, fresh=fresh)
            except ValueError as error:
                raise CommandError(str(error)) from None
            database.use_database(database_url)
            call_command("migrate", verbosity=0, interactive=False)
        try:
            report = scale.generate(
                unions=unions,
                members=members,
                years=years,
                seed=seed,
                checked=checked,
                log=lambda line: self.stdout.write(line),
            )
        except (scale.NotEmpty, ValueError) as error:
            raise CommandError(str(error)) from None
        if database_url:
            database.vacuum_analyze()
        database.write_marker(
            {
                **report.size.as_dict(),
                "seed": seed,
                "version": scale.VERSION,
                "today": report.today.isoformat(),
                "build_seconds": round(report.total_seconds, 1),
                "checked": report.checked,
                "build_steps": report.seconds,
                "rows": report.rows,
            }
        )
        for table, count in report.rows.items():
            self.stdout.write(f"{table:32} {count:>10,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Built in {report.total_seconds:.0f} s. Bench logins (password {BENCH_PASSWORD}):"
            )
        )
        for username in [*BENCH_USERS, *report.federation.load_treasurers]:
            self.stdout.write(f"  {username}")


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhub.settings")
    django.setup()
    Command().run_from_argv(["bench.generate", "generate", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
