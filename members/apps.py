from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("会员")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from unionhub import attachments
        from unionhub.access import HARDSHIP, MEMBERS

        attachments.register("member", "members.Member", area=MEMBERS, label=_("会员"))
        attachments.register("hardship", "members.HardshipCase", area=HARDSHIP, label=_("困难职工档案"))
