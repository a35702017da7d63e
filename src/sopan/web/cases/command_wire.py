"""A command's statements on PostgreSQL queued in libpq's pipeline and sent in one write, with BEGIN among them.

psycopg's pipeline sends each statement as soon as it is queued (a write to the socket per statement, so the
server wakes for each) and waits for BEGIN's answer before anything else is sent. Measured on the 2-core machine,
a completion was four round trips and about twelve socket writes, and the system calls and wake-ups on both sides
cost more than the statements. Here the statements of one exchange (BEGIN with the reads; the writes) are queued
in libpq's own buffer and sent with their Sync in one write; their answers are read in one pass. Parameters are
adapted and results loaded by psycopg's own ``Transformer``, on the connection's adapters, as a psycopg cursor
does; each statement is prepared once per connection, by its text and its parameters' types.

Only the command path uses this (``command_pg``); everything else goes through psycopg's cursors. Between
exchanges the connection is left as psycopg expects it: out of pipeline mode, every result read, in the
transaction (which psycopg's ``commit``/``rollback`` end).
"""

from __future__ import annotations

import itertools
import re
import select
import weakref
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

__all__ = ["Pending", "Wire", "wire_usable"]

# each connection's prepared statements: (text, parameter types) -> name; a new connection starts with none
_prepared: weakref.WeakKeyDictionary[Any, dict[Any, bytes]] = weakref.WeakKeyDictionary()
_names = itertools.count()  # prepared statements' numbers, for the whole process: a name is never given twice
_MOST_PREPARED = 256  # per connection; psycopg keeps at most 100 of its own
_NO_SUCH_STATEMENT = "26000"  # invalid_sql_statement_name: a prepared statement the server no longer has
_Key = tuple[bytes, tuple[int, ...]]  # a statement's text and its parameters' types
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%s|%%")


@lru_cache(maxsize=512)
def _to_server(sql: str) -> tuple[bytes, tuple[str, ...] | int]:
    """psycopg's placeholders as the server's: ``%s`` in order, or ``%(name)s`` (one ``$n`` per name). Returns the
    text and the names in ``$n`` order, or the count of positional parameters."""
    names: dict[str, int] = {}
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        if match.group(0) == "%%":
            return "%"
        name = match.group(1)
        if name is None:
            count += 1
            return f"${count}"
        if name not in names:
            names[name] = len(names) + 1
        return f"${names[name]}"

    text = _PLACEHOLDER.sub(replace, sql).encode()
    if names and count:
        raise ValueError("a statement takes either %s or %(name)s placeholders, not both")
    return text, (tuple(names) if names else count)


def wire_usable(raw: Any) -> bool:
    """Whether commands may run their statements on ``raw`` (a psycopg connection) here: not in psycopg's own
    pipeline, and a plain BEGIN is the transaction psycopg would start (no isolation level or access mode set)."""
    from psycopg import pq

    return (
        raw.pgconn.pipeline_status == pq.PipelineStatus.OFF
        and raw.isolation_level is None
        and raw.read_only is None
        and raw.deferrable is None
        and not raw.autocommit
    )


@dataclass
class Pending:
    """One queued statement's answer, known once its exchange is done: its rows and its row count."""

    rows: list[tuple] = field(default_factory=list)
    rowcount: int = -1  # -1: not run (an earlier statement of the exchange failed)


