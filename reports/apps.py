from django.apps import AppConfig
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
