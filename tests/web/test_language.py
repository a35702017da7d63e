"""Pages in both languages: English mode translates statuses, kinds, months and lint severities; Indonesian mode
shows no English and no key paths; event texts name the kelengkapan item, not its number."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sopan.engine import RecordOutsideStep, TickRequirement
from sopan.web.cases.services import submit
from tests.factories import WIB
from tests.web.factories import NOBODY, Office, client_for, open_case

DECEMBER = dt.datetime(2026, 12, 7, 9, 0, tzinfo=WIB)


def page(client: Client, url: str, lang: str) -> str:
    response = client.get(url, {"lang": lang})
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_case_page_in_both_languages(office: Office) -> None:
    case = open_case(office, DECEMBER)
    submit(office.loket, TickRequirement(actor=NOBODY, at=DECEMBER, task=1, item="2"), case=case)
    done = RecordOutsideStep(actor=NOBODY, at=DECEMBER, task=1, waivers={"1": "menyusul"})
    submit(office.loket, done, case=case)
    client = client_for(office.loket)
    url = reverse("case", args=[case.pk])
    indonesian = page(client, url, "id")
    assert "Kelengkapan dicentang: Fotokopi KTP" in indonesian
    assert "Kelengkapan dikecualikan: Surat pengantar desa" in indonesian
    assert "Berjalan" in indonesian and "07 Des 2026" in indonesian
    for english in ("Requirement ticked", "Case opened", ">Open<", "Dec 2026", "requirement_ticked"):
        assert english not in indonesian, english
    english = page(client, url, "en")
    assert "Requirement ticked: Fotokopi KTP" in english and "Requirement waived: Surat pengantar desa" in english
    assert "Open" in english and "07 Dec 2026" in english
    for indonesian_word in ("Berjalan", "Kelengkapan dicentang", "Des 2026"):
        assert indonesian_word not in english, indonesian_word


def test_lint_findings_in_both_languages(office: Office) -> None:
    admin = User.objects.create_user("admin", is_staff=True)
    client = client_for(admin)
    url = reverse("sop", args=[office.organisation.code, office.version.sop.key])
    indonesian = page(client, url, "id")
    assert "<td>peringatan</td>" in indonesian and "langkah 4 › waktu" in indonesian
    for english in ("warning", "error", "langkah[", "].waktu", "Lint findings"):
        assert english not in indonesian, english
    english = page(client, url, "en")
    assert "<td>warning</td>" in english and "step 4 › duration" in english and "<td>peringatan</td>" not in english


def test_kinds_and_statuses_in_both_languages(office: Office) -> None:
    client = client_for(office.loket)
    catalog_id = page(client, reverse("catalog"), "id")
    catalog_en = page(client, reverse("catalog"), "en")
    assert "<td>Pelayanan</td>" in catalog_id and "<td>Service</td>" in catalog_en
    assert "<td>pelayanan</td>" not in catalog_id + catalog_en
    case = open_case(office, DECEMBER)
    status_url = reverse("public-status-code", args=[case.tracking_code])
    assert "Berjalan" in page(Client(), status_url, "id")
    english = page(Client(), status_url, "en")
    assert "Open" in english and "Berjalan" not in english and "07 Dec 2026" in english
