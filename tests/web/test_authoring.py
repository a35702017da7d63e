"""Drafts in the browser: who may write them, starting one four ways, each change saved with the draft's version
(a stale version is a conflict, nothing lost), undo, live lint and flowchart, YAML mode and export."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sopan.io.template import TEMPLATE
from sopan.io.yaml_io import read_sop_text
from sopan.web.accounts.models import Administrator
from sopan.web.authoring.models import Draft, DraftChange, Writer
from sopan.web.authoring.services import new_draft
from sopan.web.catalog.models import Organisation
from tests.factories import LIBRARY
from tests.web.factories import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(office, writer):
    return new_draft(office.organisation, writer, start="kosong", key="surat-baru")


def _change(client, draft, op, version=None, **params):
    data = {"versi": version if version is not None else Draft.objects.get(pk=draft.pk).version, "op": op, **params}
    return client.post(reverse("draft-change", args=[draft.pk]), data)


def test_only_writers_administrators_and_the_biro_see_drafts(office, writer, draft) -> None:
    url = reverse("draft-editor", args=[draft.pk])
    assert client_for(writer).get(url).status_code == 200
    assert client_for(office.kasi).get(url).status_code == 404  # an officer who is not a writer
    assert client_for(office.outsider).get(url).status_code == 404
    admin = make_user("pengelola", office.organisation)
    Administrator.objects.create(user=admin, organisation=office.organisation)
    assert client_for(admin).get(url).status_code == 200
    biro = Organisation.objects.create(code="biro-organisasi-contoh", name="Biro Organisasi")
    analyst = make_user("analis", biro)
    Writer.objects.create(user=analyst, organisation=biro)
    assert client_for(analyst).get(url).status_code == 200
    assert client_for(writer).get(reverse("drafts")).content.decode().count(str(draft.pk)) >= 1


def test_the_pengelola_gives_and_takes_the_writer_permission(office) -> None:
    admin = make_user("pengelola", office.organisation)
    Administrator.objects.create(user=admin, organisation=office.organisation)
    client = client_for(admin)
    url = reverse("office-writers", args=[office.organisation.code])
    assert client.post(url, {"pengguna": office.kasi.pk, "aksi": "beri"}).status_code == 302
    assert Writer.objects.filter(user=office.kasi, organisation=office.organisation).exists()
    client.post(url, {"pengguna": office.kasi.pk, "aksi": "cabut"})
    assert not Writer.objects.filter(user=office.kasi).exists()
    client.post(url, {"pengguna": office.outsider.pk, "aksi": "beri"})  # not of this organisation
    assert not Writer.objects.filter(user=office.outsider).exists()
    assert client_for(office.kasi).get(url).status_code == 404


def test_a_change_is_saved_at_once_and_a_stale_version_is_a_conflict(office, writer, draft) -> None:
    first, second = client_for(writer), client_for(writer)
    answer = _change(first, draft, "add_lane", nama="Petugas Loket")
    assert answer.status_code == 302
    saved = Draft.objects.get(pk=draft.pk)
    assert saved.version == 2 and saved.definition["pelaksana"] == [{"kode": "petugas-loket", "nama": "Petugas Loket"}]
    stale = _change(second, draft, "add_lane", version=1, nama="Kepala Seksi")
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "sudah diubah orang lain" in body and "Kepala Seksi" in body  # what was sent is shown back
    assert Draft.objects.get(pk=draft.pk).definition["pelaksana"][0]["nama"] == "Petugas Loket"  # nothing lost
    english = second.post(
        reverse("draft-change", args=[draft.pk]) + "?lang=en", {"versi": 1, "op": "add_lane", "nama": "X"}
    )
    assert "changed by someone else" in english.content.decode()


def test_lint_findings_sit_beside_their_row_and_leave_when_fixed(office, writer, draft) -> None:
    client = client_for(writer)
    page = client.get(reverse("draft-editor", args=[draft.pk])).content.decode()
    assert "P003" in page  # the step has no lane
    _change(client, draft, "add_lane", nama="Petugas Loket")
    _change(client, draft, "set_step_field", step=1, field="pelaksana", value="petugas-loket")
    page = client.get(reverse("draft-editor", args=[draft.pk])).content.decode()
    assert "P003" not in page and "M001" in page and "<svg" in page
    _change(client, draft, "set_waktu", step=1, amount="10", unit="menit")
    page = client.get(reverse("draft-editor", args=[draft.pk])).content.decode()
    assert "M001" not in page


def test_a_refused_change_says_why_and_saves_nothing(office, writer, draft) -> None:
    client = client_for(writer)
    answer = _change(client, draft, "set_waktu", step=1, amount="lima", unit="menit")
    assert answer.status_code == 422 and "U006" in answer.content.decode()
    assert Draft.objects.get(pk=draft.pk).version == 1
    big = _change(client, draft, "set_step_field", step=1, field="kegiatan", value="x" * 20001)
    assert big.status_code == 422 and "20000" in big.content.decode()


def test_undo_brings_back_the_last_change(office, writer, draft) -> None:
    client = client_for(writer)
    _change(client, draft, "set_identity", field="nama", value="Penerbitan Surat Pindah")
    assert Draft.objects.get(pk=draft.pk).title == "Penerbitan Surat Pindah"
    client.post(reverse("draft-undo", args=[draft.pk]), {"versi": 2})
    restored = Draft.objects.get(pk=draft.pk)
    assert restored.definition["nama"] == "SOP baru" and restored.version == 3
    assert not DraftChange.objects.filter(draft=draft).exists()
    nothing = client.post(reverse("draft-undo", args=[draft.pk]), {"versi": 3})
    assert nothing.status_code == 422


def test_htmx_gets_the_editor_in_place(office, writer, draft) -> None:
    client = client_for(writer)
    answer = client.post(
        reverse("draft-change", args=[draft.pk]),
        {"versi": 1, "op": "insert_step", "after": 1},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200 and 'id="editor"' in answer.content.decode()
    assert len(Draft.objects.get(pk=draft.pk).definition["langkah"]) == 2


def test_starting_from_the_template_a_revision_and_an_upload(office, writer) -> None:
    client = client_for(writer)
    code = office.organisation.code
    answer = client.post(reverse("drafts"), {"organisasi": code, "mulai": "templat", "kunci": "surat-pindah"})
    made = Draft.objects.get(sop_key="surat-pindah")
    assert answer.status_code == 302 and made.source_text == TEMPLATE and made.definition["organisasi"] == code
    export = client.get(reverse("draft-export", args=[made.pk])).content.decode()
    assert "# SOP AP (Permen PANRB 35/2012)" in export and "organisasi: kec-contoh" in export
    offered = client.get(reverse("drafts")).content.decode()  # the published SOPs' keys, to pick not to recall
    assert '<datalist id="sop-keys"><option value="surat-keterangan">' in offered
    client.post(reverse("drafts"), {"organisasi": code, "mulai": "revisi", "sop": "surat-keterangan"})
    revision = Draft.objects.get(sop_key="surat-keterangan")
    assert revision.based_on == office.version and revision.definition == office.version.definition
    source = (LIBRARY / "kec-bawang" / next(p.name for p in (LIBRARY / "kec-bawang").glob("*.sop.yaml"))).read_text()
    upload = SimpleUploadedFile("unggahan.sop.yaml", source.encode())
    client.post(reverse("drafts"), {"organisasi": code, "mulai": "unggah", "berkas": upload})
    uploaded = Draft.objects.get(sop_key="unggahan")
    assert client.get(reverse("draft-export", args=[uploaded.pk])).content.decode() == source


def test_an_upload_that_does_not_load_is_refused_with_its_lines(office, writer) -> None:
    client = client_for(writer)
    bad = SimpleUploadedFile(
        "rusak.sop.yaml", b"organisasi: kec-contoh\nnama: X\nlangkah:\n  - kegiatan: A\n    waktu: lama\n"
    )
    answer = client.post(reverse("drafts"), {"organisasi": office.organisation.code, "mulai": "unggah", "berkas": bad})
    body = answer.content.decode()
    assert answer.status_code == 422 and "baris 5" in body and "F003" in body
    assert not Draft.objects.exists()


def test_yaml_mode_keeps_text_that_does_not_load_and_loses_nothing(office, writer, draft) -> None:
    client = client_for(writer)
    url = reverse("draft-yaml", args=[draft.pk])
    text = client.get(url).context["body"]
    broken = text.replace("nama: SOP baru", "nama: SOP baru\n  salah: [")
    answer = client.post(url, {"versi": 1, "teks": broken})
    assert answer.status_code == 200 and "F001" in answer.content.decode() and ":3:" in answer.content.decode()
    saved = Draft.objects.get(pk=draft.pk)
    assert saved.pending_text == broken and saved.definition["nama"] == "SOP baru"
    assert client.get(url).context["body"] == broken  # switching modes loses nothing
    fixed = "# komentar penyusun\n" + text.replace("nama: SOP baru", "nama: SOP yang benar")
    assert client.post(url, {"versi": 2, "teks": fixed}).status_code == 302
    saved = Draft.objects.get(pk=draft.pk)
    assert saved.pending_text == "" and saved.definition["nama"] == "SOP yang benar"
    exported = client.get(reverse("draft-export", args=[draft.pk])).content.decode()
    assert exported.startswith("# komentar penyusun\n") and read_sop_text(exported).model is not None


def test_previews_the_identity_page_the_flowchart_and_the_pdf(office, writer, draft) -> None:
    client = client_for(writer)
    assert "<svg" in client.get(reverse("draft-svg", args=[draft.pk])).content.decode()
    assert "SOP baru" in client.get(reverse("draft-identity", args=[draft.pk])).content.decode()
    pdf = client.get(reverse("draft-pdf", args=[draft.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_bad_user_id_on_the_writers_screen_is_400_and_changes_nothing(office) -> None:
    admin = make_user("pengelola", office.organisation)
    Administrator.objects.create(user=admin, organisation=office.organisation)
    url = reverse("office-writers", args=[office.organisation.code])
    answer = client_for(admin).post(url, {"pengguna": "abc", "aksi": "beri"})
    assert answer.status_code == 400 and "Isian &#x27;pengguna&#x27; tidak sah." in answer.content.decode()
    english = client_for(admin).post(url + "?lang=en", {"pengguna": "abc"})
    assert english.status_code == 400 and "The field &#x27;pengguna&#x27; is not valid." in english.content.decode()
    assert not Writer.objects.exists()


def test_control_characters_are_refused_on_the_screens_and_nothing_saved(office, writer, draft) -> None:
    client = client_for(writer)
    answer = _change(client, draft, "set_identity", field="nama", value="Surat\x00Pindah")
    assert answer.status_code == 400 and "value" in answer.content.decode() and "U+0000" in answer.content.decode()
    url = reverse("draft-yaml", args=[draft.pk])
    text = client.get(url).context["body"]
    _change(client, draft, "set_identity", field="nama", value="Surat Pindah")
    broken = text.replace("nama: SOP baru", "nama: SOP baru\n  salah: [\x00")
    refused = client.post(url, {"versi": 2, "teks": broken})
    assert refused.status_code == 400 and "teks" in refused.content.decode() and "baris 3" in refused.content.decode()
    saved = Draft.objects.get(pk=draft.pk)
    assert saved.version == 2 and saved.pending_text == "" and saved.definition["nama"] == "Surat Pindah"
    multi = _change(client, draft, "set_step_field", step=1, field="kegiatan", value="Baris satu\r\n\tBaris dua")
    assert multi.status_code != 400


def test_undo_after_a_yaml_save_brings_back_the_exported_file(office, writer, draft) -> None:
    client = client_for(writer)
    export = reverse("draft-export", args=[draft.pk])
    before = client.get(export).content.decode()
    url = reverse("draft-yaml", args=[draft.pk])
    changed = "# komentar baru\n" + before.replace("nama: SOP baru", "nama: SOP lain")
    assert client.post(url, {"versi": 1, "teks": changed}).status_code == 302
    assert client.get(export).content.decode() == changed
    client.post(reverse("draft-undo", args=[draft.pk]), {"versi": 2})
    assert client.get(export).content.decode() == before


def test_yaml_mode_refuses_a_text_larger_than_a_file_and_keeps_what_was_saved(office, writer, draft) -> None:
    client = client_for(writer)
    url = reverse("draft-yaml", args=[draft.pk])
    answer = client.post(url, {"versi": 1, "teks": "nama: " + "x" * 1_000_001})
    assert answer.status_code == 422 and "teks" in answer.content.decode()
    assert "1000000" in answer.content.decode()
    english = client.post(url + "?lang=en", {"versi": 1, "teks": "nama: " + "x" * 1_000_001})
    assert "bytes" in english.content.decode()
    saved = Draft.objects.get(pk=draft.pk)
    assert saved.version == 1 and saved.pending_text == ""
