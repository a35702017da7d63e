"""`sopan serve --prepare-only`: the first start makes demo users once, their passwords in a file only the owner
reads; a wrong library folder is named; processes started together on a fresh database all work."""

from __future__ import annotations

import stat
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from typer.testing import CliRunner

from sopan.cli import app
from sopan.web.accounts.models import Administrator, RoleAssignment, holding
from sopan.web.cases.models import Case
from sopan.web.serve import DEMO_ACCOUNTS
from tests.factories import LIBRARY, REPO
from tests.web.fresh_database import fresh_database


@pytest.mark.django_db
def test_first_start_prepares_the_demo_once(tmp_path, settings) -> None:
    settings.HOME = tmp_path / "home"
    first = CliRunner().invoke(app, ["serve", "--prepare-only", "--library", str(LIBRARY / "kec-bawang")])
    assert first.exit_code == 0, first.output
    accounts = settings.HOME / DEMO_ACCOUNTS
    assert str(accounts) in first.output.replace("\n", "")
    assert "sopan-" not in first.output  # no password on stdout, i.e. in whatever log captures it
    assert stat.S_IMODE(accounts.stat().st_mode) == 0o600
    lines = accounts.read_text().splitlines()
    admin = next(line.split() for line in lines if line.startswith("admin "))
    assert admin[1].startswith("sopan-") and User.objects.get(username="admin").check_password(admin[1])
    assert any(line.startswith("kec-bawang.demo ") for line in lines)
    # grouped by organisation, its administrator first, with how to reset a lost password
    group = lines.index("# Kecamatan Bawang (kec-bawang)")
    assert lines[group + 1].startswith("kec-bawang.pengelola ") and "sopan sandi" in accounts.read_text()
    assert Administrator.objects.filter(user__username="kec-bawang.pengelola", organisation__code="kec-bawang").exists()
    assert User.objects.filter(username="admin", is_superuser=True).exists()
    # a draft submitted in the demo is reviewed in sopan-bawaan: its analyst has a demo login and holds the role
    analyst = next(line.split() for line in lines if line.startswith("sopan-bawaan.analis-biro-organisasi "))
    assert User.objects.get(username=analyst[0]).check_password(analyst[1])
    held = RoleAssignment.objects.filter(holding(), user__username=analyst[0], role__organisation__code="sopan-bawaan")
    assert held.filter(role__code="analis-biro-organisasi").exists()
    assert Case.objects.count() == 9  # one simulated case per SOP
    again = CliRunner().invoke(app, ["serve", "--prepare-only", "--library", str(LIBRARY / "kec-bawang")])
    assert again.exit_code == 0 and str(accounts) not in again.output.replace("\n", "")  # made only once
    assert accounts.read_text().splitlines() == lines
    assert Case.objects.count() == 9
    missing = CliRunner().invoke(app, ["serve", "--prepare-only", "--library", str(tmp_path / "tidak-ada")])
    assert missing.exit_code == 2 and "tidak-ada" in missing.output


@pytest.mark.django_db
def test_the_biro_demo_user_can_work_the_built_in_review(tmp_path, settings) -> None:
    """The Biro Organisasi's demo user holds the built-in review SOP's roles, so its inbox gets submitted drafts."""
    settings.HOME = tmp_path / "home"
    library = str(LIBRARY / "biro-organisasi-kalsel")
    started = CliRunner().invoke(app, ["serve", "--prepare-only", "--cases", "0", "--library", library])
    assert started.exit_code == 0, started.output
    held = RoleAssignment.objects.filter(holding(), user__username="biro-organisasi-kalsel.demo")
    assert set(held.filter(role__organisation__code="sopan-bawaan").values_list("role__code", flat=True)) == {
        "analis-biro-organisasi",
        "kepala-biro-organisasi",
    }
    assert "biro-organisasi-kalsel.demo" in (settings.HOME / DEMO_ACCOUNTS).read_text().split("# sopan (SOP bawaan)")[1]


def test_two_processes_starting_together_on_a_fresh_database_both_work(tmp_path) -> None:
    env, drop = fresh_database(tmp_path / "home")
    command = [sys.executable, "-m", "sopan", "serve", "--prepare-only", "--cases", "0"]
    command += ["--library", str(LIBRARY / "kec-bawang")]
    try:
        starts = [
            subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outputs = [start.communicate(timeout=600) for start in starts]
        for start, (stdout, stderr) in zip(starts, outputs, strict=True):
            assert start.returncode == 0, stdout + stderr
            assert "Traceback" not in stderr
        # the first to get the lock made the demo; the other found it made
        said = [DEMO_ACCOUNTS in stdout for stdout, _ in outputs]
        assert sorted(said) == [False, True]
        check = "from sopan.web import setup; setup(); from django.contrib.auth.models import User; "
        check += "print(User.objects.filter(username='admin').count())"
        counted = subprocess.run([sys.executable, "-c", check], cwd=REPO, env=env, capture_output=True, text=True)
        assert counted.stdout.strip() == "1", counted.stderr
    finally:
        drop()
