"""Step completions per second: sopan (SQLite, PostgreSQL, the pure engine) against SpiffWorkflow, in one run.

Run: python benchmarks/engine/run.py [--cases 100] [--repeat 3] [--postgres URL | --no-postgres]
         [--bench-database NAME] [--no-sqlite] [--sqlite sopan|default|off] [--profile]

Two SOPs, the same workload for every system: N cases, each run from its opening to its end; every decision is
answered "tidak" on its first pass (the case goes back to an earlier step) and "ya" after that. A step completion
is one CompleteStep, RecordOutsideStep or Decide (in SpiffWorkflow: one ready user or manual task run).

- sopan on SQLite / PostgreSQL: every command through ``submit()`` as a user holding the step's role, one
  transaction per command: events, the case state, due times, task rows and register numbers are written. PostgreSQL
  runs with 1, 2 and 4 worker processes, with the server's CPU and the statements on the wire
  (``postgres_workers.py``).
- sopan's pure engine: ``execute()`` on a state in memory, nothing stored (the reference line).
- SpiffWorkflow: the BPMN sopan exports for the same SOP, run task by task; after every task the workflow is
  serialised with ``BpmnWorkflowSerializer`` and UPDATEd into a SQLite table in its own committed transaction.

The runs happen in child processes, as Django reads its database settings once, at start-up: one for SQLite (in a
temporary ``SOPAN_HOME``), where the pure engine and SpiffWorkflow run too, each repetition taking every system in
turn so that a busy moment of a shared machine falls on all of them; one for PostgreSQL, in a fresh
``sopan_bench`` database that is dropped afterwards. Rates are completions per second of wall time over all the
cases of a repetition (case openings included), the median of the repetitions after a warm-up.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import dataclasses
import datetime as dt
import importlib.metadata
import io
import json
import os
import platform
import pstats
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from sopan.engine import (  # noqa: E402
    SIGNED_IN,
    Actor,
    Applicant,
    CaseState,
    Command,
    CompleteStep,
    Context,
    Decide,
    MemoryRegisters,
    OpenCase,
    Process,
    RecordOutsideStep,
    execute,
)
from sopan.engine.tracking import new_code  # noqa: E402
from sopan.io.yaml_io import read_sop  # noqa: E402
from sopan.model.sop import Sop  # noqa: E402
from sopan.worktime.calendar import WorkCalendar  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from postgres_workers import WORKER_COUNTS, measure_workers  # noqa: E402

DEFAULT_POSTGRES = "postgres://sopan:sopan@127.0.0.1:5432/postgres"
# SQLite settings for a run, the same for both systems; None: sopan's own init_command (WAL, synchronous=NORMAL,
# a checkpoint every 16,000 pages)
SQLITE_SETTINGS: dict[str, str | None] = {
    "sopan": None,
    "default": "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=1000",
    "off": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA wal_autocheckpoint=16000",
}
BENCH_DATABASE = "sopan_bench"
WIB = ZoneInfo("Asia/Jakarta")
START = dt.datetime(2026, 11, 2, 8, 0, tzinfo=WIB)  # a Monday
STEP_GAP = dt.timedelta(minutes=20)
NOBODY = SIGNED_IN  # submit() binds it to the signed-in user's roles
APPLICANT = Applicant(name="Ani Lestari", nik="3508010101010001")
REAL_SOP = REPO / "library" / "dukcapil-lumajang" / "pembuatan-surat-tugas.sop.yaml"

# Three lanes, six steps with fixed waktu (minutes, hours and a working day), one decision whose "tidak" sends the
# file back to the loket.
SYNTHETIC_SOP: dict[str, Any] = {
    "organisasi": "kec-uji-kinerja",
    "nama": "Pelayanan Surat Keterangan (uji kinerja)",
    "sifat": "pelayanan",
    "pencatatan_pendataan": ["Register Surat Keterangan"],
    "pelaksana": [
        {"kode": "loket", "nama": "Petugas Loket"},
        {"kode": "kasi", "nama": "Kasi Pelayanan"},
        {"kode": "kepala", "nama": "Kepala Kantor"},
    ],
    "langkah": [
        {
            "kegiatan": "Menerima berkas permohonan",
            "pelaksana": "loket",
            "waktu": "10 menit",
            "output": ["Tanda terima"],
        },
        {"kegiatan": "Memeriksa kelengkapan berkas", "pelaksana": "loket", "waktu": "15 menit", "output": ["Berkas"]},
        {
            "kegiatan": "Memverifikasi berkas permohonan",
            "pelaksana": "kasi",
            "waktu": "1 jam",
            "keputusan": {"pertanyaan": "Berkas lengkap dan benar?", "tidak": 2},
        },
        {"kegiatan": "Membuat konsep surat keterangan", "pelaksana": "kasi", "waktu": "2 jam", "output": ["Konsep"]},
        {"kegiatan": "Menandatangani surat keterangan", "pelaksana": "kepala", "waktu": "1 hari", "output": ["Surat"]},
        {
            "kegiatan": "Menyerahkan surat keterangan kepada pemohon",
            "pelaksana": "loket",
            "waktu": "15 menit",
            "output": ["Tanda terima"],
            "register": "Register Surat Keterangan",
        },
    ],
}


# ----- the SOPs and the workload ---------------------------------------------------------------------------
def load_sops() -> list[tuple[str, Sop]]:
    """The synthetic SOP and the library SOP, each with its id set (the key cases and roles refer to)."""
    synthetic = Sop.model_validate(SYNTHETIC_SOP)
    synthetic.id = "uji-kinerja-surat-keterangan"
    real = read_sop(REAL_SOP).model
    if real is None:
        raise SystemExit(f"cannot read {REAL_SOP}")
    real.id = REAL_SOP.name.removesuffix(".sop.yaml")
    return [("synthetic", synthetic), ("library", real)]


@dataclasses.dataclass(frozen=True)
class Move:
    """What the officer does at one step: who (a role), which command, and the waivers it needs."""

    role: str
    kind: type[CompleteStep] | type[RecordOutsideStep] | type[Decide]
    waivers: dict[str, str]


def plan(process: Process) -> dict[int, Move]:
    """One move per step, computed before timing so the timed loop only builds commands."""
    moves = {}
    for step in process.sop.steps:
        kind = Decide if step.decision else RecordOutsideStep if process.is_outside(step) else CompleteStep
        waivers = {item.key: "Diperiksa di luar sistem" for item in process.requirements(step) if item.required}
        moves[step.number] = Move(min(process.acting_roles(step)), kind, waivers)  # type: ignore[arg-type]
    return moves


Perform = Callable[[str, Command], int | None]
"""Carry out a command as an officer of a role; returns the case's current step afterwards (None when done)."""


