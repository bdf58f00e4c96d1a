"""Fast settings for the test suite: same database engine, cheaper hashing."""

import tempfile
from pathlib import Path

from unionhub.settings import *  # noqa: F403

# Attached files of the test run go to a scratch folder, never into var/media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="unionhub-test-media-"))

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
LOGGING["root"]["level"] = "ERROR"  # noqa: F405
# Tests serve static files through Django's finders; whitenoise needs a collected STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]  # noqa: F405
