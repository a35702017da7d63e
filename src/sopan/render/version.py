"""The renderer's version, for keys of drawings kept between requests: sopan's release and the render files' digest."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from .. import __version__

__all__ = ["renderer_version"]

PACKAGE = Path(__file__).parent


@cache
def renderer_version() -> str:
    """``<sopan version>+<12 hex digits>``. The digest covers every file of the render package (its code, the
    bundled fonts and CSS), so a drawing kept under this version is drawn again after any change to how sopan
    draws, even one made without a new release number."""
    digest = hashlib.sha256()
    files = sorted(path for path in PACKAGE.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    for path in files:
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"
