"""An organisation's logo file: inside its folder, not too large, and a PNG, JPEG or GIF image with a size."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..problems import Message

__all__ = ["MAX_LOGO_BYTES", "LogoCheck", "check_logo"]

MAX_LOGO_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class LogoCheck:
    """The usable image file (``path``), or why there is none (``problem``; both None without a logo)."""

    path: Path | None = None
    problem: Message | None = None


def _has_size(head: bytes) -> bool:
    """Whether the bytes start a PNG (IHDR with its width and height), a JPEG or a GIF (with a size)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return head[12:16] == b"IHDR" and int.from_bytes(head[16:20]) > 0 and int.from_bytes(head[20:24]) > 0
    if head.startswith(b"\xff\xd8\xff"):
        return True
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return int.from_bytes(head[6:8], "little") > 0 and int.from_bytes(head[8:10], "little") > 0
    return False


def _fail(id_text: str, en_text: str) -> LogoCheck:
    return LogoCheck(problem=Message(id_text, en_text))


def check_logo(logo: str | None, folder: Path | None) -> LogoCheck:
    """Check ``logo`` (``organisasi.yaml``'s path, relative to the organisation's ``folder``)."""
    if not logo or not logo.strip() or logo.startswith("data:image/"):
        return LogoCheck()  # none, or an office's upload inlined by the web layer (checked as an image on upload)
    if folder is None:
        return _fail("folder organisasi tidak diketahui", "the organisation's folder is unknown")
    relative = Path(logo.strip())
    base = folder.resolve()
    file = (base / relative).resolve()
    if relative.is_absolute() or not file.is_relative_to(base):
        return _fail(
            "jalur harus berada di dalam folder organisasi", "the path must lie inside the organisation's folder"
        )
    if not file.is_file():
        return _fail("berkas tidak ada", "no such file")
    if file.stat().st_size > MAX_LOGO_BYTES:
        return _fail("berkas lebih besar dari 2 MB", "the file is larger than 2 MB")
    with file.open("rb") as handle:
        head = handle.read(32)
    if not _has_size(head):
        return _fail("bukan gambar PNG, JPEG atau GIF yang utuh", "not a whole PNG, JPEG or GIF image")
    return LogoCheck(path=file)
