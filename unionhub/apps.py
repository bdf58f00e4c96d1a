from axes.apps import AppConfig as BaseAxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What a select with nothing chosen says. Django's default is a row of dashes, which officers read as a
# broken page (issue 15); the glossary (unionhub/glossary.py) names this word instead.
EMPTY_CHOICE = _("请选择")


class UnionhubConfig(AppConfig):
    default = True  # the module holds AxesConfig too
    name = "unionhub"
    verbose_name = _("工会组织与用户")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models import Field
        from django.forms import CharField, ModelChoiceField

        from unionhub.control_characters import refuse_control_characters

        # Every select built by Django — a foreign key, a field with choices — starts with 请选择. The
        # defaults are changed once here rather than in each of the project's forms; a form that names
        # its own empty label (全部, 不限) keeps it.
        ModelChoiceField.__init__.__kwdefaults__["empty_label"] = EMPTY_CHOICE
        include_blank, _dash, *rest = Field.get_choices.__defaults__
        Field.get_choices.__defaults__ = (include_blank, [("", EMPTY_CHOICE)], *rest)
        # Every text field of every form — a model's CharField or TextField, a form's own CharField —
        # refuses control characters with a message at the field (unionhub.control_characters).
        CharField.default_validators = [refuse_control_characters]  # Django sets none of its own
        # Only now may the project's forms be built (see unionhub/admin.py).
        from django.contrib import admin

        from unionhub.forms import AdminLoginForm

        admin.site.login_form = AdminLoginForm


class AxesConfig(BaseAxesConfig):
    """django-axes (login lockout) under a Chinese heading in the admin."""

    verbose_name = _("登录锁定")
