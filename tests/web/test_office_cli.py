"""`sopan pengelola` and `sopan sandi`: first setup and a lost password without a Django shell."""

from __future__ import annotations

from django.contrib.auth.models import User
from typer.testing import CliRunner

from sopan.cli import app
from sopan.web.accounts.models import Administrator, AuditEntry, Staff
from tests.web.factories import Office


def test_pengelola_creates_an_administrator_with_a_one_time_password(office: Office) -> None:
    made = CliRunner().invoke(app, ["pengelola", "kec-contoh", "ratna", "--nama", "Ratna Sari"])
    assert made.exit_code == 0, made.output
    password = made.output.strip().splitlines()[-1]
    ratna = User.objects.get(username="ratna")
    assert ratna.check_password(password) and ratna.first_name == "Ratna Sari"
    assert Administrator.objects.filter(user=ratna, organisation=office.organisation).exists()
    assert Staff.objects.get(user=ratna).must_change_password
    assert AuditEntry.objects.filter(actor_name="cli", action="administrator.add", target="ratna").exists()
    existing = CliRunner().invoke(app, ["pengelola", "kec-contoh", "siti"])
    assert existing.exit_code == 0 and "Kata sandi" not in existing.output  # an existing user keeps their password
    unknown = CliRunner().invoke(app, ["pengelola", "kec-tidak-ada", "x"])
    assert unknown.exit_code == 2 and "kec-tidak-ada" in unknown.output
    bad = CliRunner().invoke(app, ["pengelola", "kec-contoh", "A B"])
    assert bad.exit_code == 2 and "Nama pengguna" in bad.output and not User.objects.filter(username="a b").exists()


def test_sandi_resets_a_lost_password(office: Office) -> None:
    reset = CliRunner().invoke(app, ["sandi", "siti", "--lang", "en"])
    assert reset.exit_code == 0 and "One-time password" in reset.output
    password = reset.output.strip().splitlines()[-1]
    assert User.objects.get(username="siti").check_password(password)
    assert Staff.objects.get(user=office.loket).must_change_password
    missing = CliRunner().invoke(app, ["sandi", "tidak-ada"])
    assert missing.exit_code == 2 and "tidak-ada" in missing.output
