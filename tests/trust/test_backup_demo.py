"""The demo, backed up and restored into a scratch database, gives the system union's annual summary
with every figure unchanged (one test, some forty seconds: the demo, a dump, a restore, two summaries).

Each summary is computed by a separate process pointed at its database (DATABASE_URL), so the
restored one is read exactly as a server restarted on it would read it."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from tests.trust.test_backup import scratch_database, url_of  # noqa: F401 - a fixture
from unionhub.backup import Database, create_backup
from unionhub.demo import SYSTEM_UNION

pytestmark = pytest.mark.django_db(transaction=True)

FIGURES = """
import json, sys
import django
django.setup()
from reports.figures import collect_figures
from unionhub.models import Union
union = Union.objects.get(name=sys.argv[1])
figures = collect_figures(union=union, year=int(sys.argv[2]))
print(json.dumps(figures, ensure_ascii=False, sort_keys=True, default=str))
"""


def in_process_on(database: Database, *arguments: str) -> str:
    env = {**os.environ, "DATABASE_URL": url_of(database), "DJANGO_SETTINGS_MODULE": "unionhub.settings"}
    env.pop("TEST_DATABASE_NAME", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        [sys.executable, *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_restored_demo_gives_the_same_annual_summary(tmp_path, scratch_database):  # noqa: F811
    quiet = io.StringIO()
    call_command("load_demo", stdout=quiet)
    year = str(timezone.localdate().year)
    original = Database.default()
    backup = create_backup(output_dir=tmp_path)
    call_command("restore", str(backup.dump), database_url=url_of(scratch_database), stdout=quiet)

    figures = [
        json.loads(in_process_on(db, "-c", FIGURES, SYSTEM_UNION, year))
        for db in (original, scratch_database)
    ]
    assert figures[0] == figures[1]
    assert figures[0]["membership"]["members"] > 0 and figures[0]["funds"]["income_total"] not in (
        "0",
        "0.00",
    )

    summary = ["manage.py", "annual_summary", "--union", SYSTEM_UNION, "--year", year, "--format", "text"]
    texts = [in_process_on(db, *summary) for db in (original, scratch_database)]
    assert texts[0] == texts[1] and f"{year}年" in texts[0]
