from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "rights"
    verbose_name = _("民主管理与维权")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rights.registers import REGISTERS
        from unionhub import attachments
        from unionhub.access import ACTIVITIES

        # The signed contract, the congress's minutes, a mediation's agreement: scans on the record
        # (a motion's papers go with its session).
        for register in REGISTERS.values():
            if register.slug != "motion":
                attachments.register(
                    f"rights-{register.slug}", register.model_label, area=ACTIVITIES, label=register.title
                )
