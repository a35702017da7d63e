"""An organisation's figures per SOP for a regional dashboard (``GET /api/pemantauan/{org}/kinerja``): the same
counts as each SOP's own performance, only the period's cases, never another organisation's."""

from __future__ import annotations

from django.test import Client

from sopan.engine import OpenCase, RejectCase
from sopan.web.accounts.models import ApiToken
from sopan.web.cases.services import submit
from sopan.web.catalog.models import SopVersion
from tests.factories import ANI, at
from tests.web.factories import NOBODY, Office, open_case


def test_an_organisations_figures_per_sop_match_the_sops_own(office: Office) -> None:
    open_case(office, at(2, 8))
    open_case(office, at(3, 9))
    rejected = open_case(office, at(4, 10))
    submit(office.loket, RejectCase(actor=NOBODY, at=at(4, 11), reason="Bukan wewenang"), case=rejected)
    open_case(office, at(2, 8).replace(month=10))  # outside the period
    other = SopVersion.objects.get(sop__organisation__code="kec-lain")
    submit(office.outsider, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=other)
    _, raw = ApiToken.issue(office.kasi, "dasbor")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    november = {"dari": "2026-11-01", "sampai": "2026-11-30"}
    answer = client.get("/api/pemantauan/kec-contoh/kinerja", november)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["organisation"], body["start"], body["end"]) == ("kec-contoh", "2026-11-01", "2026-11-30")
    [row] = body["sops"]
    assert row["sop"] == "surat-keterangan" and row["title"]
    assert {key: row["cases"][key] for key in ("opened", "open", "rejected", "finished")} == {
        "opened": 3,
        "open": 2,
        "rejected": 1,
        "finished": 0,
    }
    own = client.get("/api/pemantauan/kec-contoh/surat-keterangan/kinerja", november).json()["cases"]
    assert row["cases"] == own
    assert client.get("/api/pemantauan/kec-lain/kinerja", november).status_code == 404
    assert client.get("/api/pemantauan/kec-contoh/kinerja", {"dari": "2026-13-01"}).status_code == 422
