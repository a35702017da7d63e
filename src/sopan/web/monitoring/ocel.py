"""The event log as OCEL 2.0, in its JSON format and its SQLite relational layout, written as it is read.

Objects: each case ("permohonan", by tracking code), each task ("tugas", one activation of a step) and each
role ("peran"). Events: the same as in the XES export (see ``eventlog``), each related to its case, its task
and its role(s). No applicant data, no officer names.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from sopan.web.monitoring.eventlog import LogEvent, LogSelection, LogTrace, Steps, read_traces

__all__ = ["write_ocel_json", "write_ocel_sqlite"]

CASE, TASK, ROLE = "permohonan", "tugas", "peran"
OBJECT_ATTRIBUTES: dict[str, list[tuple[str, str]]] = {
    CASE: [("sop", "string"), ("versi", "integer"), ("status", "string")],
    TASK: [("langkah", "integer"), ("kegiatan", "string")],
    ROLE: [("nama", "string")],
}
EVENT_ATTRIBUTES: list[tuple[str, str]] = [
    ("lifecycle", "string"),
    ("langkah", "integer"),
    ("jawaban", "string"),
    ("menit_kerja", "float"),
]
_SQL_TYPE = {"string": "TEXT", "integer": "INTEGER", "float": "REAL", "time": "TIMESTAMP"}


def _time(value: Any) -> str:
    return value.isoformat()


def _objects(selection: LogSelection, steps: Steps) -> Iterator[tuple[str, str, str, dict[str, Any], list]]:
    """(id, type, time of the attributes, attributes, [(related object id, qualifier)]) for every object."""
    cases = selection.cases().order_by("opened_at", "pk")
    for code, version_id, status, opened_at in cases.values_list(
        "tracking_code", "sop_version_id", "status", "opened_at"
    ).iterator(chunk_size=2000):
        key, number, _ = steps.version(version_id)
        yield code, CASE, _time(opened_at), {"sop": key, "versi": number, "status": status}, []
    tasks = selection.tasks().order_by("case_id", "number")
    for code, version_id, number, step, activated_at in tasks.values_list(
        "case__tracking_code", "case__sop_version_id", "number", "step", "activated_at"
    ).iterator(chunk_size=2000):
        attributes = {"langkah": step, "kegiatan": steps.activity(version_id, step)}
        yield f"{code}/{number}", TASK, _time(activated_at), attributes, [(code, "bagian dari")]
    for code, name in steps.role_names.items():
        yield f"peran:{code}", ROLE, "1970-01-01T00:00:00+00:00", {"nama": name}, []


def _event_attributes(event: LogEvent) -> dict[str, Any]:
    return {
        "lifecycle": event.lifecycle,
        "langkah": event.step,
        "jawaban": event.answer,
        "menit_kerja": None if event.elapsed_minutes is None else float(event.elapsed_minutes),
    }


def _events(traces: Iterable[LogTrace], steps: Steps) -> Iterator[tuple[str, str, str, dict[str, Any], list]]:
    by_name = {name: code for code, name in steps.role_names.items()}
    for trace in traces:
        for event in trace.events:
            related = [(trace.case, "permohonan")]
            if event.task is not None:
                related.append((f"{trace.case}/{event.task}", "tugas"))
            for name in filter(None, event.resource.split(", ")):
                if name in by_name:
                    related.append((f"peran:{by_name[name]}", "pelaksana"))
            yield f"{trace.case}:{event.seq}", event.activity, _time(event.at), _event_attributes(event), related


def write_ocel_json(selection: LogSelection, out: TextIO) -> int:
    """Write OCEL 2.0 JSON to ``out``: objects, then events, then the types met; returns the event count."""
    steps = Steps(selection.organisation)
    out.write('{"objects": [')
    for index, (oid, kind, time, attributes, related) in enumerate(_objects(selection, steps)):
        item = {
            "id": oid,
            "type": kind,
            "attributes": [{"name": k, "time": time, "value": v} for k, v in attributes.items() if v is not None],
            "relationships": [{"objectId": target, "qualifier": q} for target, q in related],
        }
        out.write(("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False))
    out.write('\n], "events": [')
    types: set[str] = set()
    count = 0
    for eid, kind, time, attributes, related in _events(read_traces(selection, steps), steps):
        types.add(kind)
        item = {
            "id": eid,
            "type": kind,
            "time": time,
            "attributes": [{"name": k, "value": v} for k, v in attributes.items() if v is not None],
            "relationships": [{"objectId": target, "qualifier": q} for target, q in related],
        }
        out.write(("," if count else "") + "\n" + json.dumps(item, ensure_ascii=False))
        count += 1
    event_types = [
        {"name": name, "attributes": [{"name": a, "type": t} for a, t in EVENT_ATTRIBUTES]} for name in sorted(types)
    ]
    object_types = [
        {"name": name, "attributes": [{"name": a, "type": t} for a, t in attrs]}
        for name, attrs in OBJECT_ATTRIBUTES.items()
    ]
    out.write('\n], "eventTypes": ' + json.dumps(event_types, ensure_ascii=False))
    out.write(', "objectTypes": ' + json.dumps(object_types, ensure_ascii=False) + "}\n")
    return count


def _map_name(name: str, taken: set[str]) -> str:
    """A table-name suffix for a type: letters and digits only, unique in the file."""
    base = re.sub(r"[^A-Za-z0-9]+", "", name.title()) or "Type"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    taken.add(candidate)
    return candidate


def write_ocel_sqlite(selection: LogSelection, path: Path) -> int:
    """Write OCEL 2.0 in its SQLite layout to a new file at ``path``; returns the event count."""
    path.unlink(missing_ok=True)
    steps = Steps(selection.organisation)
    db = sqlite3.connect(path)
    try:
        db.executescript(
            """
            CREATE TABLE event (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
            CREATE TABLE object (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
            CREATE TABLE event_object (ocel_event_id TEXT, ocel_object_id TEXT, ocel_qualifier TEXT,
                PRIMARY KEY (ocel_event_id, ocel_object_id, ocel_qualifier));
            CREATE TABLE object_object (ocel_source_id TEXT, ocel_target_id TEXT, ocel_qualifier TEXT,
                PRIMARY KEY (ocel_source_id, ocel_target_id, ocel_qualifier));
            CREATE TABLE event_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT);
            CREATE TABLE object_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT);
            """
        )
        taken: set[str] = set()
        object_maps: dict[str, str] = {}
        for name, attrs in OBJECT_ATTRIBUTES.items():
            suffix = object_maps[name] = _map_name(name, taken)
            db.execute("INSERT INTO object_map_type VALUES (?, ?)", (name, suffix))
            columns = "".join(f', "{a}" {_SQL_TYPE[t]}' for a, t in attrs)
            fixed = "ocel_id TEXT, ocel_time TIMESTAMP, ocel_changed_field TEXT"
            db.execute(f'CREATE TABLE "object_{suffix}" ({fixed}{columns})')
        for oid, kind, time, attributes, related in _objects(selection, steps):
            db.execute("INSERT INTO object VALUES (?, ?)", (oid, kind))
            names = list(attributes)
            db.execute(
                f'INSERT INTO "object_{object_maps[kind]}" (ocel_id, ocel_time, ocel_changed_field, '
                + ", ".join(f'"{n}"' for n in names)
                + ") VALUES (?, ?, NULL"
                + ", ?" * len(names)
                + ")",
                (oid, time, *attributes.values()),
            )
            db.executemany("INSERT OR IGNORE INTO object_object VALUES (?, ?, ?)", [(oid, t, q) for t, q in related])
        event_maps: dict[str, str] = {}
        taken = set()
        count = 0
        columns = "".join(f', "{a}" {_SQL_TYPE[t]}' for a, t in EVENT_ATTRIBUTES)
        for eid, kind, time, attributes, related in _events(read_traces(selection, steps), steps):
            suffix = event_maps.get(kind)
            if suffix is None:
                suffix = event_maps[kind] = _map_name(kind, taken)
                db.execute("INSERT INTO event_map_type VALUES (?, ?)", (kind, suffix))
                db.execute(f'CREATE TABLE "event_{suffix}" (ocel_id TEXT PRIMARY KEY, ocel_time TIMESTAMP{columns})')
            db.execute("INSERT INTO event VALUES (?, ?)", (eid, kind))
            db.execute(
                f'INSERT INTO "event_{suffix}" VALUES (?, ?' + ", ?" * len(attributes) + ")",
                (eid, time, *attributes.values()),
            )
            db.executemany("INSERT OR IGNORE INTO event_object VALUES (?, ?, ?)", [(eid, t, q) for t, q in related])
            count += 1
        db.commit()
    finally:
        db.close()
    return count