def drive(
    process: Process, moves: Mapping[int, Move], actors: Mapping[str, Actor], start: dt.datetime, perform: Perform
) -> int:
    """Run one case to its end through ``perform``; returns the number of step completions."""
    at = start
    opening = OpenCase(
        actor=actors[min(process.opening_roles())],
        at=at,
        applicant=APPLICANT if process.is_service else None,
        trigger=None if process.is_service else "Disposisi pimpinan",
    )
    current = perform(min(process.opening_roles()), opening)
    task = 1
    answered: set[int] = set()
    while current is not None:
        at += STEP_GAP
        move = moves[current]
        actor = actors[move.role]
        command: Command
        if move.kind is Decide:
            again = current in answered
            answered.add(current)
            if again:
                command = Decide(actor=actor, at=at, task=task, answer=True, waivers=move.waivers)
            else:
                command = Decide(actor=actor, at=at, task=task, answer=False, reason="Berkas belum lengkap")
        else:
            command = move.kind(actor=actor, at=at, task=task, waivers=move.waivers)
        current = perform(move.role, command)
        task += 1
    return task - 1


def case_start(index: int) -> dt.datetime:
    """Cases open through the working week, so due times cross days, evenings and the weekend."""
    return START + dt.timedelta(minutes=37 * (index % 200))


@dataclasses.dataclass
class Measure:
    rates: list[float]  # completions per second of wall time, one per repetition
    cpu_ms: list[float]  # this process's CPU time per completion (a database server's own CPU not included)
    completions: int  # per repetition
    cases: int

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


Runner = Callable[[int, int], int]
"""Runs cases ``first .. first + count - 1`` to their end; returns the step completions."""

SQLITE = "sopan, SQLite (submit)"
POSTGRES = "sopan, PostgreSQL (submit)"
POSTGRES_LINES = tuple(f"{POSTGRES}, {n} worker{'s' if n > 1 else ''}" for n in WORKER_COUNTS)
PURE = "sopan, pure engine in memory"
STATEMENTS = "sopan's SQL alone, replayed on SQLite"
SPIFF = "SpiffWorkflow, JSON saved to SQLite per task"
SPIFF_RELOAD = "SpiffWorkflow, loaded and saved per task"
SYSTEMS = (SQLITE, *POSTGRES_LINES, PURE, STATEMENTS, SPIFF, SPIFF_RELOAD)


