"""The event-log export read back by an independent reader: r4pm (MIT/Apache-2.0) parses the XES and the OCEL
files, and the OCEL JSON validates against the OCEL 2.0 JSON schema shipped beside these tests.

The expected traces are written from the ``Task`` and ``Case`` tables and the SOP files, not from the exporter.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import r4pm  # the independent reader (MIT/Apache-2.0), a test dependency: its absence fails, never skips
from typer.testing import CliRunner

from sopan.cli import app
from sopan.io.yaml_io import read_sop
from sopan.web.cases.models import Case, Event, Task
from sopan.web.cases.simulate import simulate_organisation
from sopan.web.catalog.models import Organisation, Role
from sopan.web.catalog.publishing import publish_library
from sopan.web.monitoring.eventlog import CLOSINGS as CLOSING_KINDS
from sopan.web.monitoring.eventlog import TASK_KINDS, LogSelection, Steps
from sopan.web.monitoring.log_times import iso_millis
from sopan.web.monitoring.xes import escape, write_xes
from tests.factories import LIBRARY
from tests.web.factories import task_role_codes

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "ocel20.schema.json").read_text())
UNTIL = dt.datetime(2026, 11, 20, 12, tzinfo=ZoneInfo("Asia/Jakarta"))
CLOSING = {"finished": "Selesai", "rejected": "Ditolak", "cancelled": "Dibatalkan"}


@pytest.fixture
def bawang(db) -> Organisation:
    publish_library([LIBRARY / "kec-bawang"])
    organisation = Organisation.objects.get(code="kec-bawang")
    report = simulate_organisation(organisation, 2, seed=11, until=UNTIL, window_days=120)
    assert report.refusals == [] and report.finished and report.closed_early and report.open
    return organisation


def step_names() -> dict[tuple[str, int], str]:
    names = {}
    for path in (LIBRARY / "kec-bawang").glob("*.sop.yaml"):
        sop = read_sop(path).model
        for number, step in enumerate(sop.steps, start=1):
            names[(path.name.removesuffix(".sop.yaml"), step.number or number)] = step.activity
    return names


def expected_traces(cases) -> dict[str, list[tuple[str, str, dt.datetime, str]]]:
    """Per tracking code: (activity, lifecycle, time, role names), from the task table, in time order."""
    names = step_names()
    role_names = dict(Role.objects.values_list("code", "name"))
    traces = {}
    for case in cases:
        key = case.sop_version.sop.key
        rows = []
        for task in Task.objects.filter(case=case).order_by("number").select_related("case"):
            activity = f"{task.step}. {names[(key, task.step)]}"
            roles = ", ".join(sorted(role_names[code] for code in task_role_codes(task)))
            rows.append((activity, "start", task.activated_at, roles))
            if task.completed_at is not None:
                rows.append((activity, "complete", task.completed_at, roles))
        if case.status != Case.Status.OPEN:
            rows.append((CLOSING[case.status], "complete", case.closed_at, ""))
        traces[case.tracking_code] = sorted(rows, key=lambda row: row[2])
    return traces


def read_back(path: Path, kind: str, tmp_path: Path) -> dict:
    """The file as the independent reader understood it (its own JSON serialisation)."""
    item = r4pm.import_item(kind, str(path))
    out = tmp_path / f"{path.stem}.read.json"
    r4pm.export_item(item, str(out))
    r4pm.remove_item(item)
    return json.loads(out.read_text())


def attributes(entries: list[dict]) -> dict:
    return {a["key"]: a["value"]["content"] for a in entries}


def export(*args: str) -> str:
    result = CliRunner().invoke(app, ["ekspor-log", *args])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


@pytest.mark.django_db
def test_xes_reads_back_with_the_same_traces(bawang, tmp_path) -> None:
    path = tmp_path / "bawang.xes"
    assert "18 kasus" in export("kec-bawang", "--format", "xes", "-o", str(path))
    log = read_back(path, "EventLog", tmp_path)
    expected = expected_traces(Case.objects.select_related("sop_version__sop"))
    assert len(log["traces"]) == len(expected) == Case.objects.count() == 18
    for trace in log["traces"]:
        head = attributes(trace["attributes"])
        rows = []
        for event in trace["events"]:
            values = attributes(event["attributes"])
            roles = ", ".join(sorted(filter(None, values.get("org:role", "").split(", "))))
            at = dt.datetime.fromisoformat(values["time:timestamp"])
            rows.append((values["concept:name"], values["lifecycle:transition"], at, roles))
        code = head["concept:name"]
        case = Case.objects.get(tracking_code=code)
        assert head["status"] == case.status and head["sop"] == case.sop_version.sop.key
        # times to the millisecond, as XES writes them
        want = [(a, lc, at.replace(microsecond=at.microsecond // 1000 * 1000), r) for a, lc, at, r in expected[code]]
        assert rows == want, code
    events = [attributes(e["attributes"]) for t in log["traces"] for e in t["events"]]
    starts = sum(1 for e in events if e["lifecycle:transition"] == "start")
    assert starts == Task.objects.count()
    answers = Counter(e.get("answer") for e in events)
    answers.pop(None)
    assert answers == Counter(Task.objects.exclude(answer="").values_list("answer", flat=True)) and answers["ya"]


@pytest.mark.django_db
def test_no_personal_data_in_any_export(bawang, tmp_path) -> None:
    applicants = [case.state.get("applicant") or {} for case in Case.objects.all()]
    secrets = {str(a[field]) for a in applicants for field in ("name", "nik", "phone", "address") if a.get(field)}
    officers = {name for name in Case.objects.values_list("events__actor_name", flat=True) if name}
    assert secrets and officers
    for fmt in ("xes", "ocel-json", "ocel-sqlite"):
        path = tmp_path / f"log.{fmt}"
        export("kec-bawang", "--format", fmt, "-o", str(path))
        content = path.read_bytes().decode("utf-8", errors="replace")
        leaked = [secret for secret in secrets | officers if secret in content]
        assert leaked == [], fmt


@pytest.mark.django_db
def test_ocel_json_validates_and_reads_back(bawang, tmp_path) -> None:
    path = tmp_path / "bawang.jsonocel"
    export("kec-bawang", "--format", "ocel-json", "-o", str(path), "--sop", "pembuatan-ktp")
    document = json.loads(path.read_text())
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    broken = {**document, "events": [{**document["events"][0], "time": "kemarin"}]}
    with pytest.raises(jsonschema.ValidationError):  # the schema does check
        jsonschema.validate(broken, SCHEMA, format_checker=jsonschema.FormatChecker())
    # what the schema cannot say: every type declared, every relationship to an object in the file
    ids = {o["id"] for o in document["objects"]}
    event_types = {t["name"]: {a["name"] for a in t["attributes"]} for t in document["eventTypes"]}
    object_types = {t["name"]: {a["name"] for a in t["attributes"]} for t in document["objectTypes"]}
    assert len(ids) == len(document["objects"])
    for event in document["events"]:
        assert {a["name"] for a in event["attributes"]} <= event_types[event["type"]]
        assert {r["objectId"] for r in event["relationships"]} <= ids
    for item in document["objects"]:
        assert {a["name"] for a in item["attributes"]} <= object_types[item["type"]]
    cases = Case.objects.filter(sop_version__sop__key="pembuatan-ktp")
    assert sum(o["type"] == "permohonan" for o in document["objects"]) == cases.count() == 2
    assert sum(o["type"] == "tugas" for o in document["objects"]) == Task.objects.filter(case__in=cases).count()
    read = read_back(path, "OCEL", tmp_path)
    assert len(read["events"]) == len(document["events"]) > 0
    assert len(read["objects"]) == len(document["objects"])
    assert {e["type"] for e in read["events"]} <= set(event_types)


@pytest.mark.django_db
def test_ocel_sqlite_has_the_relational_layout_and_reads_back(bawang, tmp_path) -> None:
    path = tmp_path / "bawang.sqlite"
    output = export("kec-bawang", "--format", "ocel-sqlite", "-o", str(path))
    db = sqlite3.connect(path)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"event", "object", "event_object", "object_object", "event_map_type", "object_map_type"} <= tables
    events = db.execute("SELECT count(*) FROM event").fetchone()[0]
    assert f"{events} peristiwa" in output
    suffixes = [row[0] for row in db.execute("SELECT ocel_type_map FROM event_map_type")]
    assert {f"event_{s}" for s in suffixes} <= tables
    per_type = sum(db.execute(f'SELECT count(*) FROM "event_{s}"').fetchone()[0] for s in suffixes)
    assert per_type == events
    assert db.execute("SELECT count(*) FROM object WHERE ocel_type = 'permohonan'").fetchone()[0] == 18
    db.close()
    read = read_back(path, "OCEL", tmp_path)
    assert len(read["events"]) == events


@pytest.mark.django_db
def test_period_and_sop_select_the_cases(bawang, tmp_path) -> None:
    zone = ZoneInfo("Asia/Jakarta")
    opened = sorted(Case.objects.values_list("opened_at", flat=True))
    middle = opened[len(opened) // 2].astimezone(zone).date()
    start, end = middle, middle + dt.timedelta(days=20)
    path = tmp_path / "period.xes"
    export("kec-bawang", "--format", "xes", "-o", str(path), "--dari", str(start), "--sampai", str(end))
    names = {attributes(t["attributes"])["concept:name"] for t in read_back(path, "EventLog", tmp_path)["traces"]}
    want = {c.tracking_code for c in Case.objects.all() if start <= c.opened_at.astimezone(zone).date() <= end}
    assert names == want and 0 < len(want) < 18


@pytest.mark.parametrize("fmt", ["xes", "ocel-json", "ocel-sqlite"])
@pytest.mark.django_db
def test_an_unwritable_file_is_named(fmt, tmp_path) -> None:
    publish_library([LIBRARY / "kec-bawang"])
    target = tmp_path / "tidak-ada" / "log"
    result = CliRunner().invoke(app, ["ekspor-log", "kec-bawang", "--format", fmt, "-o", str(target)])
    assert result.exit_code == 1
    assert f"{target}: tidak dapat ditulis" in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kec-tidak-ada", "-o", "x.xes"], "Organisasi 'kec-tidak-ada' tidak ada"),
        (["kec-bawang", "-o", "x.xes", "--format", "csv"], "--format 'csv' tidak dikenal"),
        (["kec-bawang", "-o", "x.xes", "--dari", "31-01-2026"], "--dari '31-01-2026' bukan tanggal"),
        (["kec-bawang", "-o", "x.xes", "--dari", "2026-02-01", "--sampai", "2026-01-01"], "--sampai lebih awal"),
        (["kec-bawang", "-o", "x.xes", "--sop", "tidak-ada"], "SOP 'tidak-ada' tidak ada"),
        (["kec-bawang", "-o", "x.xes", "--dari", "0001-01-01"], "--dari '0001-01-01' di luar rentang tahun"),
        (["kec-bawang", "-o", "x.xes", "--sampai", "9999-12-31"], "--sampai '9999-12-31' di luar rentang tahun"),
    ],
)
@pytest.mark.django_db
def test_bad_input_is_named(args, message, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    publish_library([LIBRARY / "kec-bawang"])
    result = CliRunner().invoke(app, ["ekspor-log", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "x.xes").exists()


XES = "{http://www.xes-standard.org/}"


def xes_tree(selection: LogSelection) -> ET.Element:
    """The XES of the selection, parsed by the standard library's XML parser (which refuses what is not XML)."""
    out = io.BytesIO()
    write_xes(selection, out, "log")
    return ET.fromstring(out.getvalue())


