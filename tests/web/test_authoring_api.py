"""The drafts API: create, read, replace or JSON-Patch with the version (409 on a stale one, in both languages),
lint, render; a definition that does not load is 422 and nothing is saved."""

from __future__ import annotations

import json
import time

import pytest

from sopan.web.authoring.models import Draft, Writer
from tests.web.factories import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(office):
    user = make_user("penulis", office.organisation)
    Writer.objects.create(user=user, organisation=office.organisation)
    return client_for(user)


def _send(client, method, url, body, **headers):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", **headers)


def _created(client) -> dict:
    answer = _send(client, "post", "/api/drafts", {"organisation": "kec-contoh", "start": "templat", "key": "surat"})
    assert answer.status_code == 201, answer.content
    return answer.json()


def test_create_read_patch_and_a_stale_version(client, office) -> None:
    draft = _created(client)
    assert draft["version"] == 1 and draft["definition"]["organisasi"] == "kec-contoh"
    assert client.get(f"/api/drafts/{draft['id']}").json()["key"] == "surat"
    patch = [
        {"op": "replace", "path": "/nama", "value": "Penerbitan Surat Pindah"},
        {"op": "add", "path": "/langkah/-", "value": {"kegiatan": "Menyerahkan surat", "pelaksana": "petugas"}},
    ]
    answer = _send(client, "patch", f"/api/drafts/{draft['id']}", {"version": 1, "patch": patch})
    assert answer.status_code == 200, answer.content
    assert (
        answer.json()["version"] == 2 and answer.json()["definition"]["langkah"][-1]["kegiatan"] == "Menyerahkan surat"
    )
    stale = _send(client, "patch", f"/api/drafts/{draft['id']}", {"version": 1, "patch": patch[:1]})
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"
    assert "diubah orang lain" in stale.json()["message"]
    english = _send(
        client, "patch", f"/api/drafts/{draft['id']}", {"version": 1, "patch": patch[:1]}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "changed by someone else" in english.json()["message"]
    exported = client.get(f"/penyusunan/{draft['id']}/unduh.sop.yaml").content.decode()
    assert "nama: Penerbitan Surat Pindah" in exported and "# aspek kegiatan + output akhir" in exported


def test_a_definition_that_does_not_load_is_refused_and_nothing_saved(client) -> None:
    draft = _created(client)
    bad = _send(
        client, "patch", f"/api/drafts/{draft['id']}", {"version": 1, "patch": [{"op": "remove", "path": "/langkah"}]}
    )
    assert bad.status_code == 422 and bad.json()["code"] == "does_not_load" and "langkah" in bad.json()["message"]
    missing = _send(
        client, "patch", f"/api/drafts/{draft['id']}", {"version": 1, "patch": [{"op": "remove", "path": "/x"}]}
    )
    assert missing.status_code == 422 and missing.json()["code"] == "invalid_patch"
    whole = _send(client, "put", f"/api/drafts/{draft['id']}", {"version": 1, "definition": {"nama": "X"}})
    assert whole.status_code == 422
    assert Draft.objects.get(pk=draft["id"]).version == 1


def test_put_the_whole_definition_lint_and_render(client) -> None:
    draft = _created(client)
    definition = dict(draft["definition"], nama="SOP Uji")
    answer = _send(client, "put", f"/api/drafts/{draft['id']}", {"version": 1, "definition": definition})
    assert answer.status_code == 200 and answer.json()["title"] == "SOP Uji"
    lint = client.get(f"/api/drafts/{draft['id']}/lint").json()
    assert lint["loads"] is True and {"code", "line", "message"} <= set(lint["findings"][0])
    assert all(finding["line"] for finding in lint["findings"])  # lines of the exported file, as sopan check
    svg = client.get(f"/api/drafts/{draft['id']}/render.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    pdf = client.get(f"/api/drafts/{draft['id']}/render.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_others_get_404(client, office) -> None:
    draft = _created(client)
    assert client_for(office.kasi).get(f"/api/drafts/{draft['id']}").status_code == 404
    stranger = _send(client_for(office.outsider), "post", "/api/drafts", {"organisation": "kec-contoh"})
    assert stranger.status_code == 404
    assert client_for(office.kasi).get("/api/drafts").json() == []


def test_the_drafts_are_in_the_openapi_document(client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/drafts", "/api/drafts/{draft_id}", "/api/drafts/{draft_id}/lint"} <= set(paths)
    assert {"get", "put", "patch"} <= set(paths["/api/drafts/{draft_id}"])


def test_put_text_that_does_not_load_is_kept_and_says_so(client) -> None:
    draft = _created(client)
    broken = "organisasi: kec-contoh\nnama: X\nlangkah:\n  - kegiatan: A\n    waktu: lama\n"
    answer = _send(client, "put", f"/api/drafts/{draft['id']}", {"version": 1, "text": broken})
    body = answer.json()
    assert answer.status_code == 200 and body["loads"] is False and body["pending_text"] == broken
    assert any(problem["line"] == 5 for problem in body["problems"])
    assert body["definition"] == draft["definition"]  # the last definition that loaded stays
    fine = _send(client, "put", f"/api/drafts/{draft['id']}", {"version": 2, "definition": draft["definition"]})
    assert fine.json()["loads"] is True and fine.json()["problems"] == [] and fine.json()["pending_text"] is None
    put = client.get("/api/openapi.json").json()["paths"]["/api/drafts/{draft_id}"]["put"]
    schema = put["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    properties = client.get("/api/openapi.json").json()["components"]["schemas"][schema]["properties"]
    assert {"loads", "problems", "pending_text"} <= set(properties)


def test_control_characters_are_refused_and_nothing_saved(client) -> None:
    draft = _created(client)
    url = f"/api/drafts/{draft['id']}"
    named = dict(draft["definition"], nama="SOP\x00Uji")
    answer = _send(client, "put", url, {"version": 1, "definition": named})
    assert answer.status_code == 422 and answer.json()["code"] == "invalid_text"
    assert "definition/nama" in answer.json()["message"] and "U+0000" in answer.json()["message"]
    patch = [{"op": "replace", "path": "/nama", "value": "A\x07B"}]
    assert _send(client, "patch", url, {"version": 1, "patch": patch}).status_code == 422
    keyed = _send(client, "put", url, {"version": 1, "definition": dict(draft["definition"], **{"x\x00": 1})})
    assert keyed.status_code == 422
    text = _send(client, "put", url, {"version": 1, "text": "nama: X\n  salah: [\x00"})
    assert text.status_code == 422 and "text" in text.json()["message"] and "baris 2" in text.json()["message"]
    saved = Draft.objects.get(pk=draft["id"])
    assert saved.version == 1 and saved.pending_text == "" and saved.definition == draft["definition"]
    tabbed = _send(client, "put", url, {"version": 1, "definition": dict(draft["definition"], nama="SOP\tUji")})
    assert tabbed.status_code in (200, 422) and tabbed.json().get("code") != "invalid_text"


def test_render_without_pages_is_422(client, monkeypatch) -> None:
    from sopan.web.authoring.checking import Checked

    draft = _created(client)
    monkeypatch.setattr(Checked, "flowchart", lambda self: [])
    answer = client.get(f"/api/drafts/{draft['id']}/render.svg")
    assert answer.status_code == 422 and answer.json()["code"] == "no_pages"


def test_a_text_longer_than_a_field_may_hold_is_refused_naming_its_place(client) -> None:
    draft = _created(client)
    url = f"/api/drafts/{draft['id']}"
    huge = "x" * 2_000_000
    patch = [{"op": "replace", "path": "/nama", "value": huge}]
    patched = _send(client, "patch", url, {"version": 1, "patch": patch})
    assert patched.status_code == 422 and patched.json()["code"] == "too_long"
    assert "/nama" in patched.json()["message"] and "20000" in patched.json()["message"]
    english = _send(client, "patch", url, {"version": 1, "patch": patch}, HTTP_ACCEPT_LANGUAGE="en")
    assert "/nama" in english.json()["message"] and "characters" in english.json()["message"]
    step = dict(draft["definition"]["langkah"][0], kegiatan="y" * 20_001)
    steps = [step, *draft["definition"]["langkah"][1:]]
    put = _send(client, "put", url, {"version": 1, "definition": dict(draft["definition"], langkah=steps)})
    assert put.status_code == 422 and "/langkah/0/kegiatan" in put.json()["message"]
    keyed = _send(client, "put", url, {"version": 1, "definition": dict(draft["definition"], **{"k" * 20_001: 1})})
    assert keyed.status_code == 422 and keyed.json()["code"] == "too_long"
    saved = Draft.objects.get(pk=draft["id"])
    assert saved.version == 1 and saved.definition == draft["definition"]
    short = [{"op": "replace", "path": "/nama", "value": "n" * 500}]
    fits = _send(client, "patch", url, {"version": 1, "patch": short})
    assert fits.status_code == 200


def test_a_definition_or_text_larger_than_a_file_may_be_is_refused(client) -> None:
    draft = _created(client)
    url = f"/api/drafts/{draft['id']}"
    many = [dict(draft["definition"]["langkah"][0], kegiatan="z" * 19_000) for _ in range(60)]
    bulky = _send(client, "put", url, {"version": 1, "definition": dict(draft["definition"], langkah=many)})
    assert bulky.status_code == 422 and bulky.json()["code"] == "too_large" and "definition" in bulky.json()["message"]
    wide = "nama: " + "\u4e00" * 400_000 + "\n"  # fewer than a million characters, more than a million bytes
    text = _send(client, "put", url, {"version": 1, "text": wide})
    assert text.status_code == 422 and text.json()["code"] == "too_large" and "text" in text.json()["message"]
    saved = Draft.objects.get(pk=draft["id"])
    assert saved.version == 1 and saved.pending_text == ""


def test_a_patch_that_doubles_the_steps_is_refused_quickly_and_nothing_saved(client) -> None:
    draft = _created(client)
    url = f"/api/drafts/{draft['id']}"
    doubling = [{"op": "copy", "from": "/langkah", "path": "/langkah/-"} for _ in range(40)]
    started = time.monotonic()
    answer = _send(client, "patch", url, {"version": 1, "patch": doubling})
    assert time.monotonic() - started < 5
    assert answer.status_code == 422 and answer.json()["code"] == "too_large"
    message = answer.json()["message"]
    assert "/langkah/-" in message and "patch/" in message
    saved = Draft.objects.get(pk=draft["id"])
    assert saved.version == 1 and saved.definition == draft["definition"]
