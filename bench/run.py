"""`make bench`: build (or reuse) the generated federation, measure the pages, print and save the table.

    python -m bench.run [--unions 200 --members 100000 --years 3 --seed 2026] [--runs 20] [--rebuild]

Each page is measured twice: in process (Django's test client, no network; the SQL query count comes
from here) and through gunicorn on 127.0.0.1 with DEBUG off, logged in with a real session cookie.
The roll-up statement and the annual summary are also timed as bare SQL (`bench.floors`).
Figures go to the terminal and to var/bench/latest.json.
"""

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import server

ROOT = server.ROOT
OUTPUT = ROOT / "var" / "bench" / "latest.json"


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 runs is the 19th fastest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summarise(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "runs": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
    }


def ensure_database(args, url: str | None = None) -> dict:
    """Reuse the bench database when it holds the size asked for; otherwise build it anew."""
    from django.core.management import call_command

    from bench.scale import database

    url = url or server.database_url()
    from bench import scale

    wanted = {
        "unions": args.unions,
        "members": args.members,
        "years": args.years,
        "seed": args.seed,
        "version": scale.VERSION,
    }
    marker = None
    if not args.rebuild and database.exists(url):
        database.use_database(url)
        marker = database.read_marker()
        this_year = str(datetime.now().year)
        same = (
            marker and all(marker.get(k) == v for k, v in wanted.items()) and marker["today"][:4] == this_year
        )
        if same:
            if _pending_migrations():
                print("Applying the code's new migrations to the bench database …", flush=True)
                call_command("migrate", verbosity=0, interactive=False)
            print(f"Reusing {url.rsplit('/', 1)[-1]}: {wanted}")
            return marker
    print(f"Building {url.rsplit('/', 1)[-1]} with {wanted} (a few minutes) …", flush=True)
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own command with fixed arguments
        [
            sys.executable,
            "-m",
            "bench.generate",
            "--database-url",
            url,
            "--fresh",
            "--unions",
            str(args.unions),
            "--members",
            str(args.members),
            "--years",
            str(args.years),
            "--seed",
            str(args.seed),
        ],  # fmt: skip
        cwd=ROOT,
        check=True,
    )
    database.use_database(url)
    marker = database.read_marker() or {}
    marker["build_seconds_measured"] = round(time.perf_counter() - started, 1)
    return marker


def _pending_migrations() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class InProcess:
    """The pages served by Django in this process: test client, real middleware, DEBUG off."""

    def __init__(self):
        from django.test import Client

        from unionhub.models import User

        self.clients = {}
        self.Client, self.User = Client, User

    def client(self, username: str):
        if username not in self.clients:
            client = self.Client()
            client.force_login(self.User.objects.get(username=username))
            self.clients[username] = client
        return self.clients[username]

    def request(self, case, data: dict) -> int:
        client = self.client(case.user)
        if case.kind == "import":
            upload = _roll_file(data["roll"])
            response = client.post(case.path, {"union": data["union"], "file": upload})
            if response.status_code != 302:
                return response.status_code
            response = client.post(response["Location"], {})
            return response.status_code
        if case.method == "POST":
            return client.post(case.path, data).status_code
        return client.get(case.path).status_code

    def measure(self, case, data: dict, runs: int) -> dict:
        from django.db import connection, transaction
        from django.test.utils import CaptureQueriesContext

        from bench.cleanup import forget_summary_figures
        from unionhub.wsgi import settle

        writes = case.method == "POST" or case.kind == "import"
        self.client(case.user)  # logged in outside the rolled-back transactions

        def once() -> tuple[int, float]:
            if case.fresh:
                forget_summary_figures(case.fresh)
            started = time.perf_counter()
            if writes:
                with transaction.atomic():
                    status = self.request(case, data)
                    transaction.set_rollback(True)
            else:
                status = self.request(case, data)
            return status, time.perf_counter() - started

        status, _ = once()  # warm-up: templates compiled, caches filled
        settle()  # as a gunicorn worker does once loaded (unionhub.wsgi)
        with CaptureQueriesContext(connection) as queries:
            status, _ = once()
        count = len(queries)  # now: later requests clear the connection's query log
        seconds = [once()[1] for _ in range(runs)]
        return {**summarise(seconds), "queries": count, "status": status}


def _roll_file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "bench-roll.xlsx", content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


