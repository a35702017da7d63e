"""Uploaded output files come back as downloads with a safe content type: never same-origin script."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sopan.web.cases.files import safe_content_type, stored_suffix
from sopan.web.cases.models import Event
from tests.web.factories import Office, client_for, open_case


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("surat.pdf", "application/pdf"),
        ("FOTO.JPG", "image/jpeg"),
        ("serangan.js", "application/octet-stream"),
        ("halaman.html", "application/octet-stream"),
        ("gambar.svg", "application/octet-stream"),
        ("program.exe", "application/octet-stream"),
        ("tanpa-akhiran", "application/octet-stream"),
    ],
)
def test_content_types_come_from_a_short_safe_list(name: str, expected: str) -> None:
    assert safe_content_type(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("serangan.js", "application/octet-stream"),
        ("muka.svg", "application/octet-stream"),
        ("bukti.pdf", "application/pdf"),
    ],
)
def test_an_uploaded_file_is_served_as_an_attachment(office: Office, settings, tmp_path, name, expected) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = open_case(office)
    client = client_for(office.loket)
    client.post(reverse("task-action", args=[case.pk, 1]), {"action": "claim"})
    body = b"alert(document.cookie)" if name.endswith(".js") else b"<svg onload='alert(1)'/>"
    upload = SimpleUploadedFile(name, body, content_type="text/javascript")
    client.post(reverse("task-action", args=[case.pk, 1]), {"action": "output", "nama": "Berkas", "berkas": upload})
    event = Event.objects.get(case=case, kind="output_recorded")
    response = client.get(reverse("case-file", args=[case.pk, event.seq]))
    assert response.status_code == 200
    assert response["Content-Type"] == expected
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == body


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bukti.PDF", ".pdf"),
        ('x.p"d;f', ".pdf"),
        ("x.<script>", ".script"),
        ("tanpa", ""),
        ("a." + "z" * 40, ".zzzzzzzzz"),
    ],
)
def test_a_stored_name_keeps_only_a_clean_suffix(name: str, expected: str) -> None:
    assert stored_suffix(name) == expected
