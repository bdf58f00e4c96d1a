from django.apps import AppConfig


class FinancesConfig(AppConfig):
    name = "finances"
    default_auto_field = "django.db.models.BigAutoField"
