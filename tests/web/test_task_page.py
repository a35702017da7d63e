"""The task page's one form: ticks, output and the finishing button together, the claim on the first action, the
SOP's own answer words, and where the officer goes after a step."""

from __future__ import annotations

import re
import uuid

from django.urls import reverse

from sopan.engine import OpenCase
from sopan.model.sop import Sop as SopModel
from sopan.web.cases.models import Case
from sopan.web.cases.services import submit
from sopan.web.catalog.publishing import publish_sop
from tests.factories import SERVICE_SOP, at
from tests.web.factories import NOBODY, Office, client_for, open_case


def act(client, case: Case, number: int, **fields):
    """Press a button of the task page's form (``daftar`` says its checklist came with it)."""
    body = {"command_id": str(uuid.uuid4()), "daftar": "1", **fields}
    return client.post(reverse("task-action", args=[case.pk, number]), body)


def state_of(case: Case):
    case.refresh_from_db()
    return case.typed_state


def test_ticks_are_kept_when_finishing_is_refused_and_the_first_action_claims(office: Office) -> None:
    case = open_case(office)
    client = client_for(office.loket)
    refused = act(client, case, 1, action="outside", item=["1"])
    assert refused.status_code == 302 and refused.url == reverse("task", args=[case.pk, 1])
    task = state_of(case).task(1)
    assert list(task.ticked) == ["1"] and task.claimed_by == "siti" and not task.done
    page = client.get(refused.url).content.decode()
    assert "Kelengkapan belum lengkap" in page and re.search(r'value="1"[^>]*checked', page)
    done = act(client, case, 1, action="outside", item=["1", "2"])
    # the loket also checks the file at step 2: straight there, no trip through the inbox
    assert done.url == reverse("task", args=[case.pk, 2])
    assert state_of(case).task(1).done


def test_a_form_without_its_checklist_unticks_nothing(office: Office) -> None:
    case = open_case(office)
    client = client_for(office.loket)
    act(client, case, 1, action="save", item=["1", "2"])
    assert set(state_of(case).task(1).ticked) == {"1", "2"}
    body = {"command_id": str(uuid.uuid4()), "action": "outside"}  # an older form, no daftar
    client.post(reverse("task-action", args=[case.pk, 1]), body)
    assert state_of(case).task(1).done and set(state_of(case).task(1).ticked) == {"1", "2"}


def test_decisions_carry_the_sops_words_and_the_officer_goes_on_to_the_inbox(office: Office) -> None:
    case = open_case(office)
    other = open_case(office, at(2, 9))
    client = client_for(office.loket)
    act(client, case, 1, action="outside", item=["1", "2"])
    page = client.get(reverse("task", args=[case.pk, 2])).content.decode()
    assert ">Lengkap</button>" in page and ">Tidak lengkap</button>" in page
    assert ">Ya</button>" not in page and ">Y</button>" not in page and ">N</button>" not in page
    answered = act(client, case, 2, action="ya", item=["1"])
    # step 3 is the kasi's: back to the inbox, where the other case's first step is the next item
    assert answered.url == f"{reverse('inbox')}?dari={case.pk}#berikutnya"
    inbox = client.get(answered.url).content.decode()
    row = re.search(r'<tr class="next" id="berikutnya">.*?</tr>', inbox, re.S)
    assert row and other.tracking_code in row[0] and case.tracking_code not in row[0]
    assert "berikutnya" in row[0]
    kasi = client_for(office.kasi)
    finished = act(kasi, case, 3, action="complete", nama="Konsep surat", nilai="Nomor 470/12/2026")
    assert finished.url == reverse("task", args=[case.pk, 4])  # the kasi may sign too
    task = state_of(case).task(3)
    assert task.done and task.outputs[0]["value"] == "Nomor 470/12/2026"
    signing = kasi.get(finished.url).content.decode()
    assert ">Setuju</button>" in signing and ">Tidak setuju</button>" in signing


def test_a_no_answer_keeps_the_ticks_and_needs_its_reason(office: Office) -> None:
    case = open_case(office)
    client = client_for(office.loket)
    act(client, case, 1, action="outside", item=["1", "2"])
    act(client, case, 2, action="tidak", item=["1"])
    task = state_of(case).task(2)
    assert not task.done and list(task.ticked) == ["1"]
    act(client, case, 2, action="tidak", item=["1"], alasan="Surat pengantar desa belum ada")
    assert state_of(case).task(2).answer == "tidak"
    shown = client.get(reverse("task", args=[case.pk, 2])).content.decode()
    assert "Tidak lengkap" in shown


def test_service_cases_offer_reject_and_other_cases_offer_cancel(office: Office) -> None:
    client = client_for(office.loket)
    service = open_case(office)
    page = client.get(reverse("task", args=[service.pk, 1])).content.decode()
    assert 'value="reject"' in page and 'value="cancel"' not in page
    sop = SopModel.model_validate({**SERVICE_SOP, "sifat": "penugasan", "nama": "Rapat Koordinasi"})
    sop.id = "rapat-koordinasi"
    version, _ = publish_sop(office.organisation, sop)
    other = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), trigger="Disposisi"), version=version).case
    page = client.get(reverse("task", args=[other.pk, 1])).content.decode()
    assert 'value="cancel"' in page and 'value="reject"' not in page
    wrong = client.post(
        reverse("task-action", args=[other.pk, 1]),
        {"command_id": str(uuid.uuid4()), "action": "reject", "alasan": "x"},
        follow=True,
    )
    assert "Hanya permohonan pelayanan yang dapat ditolak" in wrong.content.decode()
    cancelled = act(client, other, 1, action="cancel", alasan="Rapat ditunda")
    assert cancelled.url == reverse("case", args=[other.pk]) and state_of(other).status == "cancelled"
