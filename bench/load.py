"""`make loadtest`: 50 officers for five minutes against gunicorn on 127.0.0.1, then the books checked.

    python -m bench.load [--users 50] [--run-time 5m]

Readers browse the register, ledgers, activities and summaries; treasurers post vouchers into six
unions' books, several at once into the same books. Afterwards every union's voucher numbers must
still run 1, 2, 3 … without a gap and match its counter, and the ledger totals must equal the
vouchers' sums (`check_totals`). Figures go to var/bench/load.json.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from bench import server

ROOT = server.ROOT
OUTPUT = ROOT / "var" / "bench" / "load.json"
READERS = ["bench-chair", "bench-secretary", "bench-auditor"]  # the root union: every record in reach


def config(path: Path) -> dict:
    from django.db.models import Count
    from django.utils import timezone

    from activities.models import Activity
    from bench.cases import SEARCH
    from bench.scale.federation import BENCH_PASSWORD
    from finances.models import Category, Fund
    from members.models import Member
    from unionhub.models import Role, Union

    today = timezone.localdate()
    treasurers = []
    for role in Role.objects.filter(
        user__username__startswith="bench-", kind=Role.Kind.TREASURER
    ).select_related("user", "union"):
        fund = Fund.objects.get(union=role.union, kind=Fund.Kind.UNION_FUND)
        treasurers.append({"username": role.user.username, "union": role.union.pk, "fund": fund.pk})
    categories = list(
        Category.objects.filter(
            edition__code="2021",
            union__isnull=True,
            parent__name="业务支出",
            name__in=["会议", "其他业务", "培训"],
        ).values_list("pk", flat=True)
    )
    members = list(Member.objects.current().order_by("?").values_list("pk", flat=True)[:300])
    # Sheets of base unions of up to 500 members (a system union's sheet lists its whole subtree).
    small = (
        Member.objects.filter(union__kind__in=[Union.Kind.BASE, Union.Kind.GROUP])
        .values("union")
        .annotate(n=Count("pk"))
        .filter(n__lte=500)
        .values("union")
    )
    activities = list(
        Activity.objects.filter(start_date__year=today.year, union__kind=Union.Kind.BASE, union__in=small)
        .order_by("?")
        .values_list("pk", flat=True)[:100]
    )
    unions = list(Union.objects.filter(kind=Union.Kind.BASE).order_by("?").values_list("pk", flat=True)[:30])
    data = {
        "password": BENCH_PASSWORD,
        "today": today.isoformat(),
        "year": today.year,
        "last_year": today.year - 1,
        "treasurers": treasurers,
        "readers": READERS,
        "categories": categories,
        "members": members,
        "activities": activities,
        "unions": unions,
        "searches": [SEARCH, "李", "张伟", "zw", "刘芳", "陈"],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data


def gapless() -> dict:
    """Every union's numbers per year are 1…n and its counter says n."""
    from finances.models import Voucher, VoucherCounter

    numbers = defaultdict(list)
    for union_id, year, number in Voucher.objects.values_list("union_id", "year", "number").iterator(10_000):
        numbers[(union_id, year)].append(number)
    counters = {(c.union_id, c.year): c.last_number for c in VoucherCounter.objects.all()}
    broken = []
    for key, found in numbers.items():
        found.sort()
        if found != list(range(1, len(found) + 1)) or counters.get(key) != len(found):
            broken.append(
                {"union": key[0], "year": key[1], "count": len(found), "counter": counters.get(key)}
            )
    return {"books": len(numbers), "vouchers": sum(map(len, numbers.values())), "broken": broken}


def read_stats(prefix: Path) -> dict:
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))  # noqa: SIM115
    pages = {}
    for row in rows:
        pages[row["Name"]] = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"] or 0),
            "p95_ms": float(row["95%"] or 0),
            "max_ms": round(float(row["Max Response Time"] or 0), 1),
            "rps": round(float(row["Requests/s"] or 0), 2),
        }
    return pages


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=4)
    parser.add_argument("--run-time", default="5m")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args(argv)

    server.apply_env()
    import django

    django.setup()
    from bench.run import ensure_database

    marker = ensure_database(
        argparse.Namespace(unions=200, members=100_000, years=3, seed=2026, rebuild=False)
    )
    server.collect_static()
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    config_path = output.parent / "load-config.json"
    config(config_path)
    before = gapless()
    if before["broken"]:
        raise SystemExit(f"the books have gaps before the load test: {before['broken'][:3]}")
    from django.db import connections

    connections.close_all()
    prefix = output.parent / "load"
    with server.gunicorn() as url:
        print(f"locust: {args.users} users for {args.run_time} against {url}", flush=True)
        subprocess.run(  # noqa: S603 - fixed arguments, loopback only
            [
                str(Path(sys.executable).parent / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                args.run_time,
                "--stop-timeout",
                "10",
                "--host",
                url,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],  # fmt: skip
            cwd=ROOT,
            env={**os.environ, "BENCH_LOAD_CONFIG": str(config_path)},
            check=False,
            timeout=_seconds(args.run_time) + 120,
        )
    after = gapless()
    from finances.models.totals import differences

    totals_differ = len(differences())
    pages = read_stats(prefix)
    total = pages.pop("Aggregated", {})
    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "users": args.users,
        "run_time": args.run_time,
        "gunicorn_workers": server.WORKERS,
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "database": marker,
        "requests": total.get("requests", 0),
        "failures": total.get("failures", 0),
        "p50_ms": total.get("p50_ms"),
        "p95_ms": total.get("p95_ms"),
        "rps": total.get("rps"),
        "vouchers_posted": after["vouchers"] - before["vouchers"],
        "gapless": not after["broken"],
        "broken_books": after["broken"][:20],
        "totals_differing": totals_differ,
        "pages": pages,
    }
    output.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    print(
        f"\n{report['requests']:,} requests, {report['failures']} failed; p50 {report['p50_ms']} ms, "
        f"p95 {report['p95_ms']} ms; {report['vouchers_posted']} vouchers posted; "
        f"numbers {'gapless' if report['gapless'] else 'BROKEN'}; "
        f"{totals_differ} ledger totals differ from the vouchers. Written to {output}"
    )
    for name, page in sorted(pages.items()):
        counts = f"{page['requests']:>6} req  {page['failures']:>3} failed"
        print(f"  {name:22} {counts}  p95 {page['p95_ms']:>7.0f} ms")
    return 0 if report["gapless"] and report["failures"] == 0 and not totals_differ else 1


def _seconds(run_time: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600}
    return int(run_time[:-1]) * units[run_time[-1]] if run_time[-1] in units else int(run_time)


if __name__ == "__main__":
    sys.exit(main())
