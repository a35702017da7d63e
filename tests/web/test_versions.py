"""An SOP's versions side by side, and an old version's page saying what replaced it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sopan.web.accounts.models import Administrator
from sopan.web.lifecycle.services import revoke
from tests.web.factories import INSERTED_STEP, Office, client_for, publish_revision

pytestmark = pytest.mark.usefixtures("fast_users", "empty_cache")

SOP_URL = "/sop/kec-contoh/surat-keterangan/"
COMPARE = SOP_URL + "banding/"


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_comparison_shows_the_inserted_step_and_the_changed_word(office: Office) -> None:
    publish_revision(office)
    page = Client().get(COMPARE, {"dari": 1, "ke": 2})
    assert page.status_code == 200
    html = page.content.decode()
    steps = html[html.index('id="compare-steps"') :]
    kinds = re.findall(r'<tbody class="step change-(\w+)', steps)
    assert kinds == ["unchanged", "added", "unchanged", "unchanged", "unchanged", "unchanged"]
    assert '<ins class="diff-word">Mengambil nomor antrean</ins>' in steps
    fields = html[html.index('id="compare-fields"') : html.index('id="compare-lanes"')]
    assert '<ins class="diff-word">Domisili</ins>' in fields and "<del" not in fields
    assert "Langkah ditambahkan: 1" in text_of(html) and "Langkah diubah: 0" in text_of(html)
    assert "2 → 3" in text_of(steps)  # the later steps only renumbered
    english = text_of(Client().get(COMPARE, {"dari": 1, "ke": 2, "lang": "en"}).content.decode())
    assert "Steps added: 1" in english and "Version comparison" in english


def test_by_default_the_newest_is_compared_with_the_one_before(office: Office) -> None:
    publish_revision(office)
    html = Client().get(COMPARE).content.decode()
    assert '<option value="1" selected>' in html and '<option value="2" selected>' in html
    assert INSERTED_STEP in html


def test_a_version_against_itself_has_no_differences(office: Office) -> None:
    html = Client().get(COMPARE, {"dari": 1, "ke": 1}).content.decode()
    assert 'id="compare-same"' in html and "change-added" not in html


@pytest.mark.parametrize(
    ("query", "status", "said"),
    [
        ({"dari": 1, "ke": 9}, 404, "ke=9"),
        ({"dari": "satu", "ke": 1}, 400, "dari=satu"),
        ({"dari": "1" * 40, "ke": 1}, 400, "dari=" + "1" * 20),
    ],
)
def test_a_version_that_does_not_exist_is_named_clearly(office: Office, query: dict, status: int, said: str) -> None:
    page = Client().get(COMPARE, query)
    assert page.status_code == status
    html = page.content.decode()
    assert 'id="compare-error"' in html and said in html and "tidak ada versi dengan nomor itu" in html


def test_an_unknown_sop_is_404(office: Office) -> None:
    assert Client().get("/sop/kec-contoh/tidak-ada/banding/").status_code == 404


def test_an_old_version_says_it_was_replaced_and_links_to_the_current_one(office: Office) -> None:
    reader = Client()
    first = reader.get(SOP_URL + "v1/").content.decode()  # kept for anonymous readers until a publication
    assert "replaced-notice" not in first and 'id="sop-versions"' not in first
    publish_revision(office)
    old = reader.get(SOP_URL + "v1/").content.decode()
    assert 'id="replaced-notice"' in old
    assert "Versi 1 diganti oleh versi 2" in text_of(old) and "Yang berlaku sekarang adalah versi 2" in text_of(old)
    assert f'href="{SOP_URL}"' in old and f'href="{COMPARE}?dari=1&amp;ke=2"' in old
    current = reader.get(SOP_URL).content.decode()
    assert "replaced-notice" not in current
    assert f'href="{COMPARE}?dari=1&amp;ke=2"' in current  # the versions list with its compare link
    english = text_of(Client().get(SOP_URL + "v1/", {"lang": "en"}).content.decode())
    assert "This version has been replaced." in english and "was replaced by version 2" in english


def test_the_comparison_page_is_renewed_by_a_publication(office: Office) -> None:
    reader = Client()
    before = reader.get(COMPARE, {"dari": 1, "ke": 2})
    assert before.status_code == 404
    publish_revision(office)
    assert reader.get(COMPARE, {"dari": 1, "ke": 2}).status_code == 200


def test_signed_in_users_see_the_same_comparison(office: Office) -> None:
    publish_revision(office)
    page = client_for(office.outsider).get(COMPARE, {"dari": 1, "ke": 2})
    assert page.status_code == 200 and INSERTED_STEP in page.content.decode()


def test_switching_language_keeps_the_versions_compared(office: Office) -> None:
    publish_revision(office)
    html = Client().get(COMPARE, {"dari": 2, "ke": 1}).content.decode()
    assert '<a href="?dari=2&amp;ke=1&amp;lang=en" id="switch-language">English</a>' in html
    english = Client().get(COMPARE, {"dari": 2, "ke": 1, "lang": "en"}).content.decode()
    assert '<a href="?dari=2&amp;ke=1&amp;lang=id" id="switch-language">Bahasa Indonesia</a>' in english
    assert '<option value="2" selected>' in english  # the English page still compares 2 -> 1
    plain = Client().get(SOP_URL).content.decode()
    assert '<a href="?lang=en" id="switch-language">' in plain


def test_an_old_version_of_a_revoked_sop_says_it_was_revoked(office: Office) -> None:
    newest = publish_revision(office)
    pengelola = User.objects.create_user("pengelola", password="x")
    Administrator.objects.create(user=pengelola, organisation=office.organisation)
    revoke(pengelola, newest, reason="Diganti peraturan baru", decree="188/45/2026")
    old = text_of(Client().get(SOP_URL + "v1/").content.decode())
    assert "Versi 1 diganti oleh versi 2" in old
    assert "SOP ini telah dicabut: versi terakhirnya, versi 2, juga tidak berlaku lagi." in old
    assert "Yang berlaku sekarang" not in old and "Buka versi terakhir" in old
    english = text_of(Client().get(SOP_URL + "v1/", {"lang": "en"}).content.decode())
    assert "This SOP has been revoked: its last version, version 2, is no longer in force either." in english
    assert "The version in force now" not in english
