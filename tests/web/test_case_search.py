"""Finding cases among 10,000: every filter on the screen and in the API, paging with the total, refusals.

The 10,000 cases are clones of one case opened through the engine, written in one statement (``clone_cases``
with ``insert_rows``): each with its own id, an opening time one hour after the previous, a status and a due
time that make some late, and its own applicant (every hundredth is a "Budi" with his own NIK). Building them
takes a few seconds; opening them through the engine would take minutes.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client

from sopan.engine.tracking import new_code
from sopan.web.accounts.models import ApiToken
from sopan.web.cases import access
from sopan.web.cases.access import TOTAL_CAP
from sopan.web.cases.models import Case
from tests.factories import at
from tests.web.factories import Office, client_for, insert_rows, open_case

COUNT = 10_000
START = dt.datetime(2025, 1, 1, 1, 0, tzinfo=dt.UTC)
SEARCHED = (7, 1234)  # the clones searched by code get real codes; the others a cheap unique stand-in


pytestmark = pytest.mark.usefixtures("fast_users")


def budi_nik(index: int) -> str:
    return f"35080101{index:08d}"


def clone_cases(model: Case, count: int) -> list[Case]:
    """``count`` copies of ``model`` in one bulk insert: case ``i`` opened ``i`` hours after START; every third
    finished (every ninth of them after its due time), the rest open with a due time in the past for every
    fifth; every hundredth applicant is Budi with a NIK of his own."""
    rows = []
    for index in range(count):
        budi = index % 100 == 0
        applicant = {
            "name": f"Budi Santoso {index}" if budi else f"Pemohon {index}",
            "nik": budi_nik(index) if budi else f"35089999{index:08d}",
        }
        opened = START + dt.timedelta(hours=index)
        finished = index % 3 == 0
        due = opened + dt.timedelta(days=2)
        closed = opened + dt.timedelta(days=3 if index % 9 == 0 else 1) if finished else None
        rows.append(
            Case(
                id=uuid.uuid4(),
                tracking_code=new_code() if index in SEARCHED else f"KLON-{index:05d}",
                organisation_id=model.organisation_id,
                sop_version_id=model.sop_version_id,
                status=Case.Status.FINISHED if finished else Case.Status.OPEN,
                current_step=None if finished else model.current_step,
                opened_at=opened,
                due_at=due if finished or index % 5 == 0 else opened + dt.timedelta(days=3650),
                closed_at=closed,
                version=model.version,
                state={**model.state, "applicant": applicant},  # shared parts are only read
                applicant_nik=applicant["nik"],
            )
        )
    insert_rows(rows)
    return rows


@pytest.fixture
def many(office: Office) -> tuple[Office, list[Case]]:
    first = open_case(office, when=at(2, 8))
    return office, clone_cases(first, COUNT)


def next_link(answer: Any) -> str:
    """The ``<...>`` of the answer's rel="next" link."""
    return next(part.split(";")[0].strip() for part in answer["Link"].split(",") if 'rel="next"' in part)


