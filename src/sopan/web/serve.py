"""`sopan serve`: prepare the database on first start (migrate, publish the library, demo users and cases),
then serve the application with gunicorn, static files included."""

from __future__ import annotations

import secrets
from pathlib import Path

__all__ = ["default_library", "first_start", "prepare", "run_server"]


def default_library() -> Path | None:
    """The library/ folder beside the source checkout (an editable install), if there is one."""
    candidate = Path(__file__).resolve().parents[3] / "library"
    return candidate if candidate.is_dir() else None


def prepare(library: Path | None, demo: bool, cases_per_sop: int, echo) -> None:
    """Migrate, publish the library, and on the first start create demo users (passwords shown once)
    and simulated cases."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import transaction

    from sopan.web.catalog.models import Organisation
    from sopan.web.catalog.publishing import publish_library

    call_command("migrate", verbosity=0)
    if library is not None:
        report = publish_library([library])
        echo(f"library: {report.sops} SOP, {report.new_versions} versi baru / new versions")
        for problem in report.problems:
            echo(problem.format("id"))
    if demo and not User.objects.filter(username="admin").exists():
        # all or nothing: an interrupted first start leaves no admin whose password nobody saw
        with transaction.atomic():
            first_start(Organisation.objects.order_by("code"), cases_per_sop, echo)


def _password() -> str:
    return "sopan-" + secrets.token_urlsafe(6)


def first_start(organisations, cases_per_sop: int, echo) -> None:
    from django.contrib.auth.models import User

    from sopan.web.accounts.demo import ensure_demo_users, ensure_office_demo_user
    from sopan.web.cases.simulate import simulate_organisation

    lines = []
    admin_password = _password()
    User.objects.create_superuser("admin", password=admin_password)
    lines.append(("admin", admin_password, "administrator"))
    for organisation in organisations:
        office = ensure_office_demo_user(organisation)
        password = _password()
        office.set_password(password)
        office.save(update_fields=["password"])
        lines.append((office.username, password, f"{organisation.name}: semua peran / all roles"))
        for _, user in sorted(ensure_demo_users(organisation).items()):
            password = _password()
            user.set_password(password)
            user.save(update_fields=["password"])
            lines.append((user.username, password, user.first_name))
        if cases_per_sop:
            simulate_organisation(organisation, cases_per_sop, seed=1, window_days=30)
    echo("")
    echo("Pengguna demo (kata sandi hanya ditampilkan sekali ini) / demo users (passwords shown only this once):")
    for username, password, what in lines:
        echo(f"  {username:45} {password:16} {what}")
    echo("")


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

    SopanServer().run()
