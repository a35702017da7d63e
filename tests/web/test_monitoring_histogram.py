"""The working-minute histogram: whole minutes up to the bound kept exactly, longer times within 1 %, and
percentiles read from it within the stated bound of the exact ``percentile_cont``."""

from __future__ import annotations

import random

import pytest

from sopan.web.monitoring import histogram
from sopan.web.monitoring.histogram import EXACT_UP_TO, RELATIVE_ERROR, bucket, error_bound, value_of
from sopan.web.monitoring.performance import percentile as exact_percentile


def _counts(values: list[float]) -> list[tuple[int, int]]:
    found: dict[int, int] = {}
    for value in values:
        found[bucket(value)] = found.get(bucket(value), 0) + 1
    return list(found.items())


def test_whole_minutes_up_to_the_bound_are_exact() -> None:
    for minutes in (0, 1, 5, 60, 1410, 1560, EXACT_UP_TO):
        assert value_of(bucket(minutes)) == minutes
    assert value_of(bucket(37.4)) == 37 and value_of(bucket(37.5)) == 38 and bucket(-3) == 0


def test_longer_times_are_within_one_percent_and_buckets_keep_the_order() -> None:
    assert RELATIVE_ERROR < 0.01
    values = sorted({EXACT_UP_TO + 0.01, EXACT_UP_TO * 1.02, 2401.0, 9000.0, 123_456.7, 5e6} | {
        random.Random(1).uniform(0, 20_000) for _ in range(5000)
    })  # fmt: skip
    keys = [bucket(v) for v in values]
    assert keys == sorted(keys)  # monotone: the order statistics of the buckets are the buckets of the values
    for value in values:
        assert abs(value_of(bucket(value)) - value) <= error_bound(value) + 1e-9
    assert abs(value_of(bucket(9000.0)) - 9000.0) > 0.5  # above the bound the error is relative, not half a minute


@pytest.mark.parametrize("seed", range(20))
def test_percentiles_from_the_histogram_are_within_the_bound(seed: int) -> None:
    draw = random.Random(seed)
    values = [draw.choice([draw.uniform(0, 600), draw.lognormvariate(7, 1.2)]) for _ in range(draw.randint(1, 400))]
    ordered = sorted(values)
    for fraction in (0.0, 0.5, 0.9, 1.0):
        exact = exact_percentile(ordered, fraction)
        read = histogram.percentile(_counts(values), fraction)
        assert exact is not None and read is not None
        upper = ordered[min(len(ordered) - 1, int(fraction * (len(ordered) - 1)) + 1)]
        assert abs(read - exact) <= error_bound(upper) + 1e-9


def test_whole_minutes_give_exactly_percentile_cont() -> None:
    values = [5, 5, 5, 5, 60, 60, 10, 15, 1560, 2400]
    for fraction in (0.5, 0.9):
        assert histogram.percentile(_counts(values), fraction) == exact_percentile(sorted(values), fraction)
    assert histogram.percentile([], 0.5) is None and histogram.percentile([(3, 0)], 0.5) is None
