from django.core.management.base import BaseCommand, CommandError

from finances.models import subtree
from finances.models.totals import differences


class Command(BaseCommand):
    help = (
        "Recompute the ledger totals from the vouchers, and the subtree totals from the ledger totals, and "
        "report every difference (exit 1 if any)."
    )

    def handle(self, *args, **options):
        rows = differences()
        for union, fund, year, month, kept, recomputed, kept_effect, effect, kept_count, count in rows:
            self.stdout.write(
                f"union {union} fund {fund} {year}-{month:02d}: kept {kept}/{kept_effect}/{kept_count}, "
                f"vouchers say {recomputed}/{effect}/{count}"
            )
        if rows:
            raise CommandError(f"{len(rows)} ledger totals differ from the vouchers.")
        summed = subtree.differences()
        for row in summed:
            self.stdout.write(f"subtree total of union {row[0]} {row[6]}-{row[7]:02d}: {row}")
        if summed:
            raise CommandError(f"{len(summed)} subtree totals differ from the ledger totals.")
        self.stdout.write("Ledger totals agree with the vouchers, subtree totals with the ledger totals.")
