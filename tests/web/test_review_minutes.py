"""The Berita Acara telaah SOP: made by a reviewer for one or several drafts of one unit, verdicts suggested from
the open notes, numbered per Biro and year, listed for the Biro, printed as PDF (read back and looked at as an
image) with the letterhead and both signature blocks; the unit may read it, others get 404."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from PIL import Image

from sopan.web.accounts.models import Administrator, Staff
from sopan.web.authoring.models import Draft
from sopan.web.authoring.services import new_draft
from sopan.web.limits import MINUTES_SOPS
from sopan.web.review.minutes import Entry, MinutesIn, Signatory, make_minutes
from sopan.web.review.models import Minutes
from sopan.web.review.notes import NoteError, add_note
from tests.factories import page_text
from tests.web.factories import Office, client_for

pytestmark = pytest.mark.usefixtures("empty_cache")


@pytest.fixture
def drafts(office: Office, writer: User, analyst: User) -> list[Draft]:
    revision = new_draft(office.organisation, writer, start="revisi", version=office.version)
    other = new_draft(office.organisation, writer, start="templat", key="pelayanan-rekomendasi")
    add_note(revision, analyst, text="Waktu pemeriksaan berkas belum ditetapkan", step=2)
    head = office.camat
    head.first_name, head.last_name = "Ahmad", "Fauzi"
    head.save()
    Staff.objects.create(user=head, organisation=office.organisation, nip="197505052000031002")
    Administrator.objects.create(user=head, organisation=office.organisation)
    return [revision, other]


def _form(drafts: list[Draft], **extra: str) -> dict[str, object]:
    return {
        "konsep": [str(draft.pk) for draft in drafts],
        "tanggal": "2026-12-04",
        "tempat": "Banjarbaru",
        "penelaah_nama": "Rina Kartika",
        "penelaah_jabatan": "Analis Kebijakan Ahli Muda",
        "penelaah_nip": "198001012005012001",
        "pejabat_nama": "Ahmad Fauzi",
        "pejabat_jabatan": "Camat Contoh",
        "pejabat_nip": "197505052000031002",
        **{f"kesimpulan-{draft.pk}": "sesuai" for draft in drafts},
        **extra,
    }


def test_the_form_suggests_verdicts_from_open_notes_and_names_from_staff_records(drafts, analyst) -> None:
    html = client_for(analyst).get(reverse("minutes-new", args=[drafts[0].pk])).content.decode()
    first, second = (html[html.index(f'id="kesimpulan-{d.pk}"') :].split("</select>")[0] for d in drafts)
    assert '"perlu_perbaikan" selected' in first and '"sesuai" selected' in second
    assert 'value="Rina Kartika"' in html and 'value="198001012005012001"' in html  # the evaluator's staff record
    assert 'value="Ahmad Fauzi"' in html and 'value="197505052000031002"' in html  # the unit's administrator
    assert f'id="konsep-{drafts[0].pk}" checked' in html and f'id="konsep-{drafts[1].pk}">' in html


def test_kept_numbered_listed_and_printed(drafts, analyst, biro, office, writer, tmp_path: Path) -> None:
    client = client_for(analyst)
    form = _form(drafts, **{f"kesimpulan-{drafts[0].pk}": "perlu_perbaikan"})
    answer = client.post(reverse("minutes-new", args=[drafts[0].pk]), form)
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    minutes = Minutes.objects.get()
    assert answer["Location"].endswith(reverse("office-minutes", args=[biro.code]) + f"#ba-{minutes.pk}")
    assert minutes.number == "001/BA-TELAAH-SOP/BIRO-ORGANISASI-CONTOH/2026" and minutes.unit == office.organisation
    assert [item.verdict for item in minutes.items.all()] == ["perlu_perbaikan", "sesuai"]
    assert minutes.items.first().notes[0]["place"] == "Langkah 2"
    again = client.post(reverse("minutes-new", args=[drafts[1].pk]), _form(drafts[1:]))
    assert again.status_code == 302 and Minutes.objects.order_by("sequence").last().number.startswith("002/")
    listing = client.get(reverse("office-minutes", args=[biro.code])).content.decode()
    assert "001/BA-TELAAH-SOP" in listing and "002/BA-TELAAH-SOP" in listing and "PERLU PERBAIKAN" in listing

    pdf = client.get(reverse("minutes-pdf", args=[minutes.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "ba.pdf"
    path.write_bytes(pdf.content)
    text = " ".join(page_text(path, 1).split())
    for expected in (
        "BIRO ORGANISASI CONTOH",
        "BERITA ACARA TELAAH STANDAR OPERASIONAL PROSEDUR",
        "Nomor: 001/BA-TELAAH-SOP/BIRO-ORGANISASI-CONTOH/2026",
        "4 Desember 2026",
        "Banjarbaru",
        "Pelayanan Surat Keterangan",
        "PERLU PERBAIKAN",
        "SESUAI",
        "Langkah 2: Waktu pemeriksaan berkas belum ditetapkan (terbuka)",
        "Rina Kartika",
        "NIP. 198001012005012001",
        "Ahmad Fauzi",
        "Camat Contoh",
    ):
        assert expected in text, expected
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "ba")], check=True)
    image = Image.open(tmp_path / "ba-1.png").convert("L")
    width, height = image.size
    assert 1.35 < height / width < 1.45  # A4 portrait
    dark = [sum(1 for x in range(width) if image.getpixel((x, y)) < 128) for y in range(height)]
    kop, table = sum(dark[: height // 8]), sum(dark[height // 8 : height // 2])
    assert kop > 50 and table > 200  # ink in the letterhead and in the table of SOPs
    assert client_for(writer).get(reverse("minutes-pdf", args=[minutes.pk])).status_code == 200  # the unit reads it
    assert client_for(office.outsider).get(reverse("minutes-pdf", args=[minutes.pk])).status_code == 404
    assert client_for(writer).get(reverse("office-minutes", args=[biro.code])).status_code == 404


def test_refusals_are_clear_and_keep_nothing(drafts, analyst, writer, office) -> None:
    client = client_for(analyst)
    url = reverse("minutes-new", args=[drafts[0].pk])
    for form, words in (
        (_form([]), "Pilih paling sedikit satu konsep SOP"),
        (_form(drafts, tanggal="4/12/2026"), "tanggal: tulis sebagai YYYY-MM-DD"),
        (_form(drafts, tanggal="1200-01-01"), "tanggal: di luar rentang tahun"),
        (_form(drafts, pejabat_nama=""), "pejabat_unit.nama: teks wajib diisi"),
        (_form(drafts, tempat="Banjar\x00baru"), "tempat: karakter kendali U+0000"),
        (_form(drafts, **{f"kesimpulan-{drafts[0].pk}": "lulus"}), "Kesimpulan harus sesuai atau perlu_perbaikan"),
    ):
        answer = client.post(url, form)
        assert answer.status_code == 422 and words in answer.content.decode(), words
    assert not Minutes.objects.exists()
    assert client_for(writer).get(url).status_code == 404  # the unit does not make its own Berita Acara
    assert client_for(office.outsider).post(url, _form(drafts)).status_code == 404
    elsewhere = new_draft(office.outsider.role_assignments.first().role.organisation, analyst, start="kosong")
    data = MinutesIn(dt.date(2026, 12, 4), "Banjarbaru", Signatory("A"), Signatory("B"),
                     [Entry(drafts[0], "sesuai"), Entry(elsewhere, "sesuai")])  # fmt: skip
    with pytest.raises(NoteError) as error:
        make_minutes(analyst, data)
    assert error.value.code == "several_units"


def test_one_berita_acara_holds_at_most_the_limit_of_drafts(drafts, analyst, office) -> None:
    base = drafts[0]
    Draft.objects.bulk_create(
        [Draft(organisation=office.organisation, sop_key=f"sop-{n}", title=f"SOP {n}", definition=base.definition)
         for n in range(MINUTES_SOPS)]
    )  # fmt: skip
    client = client_for(analyst)
    page = client.get(reverse("minutes-new", args=[base.pk])).content.decode()
    assert page.count('name="konsep"') == MINUTES_SOPS and f'id="konsep-{base.pk}"' in page  # this draft first
    every = list(Draft.objects.filter(organisation=office.organisation))
    assert len(every) == MINUTES_SOPS + 2
    response = client.post(reverse("minutes-new", args=[base.pk]), _form(every))
    text = response.content.decode()
    assert (
        response.status_code == 422 and f"paling banyak {MINUTES_SOPS} konsep SOP ({MINUTES_SOPS + 2} dipilih)" in text
    )
    english = client.post(reverse("minutes-new", args=[base.pk]) + "?lang=en", _form(every)).content.decode()
    assert f"at most {MINUTES_SOPS} SOP drafts" in english
    with pytest.raises(NoteError) as refused:
        make_minutes(analyst, MinutesIn(dt.date(2026, 12, 4), "Banjarbaru", Signatory("Rina"), Signatory("Ahmad"),
                                        [Entry(draft, "sesuai") for draft in every]))  # fmt: skip
    assert refused.value.code == "too_many_sops" and refused.value.status == 422
    body = {"date": "2026-12-04", "place": "Banjarbaru", "evaluator": {"name": "Rina"}, "officer": {"name": "Ahmad"},
            "sops": [{"draft": str(draft.pk), "verdict": "sesuai"} for draft in every]}  # fmt: skip
    answer = client.post("/api/review-minutes", json.dumps(body), content_type="application/json")
    assert answer.status_code == 422 and not Minutes.objects.exists()
    chosen = [draft for draft in every if f'id="konsep-{draft.pk}"' in page]  # the limit itself is kept
    assert client.post(reverse("minutes-new", args=[base.pk]), _form(chosen)).status_code == 302
    assert Minutes.objects.get().items.count() == MINUTES_SOPS
