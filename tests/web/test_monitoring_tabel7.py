"""Tabel 7 and the seven-criteria evaluation, pre-filled from the hand-made cases, edited, signed and printed.

The half year July-December 2026 holds the seven cases of hand_made_cases (G too, opened 29 October). Worked
out by hand: A and B finished with a promised time, A on time: 1 of 2. Step 1: 7 done, 5 within (A's two are
late): 29% late; step 2: 4 answers, 1 within: 75% late; step 5: 1 of 2 within: 50% late. Neither finished case
conforms (both waive kelengkapan at step 1). Each of the seven step-1 recordings waives two items: 14. Six
decisions were answered (step 2 four times, step 4 twice), one "tidak": 17%.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sopan.web.accounts.models import Administrator
from sopan.web.authoring.models import Draft
from sopan.web.monitoring.evaluation import CRITERIA, evidence_lines
from sopan.web.monitoring.home_views import recent_halves
from sopan.web.monitoring.models import Evaluation, MonitoringForm, Thresholds
from sopan.web.monitoring.performance import Period
from sopan.web.monitoring.tabel7 import fill, half_label, half_period, suggest, write_note
from tests.web.factories import Office
from tests.web.hand_made_cases import build_cases

NOTE = (
    "1 dari 2 permohonan selesai tepat waktu; langkah 2 melewati mutu baku pada 75%; langkah 5 melewati mutu baku "
    "pada 50%; langkah 1 melewati mutu baku pada 29%; 0 dari 2 permohonan selesai sesuai SOP; kelengkapan "
    "dikecualikan 14 kali; 2 permohonan ditolak."
)


@pytest.fixture
def cases(office: Office) -> Office:
    return build_cases(office)


@pytest.fixture
def evaluator(office: Office) -> User:
    user = User.objects.create_user("penilai", first_name="Rina", last_name="Penilai")
    Administrator.objects.create(user=user, organisation=office.organisation)
    return user


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def tabel7_url(name: str = "tabel7") -> str:
    return reverse(name, args=["kec-contoh", 2026, 2])


def pdf_text(body: bytes) -> str:
    assert body.startswith(b"%PDF")
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=body, capture_output=True, check=True
    ).stdout.decode()


def test_half_years() -> None:
    assert half_period(2026, 1) == Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert half_period(2026, 2) == Period(dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert half_label(2026, 1) == "Januari-Juni 2026" and half_label(2026, 2, "en") == "July-December 2026"
    assert recent_halves(dt.date(2026, 12, 4), 3) == [(2026, 2), (2026, 1), (2025, 2)]
    assert recent_halves(dt.date(2027, 6, 30), 2) == [(2027, 1), (2026, 2)]


def test_the_suggestion_follows_both_thresholds() -> None:
    limits = Thresholds(on_time=0.8, conforming=0.5)
    figures = {"on_time": 27, "finished_with_due": 31, "conforming": 20, "finished": 31}
    assert suggest(figures, limits) is True  # 87% and 65%
    assert suggest({**figures, "conforming": 15}, limits) is False  # 48%
    assert suggest({**figures, "on_time": 24}, limits) is False  # 77%
    assert suggest({"on_time": 0, "finished_with_due": 0, "conforming": 0, "finished": 0}, limits) is None
    nothing = {"opened": 0, "service": True}
    assert write_note(nothing) == "Tidak ada permohonan dalam periode ini."


def test_the_form_is_filled_from_the_data(cases: Office) -> None:
    form = fill(cases.organisation, 2026, 2)
    (row,) = form.rows.all()
    assert (row.number, row.procedure, row.suggested, row.verdict) == (1, "Pelayanan Surat Keterangan", False, False)
    assert row.note == row.suggested_note == NOTE
    assert row.figures["late_steps"] == [[2, 0.75], [5, 0.5], [1, 0.286]]
    assert (row.figures["opened"], row.figures["waived"], row.figures["conforming"]) == (7, 14, 0)
    empty = fill(cases.organisation, 2026, 1).rows.get()
    assert (empty.suggested, empty.note) == (None, "Tidak ada permohonan dalam periode ini.")


def test_filling_again_keeps_what_the_evaluator_changed(cases: Office) -> None:
    form = fill(cases.organisation, 2026, 2)
    form.rows.update(note="Petugas loket kurang satu orang.")
    Thresholds.objects.filter(organisation=cases.organisation).update(on_time=0.5, conforming=0.0)
    assert fill(cases.organisation, 2026, 2).rows.get().suggested is False  # opened again: not worked out again
    row = fill(cases.organisation, 2026, 2, refresh=True).rows.get()
    assert (row.suggested, row.verdict) == (True, True)  # the verdict was the suggestion: it follows
    assert row.note == "Petugas loket kurang satu orang." and row.suggested_note == NOTE


def test_an_evaluator_edits_signs_and_prints_tabel_7(cases: Office, evaluator: User) -> None:
    client = client_of(evaluator)
    page = client.get(tabel7_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Penilaian terhadap penerapan" in body and "Paraf penilai" in body and "75%" in body
    row = MonitoringForm.objects.get().rows.get()
    fields = {f"verdict-{row.pk}": "tidak", f"note-{row.pk}": NOTE + " Antrean di loket.", f"action-{row.pk}": ""}
    fields |= {"observations": "Wawancara dengan petugas loket."}
    assert (
        client.post(
            tabel7_url(), {**fields, f"action-{row.pk}": "Tambah petugas loket", "action": "simpan"}
        ).status_code
        == 302
    )
    row.refresh_from_db()
    assert (row.verdict, row.action) == (False, "Tambah petugas loket")
    signed = client.post(tabel7_url(), {**fields, f"action-{row.pk}": "Tambah petugas loket", "action": "paraf"})
    assert signed.status_code == 302
    form = MonitoringForm.objects.get()
    assert form.signed_by == evaluator and form.signed_by_name == "Rina Penilai" and form.signed_at is not None
    again = client.post(tabel7_url(), {**fields, f"action-{row.pk}": "Sesudah paraf", "action": "simpan"})
    assert again.status_code == 400 and "sudah diparaf" in again.content.decode()
    assert "Sesudah paraf" not in again.content.decode()  # the signed form is shown as signed, not as sent
    printed = pdf_text(client.get(tabel7_url("tabel7-pdf")).content)
    for shown in (
        "MONITORING PELAKSANAAN SOP AP",
        "Juli-Desember 2026",
        "Catatan hasil penilaian",
        "Tambah petugas",
        "Rina Penilai",
    ):
        assert shown in printed, shown
    sheet = load_workbook(io.BytesIO(client.get(tabel7_url("tabel7-xlsx")).content)).active
    values = list(sheet.values)
    assert values[0][:4] == ("No", "Prosedur", "Berjalan dengan baik", "Tidak berjalan dengan baik")
    assert values[1][:6] == (
        1,
        "Pelayanan Surat Keterangan",
        None,
        "✓",
        NOTE + " Antrean di loket.",
        "Tambah petugas loket",
    )
    assert values[1][6].startswith("Rina Penilai, ")
    assert values[2][1] == "Hasil pengamatan" and values[2][4] == "Wawancara dengan petugas loket."


def test_bad_input_is_named_in_both_languages(cases: Office, evaluator: User) -> None:
    client = client_of(evaluator)
    client.get(tabel7_url())
    bad = client.post(tabel7_url(), {"action": "ambang", "on_time": "delapan", "conforming": "80"})
    assert (
        bad.status_code == 400
        and "Batas tepat waktu &#x27;delapan&#x27; harus angka 0 sampai 100" in bad.content.decode()
    )
    english = client.post(tabel7_url() + "?lang=en", {"action": "ambang", "on_time": "80", "conforming": "120"})
    assert "Conformance threshold &#x27;120&#x27; must be a number from 0 to 100" in english.content.decode()
    row = MonitoringForm.objects.get().rows.get()
    typed = {f"verdict-{row.pk}": "", f"note-{row.pk}": "Loket <b>kurang</b> satu", "observations": "Antre panjang"}
    unsigned = client.post(tabel7_url() + "?lang=id", {**typed, "action": "paraf"})
    page = unsigned.content.decode()
    assert unsigned.status_code == 400 and f"Baris {row.number} belum dinilai" in page
    assert "Loket &lt;b&gt;kurang&lt;/b&gt; satu</textarea>" in page and "Antre panjang</textarea>" in page  # kept
    assert MonitoringForm.objects.get().rows.get().note != "Loket <b>kurang</b> satu"  # and nothing saved
    kept = client.post(tabel7_url(), {"action": "ambang", "on_time": "delapan", "conforming": "80"}).content.decode()
    assert 'name="on_time" value="delapan"' in kept  # the refused number is shown as typed, to be mended
    assert client.post(tabel7_url(), {f"verdict-{row.pk}": "mungkin", "action": "simpan"}).status_code == 400
    assert client.post(tabel7_url(), {"action": "ambang", "on_time": "50", "conforming": "0"}).status_code == 302
    assert Thresholds.objects.get().on_time == 0.5 and MonitoringForm.objects.get().rows.get().suggested is True
    assert client.get(reverse("tabel7", args=["kec-contoh", 2026, 3])).status_code == 404
    MonitoringForm.objects.get().rows.update(figures={})
    assert client.post(tabel7_url(), {"action": "perbarui"}).status_code == 302
    assert MonitoringForm.objects.get().rows.get().figures["opened"] == 7


def test_who_sees_and_who_evaluates(cases: Office, evaluator: User) -> None:
    officer, outsider = client_of(cases.kasi), client_of(cases.outsider)
    early = officer.get(tabel7_url())  # no form kept yet, and an officer does not start one: told why, and by whom
    assert early.status_code == 404 and "belum dibuka. Pengelola organisasi membukanya" in early.content.decode()
    assert not MonitoringForm.objects.exists()
    client_of(evaluator).get(tabel7_url())
    seen = officer.get(tabel7_url())
    assert seen.status_code == 200 and 'id="tabel7"' not in seen.content.decode()  # read only
    assert officer.post(tabel7_url(), {"action": "simpan"}).status_code == 404
    assert outsider.get(tabel7_url()).status_code == 404 and outsider.get(tabel7_url("tabel7-pdf")).status_code == 404
    assert Client().get(tabel7_url()).status_code == 302
    home = client_of(evaluator).get(reverse("monitoring-organisation", args=["kec-contoh"])).content.decode()
    assert "Juli-Desember 2026" in home and "/pemantauan/kec-contoh/surat-keterangan/evaluasi/2026-2/" in home


def evaluation_url(name: str = "evaluation") -> str:
    return reverse(name, args=["kec-contoh", "surat-keterangan", 2026, 2])


def test_the_seven_criteria_with_their_evidence(cases: Office, evaluator: User) -> None:
    client = client_of(evaluator)
    page = client.get(evaluation_url()).content.decode()
    assert "Mampu mendorong peningkatan kinerja" in page and "Sinergi satu dengan lainnya" in page
    kept = Evaluation.objects.get().evidence
    evidence = {key: evidence_lines(lines, "id") for key, lines in kept.items()}
    assert evidence["kinerja"][:2] == ["1 dari 2 selesai tepat waktu (50%)", "langkah 2 melewati mutu baku pada 75%"]
    assert evidence["dipahami"] == [
        "1 dari 6 keputusan dijawab 'tidak' (dikembalikan) (17%)",
        "kelengkapan dikecualikan 14 kali",
    ]
    assert evidence_lines(kept["dipahami"], "en") == [
        "1 of 6 decisions answered 'no' (sent back) (17%)",
        "requirements waived 14 times",
    ]
    assert evidence["permasalahan"][:3] == [
        "2 ditolak, 0 dibatalkan, 1 kali perulangan",
        "ditolak: Ditarik pemohon (1)",
        "ditolak: Berkas tidak sah (1)",
    ]
    answers = {f"ya-{key}": "ya" for key, _id, _en in CRITERIA}
    typed = {"catatan-dilaksanakan": "Kelengkapan <i>sering</i> dikecualikan", "conclusion_note": "Perlu dibahas"}
    early = client.post(evaluation_url(), {**answers, **typed, "action": "paraf"})
    assert early.status_code == 400 and "pilih kesimpulan" in early.content.decode()
    kept = early.content.decode()  # what was typed is shown again, nothing of it saved
    assert "Kelengkapan &lt;i&gt;sering&lt;/i&gt; dikecualikan" in kept and "Perlu dibahas" in kept
    done = client.post(
        evaluation_url(),
        {
            **answers,
            "ya-dilaksanakan": "tidak",
            "catatan-dilaksanakan": "Kelengkapan sering dikecualikan",
            "conclusion": "revisi",
            "conclusion_note": "Langkah 1 ditinjau",
            "action": "paraf",
        },
    )
    assert done.status_code == 302
    kept = Evaluation.objects.get()
    assert kept.is_signed and kept.conclusion == "revisi" and kept.answers["dilaksanakan"]["ya"] is False
    printed = pdf_text(client.get(evaluation_url("evaluation-pdf")).content)
    for shown in ("EVALUASI PENERAPAN SOP AP", "Mudah dilaksanakan", "Kelengkapan sering", "Revisi", "Rina Penilai"):
        assert shown in printed, shown
    bad = client.post(evaluation_url(), {"conclusion": "hapus", "action": "simpan"})
    assert bad.status_code == 400 and "sudah diparaf" in bad.content.decode()
    assert client_of(cases.outsider).get(evaluation_url()).status_code == 404
    assert client_of(cases.kasi).get(evaluation_url()).status_code == 200  # kept: the officers may read it


def test_the_api_gives_casework_tabel7_and_the_evaluation(cases: Office, evaluator: User) -> None:
    from sopan.web.accounts.models import ApiToken

    def as_(user: User) -> Client:
        return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user, 'dasbor')[1]}"})

    november = {"dari": "2026-11-01", "sampai": "2026-11-30"}
    body = as_(cases.camat).get("/api/pemantauan/kec-contoh/surat-keterangan/kesesuaian", november).json()
    assert (body["finished"], body["conforming"], body["conforming_share"]) == (2, 0, 0.0)
    assert body["rejections"] == [
        {"step": 1, "reason": "Ditarik pemohon", "count": 1},
        {"step": 2, "reason": "Berkas tidak sah", "count": 1},
    ]
    assert body["waivers"][0] == {"step": 1, "item": "Fotokopi KTP", "count": 6, "reasons": [["dibawa besok", 6]]}
    assert [r["code"] for r in body["workload"]] == ["camat", "kasi", "loket"]
    assert len(body["deviating_cases"]) == 2 and "Ani" not in json.dumps(body)
    bad = as_(cases.camat).get("/api/pemantauan/kec-contoh/surat-keterangan/kesesuaian", {"dari": "x"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_period"
    assert as_(cases.camat).get("/api/pemantauan/kec-contoh/tabel7/2026/2").status_code == 404  # not kept yet
    form = as_(evaluator).get("/api/pemantauan/kec-contoh/tabel7/2026/2").json()
    assert form["period"] == "Juli-Desember 2026" and form["rows"][0]["note"] == NOTE and form["signed_by"] is None
    assert as_(cases.camat).get("/api/pemantauan/kec-contoh/tabel7/2026/2").json()["rows"][0]["suggested"] is False
    assert as_(cases.outsider).get("/api/pemantauan/kec-contoh/tabel7/2026/2").status_code == 404
    assert as_(evaluator).get("/api/pemantauan/kec-contoh/tabel7/2026/3").json()["code"] == "invalid_period"
    kept = as_(evaluator).get("/api/pemantauan/kec-contoh/surat-keterangan/evaluasi/2026/2").json()
    assert [c["key"] for c in kept["criteria"]] == [key for key, _id, _en in CRITERIA]
    assert kept["criteria"][0]["evidence"][0] == "1 dari 2 selesai tepat waktu (50%)" and kept["conclusion"] == ""


def test_the_evidence_is_shown_in_the_readers_language_and_lines_kept_in_indonesian_only_still_show(
    cases: Office, evaluator: User
) -> None:
    client = client_of(evaluator)
    client.get(evaluation_url())
    client.cookies["sopan_lang"] = "en"
    english = client.get(evaluation_url()).content.decode()
    assert "1 of 2 finished on time (50%)" in english and "step 2 over its standard time in 75%" in english
    assert "requirements waived 14 times" in english and "selesai tepat waktu" not in english
    client.cookies["sopan_lang"] = "id"
    assert "1 dari 2 selesai tepat waktu (50%)" in client.get(evaluation_url()).content.decode()
    Evaluation.objects.update(evidence={"kinerja": ["3 dari 4 selesai tepat waktu (75%)"]})  # as kept before
    client.cookies["sopan_lang"] = "en"
    assert "<li>3 dari 4 selesai tepat waktu (75%)</li>" in client.get(evaluation_url()).content.decode()


def _sign_evaluation(client: Client, conclusion: str) -> None:
    answers = {f"ya-{key}": "ya" for key, _id, _en in CRITERIA}
    done = client.post(evaluation_url(), {**answers, "conclusion": conclusion, "action": "paraf"})
    assert done.status_code == 302, done.content.decode()[:500]


def test_a_revisi_conclusion_opens_one_revision_draft_of_the_newest_version(cases: Office, evaluator: User) -> None:
    _sign_evaluation(client_of(evaluator), "revisi")
    draft = Draft.objects.get()
    assert draft.based_on == cases.version and draft.status == Draft.Status.KONSEP
    assert draft.sop_key == cases.version.sop.key and evaluator in draft.authors.all()
    assert draft.definition["nama"] == cases.version.definition["nama"]
    page = client_of(evaluator).get(evaluation_url()).content.decode()
    assert "Konsep revisi sedang disusun" in page and reverse("draft-editor", args=[draft.pk]) in page
    reader = client_of(cases.kasi).get(evaluation_url()).content.decode()
    assert "Konsep revisi sedang disusun" in reader and reverse("draft-editor", args=[draft.pk]) not in reader
    api = client_of(evaluator).get("/api/pemantauan/kec-contoh/surat-keterangan/evaluasi/2026/2").json()
    assert api["conclusion"] == "revisi" and api["revision_draft"] == str(draft.pk)
    Evaluation.objects.all().delete()  # a second evaluation of the same version reuses the open draft
    _sign_evaluation(client_of(evaluator), "revisi")
    assert Draft.objects.count() == 1


def test_a_tetap_conclusion_opens_no_draft(cases: Office, evaluator: User) -> None:
    _sign_evaluation(client_of(evaluator), "tetap")
    assert not Draft.objects.exists()
    api = client_of(evaluator).get("/api/pemantauan/kec-contoh/surat-keterangan/evaluasi/2026/2").json()
    assert api["conclusion"] == "tetap" and api["revision_draft"] is None
