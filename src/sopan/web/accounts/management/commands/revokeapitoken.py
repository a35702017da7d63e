"""``revokeapitoken USER NAME``: stop the user's tokens of that name from working (kept for the record)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sopan.web.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Cabut token API pengguna menurut namanya. / Revoke a user's API tokens by name."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("user", help="user name / nama pengguna")
        parser.add_argument("name", help="the token's name / nama token")

    def handle(self, *args: Any, **options: Any) -> None:
        count = ApiToken.objects.filter(user__username=options["user"], name=options["name"], revoked=False).update(
            revoked=True
        )
        if not count:
            raise CommandError(
                f"Tidak ada token aktif '{options['name']}' milik '{options['user']}'. / "
                f"No active token '{options['name']}' of '{options['user']}'."
            )
        self.stdout.write(f"{count} token dicabut. / {count} token(s) revoked.")
