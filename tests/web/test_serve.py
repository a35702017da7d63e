"""`sopan serve --prepare-only`: the first start makes demo users once; a wrong library folder is named."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from typer.testing import CliRunner

from sopan.cli import app
from sopan.web.cases.models import Case
from tests.factories import LIBRARY


@pytest.mark.django_db
def test_first_start_prepares_the_demo_once(tmp_path) -> None:
    first = CliRunner().invoke(app, ["serve", "--prepare-only", "--library", str(LIBRARY / "kec-bawang")])
    assert first.exit_code == 0, first.output
    assert "kec-bawang.demo" in first.output and "sopan-" in first.output
    assert User.objects.filter(username="admin", is_superuser=True).exists()
    assert Case.objects.count() == 9  # one simulated case per SOP
    again = CliRunner().invoke(app, ["serve", "--prepare-only", "--library", str(LIBRARY / "kec-bawang")])
    assert again.exit_code == 0 and "sopan-" not in again.output  # passwords are shown only once
    assert Case.objects.count() == 9
    missing = CliRunner().invoke(app, ["serve", "--prepare-only", "--library", str(tmp_path / "tidak-ada")])
    assert missing.exit_code == 2 and "tidak-ada" in missing.output
