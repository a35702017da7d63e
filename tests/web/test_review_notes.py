"""Reviewers' notes on a draft: who reviews (the Biro, officers of the review SOP's organisation), notes on a
field, a step (followed when steps move, kept when the step is deleted) or the whole, the unit's answers and fixes,
the reviewer closing and reopening, the reviewer's page and the notes beside the editor's fields and steps."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse

from sopan.model.sop import Sop as SopModel
from sopan.render import renderer_version
from sopan.web.authoring.checking import Checked
from sopan.web.authoring.models import Draft
from sopan.web.authoring.services import new_draft
from sopan.web.catalog.models import Organisation, Role
from sopan.web.catalog.publishing import publish_sop
from sopan.web.lifecycle.review import name_review_sop
from sopan.web.review import page as review_page
from sopan.web.review.access import may_review, reviewer_organisations
from sopan.web.review.models import Note
from sopan.web.review.notes import NoteError, add_note, answer_note, close_note, notes_of, reopen_note
from tests.factories import SERVICE_SOP
from tests.web.factories import Office, client_for, make_user

pytestmark = pytest.mark.usefixtures("empty_cache")


@pytest.fixture
def draft(office: Office, writer: User) -> Draft:
    return new_draft(office.organisation, writer, start="revisi", version=office.version)


def _change(client, draft: Draft, op: str, **params: object) -> None:
    data = {"versi": Draft.objects.get(pk=draft.pk).version, "op": op, **params}
    assert client.post(reverse("draft-change", args=[draft.pk]), data).status_code == 302


def _fresh(draft: Draft) -> Draft:
    return Draft.objects.get(pk=draft.pk)


def test_who_reviews_a_draft(office, writer, draft, biro, analyst) -> None:
    assert may_review(analyst, draft) and not may_review(writer, draft) and not may_review(office.outsider, draft)
    # an officer holding a role in the organisation whose SOP governs review reviews it too
    governing = Organisation.objects.create(code="bagian-organisasi", name="Bagian Organisasi")
    sop = SopModel.model_validate({**SERVICE_SOP, "organisasi": governing.code, "nama": "Asistensi Penyusunan SOP"})
    sop.id = "asistensi"
    version, _ = publish_sop(governing, sop)
    officer = make_user("evaluator", governing, "kasi")
    assert not may_review(officer, draft) and not reviewer_organisations(officer).exists()
    name_review_sop(office.organisation, version.sop, "admin")
    assert may_review(officer, draft) and not may_review(officer, new_draft(governing, officer, start="kosong"))
    assert list(reviewer_organisations(officer)) == [governing]  # its Berita Acara list, now that it governs
    assert Role.objects.filter(organisation=governing, code="kasi").exists()


def test_a_step_note_follows_its_step_and_survives_its_deletion(writer, draft, analyst) -> None:
    note = add_note(draft, analyst, text="Waktu terlalu singkat", step=2)
    assert (note.step, note.first_step, note.step_text) == (2, 2, "Memeriksa kelengkapan berkas")
    client = client_for(writer)
    _change(client, draft, "insert_step", after=1, kegiatan="Mengambil nomor antrean", pelaksana="pemohon")
    [found] = notes_of(_fresh(draft))
    assert (found.step, found.step_gone) == (3, False)
    _change(client, draft, "move_step", step=3, offset=1)
    [found] = notes_of(_fresh(draft))
    assert found.step == 4
    _change(client, draft, "set_step_field", step=4, field="kegiatan", value="Memeriksa berkas dengan teliti")
    [found] = notes_of(_fresh(draft))
    assert (found.step, found.step_text) == (4, "Memeriksa berkas dengan teliti")
    _change(client, draft, "delete_step", step=4, repair="1")
    [found] = notes_of(_fresh(draft))
    assert found.step_gone and found.open and found.step_text == "Memeriksa berkas dengan teliti"
    page = client.get(reverse("draft-editor", args=[draft.pk])).content.decode()
    assert "Langkah 4 (sudah dihapus)" in page  # shown in the editor's panel, not lost
    assert client.post(reverse("draft-undo", args=[draft.pk]), {"versi": _fresh(draft).version}).status_code == 302
    [found] = notes_of(_fresh(draft))
    assert (found.step, found.step_gone) == (4, False)


def test_bad_notes_are_refused_with_a_code_and_a_place(draft, analyst, writer) -> None:
    refusals = [
        ({"text": "ada\x00nul"}, "invalid_text"),
        ({"text": "x" * 2001}, "too_long"),
        ({"text": "   "}, "empty_text"),
        ({"text": "ok", "field": "tidak_ada"}, "unknown_field"),
        ({"text": "ok", "step": 99}, "unknown_step"),
    ]
    for params, code in refusals:
        with pytest.raises(NoteError) as error:
            add_note(draft, analyst, **params)
        assert error.value.code == code and error.value.status == 422
        assert error.value.text("id").startswith("catatan") and error.value.text("en").startswith("catatan")
        assert error.value.text("id") != error.value.text("en")
    with pytest.raises(NoteError) as error:
        add_note(draft, writer, text="Saya sendiri")
    assert error.value.code == "forbidden"
    assert not Note.objects.exists()


def test_the_unit_answers_and_fixes_the_reviewer_closes_and_reopens(draft, analyst, writer) -> None:
    note = add_note(draft, analyst, text="Nama SOP kurang jelas", field="nama")
    answer_note(note, writer, text="Nama sudah kami ubah")
    with pytest.raises(NoteError) as error:  # the Biro writes every draft, but only the unit says it is fixed
        answer_note(note, analyst, text="", fixed=True)
    assert error.value.code == "forbidden"
    note = answer_note(note, writer, text="", fixed=True)
    assert note.status == Note.Status.DIPERBAIKI
    with pytest.raises(NoteError) as error:
        close_note(note, writer)
    assert error.value.code == "forbidden" and error.value.status == 403
    note = close_note(note, analyst, text="Terima kasih")
    assert note.status == Note.Status.SELESAI
    with pytest.raises(NoteError) as error:
        answer_note(note, writer, text="lagi")
    assert error.value.code == "note_closed" and error.value.status == 409
    note = reopen_note(note, analyst, text="Masih kurang")
    assert note.status == Note.Status.TERBUKA
    assert [entry.action for entry in note.entries.all()] == ["jawab", "diperbaiki", "selesai", "dibuka"]


def test_the_reviewers_page_shows_the_document_findings_comparison_and_notes(draft, analyst, writer, office) -> None:
    client = client_for(analyst)
    _change(client_for(writer), draft, "set_step_field", step=3, field="kegiatan", value="Menyusun surat keterangan")
    url = reverse("draft-review", args=[draft.pk])
    answer = client.post(reverse("draft-note-add", args=[draft.pk]), {"tempat": "langkah:2", "teks": "Waktu?"})
    assert answer.status_code == 302 and answer["Location"].endswith(url + "#catatan")
    client.post(reverse("draft-note-add", args=[draft.pk]), {"tempat": "kolom:nama", "teks": "Nama kurang jelas"})
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="review-identity"' in html and "Pelayanan Surat Keterangan" in html  # the identity page
    assert 'id="review-flowchart"' in html and "<svg" in html
    assert '<del class="diff-word">Memproses</del>' in html and '<ins class="diff-word">Menyusun</ins>' in html
    assert "Langkah 2" in html and "Nama SOP" in html and "(2 terbuka)" in html
    english = client.get(url, {"lang": "en"}).content.decode()
    assert "Reviewer's notes" in english and "Step 2" in english and "SOP title" in english
    refused = client.post(reverse("draft-note-add", args=[draft.pk]), {"tempat": "langkah:x", "teks": "a"})
    assert refused.status_code == 422 and "unknown step" in refused.content.decode()  # English: the cookie stays
    control = client.post(reverse("draft-note-add", args=[draft.pk]), {"tempat": "", "teks": "a\x07b"})
    assert control.status_code == 422 and 'id="refusal"' in control.content.decode()
    for outsider in (writer, office.outsider):  # the unit writes, but does not review; others see nothing
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(outsider).post(reverse("draft-note-add", args=[draft.pk]), {"teks": "x"}).status_code == 404


def test_the_editor_shows_open_notes_beside_their_field_and_step(draft, analyst, writer) -> None:
    step = add_note(draft, analyst, text="Tambahkan waktu tunggu", step=2)
    field = add_note(draft, analyst, text="Nama kurang jelas", field="nama")
    client = client_for(writer)
    html = client.get(reverse("draft-editor", args=[draft.pk])).content.decode()
    assert 'id="link-review"' not in html  # the unit is sent to no review page
    assert 'id="link-review"' in client_for(analyst).get(reverse("draft-editor", args=[draft.pk])).content.decode()
    step_row = html[html.index('id="step-2"') : html.index('id="step-3"')]
    assert f'id="catatan-{step.pk}"' in step_row and "Tambahkan waktu tunggu" in step_row
    identity = html[html.index('id="f-nama"') : html.index('id="f-kelompok"')]
    assert f'id="catatan-{field.pk}"' in identity
    assert f'id="catatan-{field.pk}-diperbaiki"' in html and f'id="catatan-{field.pk}-selesai"' not in html
    action = reverse("draft-note", args=[draft.pk, field.pk])
    answer = client.post(action, {"aksi": "diperbaiki", "teks": "", "kembali": "editor"})
    assert answer.status_code == 302 and answer["Location"].endswith(f"#catatan-{field.pk}")
    assert client.post(action, {"aksi": "selesai", "kembali": "editor"}).status_code == 403
    assert client_for(analyst).post(action, {"aksi": "selesai"}).status_code == 302
    html = client.get(reverse("draft-editor", args=[draft.pk])).content.decode()
    assert f'id="catatan-{field.pk}"' not in html and 'id="editor-open-notes">1<' in html


def test_a_200_step_draft_is_drawn_once_per_version_for_its_reviewers(
    draft, analyst, writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = draft.definition["langkah"]
    definition = {**draft.definition, "langkah": [{**steps[n % len(steps)], "nomor": n + 1} for n in range(200)]}
    Draft.objects.filter(pk=draft.pk).update(definition=definition)
    drawn = []
    real = Checked.flowchart
    monkeypatch.setattr(Checked, "flowchart", lambda self: drawn.append(1) or real(self))
    client, url = client_for(analyst), reverse("draft-review", args=[draft.pk])
    first = client.get(url).content.decode()
    assert first.count("<svg") >= 20 and 'value="langkah:200"' in first  # every step may be noted
    again = client.get(url).content.decode()
    assert again.count("<svg") == first.count("<svg") and len(drawn) == 1  # the second visit draws nothing
    _change(client_for(writer), draft, "set_identity", field="nama", value="Pelayanan Surat Keterangan Baru")
    client.get(url)
    assert len(drawn) == 2  # a new version is drawn again


def test_a_new_renderer_draws_the_reviewers_flowchart_again(draft, analyst, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = []
    real = Checked.flowchart
    monkeypatch.setattr(Checked, "flowchart", lambda self: drawn.append(1) or real(self))
    client, url = client_for(analyst), reverse("draft-review", args=[draft.pk])
    client.get(url)
    client.get(url)
    assert len(drawn) == 1 and cache.get(f"review-flowchart:{renderer_version()}:{draft.pk}:{draft.version}")
    monkeypatch.setattr(review_page, "renderer_version", lambda: "9.9.9+0123456789ab")  # a deploy with another renderer
    assert "<svg" in client.get(url).content.decode()
    assert len(drawn) == 2  # the same draft version, drawn again by the new renderer
