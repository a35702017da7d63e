from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "sopan.web.catalog"
    label = "catalog"
    verbose_name = "Katalog SOP"