def values(element: ET.Element) -> dict[str, str]:
    return {child.get("key"): child.get("value") for child in element if child.get("key")}


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ('Kasi <Pemerintahan> & "Umum"', 'Kasi <Pemerintahan> & "Umum"'),
        ("baris\tsatu\nbaris dua\r", "baris\tsatu\nbaris dua\r"),
        ("bel\x07 nul\x00 esc\x1b", "bel\ufffd nul\ufffd esc\ufffd"),
        ("\ufffe\uffff", "\ufffd\ufffd"),
        ("]]> ' &amp;", "]]> ' &amp;"),
        ("Kecamatan Bawang ✓ 東", "Kecamatan Bawang ✓ 東"),
    ],
)
def test_attribute_text_is_escaped_and_reads_back(text, read) -> None:
    assert ET.fromstring(f'<e v="{escape(text)}"/>').get("v") == read


@pytest.mark.django_db
def test_hostile_step_and_role_names_stay_well_formed(bawang, monkeypatch) -> None:
    for role in Role.objects.filter(organisation=bawang):
        role.name = f'{role.name} <&> "x"\x01'
        role.save(update_fields=["name"])
    activity = Steps.activity
    monkeypatch.setattr(Steps, "activity", lambda self, v, n: activity(self, v, n) + ' <periksa> & "cek"\x02')
    log = xes_tree(LogSelection(bawang))
    events = [values(e) for t in log.iter(f"{XES}trace") for e in t.iter(f"{XES}event")]
    assert len(events) == Event.objects.filter(kind__in=[*TASK_KINDS, *CLOSING_KINDS]).count() > 0
    steps = [e for e in events if e["concept:name"] not in CLOSING.values()]
    assert steps and all(e["concept:name"].endswith(' <periksa> & "cek"\ufffd') for e in steps)
    roles = [name for e in steps for name in e.get("org:role", "").split(", ") if name]
    assert roles and all(name.endswith(' <&> "x"\ufffd') for name in roles)


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Kathmandu", "America/St_Johns", "UTC"])
@pytest.mark.django_db
def test_traces_in_opening_order_events_in_recorded_order_times_in_the_zone(bawang, zone) -> None:
    open_case = Case.objects.filter(status=Case.Status.OPEN).order_by("opened_at").first()
    last = Event.objects.filter(case=open_case).order_by("-seq").first()
    # a time with microseconds (written truncated to milliseconds), on the day St. John's moves its clocks
    Event.objects.create(
        case=open_case, seq=last.seq + 1, kind="case_cancelled", data={"step": 1},
        at=dt.datetime(2026, 3, 8, 5, 29, 59, 999_999, tzinfo=dt.UTC), actor_name="",
    )  # fmt: skip
    Organisation.objects.filter(pk=bawang.pk).update(timezone=zone)
    bawang.refresh_from_db()
    traces = list(xes_tree(LogSelection(bawang)).iter(f"{XES}trace"))
    kinds = [*TASK_KINDS, *CLOSING_KINDS]
    cases = [c for c in Case.objects.order_by("opened_at", "pk") if c.events.filter(kind__in=kinds).exists()]
    assert [values(t)["concept:name"] for t in traces] == [c.tracking_code for c in cases]
    for trace, case in zip(traces, cases, strict=True):
        events = [values(e) for e in trace.iter(f"{XES}event")]
        recorded = list(case.events.filter(kind__in=kinds).order_by("seq"))
        assert [e["time:timestamp"] for e in events] == [iso_millis(r.at, ZoneInfo(zone)) for r in recorded]
        assert [e.get("task") for e in events] == [
            None if r.kind in CLOSING_KINDS or r.data.get("task") is None else str(r.data["task"]) for r in recorded
        ]
        assert [e["lifecycle:transition"] for e in events] == [TASK_KINDS.get(r.kind, "complete") for r in recorded]
    trace = traces[cases.index(open_case)]
    cancelled = [values(e) for e in trace.iter(f"{XES}event")][-1]
    assert cancelled["concept:name"] == "Dibatalkan" and cancelled["step"] == "1"
    assert cancelled["time:timestamp"] == dt.datetime(2026, 3, 8, 5, 29, 59, 999_000, tzinfo=dt.UTC).astimezone(
        ZoneInfo(zone)
    ).isoformat(timespec="milliseconds")


