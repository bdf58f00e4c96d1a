from axes.apps import AppConfig as BaseAxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionhubConfig(AppConfig):
    default = True  # the module holds AxesConfig too
    name = "unionhub"
    verbose_name = _("工会组织与用户")
    default_auto_field = "django.db.models.BigAutoField"


class AxesConfig(BaseAxesConfig):
    """django-axes (login lockout) under a Chinese heading in the admin."""

    verbose_name = _("登录锁定")
