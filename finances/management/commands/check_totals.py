from django.core.management.base import BaseCommand, CommandError

from finances.models.totals import differences


class Command(BaseCommand):
    help = "Recompute the ledger totals from the vouchers and report every difference (exit 1 if any)."

    def handle(self, *args, **options):
        rows = differences()
        for union, fund, year, month, kept, recomputed, kept_effect, effect, kept_count, count in rows:
            self.stdout.write(
                f"union {union} fund {fund} {year}-{month:02d}: kept {kept}/{kept_effect}/{kept_count}, "
                f"vouchers say {recomputed}/{effect}/{count}"
            )
        if rows:
            raise CommandError(f"{len(rows)} ledger totals differ from the vouchers.")
        self.stdout.write("Ledger totals agree with the vouchers.")
