import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhub.settings")
application = get_wsgi_application()


def settle() -> None:
    """Load every view module now and move what start-up made out of the garbage collector's reach
    (`gc.freeze`): a full collection then scans only what requests create, instead of pausing a
    request every few dozen for over 100 ms on a large page."""
    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and with it every view
    gc.freeze()


settle()