class Wire:
    """Statements queued for one exchange with the server: ``queue`` them, then ``exchange`` sends them with a Sync
    in one write and reads every answer; a failed statement's error is raised after the rest are read."""

    def __init__(self, raw: Any) -> None:
        from psycopg.adapt import Transformer

        self.raw = raw
        self.pgconn = raw.pgconn
        self.tx = Transformer(raw)
        self.prepared = _prepared.setdefault(raw, {})
        # (the libpq send, its answer, what a Parse in it prepares)
        self._queue: list[tuple[Callable[[], None], Pending | None, _Key | None]] = []
        self._preparing: dict[_Key, bytes] = {}  # prepared in this exchange, known once it succeeded
        self._begin = False

    def begin(self) -> None:
        """Queue the transaction's BEGIN, if none has been sent yet (the connection is idle)."""
        from psycopg import pq

        if self.pgconn.transaction_status == pq.TransactionStatus.IDLE and not self._begin:
            self._begin = True
            self.queue("BEGIN")  # prepared like the rest: nothing parsed anew

    def queue(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Pending:
        """Queue ``sql`` (psycopg's placeholders) with its parameters; prepared at its first use on the connection."""
        from psycopg.adapt import PyFormat

        text, order = _to_server(sql)
        if isinstance(order, tuple):
            assert isinstance(params, Mapping)
            values: Sequence[Any] = [params[name] for name in order]
        else:
            assert not isinstance(params, Mapping) and len(params) == order, (order, len(params))
            values = params
        dumped = self.tx.dump_sequence(values, [PyFormat.AUTO] * len(values))
        types = tuple(self.tx.types or ())
        formats = list(self.tx.formats or ())
        key = (text, types)
        answer = Pending()
        name = self.prepared.get(key) or self._preparing.get(key)
        if name is None and len(self.prepared) + len(self._preparing) >= _MOST_PREPARED:
            # a connection keeps so many already (parameter types make variants): this one is parsed each time
            self._send(lambda: self.pgconn.send_query_params(text, dumped, types, formats), answer)
            return answer
        if name is None:
            name = self._preparing[key] = f"sopan_{next(_names)}".encode()  # never reused, even after a clear
            self._send(lambda: self.pgconn.send_prepare(name, text, types), None, key)
        self._send(lambda: self.pgconn.send_query_prepared(name, dumped, formats), answer)
        return answer

    def _send(self, call: Callable[[], None], answer: Pending | None, prepares: _Key | None = None) -> None:
        """Keep ``call`` (a libpq send) for the exchange: until then the connection stays out of pipeline mode, so
        Django's own queries may run meanwhile (before what is queued here)."""
        self._queue.append((call, answer, prepares))

    @property
    def queued(self) -> bool:
        """Whether statements wait to be sent."""
        return bool(self._queue)

    def discard(self) -> None:
        """Forget what is queued and not sent (nothing of it reached the server)."""
        self._queue, self._preparing, self._begin = [], {}, False

    def exchange(self) -> None:
        """Send what is queued with a Sync in one write and read every answer; then raise the first error."""
        from psycopg import errors, pq

        if not self._queue:
            return
        queued, self._queue = self._queue, []
        preparing, self._preparing = self._preparing, {}
        pg = self.pgconn
        error: Exception | None = None
        try:
            pg.enter_pipeline_mode()
            for send, _, _ in queued:
                send()  # into libpq's buffer, which it sends only when full (64 kB)
            pg.pipeline_sync()  # libpq sends its buffer here: every statement and the Sync in one write
            while pg.flush():
                self._wait(write=True)
            for _, answer, prepared in queued:
                result = self._next()
                if result is None:  # the connection broke: libpq has no more answers
                    raise error or errors.OperationalError(
                        f"the connection to the server broke during a command: {pg.get_error_message()}"
                    )
                status = result.status
                if status == pq.ExecStatus.FATAL_ERROR:
                    error = error or errors.error_from_result(result, encoding=self.raw.info.encoding)
                elif status in (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK):
                    if prepared is not None:
                        self.prepared[prepared] = preparing[prepared]
                    if answer is not None:
                        answer.rowcount = result.command_tuples or 0
                        if status == pq.ExecStatus.TUPLES_OK and result.ntuples:
                            self.tx.set_pgresult(result)
                            answer.rows = self.tx.load_rows(0, result.ntuples, tuple)
                if self._next() is not None:  # each statement's answer ends with an empty one
                    raise error or errors.OperationalError("an unexpected extra result in a command's pipeline")
            synced = self._next()
            if synced is None or synced.status != pq.ExecStatus.PIPELINE_SYNC:
                raise error or errors.OperationalError("the command's pipeline did not end with its Sync")
            pg.exit_pipeline_mode()
            self._begin = False
        except BaseException:
            self._abandon()
            raise
        if error is not None:
            if getattr(error, "sqlstate", None) == _NO_SUCH_STATEMENT:
                self.prepared.clear()  # someone deallocated them (DEALLOCATE ALL, DISCARD ALL): prepare anew
            raise error

    def _next(self) -> Any:
        """The next result, waiting for the server while libpq has none ready."""
        pg = self.pgconn
        while pg.is_busy():
            self._wait(write=False)
            pg.consume_input()
        return pg.get_result()

    def _wait(self, *, write: bool) -> None:
        """Wait for the server: to answer, or, while sending, to take more or answer (libpq's rule for a
        non-blocking flush: whichever comes first; answers are read so the server never blocks on its own send)."""
        poller = select.poll()
        poller.register(self.pgconn.socket, (select.POLLIN | select.POLLOUT) if write else select.POLLIN)
        events = poller.poll()
        if write and any(event & select.POLLIN for _, event in events):
            self.pgconn.consume_input()

    def _abandon(self) -> None:
        """The exchange broke off (the connection failed, or an interrupt): the connection cannot be trusted to be
        where psycopg expects it, so it is closed, and Django opens a new one for the next request."""
        self._queue, self._preparing = [], {}
        with suppress(Exception):  # closing a broken connection may fail again; it is closed either way
            self.raw.close()