@pytest.mark.django_db
def test_sop_and_period_together_select_the_traces(bawang) -> None:
    zone = ZoneInfo("Asia/Jakarta")
    opened = sorted(Case.objects.filter(sop_version__sop__key="pembuatan-ktp").values_list("opened_at", flat=True))
    start = opened[-1].astimezone(zone).date()
    selection = LogSelection(bawang, sop_key="pembuatan-ktp", start=start, end=start)
    traces = [values(t) for t in xes_tree(selection).iter(f"{XES}trace")]
    want = [
        c.tracking_code
        for c in Case.objects.filter(sop_version__sop__key="pembuatan-ktp").order_by("opened_at")
        if c.opened_at.astimezone(zone).date() == start
    ]
    assert [t["concept:name"] for t in traces] == want and {t["sop"] for t in traces} == {"pembuatan-ktp"}
    assert len(want) < Case.objects.count()
    assert list(xes_tree(LogSelection(bawang, start=start + dt.timedelta(days=400))).iter(f"{XES}trace")) == []


@pytest.mark.django_db
def test_reasons_and_notes_stay_out_of_the_xes(bawang) -> None:
    written = [
        str(e.data.get(key))
        for e in Event.objects.all()
        for key in ("reason", "note", "missing", "applicant", "outputs")
        if e.data.get(key)
    ]
    out = io.BytesIO()
    write_xes(LogSelection(bawang), out, "log")
    content = out.getvalue().decode()
    assert written and [text for text in written if len(text) > 6 and text in content] == []
