"""Demo data from `sopan simulate`: realistic cases that the engine itself accepted, command by command."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from sopan.cli import app
from sopan.engine import CaseState, Event, replay
from sopan.web.cases.models import Case, Task
from sopan.web.cases.simulate import simulate_organisation
from sopan.web.catalog.models import Organisation
from sopan.web.catalog.publishing import publish_library
from tests.factories import LIBRARY, WIB


def stored_events(case: Case) -> list[Event]:
    return [
        Event.from_json({"kind": e.kind, "at": e.at.isoformat(), "actor": e.actor_name, "data": e.data})
        for e in case.events.order_by("seq")
    ]


@pytest.mark.django_db
def test_simulated_cases_are_consistent_and_repeatable() -> None:
    publish_library([LIBRARY / "bappeda-litbang"])
    organisation = Organisation.objects.get(code="bappeda-litbang")
    until = dt.datetime(2026, 11, 20, 12, tzinfo=WIB)
    report = simulate_organisation(organisation, 20, seed=7, until=until, window_days=200)
    sops = organisation.sops.count()
    assert report.cases == 20 * sops == Case.objects.count()
    assert report.refusals == []
    assert report.finished + report.open + report.closed_early == report.cases
    assert report.finished > report.cases / 2 and 0 < report.late_steps < report.steps
    for case in Case.objects.all():
        state = CaseState.from_json(case.state)
        assert replay(stored_events(case)) == state
        assert Task.objects.filter(case=case, is_open=True).count() == (1 if state.is_open else 0)
        assert all(e.at <= until for e in case.events.all())
    answers = set(Task.objects.exclude(answer="").values_list("answer", flat=True))
    assert answers == {"ya", "tidak"}, "decisions should go both ways in a simulation"


@pytest.mark.django_db
def test_simulate_command(tmp_path) -> None:
    result = CliRunner().invoke(app, ["simulate", str(LIBRARY / "kec-bawang"), "--cases", "1", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Kecamatan Bawang: 9 cases" in result.output
    assert Case.objects.count() == 9
    missing = CliRunner().invoke(app, ["simulate", str(tmp_path)])
    assert missing.exit_code == 2 and "organisasi.yaml" in missing.output


@pytest.mark.django_db
def test_simulate_says_what_it_could_not_read(tmp_path) -> None:
    import shutil

    folder = tmp_path / "kec-bawang"
    folder.mkdir()
    shutil.copy(LIBRARY / "kec-bawang" / "organisasi.yaml", folder)
    shutil.copy(LIBRARY / "kec-bawang" / "pembuatan-ktp.sop.yaml", folder)
    (folder / "rusak.sop.yaml").write_text("organisasi: kec-bawang\nlangkah: [\n", encoding="utf-8")
    partly = CliRunner().invoke(app, ["simulate", str(folder), "--cases", "1"])
    assert partly.exit_code == 1 and "rusak.sop.yaml" in partly.output and Case.objects.count() == 1
    (folder / "organisasi.yaml").write_text("kode: [\n", encoding="utf-8")
    broken = CliRunner().invoke(app, ["simulate", str(folder), "--cases", "1", "--lang", "en"])
    assert broken.exit_code == 2 and "organisasi.yaml could not be read" in broken.output
