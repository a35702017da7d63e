"""p50/p95 of the officers' and citizens' reads as history grows: 10k, 100k, ... cases on PostgreSQL.

Usage: python benchmarks/scale/run.py [--sizes 10000,100000] [--repeat 30] [--reuse]
       (SOPAN_DATABASE_URL, default postgres://sopan:sopan@127.0.0.1:5432/sopan_scale; the database is made
       anew, so never point it at one you keep; ``--reuse`` measures again the database an earlier run left)

The kec-bawang library is published and its demo cases simulated through the engine (the open backlog the
inbox shows). History is then cloned in bulk from one finished case, with ``insert_rows`` of the web test
factories: each clone a finished case with its own id, tracking code, opening time and applicant. At each size
the pages are asked for in process through Django's test client, signed in as the office's demo user (every
role), and timed: inbox, case list, case search (POST, by NIK), case page, public status, catalog, API case
list (its first page, and its page in the middle of the history by offset and by cursor) and API inbox. Before
each size the tables are vacuumed and analysed, as autovacuum keeps a database in use: without it the
visibility map of freshly inserted rows is empty and every index-only scan (the case list's count) reads the
table too, which no database that has run for a day does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
DEFAULT_URL = "postgres://sopan:sopan@127.0.0.1:5432/sopan_scale"


def fresh_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def clone_history(model, start: int, count: int) -> None:
    from tests.web.factories import insert_rows

    from sopan.web.cases.models import Case

    for first in range(start, start + count, 10_000):
        rows = [
            Case(
                id=uuid.uuid4(),
                tracking_code=f"H{index:010d}",
                organisation_id=model.organisation_id,
                sop_version_id=model.sop_version_id,
                status=Case.Status.FINISHED,
                opened_at=model.opened_at - dt.timedelta(minutes=10 * (index + 1)),
                due_at=model.opened_at - dt.timedelta(minutes=10 * index - 600),
                closed_at=model.opened_at - dt.timedelta(minutes=10 * index),
                version=model.version,
                state={**model.state, "applicant": {"name": f"Pemohon {index}", "nik": f"3508{index:012d}"}},
                applicant_nik=f"3508{index:012d}",
            )
            for index in range(first, min(first + 10_000, start + count))
        ]
        insert_rows(rows)


def kec_bawang(default_url: str, reuse: bool):
    """Django set up on ``SOPAN_DATABASE_URL`` (made anew unless ``reuse``), migrated, the kec-bawang library
    published (unless ``reuse``): the organisation."""
    url = os.environ.setdefault("SOPAN_DATABASE_URL", default_url)
    if not reuse:
        fresh_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sopan.web.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host name
    from django.core.management import call_command

    from sopan.web.catalog.models import Organisation
    from sopan.web.catalog.publishing import publish_library

    call_command("migrate", verbosity=0)
    if not reuse:
        publish_library([ROOT / "library" / "kec-bawang"])
    return Organisation.objects.get(code="kec-bawang")


def timed(call, repeat: int) -> tuple[float, float]:
    call()  # warm: the process caches, the database's pages
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (response.status_code, response.content[:200])
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def middle_pages(screen, total: int) -> dict:
    """The API's page of 50 in the middle of the history, asked by offset and by the cursor its previous page's
    next link gives: an offset walks past every case before it, a cursor starts at its place in the index."""
    middle = total // 2
    before = screen.get("/api/cases", {"limit": 50, "offset": middle - 50})
    link = next(part for part in before["Link"].split(",") if 'rel="next"' in part)
    cursor_page = "/api/cases" + link.split(";")[0].strip()[1:-1]
    by_offset = screen.get("/api/cases", {"limit": 50, "offset": middle}).json()
    assert screen.get(cursor_page).json() == by_offset  # the same page either way
    return {
        "API case list, middle page by offset": lambda: screen.get("/api/cases", {"limit": 50, "offset": middle}),
        "API case list, middle page by cursor": lambda: screen.get(cursor_page),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="measure the database an earlier run left")
    args = parser.parse_args()
    organisation = kec_bawang(DEFAULT_URL, args.reuse)
    from django.db import connection
    from django.test import Client

    from sopan.web.accounts.demo import ensure_office_demo_user
    from sopan.web.cases.models import Case
    from sopan.web.cases.simulate import simulate_organisation

    if not args.reuse:
        simulate_organisation(organisation, 3, seed=1, window_days=30)
    officer = ensure_office_demo_user(organisation)
    screen = Client()
    screen.force_login(officer)
    model = Case.objects.filter(status=Case.Status.FINISHED).exclude(state__applicant=None).first()
    live = Case.objects.filter(status=Case.Status.OPEN).first()
    nik = "3508000000004242"
    pages = {
        "inbox": lambda: screen.get("/tugas/"),
        "case list": lambda: screen.get("/kasus/"),
        "case search (NIK)": lambda: screen.post("/kasus/", {"nik": nik}),
        "case page": lambda: screen.get(f"/kasus/{live.pk}/"),
        "public status": lambda: Client(REMOTE_ADDR=f"10.0.{time.perf_counter_ns() % 250}.1").get(
            f"/status/{live.tracking_code}/"
        ),
        "catalog": lambda: Client().get("/"),
        "API case list": lambda: screen.get("/api/cases", {"limit": 50}),
        "API inbox": lambda: screen.get("/api/tasks", {"limit": 50}),
    }
    made = Case.objects.filter(tracking_code__regex=r"^H[0-9]{10}$").count()  # the clones an earlier run made
    print(f"# {dt.date.today()} {os.uname().machine}, {os.cpu_count()} cores, PostgreSQL")
    for size in (int(part) for part in args.sizes.split(",")):
        clone_history(model, made, max(0, size - made))
        made = max(made, size)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        total = Case.objects.count()
        figures = {name: timed(call, args.repeat) for name, call in {**pages, **middle_pages(screen, total)}.items()}
        print(f"## {total} cases")
        for name, (p50, p95) in figures.items():
            print(f"| {name} | {p50:.1f} ms | {p95:.1f} ms |")


if __name__ == "__main__":
    main()