class OverHttp:
    def __init__(self, port: int):
        from bench.client import Browser
        from bench.scale.federation import BENCH_PASSWORD

        self.port = port
        self.browsers = {}
        self.Browser, self.password = Browser, BENCH_PASSWORD

    def browser(self, username: str):
        if username not in self.browsers:
            browser = self.Browser(server.HOST, self.port)
            browser.login(username, self.password)
            self.browsers[username] = browser
        return self.browsers[username]

    def request(self, case, data: dict) -> tuple[int, float]:
        browser = self.browser(case.user)
        if case.kind == "import":
            token = browser.csrf_token(case.path)
            started = time.perf_counter()
            upload = browser.post(
                case.path,
                {"union": data["union"]},
                token=token,
                files={"file": ("bench-roll.xlsx", data["roll"], "application/octet-stream")},
            )
            if upload.status != 302:
                return upload.status, time.perf_counter() - started
            commit = browser.post(upload.location, {})
            return commit.status, time.perf_counter() - started
        if case.method == "POST":
            token = browser.csrf_token(case.path)
            reply = browser.post(case.path, data, token=token)
        else:
            reply = browser.get(case.path)
        return reply.status, reply.seconds

    def measure(self, case, data: dict, runs: int, after: Callable | None) -> dict:
        # Warm-up: each gunicorn worker loads the app and compiles the page's templates lazily, and the
        # requests are spread over the workers; one warm-up left the others cold for the first runs.
        for _ in range(server.WORKERS * 2 if case.kind == "page" else 1):
            status, _ = self.request(case, data)
            if after:
                after()
        seconds = []
        for _ in range(runs):
            status, elapsed = self.request(case, data)
            seconds.append(elapsed)
            if after:
                after()
        return {**summarise(seconds), "status": status}

    def close(self):
        for browser in self.browsers.values():
            browser.close()


REPLICA_KEYS = (
    "summary",
    "summary_changed",
    "summary_after_voucher",
    "summary_after_check_in",
    "statutory_02_consolidated",
    "income_statement_rollup",
)
REPLICA_LOAD_USERS = 20
REPLICA_LOAD_WARMUP = 45  # seconds


def measure_replica(args, rows: list[dict]) -> dict:
    """The report pages again, their reads sent to the standby by the router (in process)."""
    from django.db import connections

    from bench.cases import cases, prepare

    targets = prepare()
    in_process = InProcess()
    base = {row["key"]: row["in_process"] for row in rows}
    pages = {}
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        standby = cursor.fetchone()[0]
    # The load test writes to the primary meanwhile (its own gunicorn): officers posting vouchers.
    load_output = OUTPUT.parent / "load-during-replica.json"
    load = subprocess.Popen(  # noqa: S603 - our own command with fixed arguments
        [sys.executable, "-m", "bench.load", "--users", str(REPLICA_LOAD_USERS), "--run-time", "150s"]
        + ["--output", str(load_output)],
        cwd=ROOT,
    )
    time.sleep(REPLICA_LOAD_WARMUP)  # gunicorn up, the officers spawned and posting
    for case in cases(targets):
        if case.key not in REPLICA_KEYS or case.key not in base:
            continue
        runs = min(case.runs, args.runs)
        print(f"replica: {case.label} ×{runs}", flush=True)
        measured = in_process.measure(case, case_data(case, targets), runs)
        # What still reads the primary: the session and the user (unionhub.routers.PRIMARY_APPS).
        measured["queries_on_primary"] = measured.pop("queries")
        pages[case.key] = {**measured, "primary_p95_ms": base[case.key]["p95_ms"]}
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())")
        lag = cursor.fetchone()[0]
    load.wait()
    written = json.loads(load_output.read_text(encoding="utf-8")) if load_output.exists() else {}
    return {
        "port": args.replica,
        "standby": standby,
        "replay_lag_seconds": round(float(lag), 2) if lag is not None else None,
        "concurrent_writes": {
            key: written.get(key)
            for key in ("users", "requests", "failures", "p95_ms", "vouchers_posted", "gapless")
        },
        "pages": pages,
    }


# The pages whose cost should not grow with the federation (or grow slowly), measured again on one
# `--growth` times its size: the ratio of the p95s goes to `growth` in latest.json.
GROWTH_KEYS = (
    "worklist_chair",
    "worklist_treasurer",
    "summary",
    "summary_changed",
    "summary_after_voucher",
    "summary_after_check_in",
    "statutory_02_consolidated",
    "member_search",
    "voucher_journal",
    "voucher_journal_union",
)
FLAT = 1.3
# Runs of each growth page on each federation, however few the page table takes: a p95 of ten runs is
# the slowest but one, and a ratio of two of those moved by a third between runs of the same code.
GROWTH_RUNS = 20


