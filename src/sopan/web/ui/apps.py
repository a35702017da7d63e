from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "sopan.web.ui"
    label = "ui"
    verbose_name = "Tampilan"
