"""Issue 14's whole way in one browser run (Debian's chromium): Kec. Bawang's writer submits a revision of the
published KTP SOP; the review case of the built-in review SOP appears in the Biro officer's inbox with the engine's
deadlines; the officer notes the SOP's name and sends the draft back; the writer sees the note in the editor, fixes
the name, marks it fixed and resubmits; the officer closes the note and answers "ya" (SESUAI); the Camat named in
Disahkan Oleh approves and signs with a PKCS#12 of a throwaway CA; the signed PDF validates with pyHanko and pdfsig
and its identity page is rendered with pdftoppm; /v/<code> says BERLAKU, the previous version DIGANTIKAN, and a
copy with one byte changed fails the upload check while the signed file passes."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from sopan.sign.verify import verify
from sopan.web.authoring.models import Draft, Writer
from sopan.web.authoring.services import new_draft
from sopan.web.cases.models import Case, Event
from sopan.web.catalog.models import Organisation, SopVersion
from sopan.web.lifecycle.drafts import draft_state
from sopan.web.lifecycle.review import BUILTIN_ORGANISATION, builtin_review_version
from sopan.web.lifecycle.review_case import open_review
from sopan.web.lifecycle.services import current_state
from sopan.web.review.models import Note
from sopan.web.signing.models import SignedDocument
from tests.e2e.chromium import shot, sign_in
from tests.e2e.screens import (
    approve_draft,
    check_pdf,
    check_uploads,
    decide,
    download_signed,
    edit,
    finish,
    open_signing,
    open_task,
    refused_submit,
    sign,
    submit_draft,
)
from tests.web.factories import PASSWORD, make_user
from tests.web.signing_office import KTP, PASSPHRASE, make_signing_office

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Pelayanan Pembuatan KTP Elektronik Kecamatan Bawang"
NOTE = "Nama SOP sebaiknya menyebut KTP elektronik dan kecamatannya."
REASON = "Nama SOP belum sesuai catatan penelaah"


def _inbox(page, base: str) -> dict[str, str]:
    """The officer's inbox: each row's task link (case/number) and its due-time badge."""
    page.goto(f"{base}/tugas/")
    rows = page.locator("main table tbody tr")
    found = {}
    for index in range(rows.count()):
        row = rows.nth(index)
        link = row.locator("a[href*='/tugas/']").first.get_attribute("href") or ""
        found[link] = row.locator("td").first.inner_text()
    return found


def _engine_inbox(case: Case) -> dict[str, str]:
    """What the inbox must show for ``case``: its open task rows, each with the due time its TASK_ACTIVATED
    event carries (the mutu baku of the review SOP's step on the office's calendar)."""
    activated = {e.data["task"]: e.data["due_at"] for e in Event.objects.filter(case=case, kind="task_activated")}
    shown = {}
    for task in case.tasks.filter(is_open=True, outside=False):
        assert task.due_at is not None and task.due_at == dt.datetime.fromisoformat(activated[task.number])
        due = dateformat.format(timezone.localtime(task.due_at), "d M H:i")
        shown[reverse("task", args=[case.pk, task.number])] = due
    return shown


def _assert_inbox_is_the_engine(page, base: str, case: Case) -> None:
    shown = _inbox(page, base)
    expected = _engine_inbox(case)
    assert expected and {link: due for link, due in shown.items() if str(case.pk) in link}.keys() == expected.keys()
    for link, due in expected.items():
        assert shown[link].startswith(due)


@pytest.mark.skipif(not shutil.which("pdfsig") or not shutil.which("pdftoppm"), reason="needs poppler-utils")
def test_a_kec_bawang_draft_becomes_law(live_server, browser, tmp_path: Path) -> None:
    office = make_signing_office(tmp_path)
    previous = office.version
    base = live_server.url
    writer_user = make_user("penyusun", office.organisation)
    Writer.objects.create(user=writer_user, organisation=office.organisation)
    builtin_review_version()
    # the Biro's analyst, in the organisation where built-in review cases run: works the case and writes the notes
    make_user("analis", Organisation.objects.get(code=BUILTIN_ORGANISATION), "analis-biro-organisasi")
    draft = new_draft(office.organisation, writer_user, start="revisi", version=previous)
    assert isinstance(draft, Draft)
    editor_url, review_url = f"{base}/penyusunan/{draft.pk}/", f"{base}/penyusunan/{draft.pk}/telaah/"

    # the unit's writer submits
    writer = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(writer, base, "penyusun", PASSWORD)
    writer.goto(editor_url)
    assert writer.inner_text("#draft-state") == "Draf"
    # the revision as it was started is the published version: refused at once, and still the writer's to edit
    refused = refused_submit(writer)
    assert "sama dengan versi 1 yang sudah terbit" in refused and writer.inner_text("#draft-state") == "Draf"
    assert draft_state(draft) == "DRAFT" and open_review(draft) is None
    shot(writer, "hukum-01-tidak-berubah-1366")
    writer.goto(editor_url)
    edit(writer, "#f-tanggal-revisi", "2026-12")
    submit_draft(writer)
    assert draft_state(draft) == "DIAJUKAN"
    shot(writer, "hukum-01-diajukan-1366")
    review = open_review(draft)
    assert review is not None
    case = review.case

    # the review case is in the Biro officer's inbox, with the engine's task rows and deadlines
    officer = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(officer, base, "analis", PASSWORD)
    _assert_inbox_is_the_engine(officer, base, case)
    shot(officer, "hukum-02-kotak-tugas-1366")
    open_task(officer, base, 2)
    assert "Versi berlaku: v1" in officer.inner_text("#review-draft")
    shot(officer, "hukum-03-tugas-telaah-1366")
    finish(officer)
    open_task(officer, base, 3)
    finish(officer)

    # one note on the SOP's name, then "tidak"
    officer.goto(review_url)
    officer.select_option("#note-place", "kolom:nama")
    officer.fill("#note-text", NOTE)
    with officer.expect_navigation():
        officer.click("#note-add")
    note = Note.objects.get(draft=draft)
    assert officer.inner_text("#open-count") == "(1 terbuka)"
    shot(officer, "hukum-04-catatan-1366")
    _assert_inbox_is_the_engine(officer, base, case)
    open_task(officer, base, 4)
    decide(officer, "tidak", REASON)
    assert draft_state(draft) == "PERLU_PERBAIKAN"

    # the writer sees the note, fixes the name, marks the note fixed and resubmits
    writer.goto(editor_url)
    assert NOTE in writer.inner_text(f"#catatan-{note.pk}") and REASON in writer.inner_text("#sent-back")
    shot(writer, "hukum-05-editor-catatan-1366")
    edit(writer, "#f-nama", NAME)
    with writer.expect_navigation():
        writer.click(f"#catatan-{note.pk}-diperbaiki")
    assert "Sudah diperbaiki" in writer.inner_text(f"#catatan-{note.pk}")
    submit_draft(writer)
    assert draft_state(draft) == "DIAJUKAN"

    # the officer closes the note and answers "ya"
    officer.goto(review_url)
    with officer.expect_navigation():
        officer.click(f"#catatan-{note.pk}-selesai")
    assert officer.inner_text("#open-count") == "(0 terbuka)"
    open_task(officer, base, 3)
    finish(officer)
    _assert_inbox_is_the_engine(officer, base, case)
    open_task(officer, base, 4)
    officer.goto(officer.url + "?lang=en")
    assert "Draft under review" in officer.inner_text("#review-draft")
    shot(officer, "hukum-06-keputusan-en-1366")
    decide(officer, "ya")
    assert draft_state(draft) == "SESUAI"
    kinds = list(Event.objects.filter(case=case).order_by("seq").values_list("kind", flat=True))
    assert kinds.count("decision_made") == 2  # "tidak", then "ya": the engine's own events

    # the Camat named in Disahkan Oleh approves: a new version in force, the previous one superseded
    camat = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(camat, base, "anton", PASSWORD)
    camat.goto(f"{base}/penyusunan/")  # the drafts page lists it as waiting for him (he writes none)
    assert camat.inner_text("#to-read") == "Menunggu telaah atau persetujuan Anda"
    assert camat.locator(f"a[href='/penyusunan/{draft.pk}/riwayat/']").count() == 1
    shot(camat, "hukum-07-menunggu-persetujuan-1366")
    approve_draft(camat, base, draft.pk, "hukum-07-persetujuan-1366")
    new = SopVersion.objects.get(sop=previous.sop, number=previous.number + 1)
    assert new.definition["nama"] == NAME and current_state(previous) == "DIGANTIKAN"

    # ... and signs it
    open_signing(camat, base, f"kec-bawang/{KTP}", new.number)
    sign(camat, PASSPHRASE)
    assert camat.locator("#status").inner_text() == "BERLAKU" and PASSPHRASE not in camat.url
    shot(camat, "hukum-08-verifikasi-1366")
    document = SignedDocument.objects.get()
    assert document.version_id == new.pk

    # the signed PDF validates with pyHanko (the test CA passed as trust root) and with pdfsig
    signed = download_signed(camat, base)
    assert signed == bytes(document.pdf)
    result = verify(signed, [office.authority.pem])
    assert result.ok and result.signer == "ANTON RISDIANTO" and result.signing_time is not None
    pdf = tmp_path / "ktp-bertanda-tangan.pdf"
    pdf.write_bytes(signed)
    check_pdf(pdf, "hukum-09-pdf-identitas")
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
    assert NAME in " ".join(text.split())  # the fixed name, in the signed document

    # anyone: BERLAKU here, DIGANTIKAN on the previous version, and the upload check
    anyone = browser.new_page(viewport={"width": 390, "height": 844})
    anyone.goto(f"{base}/v/{document.code}/")
    assert anyone.locator("#status").inner_text() == "BERLAKU"
    check_uploads(anyone, pdf, "hukum-10")
    anyone.goto(f"{base}/sop/kec-bawang/{KTP}/v{previous.number}/")
    assert anyone.locator("h1 .badge").inner_text() == "Digantikan"
    anyone.goto(f"{base}/sop/kec-bawang/{KTP}/v{previous.number}/?lang=en")
    assert anyone.locator("h1 .badge").inner_text() == "Superseded"
    shot(anyone, "hukum-12-versi-lama-en-390")
    anyone.goto(f"{base}/v/{document.code}/?lang=en")
    shot(anyone, "hukum-13-verifikasi-en-390")