def measure_together(runners: Mapping[str, Runner], cases: int, repeat: int, warmup: int) -> dict[str, Measure]:
    """Completions per second of each runner after a warm-up. Every repetition runs all systems in turn, so a
    busy moment of a shared machine (its disk above all) falls on each of them alike."""
    for run in runners.values():
        run(0, warmup)
    results = {name: Measure([], [], 0, cases) for name in runners}
    offset = warmup
    for _ in range(repeat):
        for name, run in runners.items():
            started, cpu = time.perf_counter(), time.process_time()
            completions = run(offset, cases)
            results[name].rates.append(completions / (time.perf_counter() - started))
            results[name].cpu_ms.append((time.process_time() - cpu) * 1000 / completions)
            results[name].completions = completions
        offset += cases
    return results


# ----- sopan, pure engine --------------------------------------------------------------------------------
def pure_engine(sop: Sop) -> Runner:
    """Cases through ``execute()`` on states in memory: the engine's own cost, nothing stored."""
    process = Process(sop)
    moves = plan(process)
    ctx = Context(process=process, calendar=WorkCalendar(), registers=MemoryRegisters())
    actors = {lane.code: Actor(f"petugas-{lane.code}", frozenset({lane.code})) for lane in sop.lanes}

    def run_cases(first: int, count: int) -> int:
        completions = 0
        for index in range(first, first + count):
            state: CaseState | None = None

            def perform(role: str, command: Command) -> int | None:
                nonlocal state
                if isinstance(command, OpenCase):
                    command = dataclasses.replace(command, case_id=str(uuid.uuid4()), tracking_code=new_code())
                state, _ = execute(state, command, ctx)
                return state.current.step if state.current else None

            completions += drive(process, moves, actors, case_start(index), perform)
        return completions

    return run_cases


# ----- sopan through submit() (child process) --------------------------------------------------------------
def database_worker(args: argparse.Namespace) -> None:
    """Run the sopan database workload in this process and print the measures as JSON."""
    with tempfile.TemporaryDirectory(prefix="sopan-bench-") as home:
        os.environ["SOPAN_HOME"] = home
        os.environ.pop("SOPAN_DEBUG", None)
        if args.database_url:
            os.environ["SOPAN_DATABASE_URL"] = args.database_url
        else:
            os.environ.pop("SOPAN_DATABASE_URL", None)
        import sopan.web

        sopan.web.setup()
        from django.core.management import call_command
        from django.db import connection

        from sopan.web.cases.models import Case

        pragmas = SQLITE_SETTINGS[args.sqlite] or connection.settings_dict["OPTIONS"].get("init_command", "")
        if connection.vendor == "sqlite" and SQLITE_SETTINGS[args.sqlite]:
            from django.db.backends.signals import connection_created

            connection_created.connect(_pragma(pragmas), weak=False)
            connection.close()
        call_command("migrate", verbosity=0)
        results: dict[str, Any] = {"vendor": connection.vendor, "server": _server_version(connection)}
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                results["sqlite"] = {"sopan": _sqlite_settings(cursor)}
        label = SQLITE if connection.vendor == "sqlite" else POSTGRES
        for name, sop in load_sops():
            if args.only and name != args.only:
                continue
            with contextlib.ExitStack() as stack:
                runners = {label: _database_workload(sop)}
                if args.profile:
                    results[name] = _profile(runners[label], args.cases, args.warmup)
                    continue
                if label == POSTGRES:
                    measured = measure_workers(runners[label], args.cases, args.repeat, args.warmup)
                    results[name] = _postgres_lines(measured)
                    continue
                if label == SQLITE:  # the reference line and the peer run beside sopan on SQLite
                    runners[PURE] = pure_engine(sop)
                    total = args.warmup + args.repeat * args.cases
                    runners[STATEMENTS] = stack.enter_context(statements_alone(runners[label], pragmas, total))
                    runners[SPIFF] = stack.enter_context(spiff(sop, pragmas, results["sqlite"]))
                    runners[SPIFF_RELOAD] = stack.enter_context(spiff(sop, pragmas, results["sqlite"], reload=True))
                measured = measure_together(runners, args.cases, args.repeat, args.warmup)
                results[name] = {system: value.to_json() for system, value in measured.items()}
            if Case.objects.filter(sop_version__sop__key=sop.id).exclude(status="finished").exists():
                raise AssertionError(f"{name}: a benchmark case did not finish")
        connection.close()
    print(json.dumps(results))


