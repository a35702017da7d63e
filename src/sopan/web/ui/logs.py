"""Log records of exceptions without the exception's text, which may quote an applicant's personal data."""

from __future__ import annotations

import logging
import traceback

__all__ = ["WithoutExceptionText"]


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
