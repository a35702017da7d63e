"""The office settings app (setelan): profile, logo, office hours and local calendar."""

from django.apps import AppConfig


class SetelanConfig(AppConfig):
    name = "sopan.web.setelan"
    label = "setelan"
