"""The catalog and SOP pages are kept rendered for anonymous readers until the next publication, and no longer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sopan.model.sop import Sop as SopModel
from sopan.web.catalog.publishing import publish_sop
from tests.factories import SERVICE_SOP
from tests.web.factories import Office, client_for

pytestmark = pytest.mark.usefixtures("fast_users", "empty_cache")


def queries(client: Client, url: str, **params: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url, params)
    assert page.status_code == 200
    return len(captured), page.content.decode()


def publish(office: Office, title: str, key: str = "surat-keterangan") -> None:
    sop = SopModel.model_validate({**SERVICE_SOP, "nama": title})
    sop.id = key
    publish_sop(office.organisation, sop)


@pytest.mark.parametrize("url", ["/", "/sop/kec-contoh/surat-keterangan/"])
def test_a_kept_page_costs_one_query_and_a_publication_shows_at_once(office: Office, url: str) -> None:
    reader = Client()
    first_cost, first = queries(reader, url)
    again_cost, again = queries(reader, url)
    assert again == first and again_cost == 1 < first_cost  # only the publication stamp is read
    publish(office, "Pelayanan Surat Keterangan Domisili")
    _, after = queries(reader, url)
    assert "Surat Keterangan Domisili" in after and "Surat Keterangan Domisili" not in first


def test_a_new_sop_appears_in_the_catalog_at_once(office: Office) -> None:
    reader = Client()
    assert "Surat Pindah" not in queries(reader, "/")[1]
    publish(office, "Pelayanan Surat Pindah", key="surat-pindah")
    assert "Surat Pindah" in queries(reader, "/")[1]


def test_each_language_and_address_is_kept_apart(office: Office) -> None:
    reader = Client()
    indonesian = queries(reader, "/")[1]
    english = queries(Client(), "/", lang="en")[1]
    assert indonesian != english and "SOP catalog" in english and "SOP catalog" not in indonesian
    searched = queries(reader, "/", q="tidakada")[1]
    assert "Surat Keterangan" in indonesian and searched != indonesian


def test_signed_in_pages_are_never_kept(office: Office) -> None:
    queries(Client(), "/")  # an anonymous reader has the page kept
    signed_in = client_for(office.loket)
    _, page = queries(signed_in, "/")
    cost, again = queries(signed_in, "/")
    assert "siti" in page and "siti" in again and cost > 1
    assert "siti" not in queries(Client(), "/")[1]
