"""The API's published SOP definitions, typed in the OpenAPI document, and two versions compared as JSON."""

from __future__ import annotations

import pytest
from django.test import Client
from jsonschema import Draft202012Validator

from sopan.web.catalog.models import SopVersion
from sopan.web.catalog.publishing import publish_library
from tests.factories import LIBRARY
from tests.web.factories import REVISED_TITLE, Office, publish_revision

pytestmark = pytest.mark.usefixtures("fast_users")


def validator(component: str) -> Draft202012Validator:
    """A validator of one component of the OpenAPI document the API publishes (OpenAPI 3.1 is JSON Schema)."""
    document = Client().get("/api/openapi.json").json()
    return Draft202012Validator({**document, "$ref": f"#/components/schemas/{component}"})


def test_every_library_definition_is_served_as_published_and_valid_against_the_openapi_schema(db) -> None:
    report = publish_library([LIBRARY])
    assert report.problems == [] and report.new_versions > 80
    check = validator("SopDetail")
    client = Client()
    for version in SopVersion.objects.select_related("sop__organisation"):
        body = client.get(f"/api/sop/{version.sop.organisation.code}/{version.sop.key}/v{version.number}").json()
        assert body["definition"] == version.definition, version.sop.key
        errors = [error.message for error in check.iter_errors(body)]
        assert errors == [], (version.sop.key, errors[:3])


def test_the_published_schema_is_the_sop_model_not_any_object(office: Office) -> None:
    check = validator("SopDetail")
    body = Client().get("/api/sop/kec-contoh/surat-keterangan").json()
    assert check.is_valid(body)
    for broken in (
        {"langkah": [{"pelaksana": "loket"}]},  # a step without kegiatan
        {"sifat": "sembarang"},  # not a sifat
        {"nama_lain": "x"},  # not a key of the file
        {"langkah": [{"kegiatan": "x", "keputusan": {"pertanyaan": "?", "tidak": "kembali"}}]},  # not a target
    ):
        assert not check.is_valid({**body, "definition": {**body["definition"], **broken}}), broken


def test_two_versions_compared_as_json(office: Office) -> None:
    publish_revision(office)
    answer = Client().get("/api/sop/kec-contoh/surat-keterangan/compare", {"dari": 1, "ke": 2})
    assert answer.status_code == 200
    body = answer.json()
    assert validator("Comparison").is_valid(body)
    assert [(s["kind"], s["old_number"], s["new_number"]) for s in body["steps"]][:3] == [
        ("unchanged", 1, 1),
        ("added", None, 2),
        ("unchanged", 2, 3),
    ]
    assert [(f["key"], f["new"]) for f in body["fields"]] == [("nama", REVISED_TITLE)]
    assert [span for span in body["fields"][0]["spans"] if span["op"] != "equal"] == [
        {"op": "insert", "old": "", "new": "Domisili"}
    ]
    same = Client().get("/api/sop/kec-contoh/surat-keterangan/compare", {"dari": 2, "ke": 2}).json()
    assert same["fields"] == [] and {s["kind"] for s in same["steps"]} == {"unchanged"}


@pytest.mark.parametrize(
    ("query", "status", "said"),
    [
        ({"dari": 1, "ke": 3}, 404, "SOP version 3 not found."),
        ({"dari": "satu", "ke": 1}, 422, "dari"),
        ({"dari": 0, "ke": 1}, 422, "dari"),
        ({"ke": 1}, 422, "dari"),
    ],
)
def test_a_bad_version_is_refused_clearly(office: Office, query: dict, status: int, said: str) -> None:
    answer = Client().get("/api/sop/kec-contoh/surat-keterangan/compare", query, headers={"accept-language": "en"})
    assert answer.status_code == status and said in answer.json()["message"]
    missing = Client().get("/api/sop/kec-contoh/tidak-ada/compare", {"dari": 1, "ke": 1})
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
