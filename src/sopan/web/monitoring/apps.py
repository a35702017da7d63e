"""The monitoring app's configuration."""

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "sopan.web.monitoring"
    label = "monitoring"
    verbose_name = "Pemantauan"
