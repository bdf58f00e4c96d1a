from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("活动与获奖")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from unionhub import attachments
        from unionhub.access import ACTIVITIES

        attachments.register("activity", "activities.Activity", area=ACTIVITIES, label=_("活动"))
        attachments.register("award", "activities.Award", area=ACTIVITIES, label=_("表彰"))
        attachments.register("suggestion", "activities.Suggestion", area=ACTIVITIES, label=_("合理化建议"))
        attachments.register("chronicle", "activities.ChronicleEntry", area=ACTIVITIES, label=_("大事记"))
