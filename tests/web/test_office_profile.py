"""The organisation's profile in the browser: which value wins over organisasi.yaml, office hours checked as the
loader checks them, the logo checked as an image of at most 2 MB and printed on the documents, and nothing of a
refused change kept."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sopan.io.library import Library
from sopan.io.yaml_io import dump_yaml
from sopan.model.sop import Sop as SopModel
from sopan.render.book import Book, _cover
from sopan.render.docx import sop_docx
from sopan.web.accounts.models import Administrator, ApiToken
from sopan.web.catalog.models import Organisation
from sopan.web.catalog.profile import LOGO_MAX_BYTES, ProfileError, change_profile, check_logo, organisation_model
from sopan.web.catalog.publishing import publish_library
from sopan.web.catalog.runtime import calendar_for
from sopan.web.setelan.forms import ProfileForm
from tests.factories import SERVICE_SOP
from tests.web.factories import Office, client_for

pytestmark = pytest.mark.django_db

WEEK = {f"jam_{day}": "" for day in ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")}
FILE = {
    "kode": "kec-contoh",
    "nama": "Kecamatan Contoh",
    "induk": ["Pemerintah Kabupaten Contoh"],
    "alamat": "Jl. Lama 1",
    "jam_kerja": {"senin": "07:30-16:00", "jumat": "07:30-11:00"},
}


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 92, 142)).save(buffer, format="PNG")
    return buffer.getvalue()


def administrator(organisation: Organisation, name: str = "pengelola") -> Client:
    user = User.objects.create_user(name)
    Administrator.objects.create(user=user, organisation=organisation)
    return client_for(user)


def profile_form(organisation: Organisation, **changes: str) -> dict[str, Any]:
    """The form as the page fills it (the values in force), with ``changes`` typed over it."""
    organisation.refresh_from_db()
    return {"aksi": "profil", **ProfileForm.initial_for(organisation), **changes}


def write_library(folder: Path, organisation: dict[str, Any]) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "organisasi.yaml").write_text(dump_yaml(organisation), encoding="utf-8")
    (folder / "surat-keterangan.sop.yaml").write_text(dump_yaml(SERVICE_SOP), encoding="utf-8")
    return folder


def test_the_browser_wins_over_organisasi_yaml_when_the_library_is_published_again(tmp_path: Path) -> None:
    library = write_library(tmp_path / "kec-contoh", FILE)
    assert publish_library([library]).problems == []
    office = Organisation.objects.get(code="kec-contoh")
    assert (office.address, office.office_hours) == ("Jl. Lama 1", FILE["jam_kerja"])
    client = administrator(office)
    url = reverse("office-profile", args=[office.code])
    response = client.post(url, profile_form(office, alamat="Jl. Baru 2", jam_senin="08:00-15:00"))
    assert response.status_code == 302
    office.refresh_from_db()
    assert sorted(office.office_changes) == ["alamat", "jam_kerja"]
    assert office.office_hours == {"senin": "08:00-15:00", "jumat": "07:30-11:00"}
    # the library changes the name and the address; the office's address and hours stay, the new name comes in
    write_library(library, {**FILE, "nama": "Kecamatan Contoh Baru", "alamat": "Jl. Pustaka 3"})
    assert publish_library([library]).problems == []
    office.refresh_from_db()
    assert (office.name, office.address) == ("Kecamatan Contoh Baru", "Jl. Baru 2")
    assert office.definition["alamat"] == "Jl. Pustaka 3"  # the file as published, shown beside the office's value
    assert calendar_for(office).hours.to_days()["senin"] == "08:00-15:00"
    page = client.get(url).content.decode()
    assert "diubah kantor (menang)" in page and "Jl. Pustaka 3" in page and "Jl. Baru 2" in page
    # returned to the file: the file's value applies, and the next publication keeps following it
    client.post(url, profile_form(office, kembalikan="alamat"))
    office.refresh_from_db()
    assert (office.address, sorted(office.office_changes)) == ("Jl. Pustaka 3", ["jam_kerja"])


def test_unreadable_hours_are_refused_with_the_loaders_message_and_nothing_is_saved(office: Office) -> None:
    organisation = office.organisation
    client = administrator(organisation)
    url = reverse("office-profile", args=[organisation.code])
    response = client.post(url, profile_form(organisation, nama="Nama Baru", jam_selasa="9-12"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Profil tidak disimpan" in page and "jam_kerja.selasa" in page and "tidak terbaca" in page
    assert response.context["form"]["nama"].value() == "Nama Baru"  # what was typed stays on the page
    organisation.refresh_from_db()
    assert (organisation.name, organisation.office_changes) == ("Kecamatan Contoh", {})
    unknown = client.post(url, {"aksi": "hapus-semua"})
    assert unknown.status_code == 400 and "Tindakan tidak dikenal" in unknown.content.decode()
    client.cookies["sopan_lang"] = "en"
    english = client.post(url, profile_form(organisation, **WEEK)).content.decode()
    assert "The profile was not saved" in english and "no working day at all" in english


def test_a_profile_is_checked_as_organisasi_yaml_is(office: Office) -> None:
    organisation = office.organisation
    with pytest.raises(ProfileError, match="zona_waktu"):
        change_profile(organisation, {"zona_waktu": "Asia/Bandung"})
    with pytest.raises(ProfileError, match="cannot be empty"):
        change_profile(organisation, {"nama": " "})
    with pytest.raises(ProfileError, match="unknown profile key"):
        change_profile(organisation, {"kode": "lain"})
    assert change_profile(organisation, {"zona_waktu": "Asia/Makassar", "induk": ["Provinsi", "Kabupaten"]}) == [
        "induk",
        "zona_waktu",
    ]
    organisation.refresh_from_db()
    assert (organisation.timezone, organisation.parent) == ("Asia/Makassar", "Provinsi / Kabupaten")


def test_the_uploaded_logo_is_printed_on_the_identity_page_the_word_file_and_the_book_cover(office: Office) -> None:
    organisation = office.organisation
    client = administrator(organisation)
    url = reverse("office-profile", args=[organisation.code])
    response = client.post(url, {"aksi": "logo", "logo": SimpleUploadedFile("logo.png", png(), "image/png")})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo_type == "image/png" and bytes(organisation.logo) == png()
    sop_page = client.get(reverse("sop", args=[organisation.code, "surat-keterangan"])).content.decode()
    assert 'class="sop-identity__logo" src="data:image/png;base64,' in sop_page
    model = organisation_model(organisation)
    word = zipfile.ZipFile(io.BytesIO(sop_docx(SopModel.model_validate(SERVICE_SOP), model)))
    assert any(name.startswith("word/media/") for name in word.namelist())
    cover = _cover(Book(model, None, (), Library()))
    assert 'class="book-cover__logo" src="data:image/png;base64,' in cover
    client.post(url, {"aksi": "hapus-logo"})
    organisation.refresh_from_db()
    assert (
        organisation.logo is None
        and "sop-identity__logo"
        not in client.get(reverse("sop", args=[organisation.code, "surat-keterangan"])).content.decode()
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.4 not an image", "bukan gambar PNG, JPEG atau GIF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "bukan gambar PNG, JPEG atau GIF"),  # a PNG header, then nothing
        (b"\x00" * (LOGO_MAX_BYTES + 1), "paling besar 2 MB"),
    ],
    ids=["pdf", "broken-png", "over-2-mb"],
)
def test_a_logo_that_is_not_an_image_or_too_big_is_refused(office: Office, content: bytes, expected: str) -> None:
    organisation = office.organisation
    client = administrator(organisation)
    url = reverse("office-profile", args=[organisation.code])
    response = client.post(url, {"aksi": "logo", "logo": SimpleUploadedFile("logo.png", content, "image/png")})
    assert response.status_code == 400 and expected in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.logo is None and organisation.logo_type == ""
    with pytest.raises(ProfileError):
        check_logo(content)


def test_only_administrators_of_the_organisation_reach_the_profile(office: Office) -> None:
    url = reverse("office-profile", args=["kec-contoh"])
    assert client_for(office.loket).get(url).status_code == 404
    other = administrator(Organisation.objects.get(code="kec-lain"))
    assert other.get(url).status_code == 404
    assert other.post(url, profile_form(office.organisation, nama="Diambil alih")).status_code == 404
    office.organisation.refresh_from_db()
    assert office.organisation.name == "Kecamatan Contoh"
    assert Client().get(url).status_code == 302


def test_the_api_reads_and_changes_the_profile_as_the_page_does(office: Office) -> None:
    organisation = office.organisation
    user = User.objects.create_user("integrasi")
    Administrator.objects.create(user=user, organisation=organisation)
    client = Client(headers={"Authorization": f"Bearer {ApiToken.issue(user, 'sdm')[1]}"})
    url = "/api/organisations/kec-contoh/profile"
    shown = client.get(url).json()
    assert (shown["nama"], shown["zona_waktu"], shown["changed_by_office"], shown["logo"]) == (
        "Kecamatan Contoh",
        "Asia/Jakarta",
        [],
        None,
    )
    changed = client.patch(url, json.dumps({"alamat": "Jl. Baru 2"}), content_type="application/json").json()
    assert changed["alamat"] == "Jl. Baru 2" and changed["changed_by_office"] == ["alamat"]
    assert changed["library"]["alamat"] is None and changed["nama"] == "Kecamatan Contoh"
    bad = {"nama": "Nama Baru", "jam_kerja": {"senin": "07:30-16:00", "hariraya": "08:00-12:00"}}
    refused = client.patch(url, json.dumps(bad), content_type="application/json", headers={"Accept-Language": "en"})
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_profile"
    assert "unknown day 'hariraya'" in refused.json()["message"]
    organisation.refresh_from_db()
    assert (organisation.name, organisation.office_changes) == ("Kecamatan Contoh", {"alamat": "Jl. Baru 2"})
    back = client.patch(url, json.dumps({"kembalikan": ["alamat"]}), content_type="application/json").json()
    assert back["alamat"] is None and back["changed_by_office"] == []
    logo = client.post(f"{url}/logo", {"logo": SimpleUploadedFile("logo.gif", b"GIF89a broken", "image/gif")})
    assert logo.status_code == 422 and "bukan gambar" in logo.json()["message"]
    logo = client.post(f"{url}/logo", {"logo": SimpleUploadedFile("logo.png", png(), "image/png")})
    assert logo.status_code == 200 and logo.json()["logo"] == "image/png"
    assert client.delete(f"{url}/logo").json()["logo"] is None
    other = User.objects.create_user("lain")
    Administrator.objects.create(user=other, organisation=Organisation.objects.get(code="kec-lain"))
    stranger = Client(headers={"Authorization": f"Bearer {ApiToken.issue(other, 'sdm')[1]}"})
    assert stranger.get(url).status_code == 404
    assert stranger.patch(url, json.dumps({"nama": "X"}), content_type="application/json").status_code == 404
    assert Client().get(url).status_code == 401
    assert "/api/organisations/{code}/profile" in client.get("/api/openapi.json").json()["paths"]
