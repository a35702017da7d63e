"""What the client sent to PostgreSQL while something ran, read from libpq's trace: the messages that count round
trips (Sync, simple Query) and statements planned anew (Parse)."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db import connection


def sent_messages(run: Callable[[], Any]) -> tuple[Counter[str], bytes]:
    """How many messages of each kind the client sent while ``run()`` ran, and the trace itself."""
    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    with tempfile.TemporaryFile() as trace:
        pgconn.trace(trace.fileno())
        pgconn.set_trace_flags(1)  # no timestamps
        try:
            run()
        finally:
            pgconn.untrace()
        trace.seek(0)
        text = trace.read()
    kinds: Counter[str] = Counter()
    for line in text.splitlines():
        parts = line.split(b"\t")
        if len(parts) > 2 and parts[0] == b"F":
            kinds[parts[2].decode()] += 1
    return kinds, text
