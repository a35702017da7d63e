from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sopan.web.accounts"
    label = "accounts"
    verbose_name = "Pengguna dan peran"
