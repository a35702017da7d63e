"""The authoring app's configuration."""

from django.apps import AppConfig


class AuthoringConfig(AppConfig):
    name = "sopan.web.authoring"
    label = "authoring"
    default_auto_field = "django.db.models.BigAutoField"
