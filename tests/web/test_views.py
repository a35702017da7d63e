"""The screens through Django's test client: what each user may see and do, and clear answers to bad input."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from sopan.engine import Decide, OpenCase, RecordOutsideStep
from sopan.web.cases.models import Case, Event
from sopan.web.cases.services import submit
from tests.factories import ANI, at
from tests.web.factories import NOBODY, PASSWORD, Office, client_for, make_user


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def new_case(office: Office) -> Case:
    return submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case


def test_catalog_and_sop_page_are_public(office: Office) -> None:
    client = Client()
    page = client.get(reverse("catalog"))
    assert page.status_code == 200 and "Pelayanan Surat Keterangan" in page.content.decode()
    assert "Kecamatan Lain" in page.content.decode()
    found = client.get(reverse("catalog"), {"q": "surat ketera", "organisasi": "kec-contoh"})
    assert found.content.decode().count("Pelayanan Surat Keterangan") == 1
    none = client.get(reverse("catalog"), {"q": "tidakada"})
    assert "Tidak ada SOP yang cocok" in none.content.decode()
    sop = client.get(reverse("sop", args=["kec-contoh", "surat-keterangan"]))
    html = sop.content.decode()
    assert sop.status_code == 200 and "sop-identity" in html and "<svg" in html
    bpmn = client.get(reverse("sop-download", args=["kec-contoh", "surat-keterangan", 1, "bpmn"]))
    assert bpmn.status_code == 200 and b"bpmn:definitions" in bpmn.content
    assert client.get(reverse("sop-download", args=["kec-contoh", "surat-keterangan", 1, "exe"])).status_code == 404
    pdf = client.get(reverse("sop-download", args=["kec-contoh", "surat-keterangan", 1, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("sop-download", args=["kec-contoh", "surat-keterangan", 1, "docx"]))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert client.get(reverse("sop", args=["kec-contoh", "tidak-ada"])).status_code == 404


def test_english_on_request(office: Office) -> None:
    client = Client()
    page = client.get(reverse("catalog"), {"lang": "en"})
    assert "SOP catalog" in page.content.decode()
    assert "SOP catalog" in client.get(reverse("catalog")).content.decode()  # kept in a cookie


def test_login_is_throttled_after_five_failures(office: Office) -> None:
    client = Client()
    for _ in range(5):
        failed = client.post(reverse("login"), {"username": "siti", "password": "salah"})
        assert failed.status_code == 200 and "salah" in failed.content.decode()
    blocked = client.post(reverse("login"), {"username": "siti", "password": PASSWORD})
    assert blocked.status_code == 429 and "15 menit" in blocked.content.decode()
    other = Client().post(reverse("login"), {"username": "budi", "password": PASSWORD})
    assert other.status_code == 302


def test_pages_need_login(office: Office) -> None:
    case = new_case(office)
    client = Client()
    for url in (
        reverse("inbox"),
        reverse("case", args=[case.pk]),
        reverse("task", args=[case.pk, 1]),
        reverse("loket"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_inbox_shows_the_tasks_of_the_users_roles(office: Office) -> None:
    case = new_case(office)
    loket = client_for(office.loket).get(reverse("inbox")).content.decode()
    assert case.tracking_code in loket
    assert "A** L******" in loket and "Ani Lestari" not in loket  # masked in lists
    kasi = client_for(office.kasi).get(reverse("inbox")).content.decode()
    assert case.tracking_code in kasi  # the Pemohon's step is recorded by any officer of the SOP
    outsider = client_for(office.outsider).get(reverse("inbox")).content.decode()
    assert case.tracking_code not in outsider


def test_working_a_case_through_the_task_page(office: Office) -> None:
    case = new_case(office)
    client = client_for(office.loket)
    page = client.get(reverse("task", args=[case.pk, 1]))
    assert page.status_code == 200 and "Mengajukan permohonan" in page.content.decode()
    action = reverse("task-action", args=[case.pk, 1])
    response = client.post(action, {"action": "checklist", "item": ["1"], "command_id": str(uuid.uuid4())}, follow=True)
    assert "Tersimpan" in response.content.decode()
    refused = client.post(action, {"action": "outside"}, follow=True).content.decode()
    assert "Kelengkapan belum lengkap" in refused and "Fotokopi KTP" in refused
    client.post(action, {"action": "outside", "alasan_2": "menyusul"}, follow=True)
    decision = reverse("task-action", args=[case.pk, 2])
    no_reason = client.post(decision, {"action": "tidak", "alasan": ""}, follow=True).content.decode()
    assert "perlu alasan" in no_reason
    client.post(decision, {"action": "tidak", "alasan": "Foto buram"}, follow=True)
    case.refresh_from_db()
    assert case.current_step == 1 and case.state["loops"] == {"2": 1}


def test_a_resent_form_is_carried_out_once(office: Office) -> None:
    case = new_case(office)
    client = client_for(office.loket)
    form = {"action": "outside", "alasan_1": "a", "alasan_2": "b", "command_id": str(uuid.uuid4())}
    client.post(reverse("task-action", args=[case.pk, 1]), form)
    client.post(reverse("task-action", args=[case.pk, 1]), form)
    assert Event.objects.filter(case=case, kind="step_completed").count() == 1


def test_malformed_posts_get_a_clear_message_and_change_nothing(office: Office) -> None:
    case = new_case(office)
    client = client_for(office.loket)
    version = case.version
    response = client.post(reverse("task-action", args=[case.pk, 1]), {"action": "meledak"}, follow=True)
    assert "Tindakan tidak dikenal" in response.content.decode()
    response = client.post(
        reverse("task-action", args=[case.pk, 1]), {"action": "claim", "command_id": "bukan-uuid"}, follow=True
    )
    assert "Formulir tidak sah" in response.content.decode() or "tidak sah" in response.content.decode()
    response = client.post(reverse("task-action", args=[case.pk, 9]), {"action": "claim"}, follow=True)
    assert "tidak punya tugas 9" in response.content.decode()
    assert client.get(reverse("task-action", args=[case.pk, 1])).status_code == 405
    case.refresh_from_db()
    assert case.version == version


def test_loket_starts_a_case_with_checked_input(office: Office) -> None:
    client = client_for(office.loket)
    assert "Pelayanan Surat Keterangan" in client.get(reverse("loket")).content.decode()
    url = reverse("start-case", args=["kec-contoh", "surat-keterangan"])
    bad = client.post(url, {"nama": "Ani", "nik": "12345"})
    assert "NIK harus 16 angka" in bad.content.decode() and Case.objects.count() == 0
    good = client.post(url, {"nama": "Ani Lestari", "nik": "3508010101010001", "item": ["1", "9"]})
    case = Case.objects.get()
    assert good.status_code == 302 and good["Location"] == reverse("case", args=[case.pk])
    assert case.state["tasks"][0]["ticked"] == {"1": "siti"}
    assert "3508010101010001" not in good["Location"]
    # the first step is the Pemohon's, so any officer of the SOP may open a case; a user without roles may not
    assert "kec-contoh/surat-keterangan" in client_for(office.kasi).get(reverse("loket")).content.decode()
    nobody = make_user("tanpa-peran", office.organisation)
    assert "surat-keterangan" not in client_for(nobody).get(reverse("loket")).content.decode()
    refused = client_for(nobody).post(url, {"nama": "Ani Lestari"}, follow=True).content.decode()
    assert "Anda tidak memegang peran" in refused and Case.objects.count() == 1


def test_receipt_pdf_has_the_tracking_code(office: Office) -> None:
    case = new_case(office)
    response = client_for(office.loket).get(reverse("receipt", args=[case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert case.tracking_code in text and "TANDA TERIMA" in text and "Ani Lestari" in text


def test_public_status_shows_nothing_personal(office: Office) -> None:
    case = new_case(office)
    client = Client()
    page = client.get(reverse("public-status-code", args=[case.tracking_code.lower().replace("-", "")]))
    html = page.content.decode()
    assert page.status_code == 200 and "Pelayanan Surat Keterangan" in html and "Mengajukan permohonan" in html
    assert "Ani" not in html and "3508" not in html
    wrong = case.tracking_code[:-1] + ("0" if case.tracking_code[-1] != "0" else "1")
    typo = client.get(reverse("public-status-code", args=[wrong]))
    assert (
        typo.status_code == 404 and "Kode pelacakan salah ketik: periksa kembali tanda terima." in typo.content.decode()
    )
    from sopan.engine.tracking import new_code

    for typed in ("a/b", "   ", "ZZZZ"):
        answer = client.get(reverse("public-status"), {"kode": typed})
        assert answer.status_code in (200, 404) and "Cek status" in answer.content.decode(), typed
    unknown = client.get(reverse("public-status-code", args=[new_code()]))
    assert unknown.status_code == 404 and "Kode tidak ditemukan" in unknown.content.decode()


def test_public_status_is_rate_limited(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from sopan.web.throttle import limits

    case = new_case(office)
    minute = dt.datetime(2026, 11, 23, 9, 0, 30, tzinfo=dt.UTC)  # the limit counts per minute: stay inside one
    monkeypatch.setattr(limits.timezone, "now", lambda: minute)
    client = Client()
    codes = [client.get(reverse("public-status-code", args=[case.tracking_code])).status_code for _ in range(25)]
    assert codes[:20] == [200] * 20 and codes[-1] == 429


def test_personal_data_is_masked_for_roles_that_do_not_need_it(office: Office) -> None:
    case = new_case(office)
    submit(office.loket, RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"}), case=case)
    submit(office.loket, Decide(actor=NOBODY, at=at(2, 10), task=2, answer=True, waivers={"1": "a"}), case=case)
    camat = make_user("pak-camat", office.organisation, "camat")
    page = client_for(camat).get(reverse("case", args=[case.pk])).content.decode()
    assert "Ani Lestari" not in page and "••••••••••••0001" in page
    kasi = client_for(office.kasi).get(reverse("case", args=[case.pk])).content.decode()
    assert "Ani Lestari" in kasi  # the kasi works the current step
    loket = client_for(office.loket).get(reverse("case", args=[case.pk])).content.decode()
    assert "3508010101010001" in loket  # the reception
    assert not re.search(r"href=\"[^\"]*3508010101010001", kasi + loket)


def test_lint_findings_are_shown_to_administrators_only(office: Office) -> None:
    from django.contrib.auth.models import User

    url = reverse("sop", args=["kec-contoh", "surat-keterangan"])
    admin = User.objects.create_superuser("admin", password=PASSWORD)
    page = client_for(admin).get(url).content.decode()
    assert "Temuan pemeriksaan" in page and "I001" in page  # the test SOP has no identity fields
    assert "Temuan pemeriksaan" not in client_for(office.loket).get(url).content.decode()
    assert "Temuan pemeriksaan" not in Client().get(url).content.decode()


def test_a_form_id_reused_for_another_command_is_refused_not_ignored(office: Office) -> None:
    case = new_case(office)
    client = client_for(office.loket)
    same = str(uuid.uuid4())
    client.post(reverse("task-action", args=[case.pk, 1]), {"action": "claim", "command_id": same})
    stale = client.post(
        reverse("task-action", args=[case.pk, 1]),
        {"action": "outside", "alasan_1": "a", "alasan_2": "b", "command_id": same},
        follow=True,
    ).content.decode()
    assert "Tersimpan" in stale and Event.objects.filter(case=case, kind="step_completed").count() == 1
    url = reverse("start-case", args=["kec-contoh", "surat-keterangan"])
    form = {"nama": "Ani Lestari", "command_id": str(uuid.uuid4())}
    client.post(url, form)
    again = client.post(url, {**form, "nama": "Budi Santoso"}, follow=True).content.decode()
    assert "sudah dipakai untuk perintah lain" in again
    assert Case.objects.count() == 2  # the case above and Ani's; Budi is not silently folded into Ani's


def test_a_refused_output_leaves_no_file_behind(office: Office, settings, tmp_path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    case = new_case(office)
    client_for(office.loket).post(reverse("task-action", args=[case.pk, 1]), {"action": "claim"})
    camat = make_user("pak-camat-2", office.organisation, "camat")  # may act on the step, but it is held by siti
    upload = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client_for(camat).post(
        reverse("task-action", args=[case.pk, 1]), {"action": "output", "nama": "Berkas", "berkas": upload}, follow=True
    )
    assert "sedang dikerjakan oleh siti" in response.content.decode()
    assert not any(tmp_path.rglob("*.pdf"))