def _postgres_lines(measured: dict[str, Any]) -> dict[str, Any]:
    """One line per worker count, in the shape of the other lines (completions per worker, so they compare)."""
    lines: dict[str, Any] = {}
    for line, count in zip(POSTGRES_LINES, WORKER_COUNTS, strict=True):
        row = measured[str(count)]
        lines[line] = {
            "rates": row["rates"],
            "cpu_ms": [row["client_ms"]],
            "server_cpu_ms": row["server_ms"],
            "completions": row["completions"] // count,
            "cases": row["cases"],
            "wire": measured["wire"],
        }
    return lines


@contextlib.contextmanager
def statements_alone(run_case: Runner, pragmas: str, cases: int) -> Iterator[Runner]:
    """The database's own share of sopan's commands: the exact statements ``submit()`` ran for ``cases`` cases
    (through ``run_case``, sopan's runner),
    recorded, then replayed on a copy of the database taken before them, one transaction per command as in
    ``submit()``, through Python's sqlite3 with nothing else: no engine, no Django, no JSON. No engine on this
    schema can go faster than this line, which is why it is measured."""
    from django.db import connection

    from sopan.web.cases import services
    from sopan.web.cases.command_sql import command_store

    folder = tempfile.TemporaryDirectory(prefix="sopan-statements-")
    copy = Path(folder.name) / "copy.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    connection.connection.backup(target)
    target.close()

    recorded: list[list[list[tuple[str, str, Any]]]] = []  # per case, per command, its statements

    class Recording:
        def __init__(self, cursor: Any) -> None:
            self.cursor = cursor

        def execute(self, sql: str, params: Any = ()) -> Any:
            recorded[-1][-1].append(("execute", sql, params))
            return self.cursor.execute(sql, params)

        def executemany(self, sql: str, rows: Any) -> Any:
            rows = list(rows)
            recorded[-1][-1].append(("executemany", sql, rows))
            return self.cursor.executemany(sql, rows)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.cursor, name)

    @contextlib.contextmanager
    def recording_store() -> Iterator[Any]:
        recorded[-1].append([])
        with command_store() as store:
            store.cursor = Recording(store.cursor)
            yield store

    original, services.command_store = services.command_store, recording_store
    try:
        completions = []
        for index in range(cases):
            recorded.append([])
            completions.append(run_case(10_000_000 + index, 1))
    finally:
        services.command_store = original

    db = sqlite3.connect(copy, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")  # as Django's connections run: the deferred checks are the database's work
    for pragma in filter(str.strip, pragmas.split(";")):
        db.execute(pragma)
    checkpoints = _checkpointer(copy)

    def run_cases(first: int, count: int) -> int:
        done = 0
        for index in range(first, first + count):
            for statements in recorded[index]:
                db.execute("BEGIN IMMEDIATE")
                for how, sql, params in statements:
                    if how == "execute":
                        db.execute(sql, params).fetchall()
                    else:
                        db.executemany(sql, params)
                db.execute("COMMIT")
            done += completions[index]
        return done

    try:
        yield run_cases
    finally:
        checkpoints.stop()
        db.close()
        folder.cleanup()


def _checkpointer(path: Path) -> Any:
    """sopan's checkpointer of a database file, as each of its processes runs one (``sqlite_backend.checkpointer``):
    the peer's database and the replay's copy get one too, so every line checkpoints the same way."""
    from sopan.web.sqlite_backend.checkpointer import Checkpointer

    checkpointer = Checkpointer(str(path))
    checkpointer.start()
    return checkpointer


def _profile(run_cases: Runner, cases: int, warmup: int) -> str:
    run_cases(0, warmup)
    profiler = cProfile.Profile()
    profiler.enable()
    run_cases(warmup, cases)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    return out.getvalue()


def _pragma(pragmas: str) -> Callable[..., None]:
    """A connection_created receiver that gives sopan's SQLite connection the run's settings (after sopan's own
    ``init_command``, so these win)."""

    def receiver(sender: Any, connection: Any, **kwargs: Any) -> None:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for pragma in filter(str.strip, pragmas.split(";")):
                    cursor.execute(pragma)

    return receiver


def _sqlite_settings(cursor: Any) -> str:
    """What a SQLite connection really runs with: its journal mode, synchronous level and checkpoint interval."""
    cursor.execute("PRAGMA journal_mode")
    (journal,) = cursor.fetchone()
    cursor.execute("PRAGMA synchronous")
    (level,) = cursor.fetchone()
    cursor.execute("PRAGMA wal_autocheckpoint")
    (pages,) = cursor.fetchone()
    named = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[level]
    return f"journal_mode={journal}, synchronous={named}, wal_autocheckpoint={pages}"


def _server_version(connection: Any) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def _database_workload(sop: Sop) -> Runner:
    """Publish ``sop`` for a new organisation with one officer per lane; the runner of N cases through submit()."""
    from django.contrib.auth.models import User

    from sopan.web.accounts.models import RoleAssignment
    from sopan.web.cases.services import submit
    from sopan.web.catalog.models import Organisation, Role
    from sopan.web.catalog.publishing import publish_sop

    organisation = Organisation.objects.create(code=sop.organisation, name=sop.organisation)
    version, _ = publish_sop(organisation, sop)
    users = {}
    for lane in sop.lanes:
        user = User.objects.create_user(f"{sop.organisation}-{lane.code}"[:150])
        RoleAssignment.objects.create(user=user, role=Role.objects.get(organisation=organisation, code=lane.code))
        users[lane.code] = user
    process = Process(sop)
    moves = plan(process)
    actors = {code: NOBODY for code in users}

    def run_cases(first: int, count: int) -> int:
        completions = 0
        for index in range(first, first + count):
            case_id = None

            def perform(role: str, command: Command) -> int | None:
                nonlocal case_id
                if isinstance(command, OpenCase):
                    result = submit(users[role], command, version=version)
                    case_id = result.case_id
                else:
                    result = submit(users[role], command, case=case_id)
                return result.current_step

            completions += drive(process, moves, actors, case_start(index), perform)
        return completions

    return run_cases


def run_worker(database_url: str | None, args: argparse.Namespace, *, profile: bool = False) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--worker",
        "--cases",
        str(args.cases),
        "--repeat",
        str(args.repeat),
        "--warmup",
        str(args.warmup),
    ]
    if database_url:
        command += ["--database-url", database_url]
    command += ["--sqlite", args.sqlite]
    if profile:
        command += ["--profile", "--only", "synthetic"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"the database run failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# ----- PostgreSQL: a fresh database for the run -----------------------------------------------------------------
def bench_database_url(server_url: str, database: str = BENCH_DATABASE) -> str:
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{database}"))


def postgres_admin(server_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(
        server_url.replace("postgres://", "postgresql://", 1), autocommit=True, connect_timeout=5
    ) as conn:
        conn.execute(statement)


def postgres_available(server_url: str) -> str | None:
    """None when the server answers, else why not."""
    try:
        postgres_admin(server_url, "SELECT 1")
    except Exception as error:  # any failure to connect means: skip PostgreSQL, say why
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return None


# ----- SpiffWorkflow -----------------------------------------------------------------------------------------
def spiff_bpmn(sop: Sop) -> bytes:
    """sopan's BPMN export, marked executable: the one change SpiffWorkflow needs.

    The exporter already puts a condition (``keputusan_<step> == 'ya'`` / ``'tidak'``) on every decision exit,
    which SpiffWorkflow evaluates on the task data; the process is exported as not executable, which
    SpiffWorkflow refuses to start.
    """
    from sopan.io.exporters.bpmn import to_bpmn

    xml = to_bpmn(sop)
    if b'isExecutable="false"' not in xml:
        raise AssertionError("the exporter's process attributes changed")
    return xml.replace(b'isExecutable="false"', b'isExecutable="true"', 1)


@contextlib.contextmanager
def spiff(sop: Sop, pragmas: str, seen: dict[str, str], *, reload: bool = False) -> Iterator[Runner]:
    """SpiffWorkflow with its workflow JSON saved to SQLite after every task (``reload``: read back before each).

    Its database gets the same ``pragmas`` as sopan's; what it really runs with is put in ``seen``.
    """
    from lxml import etree
    from SpiffWorkflow.bpmn import BpmnWorkflow
    from SpiffWorkflow.bpmn.parser import BpmnParser
    from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
    from SpiffWorkflow.util.task import TaskState

    from sopan.io.exporters.bpmn_graph import decision_variable

    parser = BpmnParser()
    parser.add_bpmn_xml(etree.fromstring(spiff_bpmn(sop)), filename=f"{sop.id}.bpmn")
    spec = parser.get_spec("Process_1")
    serializer = BpmnWorkflowSerializer()
    decisions = {f"Step_{step.number}": decision_variable(step) for step in sop.steps if step.decision}

    with tempfile.TemporaryDirectory(prefix="spiff-bench-") as folder:
        db = sqlite3.connect(Path(folder) / "spiff.sqlite3", isolation_level=None)
        for pragma in filter(str.strip, pragmas.split(";")):
            db.execute(pragma)
        seen["spiff"] = _sqlite_settings(db.cursor())
        db.execute("CREATE TABLE workflow (id INTEGER PRIMARY KEY, data TEXT NOT NULL)")
        checkpoints = _checkpointer(Path(folder) / "spiff.sqlite3")

        def save(row: int, workflow: BpmnWorkflow, *, new: bool = False) -> None:
            data = serializer.serialize_json(workflow)
            db.execute("BEGIN IMMEDIATE")
            if new:
                db.execute("INSERT INTO workflow (id, data) VALUES (?, ?)", (row, data))
            else:
                db.execute("UPDATE workflow SET data = ? WHERE id = ?", (data, row))
            db.execute("COMMIT")

        def load(row: int) -> BpmnWorkflow:
            (data,) = db.execute("SELECT data FROM workflow WHERE id = ?", (row,)).fetchone()
            return serializer.deserialize_json(data)

        def run_cases(first: int, count: int) -> int:
            completions = 0
            for row in range(first, first + count):
                workflow = BpmnWorkflow(spec)
                workflow.do_engine_steps()
                save(row, workflow, new=True)
                answered: set[str] = set()
                while not workflow.is_completed():
                    if reload:
                        workflow = load(row)
                    task = workflow.get_next_task(state=TaskState.READY, manual=True)
                    if task is None:
                        raise AssertionError("the SpiffWorkflow case is stuck")
                    name = task.task_spec.name
                    if name in decisions:
                        task.data[decisions[name]] = "ya" if name in answered else "tidak"
                        answered.add(name)
                    task.run()
                    workflow.do_engine_steps()
                    save(row, workflow)
                    completions += 1
            return completions

        try:
            yield run_cases
        finally:
            checkpoints.stop()
            db.close()


# ----- the report ----------------------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    model = platform.processor() or platform.machine()
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next(line.split(":", 1)[1].strip() for line in lscpu.splitlines() if line.startswith("Model name"))
    except (OSError, StopIteration):
        pass
    packages = {}
    for name in ("sopan", "Django", "SpiffWorkflow", "psycopg"):
        try:
            packages[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            packages[name] = "-"
    return {
        "date": time.strftime("%Y-%m-%d"),
        "load": " ".join(f"{value:.1f}" for value in os.getloadavg()),
        "cpu": f"{model}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "packages": ", ".join(f"{k} {v}" for k, v in packages.items()),
    }


def summary(measure_json: Mapping[str, Any]) -> tuple[float, str]:
    rates = measure_json["rates"]
    median = statistics.median(rates)
    return median, f"{median:,.0f} ({min(rates):,.0f}-{max(rates):,.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100, help="cases per repetition (default 100)")
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions; the median is reported")
    parser.add_argument("--warmup", type=int, default=10, help="cases run before timing (default 10)")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="PostgreSQL server (a database is made on it)")
    parser.add_argument("--no-postgres", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--no-sqlite", action="store_true", help="skip SQLite, the pure engine and SpiffWorkflow")
    parser.add_argument(
        "--bench-database", default=BENCH_DATABASE, help="the database made, then dropped, on --postgres"
    )
    parser.add_argument(
        "--sqlite",
        choices=list(SQLITE_SETTINGS),
        default="sopan",
        help="SQLite settings for sopan and SpiffWorkflow alike: sopan's own (WAL, synchronous=NORMAL, "
        "wal_autocheckpoint=16000; the default), "
        "SQLite's defaults (rollback journal, synchronous=FULL), or WAL without any fsync",
    )
    parser.add_argument("--profile", action="store_true", help="also profile sopan on SQLite (synthetic SOP)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        database_worker(args)
        return

    info = machine()
    print(f"# {info['date']} | {info['cpu']} (load {info['load']}) | Python {info['python']} | {info['packages']}")
    print(
        f"# {args.cases} cases per repetition, {args.repeat} repetitions after {args.warmup} warm-up cases; "
        f"SQLite settings: {args.sqlite}",
        flush=True,
    )
    sops = load_sops()
    rows: dict[str, dict[str, Any]] = {name: {} for name, _ in sops}

    if not args.no_sqlite:
        sqlite_run = run_worker(None, args)
        for name, _ in sops:
            rows[name].update(sqlite_run[name])
        print(f"  sopan on {sqlite_run['server']}, the pure engine and SpiffWorkflow: done", flush=True)
        settings = sqlite_run["sqlite"]
        print(f"  SQLite as run: sopan {settings['sopan']}; SpiffWorkflow {settings.get('spiff', '-')}", flush=True)
        if settings.get("spiff") and settings["spiff"] != settings["sopan"]:
            raise SystemExit("sopan and SpiffWorkflow ran with different SQLite settings")

    postgres_note = None
    if args.no_postgres:
        postgres_note = "skipped (--no-postgres)"
    elif reason := postgres_available(args.postgres):
        postgres_note = f"skipped: {args.postgres} unreachable ({reason})"
    else:
        database = args.bench_database
        postgres_admin(args.postgres, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        postgres_admin(args.postgres, f"CREATE DATABASE {database}")
        try:
            postgres_run = run_worker(bench_database_url(args.postgres, database), args)
        finally:
            postgres_admin(args.postgres, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        for name, _ in sops:
            rows[name].update(postgres_run[name])
        print(f"  sopan on {postgres_run['server']}: done", flush=True)
    if postgres_note:
        print(f"  PostgreSQL {postgres_note}", flush=True)
    print()

    cost = "CPU ms/completion (PostgreSQL: client + server)"
    print(f"| SOP | system | completions/case | completions/s, median (min-max) | {cost} |")
    print("|---|---|---|---|---|")
    for name, sop in sops:
        title = f"{name}: {sop.id} ({len(sop.steps)} steps)"
        for system in (system for system in SYSTEMS if system in rows[name]):
            result = rows[name][system]
            per_case = result["completions"] / result["cases"]
            cpu = statistics.median(result["cpu_ms"])
            if "server_cpu_ms" in result:  # client + the server's backends = total
                server = result["server_cpu_ms"]
                cost = f"{cpu:.2f} + {server:.2f} = {cpu + server:.2f}"
            else:
                cost = f"{cpu:.2f}"
            print(f"| {title} | {system} | {per_case:g} | {summary(result)[1]} | {cost} |")
    print()
    for name, _ in sops:
        completions = {result["completions"] for result in rows[name].values()}
        if len(completions) != 1:
            raise SystemExit(f"{name}: the systems did different work ({completions} completions)")
        if POSTGRES_LINES[0] in rows[name]:
            wire = rows[name][POSTGRES_LINES[0]]["wire"]
            one, most = (summary(rows[name][line])[0] for line in (POSTGRES_LINES[0], POSTGRES_LINES[-1]))
            print(
                f"{name}: PostgreSQL per completion {wire['statements']:.1f} statements, {wire['round_trips']:.1f} "
                f"round trips, {wire['parsed']:.1f} parsed anew; {WORKER_COUNTS[-1]} workers / 1 = {most / one:.2f}x"
            )
        if SQLITE not in rows[name]:
            continue
        sqlite, alone = summary(rows[name][SQLITE])[0], summary(rows[name][STATEMENTS])[0]
        for peer in (SPIFF, SPIFF_RELOAD):
            rate = summary(rows[name][peer])[0]
            # the target (at least SpiffWorkflow's rate with its workflow in memory) is against that peer alone
            target = f" (target at least 1x: {'met' if sqlite >= rate else 'NOT met'})" if peer == SPIFF else ""
            print(
                f"{name}: sopan on SQLite / {peer} = {sqlite / rate:.2f}x{target}; "
                f"sopan's SQL alone / the same = {alone / rate:.2f}x"
            )
    if postgres_note:
        print(f"PostgreSQL {postgres_note}")

    if args.profile:
        print("\n# cProfile of sopan on SQLite, synthetic SOP\n")
        print(run_worker(None, args, profile=True)["synthetic"])


if __name__ == "__main__":
    main()
