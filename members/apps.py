from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from unionhub import attachments
        from unionhub.access import HARDSHIP, MEMBERS

        attachments.register("member", "members.Member", area=MEMBERS, label=_("会员"))
        attachments.register("hardship", "members.HardshipCase", area=HARDSHIP, label=_("困难职工档案"))
