"""Fixtures for every test: the seed documents beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import SEEDS


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"the seeds are expected at {SEEDS} (../shared beside the checkout)")
    return SEEDS
