"""``createapitoken USER NAME``: issue an API token for an integration; the token is printed once, never stored."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sopan.web.accounts.models import ApiToken


class Command(BaseCommand):
    help = (
        "Buat token API untuk pengguna (ditampilkan sekali). / "
        "Create an API token for a user (shown once): Authorization: Bearer <token>."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("user", help="user name / nama pengguna")
        parser.add_argument("name", help="what the token is for / kegunaan token, e.g. 'sistem-arsip'")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Pengguna '{options['user']}' tidak ada. / No user '{options['user']}'.")
        name = options["name"].strip()
        if not name or len(name) > 100:
            raise CommandError("Nama token: 1-100 karakter. / The token's name: 1-100 characters.")
        _, raw = ApiToken.issue(user, name)
        self.stderr.write(
            "Simpan token ini sekarang; token tidak dapat ditampilkan lagi. / "
            "Keep this token now; it cannot be shown again."
        )
        self.stdout.write(raw)