def measure_growth(args, rows: list[dict]) -> dict:
    """Build (or reuse) the federation `args.growth` times the size in a database of its own and
    measure the GROWTH_KEYS pages there in process, each right after the same page measured again on
    this run's federation: the two p95s of a ratio are taken back to back, under the same load of the
    machine (the page table's figures were taken minutes before, other work may have come or gone)."""
    from bench.cases import cases, prepare
    from bench.scale import database

    base_url = server.database_url()
    big_url = f"{base_url.rstrip('/')}_x{args.growth}"
    bigger = argparse.Namespace(**{**vars(args), "unions": args.unions * args.growth})
    bigger.members = args.members * args.growth
    marker = ensure_database(bigger, url=big_url)
    try:
        big_targets = prepare()
        database.use_database(base_url)
        base_targets = prepare()
        base_cases = {case.key: case for case in cases(base_targets)}
        measured = {row["key"] for row in rows}
        on_base, on_big = InProcess(), InProcess()  # each logged in on its own database
        pages = {}
        for case in cases(big_targets):
            if case.key not in GROWTH_KEYS or case.key not in measured:
                continue
            runs = max(min(case.runs, args.runs), GROWTH_RUNS)
            print(f"growth ×{args.growth}: {case.label} ×{runs}, each federation", flush=True)
            database.use_database(base_url)
            same = base_cases[case.key]
            base = on_base.measure(same, case_data(same, base_targets), runs)
            database.use_database(big_url)
            big = on_big.measure(case, case_data(case, big_targets), runs)
            ratio = round(big["p95_ms"] / max(base["p95_ms"], 0.1), 2)
            pages[case.key] = {
                "base_p95_ms": base["p95_ms"],
                "big_p95_ms": big["p95_ms"],
                "base_p50_ms": base["p50_ms"],
                "big_p50_ms": big["p50_ms"],
                "ratio": ratio,
                "base_queries": base["queries"],
                "big_queries": big["queries"],
                "flat": ratio <= FLAT,
            }
    finally:
        database.use_database(base_url)
    return {"factor": args.growth, "flat_within": FLAT, "database": marker, "pages": pages}


def floor(name: str, targets, runs: int) -> dict:
    from bench import floors

    function = {"income_statement": floors.income_statement, "summary": floors.summary}[name]
    function(targets.root.path, targets.year)  # warm
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function(targets.root.path, targets.year)
        seconds.append(time.perf_counter() - started)
    return summarise(seconds)


def case_data(case, targets) -> dict:
    from finances.models import Category, Fund

    if case.kind == "import":
        return {"union": targets.big.pk, "roll": targets.roll}
    if case.key == "voucher_form":
        category = Category.objects.get(edition__code="2021", name="会议", union__isnull=True)
        fund = Fund.objects.get(union=targets.big, kind=Fund.Kind.UNION_FUND)
        return {
            "date": targets.today.isoformat(),
            "category": category.pk,
            "fund": fund.pk,
            "amount": "360.00",
            "summary": "工会委员会会议茶歇",
            "counterparty": "",
            "receipts": "1",
            "benefit": "",
        }
    return dict(case.data)


def verdict(case, result: dict) -> bool:
    worst = max(result.get("in_process", {}).get("p95_ms", 0), result.get("http", {}).get("p95_ms", 0))
    met = worst <= case.target_ms
    if "ratio" in result:
        met = met and result["ratio"] <= case.max_ratio
    return met


def print_table(rows: list[dict]) -> None:
    head = (
        f"{'page':34} {'target':>8} {'in-proc p50/p95 ms':>20} {'SQL':>5} {'HTTP p50/p95 ms':>18} "
        f"{'floor p95':>10} {'ratio':>6}  met"
    )
    print()
    print(head)
    print("-" * len(head))
    for row in rows:
        inproc, http = row.get("in_process", {}), row.get("http", {})
        floor_p95 = row.get("floor", {}).get("p95_ms")
        print(
            f"{row['label'][:34]:34} {row['target_ms']:>8,.0f} "
            f"{_pair(inproc):>20} {inproc.get('queries', '-'):>5} {_pair(http):>18} "
            f"{(f'{floor_p95:,.1f}' if floor_p95 is not None else '-'):>10} "
            f"{(str(row['ratio']) if 'ratio' in row else '-'):>6}  {'yes' if row['met'] else 'NO'}"
        )
    print()


