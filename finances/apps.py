from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from members.signals import wage_stated


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


def record_stated_wage(sender, *, member, amount, by, effective_from, **kwargs) -> None:
    """The wage written on a new member's registration form becomes the wage base for dues.

    Recorded directly (not through `set_wage_base`, which asks for the ledger's write right): the
    secretary transcribes the member's own paper; the treasurer corrects it on the member's dues page,
    and the audit trail shows who entered it.
    """
    from finances.models import WageBase

    wage = WageBase(member=member, amount=amount, effective_from=effective_from, recorded_by=by)
    wage.full_clean()
    wage.save()


class FinancesConfig(AppConfig):
    name = "finances"
    verbose_name = _("经费")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from finances.models.subtree import lock_for_a_move
        from unionhub import attachments, hooks
        from unionhub.access import FINANCES

        post_migrate.connect(seed_reference_data, sender=self)
        hooks.BEFORE_MOVE.append(lock_for_a_move)
        wage_stated.connect(record_stated_wage)
        # Invoices and receipts are accounting archive: once attached they stay.
        attachments.register("voucher", "finances.Voucher", area=FINANCES, label=_("凭证"), deletable=False)
        attachments.register("aid", "finances.AidPayment", area=FINANCES, label=_("救助"), deletable=False)