def api_client(office: Office) -> Client:
    _, raw = ApiToken.issue(office.loket, "cari")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def codes(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [row["case"].tracking_code for row in response.context["rows"]]


def test_screen_pages_through_all_cases_with_the_total(many: tuple[Office, list[Case]]) -> None:
    office, clones = many
    screen = client_for(office.loket)
    first = screen.get("/kasus/")
    assert first.status_code == 200
    # 10,001 cases: one more than a list counts, so the total says "more than 10,000" and pages go as far as that
    assert (first.context["total"], first.context["more"], first.context["pages"]) == (TOTAL_CAP, True, 200)
    assert "1–50 dari lebih dari 10.000 kasus" in first.content.decode() and "1 / 200" not in first.content.decode()
    second = screen.get("/kasus/", {"page": 2})
    assert not set(codes(first)) & set(codes(second))
    newest = sorted(clones, key=lambda case: case.opened_at, reverse=True)
    assert codes(second) == [case.tracking_code for case in newest[49:99]]  # the engine's own case is newest
    last = screen.get("/kasus/", {"page": 10**9})  # past the end: the last page the count reaches
    assert last.context["page"] == 200 and len(last.context["rows"]) == 50 and last.context["next"] is None
    assert "Persempit pencarian atau balik urutannya" in last.content.decode()
    oldest = screen.get("/kasus/", {"sort": "opened_at"})  # the other end, reached by the order
    assert codes(oldest)[0] == min(clones, key=lambda case: case.opened_at).tracking_code
    english = screen.get("/kasus/", {"lang": "en"}).content.decode()
    assert "Showing 1–50 of more than 10,000 cases" in english
    finished = screen.get("/kasus/", {"status": "finished"})  # under the cap: exact, with its pages
    assert finished.context["more"] is False and f"/ {finished.context['pages']}" in finished.content.decode()


def test_screen_filters(many: tuple[Office, list[Case]]) -> None:
    office, clones = many
    screen = client_for(office.loket)
    wanted = clones[1234]
    loose = wanted.tracking_code.lower().replace("-", "")
    assert codes(screen.get("/kasus/", {"code": loose})) == [wanted.tracking_code]
    finished = screen.get("/kasus/", {"status": "finished"})  # the engine's own case is open
    assert finished.context["total"] == sum(1 for case in clones if case.status == "finished")
    late = screen.get("/kasus/", {"late": "late"})
    assert late.context["total"] == sum(case.is_late for case in Case.objects.only("status", "due_at", "closed_at"))
    on_time = screen.get("/kasus/", {"late": "on_time"})
    assert late.context["total"] + on_time.context["total"] == COUNT + 1
    days = screen.get("/kasus/", {"opened_from": "2025-01-02", "opened_to": "2025-01-03", "sort": "opened_at"})
    assert days.context["total"] == 48  # 24 opened each day (the clones' hours count from 01:00 UTC = 08:00 WIB)
    assert days.context["rows"][0]["case"].opened_at.isoformat() == "2025-01-01T17:00:00+00:00"


def test_name_and_nik_are_searched_by_post_only(many: tuple[Office, list[Case]]) -> None:
    office, clones = many
    screen = client_for(office.loket)
    by_nik = screen.post("/kasus/", {"nik": budi_nik(4200)})
    assert codes(by_nik) == [clones[4200].tracking_code]
    assert by_nik.context["rows"][0]["applicant"]["name"] == "B*** S****** 4***"  # masked in the list
    by_name = screen.post("/kasus/", {"name": "budi santoso"})
    assert by_name.context["total"] == COUNT // 100
    page_two = screen.post("/kasus/", {"name": "budi santoso", "page": "2"})
    assert len(page_two.context["rows"]) == COUNT // 100 - 50 and "?page=" not in page_two.content.decode()
    in_url = screen.get("/kasus/", {"nik": budi_nik(4200)})
    assert in_url.context["error"].startswith("Cari nama atau NIK melalui formulir")
    assert in_url.context["total"] == 0 and not in_url.context["rows"]  # no list as if it had searched
    wrong = screen.post("/kasus/", {"nik": "12345"})
    page = wrong.content.decode()
    assert wrong.status_code == 422 and "NIK: NIK terdiri dari 16 angka" in page and "nik:" not in page
    assert 'name="nik" value="12345"' in page and not wrong.context["rows"]  # kept to be mended; no list
    dates = screen.get("/kasus/", {"lang": "en", "opened_from": "2026-12-01", "opened_to": "2026-11-01"})
    assert "Opened to: " in dates.content.decode() and "opened_to:" not in dates.content.decode()


def test_api_lists_with_filters_total_and_links(
    many: tuple[Office, list[Case]], monkeypatch: pytest.MonkeyPatch
) -> None:
    office, clones = many
    api = api_client(office)
    answer = api.get("/api/cases", {"status": "open", "limit": 20, "offset": 40})
    open_count = sum(1 for case in clones if case.status == "open") + 1
    assert answer.status_code == 200 and answer["X-Total-Count"] == str(open_count)
    assert len(answer.json()) == 20 and {row["status"] for row in answer.json()} == {"open"}
    links = answer["Link"]
    assert "<?status=open&limit=20&after=" in next_link(answer)  # a cursor: deep pages cost what the first does
    assert '<?status=open&limit=20&offset=20>; rel="prev"' in links
    following = api.get("/api/cases", {"status": "open", "limit": 20, "offset": 60}).json()
    assert api.get(f"/api/cases{next_link(answer)[1:-1]}").json() == following
    assert not {row["id"] for row in following} & {row["id"] for row in answer.json()}
    newest = api.get("/api/cases", {"limit": 1}).json()[0]  # the engine's own case, with its open task row
    assert newest["current_task"] == 1 and newest["applicant"] == {
        "name": "A** L******",
        "nik": "••••••••••••0001",
        "phone": None,
        "address": None,
    }
    everything = api.get("/api/cases", {"limit": 500, "offset": 9500})  # 10,001: more than the list counts
    assert everything["X-Total-Count-At-Least"] == "10001" and not everything.has_header("X-Total-Count")
    past_cap = api.get("/api/cases", {"limit": 500, "offset": 10000}).json()
    assert api.get(f"/api/cases{next_link(everything)[1:-1]}").json() == past_cap
    searched = api.post("/api/cases/search", json.dumps({"limit": 1}), content_type="application/json").json()
    assert (searched["total"], searched["more"]) == (TOTAL_CAP, True)
    monkeypatch.setattr(access, "TOTAL_CAP", 100)  # far past the cap, the links still lead on to the end
    beyond = api.get("/api/cases", {"limit": 500, "offset": 9000})
    assert beyond["X-Total-Count-At-Least"] == "101"
    last = api.get(f"/api/cases{next_link(beyond)[1:-1]}")
    assert last.json() == api.get("/api/cases", {"limit": 500, "offset": 9500}).json()
    end = api.get("/api/cases", {"limit": 500, "offset": 9800})
    assert len(end.json()) == COUNT + 1 - 9800 and 'rel="next"' not in end["Link"]
    by_code = api.get("/api/cases", {"code": clones[7].tracking_code.replace("-", " ").lower()})
    assert [row["tracking_code"] for row in by_code.json()] == [clones[7].tracking_code]
    assert by_code["X-Total-Count"] == "1" and "Link" not in by_code


def test_api_search_by_nik_in_the_body(many: tuple[Office, list[Case]]) -> None:
    office, clones = many
    api = api_client(office)
    found = api.post(
        "/api/cases/search", json.dumps({"nik": budi_nik(300), "limit": 5}), content_type="application/json"
    )
    assert found.status_code == 200
    body = found.json()
    assert body["total"] == 1 and body["items"][0]["tracking_code"] == clones[300].tracking_code
    assert body["items"][0]["applicant"]["nik"] == "••••••••••••0300"
    named = api.post("/api/cases/search", json.dumps({"name": "Budi", "limit": 7}), content_type="application/json")
    assert named.json()["total"] == COUNT // 100 and len(named.json()["items"]) == 7


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"statu": "open"}, "statu"),
        ({"nik": "3508010101010001"}, "nik"),
        ({"name": "Ani"}, "name"),
        ({"status": "meledak"}, "status"),
        ({"late": "kadang"}, "late"),
        ({"sort": "nik"}, "sort"),
        ({"opened_from": "2026-13-01"}, "opened_from"),
        ({"opened_from": "2026-02-01", "opened_to": "2026-01-01"}, "opened_to"),
        ({"code": "ABC"}, "code"),
        ({"offset": 10**30}, "offset"),
        ({"offset": 1_000_001}, "offset"),
        ({"limit": 501}, "limit"),
    ],
)
def test_api_refuses_unknown_filters_and_out_of_range_values(office: Office, query: dict, field: str) -> None:
    answer = api_client(office).get("/api/cases", query)
    assert answer.status_code == 422 and answer["Content-Type"].startswith("application/json")
    assert field in answer.json()["message"]


def test_api_search_refuses_unknown_fields(office: Office) -> None:
    answer = api_client(office).post("/api/cases/search", json.dumps({"nama": "Ani"}), content_type="application/json")
    assert answer.status_code == 422 and "nama" in answer.json()["message"]


def test_another_office_sees_none_of_them(many: tuple[Office, list[Case]]) -> None:
    office, _ = many
    screen = client_for(office.outsider)
    assert screen.get("/kasus/").context["total"] == 0
    assert screen.post("/kasus/", {"nik": budi_nik(4200)}).context["rows"] == []
