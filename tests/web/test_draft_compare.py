"""A draft compared with its SOP's published version, from the editor and the API: what changed, nothing else;
a draft that does not load is said so (with the way to YAML mode); others get 404 as for the editor."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from sopan.web.authoring.models import Draft
from sopan.web.authoring.services import new_draft
from tests.web.factories import INSERTED_STEP, client_for, publish_revision

pytestmark = pytest.mark.django_db


def _change(client, draft: Draft, op: str, **params: object) -> None:
    data = {"versi": Draft.objects.get(pk=draft.pk).version, "op": op, **params}
    assert client.post(reverse("draft-change", args=[draft.pk]), data).status_code == 302


@pytest.fixture
def revised(office, writer) -> Draft:
    """A revision of version 1 with one step inserted after the first and one word changed in (then) step 4."""
    draft = new_draft(office.organisation, writer, start="revisi", version=office.version)
    client = client_for(writer)
    _change(client, draft, "insert_step", after=1, kegiatan=INSERTED_STEP, pelaksana="pemohon")
    _change(client, draft, "set_step_field", step=4, field="kegiatan", value="Menyusun surat keterangan")
    return Draft.objects.get(pk=draft.pk)


def _kinds(html: str) -> list[str]:
    return re.findall(r'<tbody class="step change-(\w+)', html[html.index('id="compare-steps"') :])


def test_the_editor_links_to_the_comparison_which_shows_exactly_the_changes(writer, revised) -> None:
    client = client_for(writer)
    editor = client.get(reverse("draft-editor", args=[revised.pk])).content.decode()
    url = reverse("draft-compare", args=[revised.pk])
    assert f'href="{url}" id="link-compare"' in editor and "Bandingkan dengan versi terbit" in editor
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert _kinds(html) == ["unchanged", "added", "unchanged", "changed", "unchanged", "unchanged"]
    steps = html[html.index('id="compare-steps"') :]
    assert f'<ins class="diff-word">{INSERTED_STEP}</ins>' in steps
    assert '<del class="diff-word">Memproses</del>' in steps and '<ins class="diff-word">Menyusun</ins>' in steps
    assert "Versi 1" in steps and "Konsep" in steps  # the two sides' titles
    assert 'id="compare-fields"' not in html  # no identity field changed
    english = client.get(url, {"lang": "en"}).content.decode()
    assert "Draft compared with the published version" in english and "Version 1" in english


def test_the_api_gives_the_same_comparison(writer, revised) -> None:
    answer = client_for(writer).get(f"/api/drafts/{revised.pk}/compare")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert [step["kind"] for step in body["steps"]] == ["unchanged", "added", "unchanged", "changed"] + [
        "unchanged"
    ] * 2
    assert body["fields"] == [] and {lane["kind"] for lane in body["lanes"]} == {"unchanged"}
    changed = body["steps"][3]
    assert (changed["old_number"], changed["new_number"]) == (3, 4)
    assert "Menyusun" in json.dumps(changed) and "Memproses" in json.dumps(changed)


def test_without_a_revision_the_newest_version_of_the_key_is_compared(office, writer) -> None:
    newest = publish_revision(office)
    draft = new_draft(office.organisation, writer, start="kosong", key="surat-keterangan")
    html = client_for(writer).get(reverse("draft-compare", args=[draft.pk])).content.decode()
    assert f"Versi {newest.number}" in html and 'id="compare-steps"' in html


def test_a_draft_never_published_has_no_link_and_says_so(office, writer) -> None:
    draft = new_draft(office.organisation, writer, start="kosong", key="surat-baru")
    client = client_for(writer)
    assert "link-compare" not in client.get(reverse("draft-editor", args=[draft.pk])).content.decode()
    page = client.get(reverse("draft-compare", args=[draft.pk]))
    assert page.status_code == 200 and 'id="compare-none"' in page.content.decode()
    answer = client.get(f"/api/drafts/{draft.pk}/compare", {"lang": "en"})
    assert answer.status_code == 404 and answer.json()["code"] == "not_published"
    assert "never been published" in answer.json()["message"]


def test_a_draft_that_does_not_load_points_to_yaml_mode(office, writer, revised) -> None:
    client = client_for(writer)
    broken = "nama: [tidak ditutup\n"
    client.post(reverse("draft-yaml", args=[revised.pk]), {"versi": revised.version, "teks": broken})
    assert Draft.objects.get(pk=revised.pk).pending_text == broken
    page = client.get(reverse("draft-compare", args=[revised.pk]))
    html = page.content.decode()
    assert page.status_code == 422 and 'id="compare-error"' in html
    assert f'href="{reverse("draft-yaml", args=[revised.pk])}" id="link-yaml"' in html
    answer = client.get(f"/api/drafts/{revised.pk}/compare")
    assert answer.status_code == 422 and answer.json()["code"] == "does_not_load"
    assert answer.json()["message"].startswith("Konsep tidak dapat dimuat: 2: YAML tidak sah")  # the line


def test_others_get_404(office, revised) -> None:
    outsider = client_for(office.outsider)
    assert outsider.get(reverse("draft-compare", args=[revised.pk])).status_code == 404
    answer = outsider.get(f"/api/drafts/{revised.pk}/compare")
    assert answer.status_code == 404 and set(answer.json()) == {"code", "message"}