def _pair(result: dict) -> str:
    if not result:
        return "-"
    return f"{result['p50_ms']:,.0f} / {result['p95_ms']:,.0f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--unions", type=int, default=200)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=20, help="Runs per page (the slow ones take fewer).")
    parser.add_argument("--rebuild", action="store_true", help="Build the bench database anew.")
    parser.add_argument("--no-http", action="store_true", help="Measure in process only.")
    parser.add_argument("--only", help="Comma-separated case keys to measure.")
    parser.add_argument("--output", default=str(OUTPUT))
    parser.add_argument(
        "--replica",
        type=int,
        nargs="?",
        const=54330,
        help="Also measure the report pages read from the standby on this port (scripts/db.sh replica).",
    )
    parser.add_argument(
        "--growth",
        type=int,
        default=3,
        help="Measure the growth pages again on a federation this many times the size (0: skip).",
    )
    args = parser.parse_args(argv)

    server.apply_env()
    if args.replica:
        # The same database on the standby of scripts/db.sh replica (it streams the whole cluster).
        parsed = urlsplit(server.database_url())
        os.environ["DATABASE_REPLICA_URL"] = urlunsplit(
            parsed._replace(netloc=f"{parsed.netloc.rsplit(':', 1)[0]}:{args.replica}")
        )
    import django

    django.setup()
    from unionhub import routers

    # The pages of the table are measured on the primary (gunicorn too: it does not get the replica);
    # the `replica` section reads the standby.
    os.environ.pop("DATABASE_REPLICA_URL", None)
    replica_configured, routers.replica_configured = routers.replica_configured, lambda: False
    marker = ensure_database(args)
    server.collect_static()

    from bench import cleanup
    from bench.cases import cases, prepare

    targets = prepare()
    chosen = cases(targets)
    if args.only:
        keys = set(args.only.split(","))
        chosen = [case for case in chosen if case.key in keys]
    rows = []
    in_process = InProcess()
    for case in chosen:
        runs = min(case.runs, args.runs)
        data = case_data(case, targets)
        print(f"in process: {case.label} ×{runs}", flush=True)
        rows.append(
            {
                "key": case.key,
                "label": case.label,
                "target_ms": case.target_ms,
                "path": case.path,
                "user": case.user,
                "in_process": in_process.measure(case, data, runs),
            }
        )
        if case.floor:
            rows[-1]["floor"] = floor(case.floor, targets, runs)
    if not args.no_http:
        from django.db import connections

        connections.close_all()
        with server.gunicorn() as url:
            print(f"gunicorn at {url} ({server.WORKERS} workers)", flush=True)
            http = OverHttp(server.PORT)
            try:
                for case, row in zip(chosen, rows, strict=True):
                    runs = min(case.runs, args.runs)
                    print(f"HTTP: {case.label} ×{runs}", flush=True)
                    row["http"] = http.measure(
                        case, case_data(case, targets), runs, cleanup.after(case, targets)
                    )
            finally:
                http.close()
    for case, row in zip(chosen, rows, strict=True):
        if "floor" in row:
            page = max(row["in_process"]["p95_ms"], row.get("http", {}).get("p95_ms", 0))
            row["ratio"] = round(page / max(row["floor"]["p95_ms"], 0.1), 2)
        row["met"] = verdict(case, row)
        for side in ("in_process", "http"):
            if side in row and row[side]["status"] != case.expect:
                row["met"] = False
                row[f"{side}_error"] = f"HTTP {row[side]['status']}, expected {case.expect}"
    print_table(rows)
    # The growth pages before the replica's load: its writes leave the machine busy for a while after.
    growth = measure_growth(args, rows) if args.growth > 1 else None
    if growth:
        for key, page in growth["pages"].items():
            queries = f"{page['base_queries']} → {page['big_queries']} queries"
            print(f"growth ×{growth['factor']} {key}: {page['ratio']}× ({queries})")
    replica = None
    if args.replica:
        routers.replica_configured = replica_configured
        replica = measure_replica(args, rows)
        routers.replica_configured = lambda: False
    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "postgresql": _server_version(),
            "gunicorn_workers": server.WORKERS,
            # Other work on the same machine skews the figures: the load average when the bench ended.
            "load_average": [round(value, 2) for value in os.getloadavg()],
        },
        "database": marker,
        "targets": {"year": targets.year, "root_union": targets.root.pk, "big_union": targets.big.pk},
        "pages": rows,
        "growth": growth,
        "replica": replica,
        "all_met": all(row["met"] for row in rows),
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"Written to {output}")
    return 0


def _server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    sys.exit(main())
