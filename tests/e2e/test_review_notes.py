"""The Biro's review in the browser (Debian's chromium): a reviewer notes step 2 and the SOP's name, the writer sees
both beside them in the editor, answers one and fixes the other, the reviewer closes both, makes the Berita Acara
and downloads its PDF. Screens at 1366 and 390 px, in both languages."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from sopan.web.accounts.models import Staff
from sopan.web.authoring.models import Draft, Writer
from sopan.web.authoring.services import new_draft
from sopan.web.catalog.models import Organisation
from sopan.web.review.models import Minutes, Note
from tests.e2e.chromium import PASSWORD, SHOTS, shot, sign_in
from tests.e2e.screens import edit
from tests.web.factories import Office

pytestmark = pytest.mark.django_db(transaction=True)


def _people(office: Office) -> tuple[User, User]:
    writer = User.objects.create_user("penyusun", password=PASSWORD, first_name="Dewi", last_name="Lestari")
    Writer.objects.create(user=writer, organisation=office.organisation)
    biro = Organisation.objects.create(code="biro-organisasi-contoh", name="Biro Organisasi Contoh")
    analyst = User.objects.create_user("analis", password=PASSWORD, first_name="Rina", last_name="Kartika")
    Staff.objects.create(user=analyst, organisation=biro, nip="198001012005012001")
    Writer.objects.create(user=analyst, organisation=biro)
    return writer, analyst


def _add_note(page, place: str, text: str) -> None:
    page.select_option("#note-place", place)
    page.fill("#note-text", text)
    with page.expect_navigation():
        page.click("#note-add")


def test_a_review_from_notes_to_the_berita_acara(live_server, office: Office, browser, tmp_path: Path) -> None:
    writer, _ = _people(office)
    draft = new_draft(office.organisation, writer, start="revisi", version=office.version)
    assert isinstance(draft, Draft)
    base = live_server.url
    review_url, editor_url = f"{base}/penyusunan/{draft.pk}/telaah/", f"{base}/penyusunan/{draft.pk}/"

    reviewer = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    sign_in(reviewer, base, "analis")
    reviewer.goto(review_url)
    assert reviewer.locator("#review-identity").is_visible() and reviewer.locator("#review-flowchart svg").count()
    _add_note(reviewer, "langkah:2", "Waktu pemeriksaan berkas belum sesuai mutu baku.")
    _add_note(reviewer, "kolom:nama", "Nama SOP sebaiknya menyebut jenis surat keterangan.")
    step_note, name_note = Note.objects.get(kind="langkah"), Note.objects.get(kind="identitas")
    assert reviewer.inner_text("#open-count") == "(2 terbuka)"
    shot(reviewer, "telaah-catatan-1366")

    unit = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    sign_in(unit, base, "penyusun")
    unit.goto(editor_url)
    assert "Waktu pemeriksaan berkas" in unit.inner_text(f"#step-2 #catatan-{step_note.pk}")
    assert unit.locator(f".identity-grid #catatan-{name_note.pk}").is_visible()
    assert unit.locator(f"#catatan-{name_note.pk}-selesai").count() == 0  # the unit does not close notes
    shot(unit, "editor-catatan-1366")
    unit.fill(f"#catatan-{step_note.pk}-teks", "Sepuluh menit sudah sesuai standar pelayanan kami.")
    with unit.expect_navigation():
        unit.click(f"#catatan-{step_note.pk}-jawab")
    edit(unit, "#f-nama", "Pelayanan Surat Keterangan Domisili")
    with unit.expect_navigation():
        unit.click(f"#catatan-{name_note.pk}-diperbaiki")
    assert "Sudah diperbaiki" in unit.inner_text(f"#catatan-{name_note.pk}")
    assert "Sepuluh menit" in unit.inner_text(f"#step-2 #catatan-{step_note.pk}")
    narrow = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(narrow, base, "penyusun")
    narrow.goto(editor_url)
    shot(narrow, "editor-catatan-390")

    reviewer.goto(review_url)
    for note in (step_note, name_note):
        with reviewer.expect_navigation():
            reviewer.click(f"#catatan-{note.pk}-selesai")
    assert reviewer.inner_text("#open-count") == "(0 terbuka)"
    assert Note.objects.filter(status="selesai").count() == 2
    unit.goto(editor_url)
    assert unit.locator(".review-note").count() == 0 and unit.inner_text("#editor-open-notes") == "0"

    reviewer.click("#link-minutes")
    assert reviewer.locator(f"#kesimpulan-{draft.pk}").input_value() == "sesuai"  # no note open any more
    reviewer.fill("#ba-tempat", "Banjarbaru")
    reviewer.fill("#ba-penelaah-jabatan", "Analis Kebijakan Ahli Muda")
    reviewer.fill("#ba-pejabat-nama", "Ahmad Fauzi")
    reviewer.fill("#ba-pejabat-jabatan", "Camat Contoh")
    shot(reviewer, "berita-acara-baru-1366")
    with reviewer.expect_navigation():
        reviewer.click("#ba-simpan")
    minutes = Minutes.objects.get()
    link = reviewer.locator(f"#ba-{minutes.pk}-pdf")
    assert minutes.number in reviewer.inner_text(f"#ba-{minutes.pk}")
    shot(reviewer, "berita-acara-daftar-1366")
    pdf = reviewer.request.get(base + link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    folder = Path(SHOTS) if SHOTS else tmp_path
    (folder / "berita-acara.pdf").write_bytes(pdf.body())
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-l", "1", str(folder / "berita-acara.pdf"),
                    str(folder / "berita-acara-pdf")], check=True)  # fmt: skip
    text = subprocess.run(["pdftotext", str(folder / "berita-acara.pdf"), "-"], capture_output=True, text=True).stdout
    assert "BERITA ACARA TELAAH" in text and "SESUAI" in text and "Rina Kartika" in text and "Ahmad Fauzi" in text

    english = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(english, base, "analis")
    english.goto(review_url + "?lang=en")
    assert "Reviewer's notes" in english.inner_text("#catatan") and "(0 open)" in english.inner_text("#open-count")
    assert "Closed" in english.inner_text(f"#catatan-{name_note.pk}")
    shot(english, "telaah-catatan-en-390")
