"""Case lists paged by cursor: following the next links visits every case once, in the sort's order, ties included."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client

from sopan.web.accounts.models import ApiToken
from sopan.web.cases.keyset import continue_after, cursor_after
from sopan.web.cases.models import Case
from sopan.web.cases.search import SORTS, SearchError
from tests.web.factories import Office, insert_rows, open_case

pytestmark = pytest.mark.usefixtures("fast_users")
START = dt.datetime(2025, 3, 3, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def cases(office: Office) -> list[Case]:
    """61 cases: 60 copies of one opened through the engine, opened three at a time at the same moment (ties the
    id settles), every fourth without a due time (as a closed case of a step without waktu)."""
    model = open_case(office)
    copies = [
        Case(
            id=uuid.uuid4(),
            tracking_code=f"KURSOR-{index:03d}",
            organisation_id=model.organisation_id,
            sop_version_id=model.sop_version_id,
            status=model.status,
            current_step=model.current_step,
            opened_at=START + dt.timedelta(hours=index // 3),
            due_at=None if index % 4 == 0 else START + dt.timedelta(days=2, hours=(index * 7) % 11),
            closed_at=None,
            version=model.version,
            state=model.state,
        )
        for index in range(60)
    ]
    insert_rows(copies)
    return [model, *copies]


def _forged(moment: str) -> str:
    """A cursor in sopan's shape whose moment sopan never wrote."""
    raw = json.dumps(["-opened_at", moment, uuid.uuid4().hex]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _api(office: Office) -> Client:
    _, raw = ApiToken.issue(office.loket, "kursor")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _next(answer: Any) -> str | None:
    for part in answer.get("Link", "").split(","):
        if 'rel="next"' in part:
            return part.split(";")[0].strip()[1:-1]
    return None


@pytest.mark.parametrize("sort", list(SORTS))
def test_following_next_links_visits_every_case_once_in_the_sorts_order(
    office: Office, cases: list[Case], sort: str
) -> None:
    api = _api(office)
    expected = [str(pk) for pk in Case.objects.order_by(*SORTS[sort][1]).values_list("id", flat=True)]
    seen: list[str] = []
    answer = api.get("/api/cases", {"sort": sort, "limit": 7})
    while True:
        assert answer.status_code == 200, answer.content
        seen += [row["id"] for row in answer.json()]
        link = _next(answer)
        if link is None:
            break
        assert "offset" not in link and "after=" in link
        answer = api.get(f"/api/cases{link}")
    assert seen == expected and len(seen) == len(cases)


def test_the_search_gives_the_next_pages_cursor_in_its_body(office: Office, cases: list[Case]) -> None:
    api = _api(office)
    seen: list[str] = []
    body: dict[str, Any] = {"limit": 25, "sort": "due_at"}
    while True:
        page = api.post("/api/cases/search", json.dumps(body), content_type="application/json").json()
        seen += [row["id"] for row in page["items"]]
        if page["next"] is None:
            break
        body["after"] = page["next"]
    assert sorted(seen) == sorted(str(case.pk) for case in cases) and len(seen) == len(set(seen))


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ({"after": "bukan-kursor"}, "after: kursor tidak dikenal"),
        ({"after": "W10"}, "after: kursor tidak dikenal"),  # base64 of "[]"
        ({"after": "x" * 201}, "after"),
        ({"after": _forged("9999-12-31T23:59:59-14:00")}, "after: kursor tidak dikenal"),  # past year 9999 in UTC
        ({"after": _forged("0001-01-01T00:00:00+14:00")}, "after: kursor tidak dikenal"),  # before year 1 in UTC
        ({"after": _forged("2026-01-01T00:00:00")}, "after: kursor tidak dikenal"),  # no time zone
        ({"after": "placeholder", "offset": 10}, "after: pakai offset atau after, tidak keduanya"),
    ],
)
def test_a_bad_cursor_is_refused_naming_the_field(
    office: Office, cases: list[Case], query: dict[str, Any], said: str
) -> None:
    refused = _api(office).get("/api/cases", query)
    assert refused.status_code == 422 and said in refused.json()["message"], refused.content


def test_a_cursor_of_another_sort_is_refused(office: Office, cases: list[Case]) -> None:
    cursor = cursor_after(cases[5], "opened_at")
    refused = _api(office).get("/api/cases", {"after": cursor, "sort": "-due_at"})
    assert refused.status_code == 422 and "after: kursor ini untuk urutan lain" in refused.json()["message"]
    with pytest.raises(SearchError):
        continue_after(Case.objects.all(), "-due_at", cursor)


def test_the_openapi_document_declares_the_cursor_and_the_list_headers(db: Any) -> None:
    schema = Client().get("/api/openapi.json").json()
    listing = schema["paths"]["/api/cases"]["get"]
    assert "after" in {parameter["name"] for parameter in listing["parameters"]}
    assert set(listing["responses"]["200"]["headers"]) == {"X-Total-Count", "X-Total-Count-At-Least", "Link"}
    assert "next" in schema["components"]["schemas"]["CasePage"]["properties"]
