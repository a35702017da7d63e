"""Which SOP governs review (the built-in one, or one an organisation names) and the reminders to review or
evaluate SOPs, for the unit and for the Biro that oversees it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from sopan.io.library import load_library
from sopan.lint import lint_library
from sopan.model.sop import Sop as SopModel
from sopan.render import flowchart_svgs
from sopan.web.accounts.models import Administrator, AuditEntry
from sopan.web.catalog.models import Organisation, SopVersion
from sopan.web.catalog.publishing import publish_sop
from sopan.web.lifecycle.reminders import organisations_in_view, overseen, reminders_for
from sopan.web.lifecycle.review import BUILTIN, builtin_review_sop, name_review_sop, review_sop_for
from sopan.web.lifecycle.states import LifecycleError
from sopan.web.monitoring.models import Evaluation
from tests.factories import SERVICE_SOP
from tests.web.factories import Office, client_for

pytestmark = pytest.mark.usefixtures("empty_cache")


def test_the_built_in_review_sop_checks_clean_and_renders() -> None:
    library = load_library([BUILTIN.parent])
    findings = library.problems + lint_library(library)
    assert findings == [], findings
    sop = builtin_review_sop()
    assert [lane.name for lane in sop.lanes] == [
        "Unit Pengusul",
        "Analis/Evaluator Biro Organisasi",
        "Kepala Biro Organisasi",
    ]
    decision = next(step for step in sop.steps if step.decision is not None)
    assert decision.decision.question == "Sesuai standar?" and decision.decision.no == 5
    svg = "".join(flowchart_svgs(sop))
    assert "Menelaah rancangan SOP" in svg and "Sesuai standar?" in svg


def _biro() -> tuple[Organisation, SopVersion]:
    biro = Organisation.objects.create(code="biro-organisasi-kalsel", name="Biro Organisasi")
    sop = SopModel.model_validate({**SERVICE_SOP, "organisasi": biro.code, "nama": "Asistensi Penyusunan SOP"})
    sop.id = "asistensi-penyusunan-sop"
    return biro, publish_sop(biro, sop)[0]


def _administrator(name: str, organisation: Organisation) -> User:
    user = User.objects.create_user(name, password="x")
    Administrator.objects.create(user=user, organisation=organisation)
    return user


def test_an_office_without_a_review_sop_gets_the_built_in_one_and_may_name_the_biros(office: Office) -> None:
    assert review_sop_for(office.organisation).builtin
    assert review_sop_for(office.organisation).title == "Telaah Rancangan Standar Operasional Prosedur"
    _, version = _biro()
    client = client_for(_administrator("pengelola", office.organisation))
    url = reverse("office-review-sop", args=["kec-contoh"])
    page = client.get(url).content.decode()
    assert "bawaan sopan" in page and 'value="biro-organisasi-kalsel/asistensi-penyusunan-sop"' in page
    response = client.post(url, {"sop": "biro-organisasi-kalsel/asistensi-penyusunan-sop"})
    assert response.status_code == 302
    chosen = review_sop_for(office.organisation)
    assert not chosen.builtin and chosen.sop == version.sop
    assert AuditEntry.objects.filter(action="lifecycle.review_sop", organisation=office.organisation).count() == 1
    refused = client.post(url + "?lang=en", {"sop": "biro-organisasi-kalsel/tidak-ada"}, follow=True)
    assert "Review SOP: That SOP is not in the catalog." in refused.content.decode()
    assert review_sop_for(office.organisation).sop == version.sop
    client.post(url, {"sop": ""})
    assert review_sop_for(office.organisation).builtin


def test_an_office_may_not_name_its_own_sop_as_its_review_sop(office: Office) -> None:
    """It would oversee itself, and no organisation does (``oversight``): its drafts would have no reviewer."""
    _, version = _biro()
    name_review_sop(office.organisation, version.sop, "admin")
    client = client_for(_administrator("pengelola", office.organisation))
    url = reverse("office-review-sop", args=["kec-contoh"])
    own = f"kec-contoh/{office.version.sop.key}"
    assert f'value="{own}"' not in client.get(url).content.decode()  # not offered
    refused = client.post(url, {"sop": own}, follow=True).content.decode()
    assert "SOP telaah: SOP telaah harus milik organisasi lain" in refused
    english = client.post(url + "?lang=en", {"sop": own}, follow=True).content.decode()
    assert "Review SOP: The review SOP must belong to another organisation" in english
    assert review_sop_for(office.organisation).sop == version.sop  # unchanged, and nothing recorded
    assert not AuditEntry.objects.filter(action="lifecycle.review_sop").exists()
    with pytest.raises(LifecycleError) as raised:
        name_review_sop(office.organisation, office.version.sop, "admin")
    assert raised.value.code == "own_review_sop" and raised.value.field == "sop"


def test_others_do_not_reach_the_review_setting(office: Office) -> None:
    url = reverse("office-review-sop", args=["kec-contoh"])
    assert client_for(office.camat).get(url).status_code == 404
    assert client_for(office.camat).post(url, {"sop": ""}).status_code == 404


def _age(version: SopVersion, days: int) -> None:
    SopVersion.objects.filter(pk=version.pk).update(published_at=timezone.now() - dt.timedelta(days=days))


def test_reminders_list_a_passed_review_date_and_a_year_without_evaluation(office: Office) -> None:
    assert reminders_for([office.organisation]) == []  # published today, no review date
    sop = SopModel.model_validate({**SERVICE_SOP, "tanggal_revisi": "2026-10"})
    sop.id = "surat-keterangan"
    version, _ = publish_sop(office.organisation, sop)
    found = reminders_for([office.organisation], today=dt.date(2026, 11, 1))
    assert [(r.version, r.reasons) for r in found] == [(version, ["revisi"])]
    assert reminders_for([office.organisation], today=dt.date(2026, 10, 31)) == []  # October is not over yet
    _age(office.version, 400)  # the SOP's first version: in force for more than a year
    found = reminders_for([office.organisation], today=dt.date(2026, 10, 31))
    assert [r.reasons for r in found] == [["evaluasi"]] and found[0].texts("en") == ["Not evaluated in a year"]
    Evaluation.objects.create(sop=version.sop, year=2026, half=2, signed_at=timezone.now() - dt.timedelta(days=30))
    assert reminders_for([office.organisation], today=dt.date(2026, 10, 31)) == []
    unsigned = Evaluation.objects.get()
    Evaluation.objects.filter(pk=unsigned.pk).update(signed_at=None)  # a draft evaluation does not count
    assert [r.reasons for r in reminders_for([office.organisation], today=dt.date(2026, 10, 31))] == [["evaluasi"]]


def test_a_review_date_passes_at_the_units_own_midnight(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    sop = SopModel.model_validate({**SERVICE_SOP, "tanggal_revisi": "2026-10"})
    sop.id = "surat-keterangan"
    publish_sop(office.organisation, sop)
    instant = dt.datetime(2026, 10, 31, 16, 0, tzinfo=dt.UTC)  # 23:00 on 31 October in WIB, 01:00 on 1 November in WIT
    monkeypatch.setattr("sopan.web.lifecycle.reminders.timezone.now", lambda: instant)
    office.organisation.timezone = "Asia/Jakarta"
    assert reminders_for([office.organisation]) == []
    office.organisation.timezone = "Asia/Jayapura"
    office.organisation.save()
    assert [r.reasons for r in reminders_for([office.organisation])] == [["revisi"]]


def test_the_biro_sees_the_units_whose_review_sop_is_its_own(office: Office) -> None:
    biro, _ = _biro()
    biro_admin = _administrator("biro.pengelola", biro)
    # no unit named a review SOP: the Biro oversees them all (they are reviewed under the built-in SOP)
    assert [unit.code for unit in overseen(biro_admin)] == ["kec-contoh", "kec-lain"]
    client_for(_administrator("pengelola", office.organisation)).post(
        reverse("office-review-sop", args=["kec-contoh"]), {"sop": "biro-organisasi-kalsel/asistensi-penyusunan-sop"}
    )
    bagian = Organisation.objects.create(code="bagian-organisasi", name="Bagian Organisasi")
    governing = SopModel.model_validate({**SERVICE_SOP, "organisasi": bagian.code, "nama": "Telaah SOP"})
    governing.id = "telaah"
    name_review_sop(Organisation.objects.get(code="kec-lain"), publish_sop(bagian, governing)[0].sop, "admin")
    # kec-lain named another organisation's review SOP; the Bagian Organisasi named none, so the Biro oversees it
    assert overseen(biro_admin) == [bagian, office.organisation]
    assert organisations_in_view(biro_admin) == [biro, bagian, office.organisation]
    assert organisations_in_view(office.camat) == [office.organisation]  # the unit: its own only
    _age(office.version, 400)
    page = client_for(biro_admin).get(reverse("reminders")).content.decode()
    assert "Pelayanan Surat Keterangan" in page and "Belum dievaluasi dalam setahun" in page
    unit = client_for(office.camat)
    listed = unit.get("/api/reminders").json()
    assert [(row["organisation"], row["reasons"]) for row in listed] == [("kec-contoh", ["evaluasi"])]
    assert unit.get("/api/reminders", {"organisation": "biro-organisasi-kalsel"}).status_code == 404
    assert unit.get(reverse("reminders-organisation", args=["biro-organisasi-kalsel"])).status_code == 404
    assert json.loads(client_for(office.outsider).get("/api/reminders").content) == []
