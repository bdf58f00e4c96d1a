from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def seed_reference_data(sender, *, using, apps=None, **kwargs) -> None:
    """The chart of categories and the spending rules, after every migrate and every flush.

    The data migration writes them once; a flush (a transactional test's teardown, `manage.py
    flush`) empties every table and then sends post_migrate, so they are written again here.
    """
    from django.apps import apps as installed

    from finances import chart, rules

    apps = apps or installed  # flush sends no migration state
    try:
        apps.get_model("finances", "SpendingRule")
    except LookupError:  # finances is migrated back to zero
        return
    chart.seed(apps, using=using)
    rules.seed(apps, using=using)


class FinancesConfig(AppConfig):
    name = "finances"
    verbose_name = _("经费")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(seed_reference_data, sender=self)
