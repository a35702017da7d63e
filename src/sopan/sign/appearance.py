"""The visible signature: who signed (jabatan, nama, NIP), when, and a QR code to the public verification page.

Drawn as PDF vector content (Helvetica text, the QR code as filled squares from segno) sized to the identity
page's signature box, so it reads the same in any viewer and needs no image library.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import segno

__all__ = ["Appearance", "appearance_content", "appearance_lines"]

CHAR_WIDTH = 0.5  # Helvetica's average advance, in em: enough to keep a line inside the box
MIN_FONT = 4.5
MAX_FONT = 7.5
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")  # fmt: skip


@dataclass(frozen=True)
class Appearance:
    """What the visible signature shows."""

    position: str
    name: str
    nip: str | None
    signed_on: dt.date
    url: str


def indonesian_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def appearance_lines(appearance: Appearance) -> list[str]:
    """The text of the signature, top to bottom."""
    lines = ["Ditandatangani secara elektronik oleh", appearance.position, appearance.name]
    if appearance.nip:
        lines.append(f"NIP {appearance.nip}")
    lines.append(f"Tanggal {indonesian_date(appearance.signed_on)}")
    return lines


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _fit(text: str, width: float, size: float) -> str:
    """``text`` cut with an ellipsis where it would run past ``width`` at ``size``."""
    most = max(4, int(width / (CHAR_WIDTH * size)))
    return text if len(text) <= most else text[: most - 1] + "…"


def _qr_commands(url: str, side: float, x: float, y: float) -> bytes:
    """The QR code as filled squares in a ``side`` square whose bottom-left corner is (x, y)."""
    matrix = segno.make(url, error="m").matrix
    count = len(matrix)
    module = side / (count + 2)  # a quiet zone of one module each side
    parts = [b"q 0 g"]
    for row_index, row in enumerate(matrix):
        top = y + side - module * (row_index + 1)
        for column_index, dark in enumerate(row):
            if dark:
                left = x + module * (column_index + 1)
                parts.append(b"%.3f %.3f %.3f %.3f re" % (left, top, module, module))
    parts.append(b"f Q")
    return b"\n".join(parts)


def appearance_content(appearance: Appearance, width: float, height: float) -> bytes:
    """The content stream of the signature in a ``width`` x ``height`` box (points), font ``/F1``."""
    side = min(height, width * 0.4)
    text_width = width - side - 4
    lines = appearance_lines(appearance)
    size = max(MIN_FONT, min(MAX_FONT, (height - 2) / (len(lines) * 1.2)))
    longest = max(len(line) for line in lines)
    size = max(MIN_FONT, min(size, text_width / (CHAR_WIDTH * longest)))
    leading = size * 1.2
    top = (height + leading * len(lines)) / 2 - size
    commands = [b"BT /F1 %.2f Tf %.2f TL 0 g 2 %.2f Td" % (size, leading, top)]
    for index, line in enumerate(lines):
        commands.append(b"%s %s" % (_pdf_string(_fit(line, text_width, size)), b"Tj" if index == 0 else b"'"))
    commands.append(b"ET")
    commands.append(_qr_commands(appearance.url, side, width - side, (height - side) / 2))
    return b"\n".join(commands)
