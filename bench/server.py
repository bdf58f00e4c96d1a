"""The production-like environment of the bench, and gunicorn on loopback in it.

DEBUG off, compressed static files from whitenoise, secure cookies — everything a province's
deployment has except the HTTPS redirect (TLS ends at nginx there; the bench talks HTTP on
127.0.0.1). The bench database is its own; the shared dev database is never touched.
"""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from bench.client import Browser
from unionhub import localdb

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8106"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
PGPORT = os.environ.get("UNIONHUB_PGPORT", "54329")
# The local cluster's superuser (scripts/db.sh): it creates the bench database, loads it as a replica
# would (no row triggers: minutes instead of an hour), and the clean-up after a measured write may skip
# the append-only triggers (unionhub.dbroles honours pgtrigger.ignore for the owner alone).
DEFAULT_URL = localdb.url("postgres", port=PGPORT, database="unionhub_bench")


def database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if url.rstrip("/").rsplit("/", 1)[-1] == "unionhub":
        raise SystemExit("BENCH_DATABASE_URL names the shared dev database 'unionhub': use a bench database.")
    return url


def production_env(url: str | None = None) -> dict[str, str]:
    """Environment variables for a DEBUG-off process on the bench database."""
    return {
        "DJANGO_SETTINGS_MODULE": "unionhub.settings",
        "DATABASE_URL": url or database_url(),
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-any-real-deployment-0123456789",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "ERROR",
    }


def apply_env(url: str | None = None) -> None:
    os.environ.update(production_env(url))


def collect_static() -> None:
    """whitenoise serves the hashed, compressed files of `collectstatic` when DEBUG is off."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, **production_env()},
        check=True,
    )


@contextmanager
def gunicorn(*, workers: int = WORKERS, port: int = PORT):
    """gunicorn serving UnionHub on 127.0.0.1:`port` for the length of the block."""
    gunicorn_bin = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            str(gunicorn_bin),
            "unionhub.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "300",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **production_env()},
        start_new_session=True,
    )
    try:
        _wait_until_up(port, process)
        yield f"http://{HOST}:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_until_up(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            browser = Browser(HOST, port, timeout=5)
            if browser.get("/accounts/login/").status == 200:
                browser.close()
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on {HOST}:{port} within {timeout:.0f} s")
