"""Django's SQLite backend, beginning a transaction on the driver's connection instead of through a Django cursor,
and checkpointing the database's write-ahead log on a thread of its own (``checkpointer``).

Django begins each ``atomic()`` block on SQLite by making a cursor wrapper and running ``BEGIN IMMEDIATE``
through it (execute wrappers, placeholder rewriting, query logging): about 12 microseconds a transaction, several
times the statement's own cost and 2 % of a step completion on the command path. Everything else is Django's own;
``connection.vendor`` is still ``sqlite``. BEGIN no longer passes Django's execute wrappers nor appears in
``connection.queries`` (on PostgreSQL it never did either).
"""

from __future__ import annotations

from django.db.backends.sqlite3 import base

from sopan.web.sqlite_backend import checkpointer

__all__ = ["DatabaseWrapper"]


class DatabaseWrapper(base.DatabaseWrapper):
    def connect(self) -> None:
        super().connect()  # after its init_command and connection_created's receivers (which may set the journal)
        if not self.is_in_memory_db():  # a database in memory has no log to copy, nor a file for a second connection
            checkpointer.watch(str(self.settings_dict["NAME"]))

    def _start_transaction_under_autocommit(self) -> None:
        mode = self.transaction_mode
        with self.wrap_database_errors:
            self.connection.execute(f"BEGIN {mode}" if mode else "BEGIN")
