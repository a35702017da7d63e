"""Case ids that sort by when they were made (UUID version 7), so a new case's rows go where the newest are.

Every table a command writes is keyed by the case first (events by case and number, tasks by case and number, the
case itself by its id). With random ids (version 4) each new case's entries land on a random page of each of those
indexes, which with a long history is a page read from disk and a page more written per command; with ids that
grow with time the open cases' entries sit together at the end. An id still tells nothing a case page does not:
the moment it was made, to the millisecond.
"""

from __future__ import annotations

import os
import time
import uuid

__all__ = ["new_case_id"]


def new_case_id() -> uuid.UUID:
    """A new UUID version 7 (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random bits."""
    made = getattr(uuid, "uuid7", None)  # the standard library's from Python 3.14
    if made is not None:
        return made()  # type: ignore[no-any-return]
    value = (time.time_ns() // 1_000_000 & 0xFFFF_FFFF_FFFF) << 80 | int.from_bytes(os.urandom(10))
    value = value & ~(0xF << 76) | 0x7 << 76  # the version, 7
    value = value & ~(0x3 << 62) | 0x2 << 62  # the variant, RFC 9562's
    return uuid.UUID(int=value)
