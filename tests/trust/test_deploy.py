"""`manage.py check --deploy` is clean with production settings (read at import: a fresh process each)."""

import os
import secrets
import string
import subprocess
import sys

from django.conf import settings

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
