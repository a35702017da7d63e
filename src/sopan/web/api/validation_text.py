"""pydantic's validation errors said in Bahasa Indonesia: the same place and problem its English message names.

pydantic writes its messages in English only; the API answers in Indonesian unless asked for English, so an
Indonesian answer to a malformed request read "Permintaan tidak sah: query.limit: Input should be greater than or
equal to 1". Each error carries a stable ``type`` and, for a limit, its value in ``ctx``: the Indonesian text is
made from those (never from the input, which may hold an applicant's personal data). A type not listed here keeps
pydantic's English message, so nothing is lost.
"""

from __future__ import annotations

from typing import Any

from sopan.io.messages import ID_TEXTS

__all__ = ["indonesian"]

_DATE = "harus tanggal (YYYY-MM-DD)"
_MOMENT = "harus tanggal dan waktu (ISO 8601, dengan zona waktu)"
_WHOLE = "harus bilangan bulat"
# the SOP files' texts (``sopan.io.messages``), with a request's words where a file's do not fit (a field, not a
# YAML key) and the types only requests meet
_TEXTS = {
    **ID_TEXTS,
    "missing": "wajib diisi",
    "extra_forbidden": "tidak dikenal di sini",
    "greater_than": "harus lebih dari {gt}",
    "less_than": "harus kurang dari {lt}",
    "string_too_long": "paling panjang {max_length} karakter",
    "string_too_short": "paling pendek {min_length} karakter",
    "too_long": "paling banyak {max_length} butir",
    "too_short": "paling sedikit {min_length} butir",
    "int_from_float": _WHOLE,
    "float_type": "harus angka",
    "float_parsing": "harus angka",
    "finite_number": "harus angka terhingga",
    "uuid_type": "harus UUID",
    "uuid_parsing": "harus UUID",
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_type": _MOMENT,
    "datetime_parsing": _MOMENT,
    "datetime_from_date_parsing": _MOMENT,
    "timezone_aware": _MOMENT,
    "json_invalid": "bukan JSON yang sah",
    "json_type": "bukan JSON yang sah",
    "union_tag_invalid": "jenisnya tidak dikenal; yang dikenal: {expected_tags}",
    "union_tag_not_found": "jenisnya wajib disebut ({discriminator})",
}


def indonesian(error: dict[str, Any]) -> str:
    """The problem of one pydantic error (``type``, ``ctx``, ``msg``) in Bahasa Indonesia, without its place."""
    text = _TEXTS.get(str(error.get("type", "")))
    if text is None:
        return str(error.get("msg", ""))
    try:
        return text.format_map({key: str(value) for key, value in (error.get("ctx") or {}).items()})
    except (KeyError, IndexError, ValueError):
        return str(error.get("msg", ""))  # a limit this pydantic did not give: its own words
