from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sopan.web.cases"
    label = "cases"
    verbose_name = "Kasus"
