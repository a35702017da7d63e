"""Uploaded files served back safely: always as an attachment, with a content type from a short list of
document types, and ``application/octet-stream`` for everything else (scripts, HTML, SVG, executables)."""

from __future__ import annotations

import re
from pathlib import Path

from django.http import FileResponse

__all__ = ["SAFE_TYPES", "attachment_response", "safe_content_type", "stored_suffix"]

# document types that no browser runs as script, even when opened in a tab
SAFE_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}
FALLBACK = "application/octet-stream"
# a file opened anyway is a sandboxed document that may load nothing and run nothing
FILE_POLICY = "default-src 'none'; sandbox"


def stored_suffix(name: str) -> str:
    """The suffix a stored file keeps from its uploaded name: letters and digits only, at most ten characters."""
    suffix = re.sub(r"[^a-z0-9]", "", Path(name).suffix.lower())[:9]
    return f".{suffix}" if suffix else ""


def safe_content_type(name: str) -> str:
    """The content type a stored file is served with, by its suffix; unknown or executable types are opaque bytes."""
    return SAFE_TYPES.get(Path(name).suffix.lower(), FALLBACK)


def attachment_response(path: Path) -> FileResponse:
    """The file as a download: never rendered inline, never sniffed, never same-origin script."""
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=safe_content_type(path.name)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    return response
