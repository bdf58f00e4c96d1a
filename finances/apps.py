from django.apps import AppConfig
from django.db.models.signals import post_migrate


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
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from unionhub import attachments
        from unionhub.access import FINANCES

        post_migrate.connect(seed_reference_data, sender=self)
        # Invoices and receipts are accounting archive: once attached they stay.
        attachments.register("voucher", "finances.Voucher", area=FINANCES, label=_("凭证"), deletable=False)
        attachments.register("aid", "finances.AidPayment", area=FINANCES, label=_("救助"), deletable=False)
