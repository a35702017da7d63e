"""The office administration app."""

from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "sopan.web.office"
    label = "office"
    default_auto_field = "django.db.models.BigAutoField"
