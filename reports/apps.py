from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("报表与总结")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The home page's worklist and the organisation tree's member counts (unionhub.hooks).
        from reports import worklist
        from unionhub import hooks

        hooks.WORKLIST.extend(worklist.PROVIDERS)
        hooks.UNION_COUNTS.append((_("会员"), worklist.member_counts))
        post_migrate.connect(forget_stored_figures, sender=self)


def forget_stored_figures(using="default", **kwargs):
    """Every deploy runs `migrate`: the summaries' stored figures go with the code that computed them
    (the records' stamps say nothing of a changed computation)."""
    from django.db import connections

    from reports.models import SummaryFigures

    if SummaryFigures._meta.db_table in connections[using].introspection.table_names():
        SummaryFigures.objects.using(using).all().delete()
