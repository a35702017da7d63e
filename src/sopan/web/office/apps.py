"""The office settings app."""

from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "sopan.web.office"
    label = "office"
