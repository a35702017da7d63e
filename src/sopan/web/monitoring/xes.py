"""The event log as XES (IEEE 1849-2016), written trace by trace so memory stays flat however many cases."""

from __future__ import annotations

import json
from typing import BinaryIO
from zoneinfo import ZoneInfo

from sopan.web.monitoring.eventlog import CLOSINGS, TASK_KINDS, CaseEvents, LogSelection, Steps, read_cases
from sopan.web.monitoring.log_times import iso_millis

__all__ = ["escape", "write_xes"]

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
  <global scope="trace">
    <string key="concept:name" value="-"/>
  </global>
  <global scope="event">
    <string key="concept:name" value="-"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
    <string key="lifecycle:transition" value="complete"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <classifier name="Activity and transition" keys="concept:name lifecycle:transition"/>
"""


_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
        # characters XML 1.0 cannot carry at all, not even as references: shown as U+FFFD
        **{chr(code): "\ufffd" for code in [*range(0x20), 0xFFFE, 0xFFFF] if code not in (0x9, 0xA, 0xD)},
    }
)


def escape(value: object) -> str:
    """``value`` as text fit for a double-quoted XML attribute."""
    return str(value).translate(_ESCAPES)


def _attr(tag: str, key: str, value: object) -> str:
    return f'<{tag} key="{key}" value="{escape(value)}"/>'


class _Parts:
    """The text around an event's time, made once per (version, kind, step), (lifecycle, roles, step), task number
    and answer: an export writes the same few hundred strings millions of times. Keys are the values as read (text
    on PostgreSQL, numbers on SQLite); each is turned into its number only when its text is first made."""

    def __init__(self, steps: Steps) -> None:
        self.steps = steps
        self.roles: dict[object, str] = {}
        self.before: dict[tuple[object, ...], str] = {}
        self.after: dict[tuple[object, ...], str] = {}
        self.tasks: dict[object, str] = {}
        self.answers: dict[str, str] = {}

    def role_names(self, roles: object) -> str:
        """The roles' names from their codes (a list, or its JSON text)."""
        found = self.roles.get(roles)
        if found is None:
            codes = json.loads(roles) if isinstance(roles, str) else roles
            found = self.roles[roles] = self.steps.roles(list(codes or []))  # type: ignore[arg-type]
        return found

    def head(self, version_id: int, kind: str, step: object) -> str:
        """``<event>`` with its activity, up to the time's value."""
        found = self.before.get((version_id, kind, step))
        if found is None:
            activity = CLOSINGS.get(kind) or self.steps.activity(version_id, _number(step))  # type: ignore[arg-type]
            found = "    <event>" + _attr("string", "concept:name", activity) + '<date key="time:timestamp" value="'
            self.before[(version_id, kind, step)] = found
        return found

    def tail(self, lifecycle: str, resource: str, step: object) -> str:
        """From the end of the time's value to the step's number."""
        found = self.after.get((lifecycle, resource, step))
        if found is None:
            found = '"/>' + _attr("string", "lifecycle:transition", lifecycle)
            if resource:
                found += _attr("string", "org:role", resource)
            if step is not None:
                found += _attr("int", "step", _number(step))
            self.after[(lifecycle, resource, step)] = found
        return found

    def task(self, number: object) -> str:
        found = self.tasks.get(number)
        if found is None:
            found = self.tasks[number] = _attr("int", "task", _number(number))
        return found

    def answer(self, answer: str) -> str:
        found = self.answers.get(answer)
        if found is None:
            found = self.answers[answer] = _attr("string", "answer", answer)
        return found


def _number(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


def _trace(case: CaseEvents, head: str, parts: _Parts, zone: ZoneInfo) -> str:
    """One ``<trace>`` element: the case's head, then an ``<event>`` line per event."""
    lines = ["  <trace>", _attr("string", "concept:name", case.case), head]
    task_roles: dict[object, str] = {}
    for _seq, kind, at, task, step, answer, roles, elapsed in case.events:
        lines.append(parts.head(case.version_id, kind, step))
        lines.append(at if isinstance(at, str) else iso_millis(at, zone))
        if kind in CLOSINGS:
            lines.append(parts.tail("complete", "", step))
            lines.append("</event>\n")
            continue
        if kind == "task_activated":
            task_roles[task] = parts.role_names(roles)
        lines.append(parts.tail(TASK_KINDS[kind], task_roles.get(task, ""), step))
        if task is not None:
            lines.append(parts.task(task))
        if answer:
            lines.append(parts.answer(answer))
        if elapsed is not None:
            lines.append(f'<float key="elapsed_minutes" value="{float(elapsed)}"/>')
        lines.append("</event>\n")
    lines.append("  </trace>\n")
    return "".join(lines)


def write_xes(selection: LogSelection, out: BinaryIO, name: str) -> int:
    """Write the selection's log to ``out`` (UTF-8); returns how many traces were written.

    The database formats the times and gives the few keys of each event's data as text (see ``read_cases``);
    everything repeated is made once (``_Parts``, each version's and status's trace attributes)."""
    steps = Steps(selection.organisation)
    parts, zone = _Parts(steps), selection.zone
    heads: dict[tuple[int, str], str] = {}
    out.write(_HEAD.encode())
    out.write(f"  {_attr('string', 'concept:name', name)}\n".encode())
    count = 0
    for case in read_cases(selection, text_times=True):
        head = heads.get((case.version_id, case.status))
        if head is None:
            sop, number, _process = steps.version(case.version_id)
            head = _attr("string", "sop", sop) + _attr("int", "version", number)
            head = heads[(case.version_id, case.status)] = head + _attr("string", "status", case.status) + "\n"
        out.write(_trace(case, head, parts, zone).encode())
        count += 1
    out.write(b"</log>\n")
    return count
