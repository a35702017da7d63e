"""`sopan serve`: prepare the database on first start (migrate, publish the library, demo users and cases),
then serve the application with gunicorn, static files included."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

__all__ = ["DEMO_ACCOUNTS", "default_library", "first_start", "prepare", "run_server", "write_demo_accounts"]

DEMO_ACCOUNTS = "demo-pengguna.txt"


def default_library() -> Path | None:
    """The library/ folder beside the source checkout (an editable install), if there is one."""
    candidate = Path(__file__).resolve().parents[3] / "library"
    return candidate if candidate.is_dir() else None


def prepare(library: Path | None, demo: bool, cases_per_sop: int, echo) -> None:
    """Migrate, publish the library, and on the first start create demo users (their passwords written to a file
    only the owner can read) and simulated cases. One process at a time: sopan processes started together on a
    fresh database wait for each other instead of crashing in ``migrate``."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import transaction

    from sopan.web.catalog.models import Organisation
    from sopan.web.catalog.publishing import publish_library
    from sopan.web.startup_lock import startup_lock

    with startup_lock():
        call_command("migrate", verbosity=0)
        if library is not None:
            report = publish_library([library])
            echo(f"library: {report.sops} SOP, {report.new_versions} versi baru / new versions")
            for problem in report.problems:
                echo(problem.format("id"))
        if demo and not User.objects.filter(username="admin").exists():
            # all or nothing: an interrupted first start leaves no admin whose password nobody saw
            with transaction.atomic():
                accounts = first_start(Organisation.objects.order_by("code"), cases_per_sop)
            path = write_demo_accounts(accounts)
            echo("")
            echo(
                f"Pengguna demo dan kata sandinya (hanya dapat dibaca pemilik) / demo users and their passwords "
                f"(readable by the owner only): {path}"
            )
            echo("")


def _password() -> str:
    return "sopan-" + secrets.token_urlsafe(6)


Account = tuple[str, str, str]  # user name, password, what


def first_start(organisations, cases_per_sop: int) -> list[tuple[str, list[Account]]]:
    """The admin and each organisation's demo users with fresh passwords, and simulated cases: the accounts
    grouped by organisation (the superuser first), each group's administrators first."""
    from django.contrib.auth.models import User

    from sopan.web.accounts.demo import ensure_demo_administrator, ensure_demo_users, ensure_office_demo_user
    from sopan.web.accounts.demo_hasher import demo_password_hash
    from sopan.web.cases.simulate import simulate_organisation
    from sopan.web.signing.setup import ensure_demo_setup

    def with_password(user) -> str:
        password = _password()
        user.password = demo_password_hash(password)  # cheap outside production, full at first login
        user.save(update_fields=["password"])
        return password

    admin_password = _password()
    User.objects.create_superuser("admin", password=admin_password)
    groups: list[tuple[str, list[Account]]] = [("superuser", [("admin", admin_password, "administrator (/admin/)")])]
    for organisation in organisations:
        administrator = ensure_demo_administrator(organisation)
        office = ensure_office_demo_user(organisation)
        accounts = [
            (administrator.username, with_password(administrator), "pengelola / administrator"),
            (office.username, with_password(office), "pengelola + semua peran / administrator + all roles"),
        ]
        for _, user in sorted(ensure_demo_users(organisation).items()):
            accounts.append((user.username, with_password(user), user.first_name))
        if (passphrase := ensure_demo_setup(organisation)) is not None:
            accounts.append(("(TTE)", passphrase, "passphrase sertifikat TTE demo / demo e-signature passphrase"))
        groups.append((f"{organisation.name} ({organisation.code})", accounts))
        if cases_per_sop:
            simulate_organisation(organisation, cases_per_sop, seed=1, window_days=30)
    groups.append(_review_officers(with_password))
    return groups


def _review_officers(with_password) -> tuple[str, list[Account]]:  # type: ignore[no-untyped-def]
    """The officers of the built-in review SOP (``sopan-bawaan``), where a submitted draft's review case runs: one
    demo user per role, and every role also held by each Biro Organisasi's demo user, so that a draft submitted in
    the demo can be reviewed, sent back and found SESUAI from an inbox."""
    from sopan.web.accounts.demo import ensure_demo_users, hold_every_role
    from sopan.web.accounts.models import Administrator
    from sopan.web.catalog.biro import biro_q
    from sopan.web.lifecycle.review import builtin_review_version

    organisation = builtin_review_version().sop.organisation
    officers = sorted(ensure_demo_users(organisation).items())
    accounts = [(user.username, with_password(user), user.first_name) for _, user in officers]
    biro_demo = Administrator.objects.filter(biro_q("organisation__"), user__username__endswith=".demo")
    for administrator in biro_demo.select_related("user").exclude(organisation=organisation):
        hold_every_role(administrator.user, organisation)
        accounts.append(
            (administrator.user.username, "(di atas)", "(above) + " + ", ".join(u.first_name for _, u in officers))
        )
    return f"{organisation.name} ({organisation.code})", accounts


RESET_HELP = (
    "# Kata sandi hilang / lost password: `sopan sandi NAMA_PENGGUNA` (kata sandi sekali pakai / a one-time\n"
    "# password), atau pengelola organisasinya: Pengelola > Pengguna > Atur ulang kata sandi / or the\n"
    "# organisation's administrator: Administration > Users > Reset password.\n"
)


def write_demo_accounts(groups: list[tuple[str, list[Account]]]) -> Path:
    """The demo accounts in ``SOPAN_HOME/demo-pengguna.txt``, mode 0600 from its creation; never to stdout or a log."""
    from django.conf import settings

    path = Path(settings.HOME) / DEMO_ACCOUNTS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)  # a file left by an earlier database may have a wider mode or another owner
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(
            "# Pengguna demo sopan / sopan demo users: nama pengguna, kata sandi, peran / user, password, role\n"
        )
        handle.write(RESET_HELP)
        for group, accounts in groups:
            handle.write(f"\n# {group}\n")
            for username, password, what in accounts:
                handle.write(f"{username:45} {password:16} {what}\n")
    return path


def run_server(host: str, port: int, workers: int) -> None:
    """gunicorn in this process: production-grade serving, static files by WhiteNoise inside the app."""
    from django.conf import settings
    from gunicorn.app.base import BaseApplication

    from sopan.web.wsgi import application

    control = Path(settings.HOME) / "gunicorn.ctl"  # each server its own, not one per user account

    class SopanServer(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", None)
            if "control_socket" in self.cfg.settings:  # gunicorn 25.1 and later
                if len(str(control)) < 100:  # a Unix socket path is at most 107 bytes
                    self.cfg.set("control_socket", str(control))
                else:
                    self.cfg.set("control_socket_disable", True)

        def load(self):
            return application

    from django.db import connections

    from sopan.web.sqlite_backend import checkpointer

    # the workers are forked from this process: none inherits its connections (SQLite's rule), the checkpointer's
    # included; each worker starts its own with its first connection
    connections.close_all()
    checkpointer.stop()
    SopanServer().run()
