"""The ``--organisasi`` option the monitoring's management commands share: a code checked before it is looked up."""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser
from django.core.validators import slug_re

from sopan.web import limits
from sopan.web.catalog.models import Organisation

__all__ = ["add_organisation_option", "organisation_option"]


def add_organisation_option(parser: CommandParser) -> None:
    parser.add_argument("--organisasi", default=None, help="organisation code / kode organisasi")


def organisation_option(code: str | None) -> Organisation | None:
    """The organisation ``--organisasi`` names (None when it is not given). A code too long or with other than
    letters, digits, '-' and '_' is refused without being echoed (it may hold terminal escapes or be huge);
    one that names no organisation is echoed, being a plain slug."""
    if code is None:
        return None
    if len(code) > limits.CODE or not slug_re.match(code):
        raise CommandError(
            f"--organisasi: bukan kode organisasi (huruf, angka, '-' atau '_', paling banyak {limits.CODE} karakter)."
            f" / --organisasi: not an organisation code (letters, digits, '-' or '_', at most {limits.CODE}"
            " characters)."
        )
    found = Organisation.objects.filter(code=code).first()
    if found is None:
        raise CommandError(f"--organisasi: Organisasi '{code}' tidak ada. / No organisation '{code}'.")
    return found
