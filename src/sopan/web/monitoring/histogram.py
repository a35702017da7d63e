"""Working minutes kept as a histogram, and percentiles read back from it within a stated error.

A value of up to ``EXACT_UP_TO`` minutes is kept to the whole minute (its bucket is the minute itself: off by at
most half a minute, exact for whole minutes); a longer one falls in a bucket ``(B·q^i, B·q^(i+1)]`` with
``q = RATIO``, shown as the bucket's geometric middle, off by less than ``RELATIVE_ERROR`` (1 %). Buckets keep the
values' order, so a percentile read from them (``percentile_cont``: rank p·(n−1), interpolated) is off by at most
``max(0.5, 0.01 · the larger of the two values it lies between)``. Plain Python: no Django here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = ["EXACT_UP_TO", "RATIO", "RELATIVE_ERROR", "bucket", "error_bound", "percentile", "value_of"]

EXACT_UP_TO = 2400  # minutes: five working days of eight hours, every whole minute its own bucket
RATIO = 1.02
RELATIVE_ERROR = math.sqrt(RATIO) - 1  # 0.995 %
_LOG_RATIO = math.log(RATIO)


def bucket(minutes: float) -> int:
    """The bucket of a working time in minutes (negative times count as 0)."""
    if minutes <= EXACT_UP_TO:
        return max(0, math.floor(minutes + 0.5))
    step = math.floor(math.log(minutes / EXACT_UP_TO) / _LOG_RATIO)
    if EXACT_UP_TO * RATIO**step >= minutes:  # a value on a bucket's upper edge belongs to that bucket
        step -= 1
    return EXACT_UP_TO + 1 + max(0, step)


def value_of(key: int) -> float:
    """The minutes a bucket stands for."""
    if key <= EXACT_UP_TO:
        return float(key)
    return EXACT_UP_TO * RATIO ** (key - EXACT_UP_TO - 1 + 0.5)


def error_bound(minutes: float) -> float:
    """How far a value (or a percentile lying below ``minutes``) read from the buckets may be from the true one."""
    return max(0.5, RELATIVE_ERROR * minutes)


def percentile(counts: Iterable[tuple[int, int]], fraction: float) -> float | None:
    """``percentile_cont(fraction)`` of the values counted per bucket ((bucket, count) pairs, any order)."""
    ordered = sorted((key, n) for key, n in counts if n > 0)
    total = sum(n for _, n in ordered)
    if not total:
        return None
    rank = fraction * (total - 1)
    low = math.floor(rank)
    below, at = _at(ordered, low), _at(ordered, min(low + 1, total - 1))
    return below + (at - below) * (rank - low)


def _at(ordered: list[tuple[int, int]], index: int) -> float:
    """The value at 0-based rank ``index`` among the counted values."""
    seen = 0
    for key, n in ordered:
        seen += n
        if index < seen:
            return value_of(key)
    raise IndexError(index)
