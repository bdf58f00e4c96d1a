"""`manage.py check --deploy` is clean with production settings (read at import: a fresh process each),
and `make serve` answers on its address with them."""

import os
import secrets
import signal
import socket
import stat
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

CHECK = "import django; django.setup(); from django.core.management import call_command; " + (
    'call_command("check", "--deploy", fail_level="WARNING")'
)


def run_check(**environment) -> subprocess.CompletedProcess:
    # The test run's own conveniences (DJANGO_ALLOW_ASYNC_UNSAFE for Playwright) are no production setting.
    dropped = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DATABASE_OWNER_URL"}
    dropped.add("DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(DJANGO_SETTINGS_MODULE="unionhub.settings", **environment)
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", CHECK],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production(**overrides) -> dict[str, str]:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return {
        "DEBUG": "false",
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
        "ALLOWED_HOSTS": "unionhub.example.org",
        "DATABASE_URL": "postgres://unionhub_app:secret@db.example.org:5432/unionhub",
        "DATABASE_OWNER_URL": "postgres://unionhub_owner:other-secret@db.example.org:5432/unionhub",
        **overrides,
    }


def test_check_deploy_is_clean_with_production_settings():
    result = run_check(**production())
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_notices_a_weak_secret_key():
    result = run_check(**production(SECRET_KEY="too-short"))
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    environment = production()
    del environment["SECRET_KEY"]
    result = run_check(**environment)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def get(url: str, **headers) -> tuple[int, str, str]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own server on 127.0.0.1
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status, response.read().decode(errors="replace"), ""
    except urllib.error.HTTPError as error:
        return error.code, "", error.headers.get("Location", "")


@pytest.mark.django_db
def test_make_serve_answers_on_its_address_with_production_settings():
    """`make serve` (migrations taken as done: the test database is migrated) behind a TLS proxy."""
    address = f"127.0.0.1:{free_port()}"
    # The test run's own settings module and secrets are not production's.
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(DATABASE_URL=database_url(), ALLOWED_HOSTS="127.0.0.1", SERVE_ADDR=address, SERVE_WORKERS="1")
    server = subprocess.Popen(  # noqa: S603 - make, fixed arguments
        ["make", "-o", "migrate", "serve"],  # noqa: S607
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 600  # the first collectstatic compresses every file
        while True:
            try:
                status, body, _location = get(
                    f"http://{address}/accounts/login/", **{"X-Forwarded-Proto": "https"}
                )
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "make serve did not answer"
                time.sleep(1)
        assert status == 200 and "登录" in body
        assert "DEBUG" not in body and "Traceback" not in body
        status, _body, location = get(f"http://{address}/accounts/login/")
        assert status == 301 and location.startswith("https://")  # plain HTTP goes to TLS
        page_404, body, _ = get(f"http://{address}/no-such-page/", **{"X-Forwarded-Proto": "https"})
        assert page_404 == 404 and "Traceback" not in body  # DEBUG is off
        css, _body, _ = get(f"http://{address}/static/css/unionhub.css", **{"X-Forwarded-Proto": "https"})
        assert css == 200  # whitenoise
        key = settings.BASE_DIR / "var" / "secret_key"
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
