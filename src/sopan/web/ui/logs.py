"""The console log: exceptions without their text (it may quote an applicant's personal data), written to the
standard error of the moment."""

from __future__ import annotations

import logging
import sys
import traceback
from typing import TextIO

__all__ = ["CurrentStandardError", "WithoutExceptionText"]


class WithoutExceptionText(logging.Filter):
    """Keeps the traceback's frames and the exception's type, drops its message (a database error quotes the
    values it refused, an applicant's NIK among them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, trace = record.exc_info
            frames = "".join(traceback.format_tb(trace))
            record.exc_text = f"Traceback (most recent call last):\n{frames}{kind.__module__}.{kind.__qualname__}"
            record.exc_info = None
        return True


class CurrentStandardError(logging.StreamHandler):  # type: ignore[type-arg]
    """A console handler writing to ``sys.stderr`` as it is when a record comes, not as it was when logging was
    set up: a stream swapped in and closed since (a test's captured output) is never written to."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        """The stream is always the current standard error: one given is ignored."""
