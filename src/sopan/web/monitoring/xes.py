"""The event log as XES (IEEE 1849-2016), written trace by trace so memory stays flat however many cases."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import BinaryIO

from sopan.web.monitoring.eventlog import LogEvent, LogTrace

__all__ = ["write_xes"]

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
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def _attr(tag: str, key: str, value: object) -> str:
    return f'<{tag} key="{key.translate(_ESCAPES)}" value="{str(value).translate(_ESCAPES)}"/>'


@functools.lru_cache(maxsize=4096)
def _repeated(tag: str, key: str, value: object) -> str:
    """``_attr`` of a value met again and again (activity, role, step): escaped once."""
    return _attr(tag, key, value)


def _event(event: LogEvent) -> str:
    parts = [
        _repeated("string", "concept:name", event.activity),
        _attr("date", "time:timestamp", event.at.isoformat(timespec="milliseconds")),
        _repeated("string", "lifecycle:transition", event.lifecycle),
    ]
    if event.resource:
        parts.append(_repeated("string", "org:role", event.resource))
    if event.step is not None:
        parts.append(_repeated("int", "step", event.step))
    if event.task is not None:
        parts.append(_repeated("int", "task", event.task))
    if event.answer:
        parts.append(_repeated("string", "answer", event.answer))
    if event.elapsed_minutes is not None:
        parts.append(_attr("float", "elapsed_minutes", float(event.elapsed_minutes)))
    return "    <event>" + "".join(parts) + "</event>\n"


def write_xes(traces: Iterable[LogTrace], out: BinaryIO, name: str) -> int:
    """Write the traces to ``out`` (UTF-8); returns how many traces were written."""
    out.write(_HEAD.encode())
    out.write(f"  {_attr('string', 'concept:name', name)}\n".encode())
    count = 0
    for trace in traces:
        lines = [
            "  <trace>",
            _attr("string", "concept:name", trace.case),
            _attr("string", "sop", trace.sop),
            _attr("int", "version", trace.version),
            _attr("string", "status", trace.status),
            "\n",
            *(_event(event) for event in trace.events),
            "  </trace>\n",
        ]
        out.write("".join(lines).encode())
        count += 1
    out.write(b"</log>\n")
    return count
