"""A draft's way to law in Debian's chromium: a writer of a kecamatan submits a revision, a Biro officer works
the review case in the inbox (the task page shows the draft) and sends it back with a reason, the writer sees it,
fixes and resubmits, the officer answers ya, the Camat named in Disahkan Oleh approves, and the catalog shows the
new version BERLAKU and the old one DIGANTIKAN. Both languages; screens at 1366 and 390 px wide."""

from __future__ import annotations

import copy

import pytest

from sopan.web.authoring.models import Draft, Writer
from sopan.web.authoring.services import new_draft, replace_definition
from sopan.web.catalog.models import Organisation
from sopan.web.lifecycle.drafts import draft_state
from sopan.web.lifecycle.review import BUILTIN_ORGANISATION, builtin_review_version
from sopan.web.lifecycle.services import current_state
from tests.e2e.chromium import login, shot
from tests.e2e.screens import approve_draft, decide, edit, finish, fits_as_cards, open_task, submit_draft
from tests.web.factories import PASSWORD, Office, make_user

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "Mutu baku langkah 3 belum menyebut waktu penyelesaian"


def _draft(office: Office) -> tuple[Draft, object]:
    writer = make_user("penulis", office.organisation, "loket")
    Writer.objects.create(user=writer, organisation=office.organisation)
    draft = new_draft(office.organisation, writer, start="revisi", version=office.version)
    assert isinstance(draft, Draft)
    definition = copy.deepcopy(draft.definition)
    definition.update(nama="Pelayanan Surat Keterangan Umum", disahkan_oleh={"jabatan": "Camat Contoh"})
    return replace_definition(draft, writer, draft.version, definition), writer


def test_a_draft_through_review_approval_and_publishing(live_server, office: Office, browser) -> None:
    base = live_server.url
    draft, _ = _draft(office)
    builtin_review_version()
    make_user("analis", Organisation.objects.get(code=BUILTIN_ORGANISATION), "analis-biro-organisasi")

    writer = browser.new_page(viewport={"width": 1366, "height": 900})
    login(writer, base, "penulis", PASSWORD)
    writer.goto(f"{base}/penyusunan/{draft.pk}/")
    assert writer.inner_text("#draft-state") == "Draf"
    shot(writer, "telaah-editor-draf-1366")
    submit_draft(writer)
    assert writer.inner_text("#draft-state") == "Diajukan"
    writer.goto(f"{base}/penyusunan/{draft.pk}/")
    assert writer.locator("#read-only").count() == 1
    shot(writer, "telaah-editor-diajukan-1366")

    officer = browser.new_page(viewport={"width": 1366, "height": 900})
    login(officer, base, "analis", PASSWORD)
    open_task(officer, base, 2)
    panel = officer.inner_text("#review-draft")
    assert "Pelayanan Surat Keterangan Umum" in panel and "Versi berlaku: v1" in panel
    shot(officer, "telaah-tugas-penerimaan-1366")
    finish(officer)
    open_task(officer, base, 3)
    finish(officer)
    open_task(officer, base, 4)
    decide(officer, "tidak", REASON)
    assert draft_state(draft) == "PERLU_PERBAIKAN"

    small = browser.new_page(viewport={"width": 390, "height": 844})
    login(small, base, "penulis", PASSWORD)
    small.goto(f"{base}/penyusunan/{draft.pk}/riwayat/?lang=en")
    assert small.inner_text("#draft-state") == "Needs changes"
    assert REASON in small.inner_text("#riwayat") and "Sent back for changes" in small.inner_text("#riwayat")
    shot(small, "telaah-riwayat-perlu-perbaikan-390-en")
    assert fits_as_cards(small, "#riwayat") == "Reason"  # a card per change, nothing cut at 390 px
    small.goto(f"{base}/penyusunan/{draft.pk}/")
    assert REASON in small.inner_text("#sent-back")
    edit(small, "#f-nama", "Pelayanan Surat Keterangan Umum Kecamatan")
    submit_draft(small)
    shot(small, "telaah-diajukan-lagi-390")
    assert draft_state(draft) == "DIAJUKAN"

    open_task(officer, base, 3)
    finish(officer)
    open_task(officer, base, 4)
    officer.goto(officer.url + "?lang=en")
    assert "Draft under review" in officer.inner_text("#review-draft")
    shot(officer, "telaah-tugas-keputusan-1366-en")
    decide(officer, "ya")
    assert draft_state(draft) == "SESUAI"

    camat = browser.new_page(viewport={"width": 390, "height": 844})
    login(camat, base, "camat", PASSWORD)
    approve_draft(camat, base, draft.pk, "telaah-persetujuan-390")
    assert camat.inner_text("#draft-state") == "Berlaku"
    camat.click("#published-version")
    camat.goto(f"{base}/sop/kec-contoh/surat-keterangan/riwayat/")
    badges = [camat.locator(f"#versi tr[data-version='{n}'] .badge").inner_text() for n in (2, 1)]
    assert badges == ["Berlaku", "Digantikan"]
    shot(camat, "telaah-katalog-berlaku-390")
    assert current_state(office.version) == "DIGANTIKAN"
