"""The renderer's version: sopan's release and a digest of the render package's files, changing with any of them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sopan import __version__
from sopan.render import version


def test_the_renderer_version_is_the_release_and_a_digest() -> None:
    assert re.fullmatch(re.escape(__version__) + r"\+[0-9a-f]{12}", version.renderer_version())
    assert version.renderer_version() == version.renderer_version()


def test_a_changed_render_file_changes_the_renderer_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "render"
    shutil.copytree(version.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(version, "PACKAGE", copy)
    version.renderer_version.cache_clear()
    try:
        before = version.renderer_version()
        (copy / "pycache-only" / "__pycache__").mkdir(parents=True)
        (copy / "pycache-only" / "__pycache__" / "svg.cpython.pyc").write_bytes(b"\0")
        version.renderer_version.cache_clear()
        assert version.renderer_version() == before  # compiled files do not count
        (copy / "svg.py").write_text((copy / "svg.py").read_text() + "\n# one more line\n")
        version.renderer_version.cache_clear()
        assert version.renderer_version() != before
    finally:
        version.renderer_version.cache_clear()
