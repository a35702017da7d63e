"""The throttle app: counters shared by all workers."""

from django.apps import AppConfig


class ThrottleConfig(AppConfig):
    name = "sopan.web.throttle"
    label = "throttle"
    verbose_name = "Pembatasan / Throttling"
