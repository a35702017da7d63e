"""`sopan pengelola` and `sopan sandi`: an organisation's administrator and a lost password, for scripts and the
first setup, without a Django shell. The one-time password is printed once; it must be changed at the first login."""

from __future__ import annotations

from typing import Annotated

import typer

from ..i18n import t
from .options import Lang, LangOption, err, out

__all__ = ["register"]


def administrator_command(
    organisation: Annotated[str, typer.Argument(help=t("Kode organisasi, mis. kec-bawang.", "Organisation code."))],
    username: Annotated[str, typer.Argument(help=t("Nama pengguna pengelola.", "The administrator's user name."))],
    name: Annotated[str, typer.Option("--nama", help=t("Nama lengkap.", "Full name."))] = "",
    lang: LangOption = Lang.id,
) -> None:
    from .calendar import _organisation

    found = _organisation(organisation)
    from django.contrib.auth.models import User

    from ..web.office.refusal import Refused
    from ..web.office.roles import add_administrator
    from ..web.office.staff import UserFields, create_user

    user = User.objects.filter(username=username).first()
    password = None
    try:
        if user is None:
            user, password = create_user(None, found, UserFields(name=name or username, username=username))
        add_administrator(None, found, user)
    except Refused as refusal:
        err.print(f"{username}: {refusal.text(lang.value)}", markup=False)
        raise typer.Exit(2) from None
    out.print(t(f"{user.username} adalah pengelola {found.name}.", f"{user.username} administers {found.name}.",
                lang.value), markup=False)  # fmt: skip
    if password is not None:
        _print_password(password, lang.value)


def password_command(
    username: Annotated[str, typer.Argument(help=t("Nama pengguna.", "User name."))],
    lang: LangOption = Lang.id,
) -> None:
    from ..web import setup

    setup()
    from django.contrib.auth.models import User

    from ..web.office.staff import reset_password
    from ..web.startup_lock import migrate

    migrate()
    user = User.objects.filter(username=username).first()
    if user is None:
        err.print(t(f"Pengguna '{username}' tidak ada.", f"No user '{username}'.", lang.value), markup=False)
        raise typer.Exit(2)
    staff = getattr(user, "staff", None)
    _print_password(reset_password(None, staff.organisation if staff else None, user), lang.value)


def _print_password(password: str, lang: str) -> None:
    out.print(t("Kata sandi sekali pakai (wajib diganti saat masuk pertama):",
                "One-time password (must be changed at the first login):", lang))  # fmt: skip
    out.print(password, markup=False)


def register(app: typer.Typer) -> None:
    app.command(
        "pengelola",
        help=t(
            "Jadikan pengguna pengelola organisasi (dibuat dengan kata sandi sekali pakai bila belum ada).",
            "Make a user an organisation's administrator (created with a one-time password if missing).",
        ),
    )(administrator_command)
    app.command(
        "sandi",
        help=t(
            "Atur ulang kata sandi pengguna: cetak kata sandi sekali pakai yang wajib diganti saat masuk.",
            "Reset a user's password: print a one-time password to be changed at the next login.",
        ),
    )(password_command)
