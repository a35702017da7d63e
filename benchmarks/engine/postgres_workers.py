"""sopan on PostgreSQL with 1, 2 and 4 worker processes: rate, client and server CPU, statements and round trips.

Used by ``run.py`` inside its PostgreSQL child process, after Django is set up and the SOP is published. Each worker
is a forked process with its own connection (its own server backend) driving its own cases; all start together at
a barrier. The server's CPU is read from ``/proc/<backend pid>/stat`` before and after (the backend runs on the same
machine), so "server CPU" is the backends' own work, not the WAL writer's or the checkpointer's.
Statements and round trips are counted on the wire, from libpq's trace of one worker's messages.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

Runner = Callable[[int, int], int]
WORKER_COUNTS = (1, 2, 4)
_TICK = os.sysconf("SC_CLK_TCK")


def backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def process_cpu(pid: int) -> float:
    """Seconds of CPU (user and system) a process on this machine has used, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def _worker(run_cases: Runner, first: int, cases: int, barrier: Any, results: Any) -> None:
    from django.db import connection

    connection.close()  # the parent's connection is not this process's: open its own
    run_cases(first + 1_000_000, 2)  # this connection's first commands (statements prepared, caches filled)
    pid = backend_pid()
    barrier.wait()
    started, cpu, server = time.perf_counter(), time.process_time(), process_cpu(pid)
    done = run_cases(first, cases)
    results.put((done, started, time.perf_counter(), time.process_time() - cpu, process_cpu(pid) - server))
    connection.close()


def run_together(run_cases: Runner, workers: int, first: int, cases: int) -> dict[str, float]:
    """``workers`` processes, each running ``cases`` cases of its own; the rate over the wall time of all."""
    from django.db import connection

    connection.close()  # never share a connection with forked children
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(workers), context.Queue()
    children = [
        context.Process(target=_worker, args=(run_cases, first + index * cases, cases, barrier, results))
        for index in range(workers)
    ]
    for child in children:
        child.start()
    rows = [results.get(timeout=900) for _ in children]
    for child in children:
        child.join()
        if child.exitcode != 0:
            raise SystemExit(f"a PostgreSQL worker failed (exit code {child.exitcode})")
    done = sum(row[0] for row in rows)
    wall = max(row[2] for row in rows) - min(row[1] for row in rows)
    return {
        "rate": done / wall,
        "client_ms": sum(row[3] for row in rows) * 1000 / done,
        "server_ms": sum(row[4] for row in rows) * 1000 / done,
        "completions": done,
    }


def wire_counts(run_cases: Runner, first: int, cases: int) -> dict[str, float]:
    """Statements and round trips per completion, read from libpq's trace of this process's connection.

    A statement is an Execute message (extended protocol) or a simple Query; a round trip is a Sync or a simple
    Query (the client then waits for the server); Parse messages are statements parsed and planned anew.
    """
    from django.db import connection

    run_cases(first + 2_000_000, 1)
    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    with tempfile.TemporaryFile() as trace:
        pgconn.trace(trace.fileno())
        pgconn.set_trace_flags(1)  # suppress timestamps
        try:
            done = run_cases(first, cases)
        finally:
            pgconn.untrace()
        trace.seek(0)
        sent = [line.split(b"\t") for line in trace.read().splitlines()]
    counts = {"Query": 0, "Parse": 0, "Execute": 0, "Sync": 0}
    for parts in sent:
        if len(parts) > 2 and parts[0] == b"F" and parts[2].decode() in counts:
            counts[parts[2].decode()] += 1
    return {
        "statements": (counts["Execute"] + counts["Query"]) / done,
        "round_trips": (counts["Sync"] + counts["Query"]) / done,
        "parsed": (counts["Parse"] + counts["Query"]) / done,
    }


def measure_workers(
    run_cases: Runner, cases: int, repeat: int, warmup: int, counts: Sequence[int] = WORKER_COUNTS
) -> dict[str, Any]:
    """Each worker count ``repeat`` times (taking turns), the medians; and the wire counts of one connection."""
    run_cases(0, warmup)
    wire = wire_counts(run_cases, 3_000_000, min(cases, 10))
    runs: dict[int, list[dict[str, float]]] = {count: [] for count in counts}
    first = 10_000_000
    for _ in range(repeat):
        for count in counts:
            runs[count].append(run_together(run_cases, count, first, cases))
            first += count * cases
    measured: dict[str, Any] = {"wire": wire}
    for count, rows in runs.items():
        measured[str(count)] = {
            "rates": [row["rate"] for row in rows],
            "client_ms": statistics.median(row["client_ms"] for row in rows),
            "server_ms": statistics.median(row["server_ms"] for row in rows),
            "completions": rows[0]["completions"],
            "cases": cases,
        }
    return measured
