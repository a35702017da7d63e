"""Turn pydantic validation errors into bilingual messages users can act on."""

from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any

from ..problems import Message

__all__ = ["ID_TEXTS", "validation_message"]

# Indonesian text per pydantic error type, with the limits of its ctx ({expected} what was allowed, {ge}, ...);
# the web API says the same problems of a request (``web/api/validation_text.py``)
ID_TEXTS: dict[str, str] = {
    "missing": "kunci wajib tidak ada",
    "extra_forbidden": "kunci tidak dikenal (periksa ejaan; `sopan schema` mencantumkan semua kunci)",
    "string_type": "harus berupa teks",
    "int_type": "harus berupa bilangan bulat",
    "int_parsing": "harus berupa bilangan bulat",
    "bool_type": "harus ya/tidak (true/false)",
    "bool_parsing": "harus ya/tidak (true/false)",
    "list_type": "harus berupa daftar",
    "dict_type": "harus berupa pemetaan (kunci: nilai)",
    "model_type": "harus berupa pemetaan (kunci: nilai)",
    "model_attributes_type": "harus berupa pemetaan (kunci: nilai)",
    "enum": "nilai tidak dikenal; yang diizinkan: {expected}",
    "literal_error": "nilai tidak dikenal; yang diizinkan: {expected}",
    "string_too_short": "tidak boleh kosong",
    "too_short": "tidak boleh kosong",
    "greater_than_equal": "harus paling sedikit {ge}",
    "less_than_equal": "harus paling banyak {le}",
    "string_pattern_mismatch": "bentuk tidak sesuai (pola {pattern})",
    "union_tag_invalid": "bentuk tidak dikenal",
}


def validation_message(error: Mapping[str, Any]) -> Message:
    """A Message for one entry of ``ValidationError.errors()``."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    english = error.get("msg", kind)
    value = error.get("input")
    shown = _short(value)
    if kind == "waktu":
        return Message(f"{ctx['id']}: '{ctx['text']}'", f"{ctx['en']}: '{ctx['text']}'")
    if kind == "value_error":
        text = str(ctx.get("error", english))
        return Message(_translate_value_error(text), f"{text} (value: {shown})")
    template = ID_TEXTS.get(kind)
    if template is None:
        return Message(f"nilai tidak sah: {english} (nilai: {shown})", f"{english} (value: {shown})")
    indonesian = template.format(**{"expected": ctx.get("expected", ""), **{k: v for k, v in ctx.items()}})
    if kind not in ("missing",):
        indonesian += f" (nilai: {shown})"
        english += f" (value: {shown})"
    return Message(indonesian, english)


_VALUE_ERRORS_ID = {
    "give exactly one of 'sop' or 'instansi'": "isi tepat satu dari 'sop' atau 'instansi'",
    "an empty pelaksana name": "nama pelaksana kosong",
    "a day needs a month": "tanggal tanpa bulan",
}


def _translate_value_error(text: str) -> str:
    for english, indonesian in _VALUE_ERRORS_ID.items():
        if english in text:
            return indonesian
    if text.startswith("not a date"):
        return "bukan tanggal (gunakan YYYY-MM-DD, YYYY-MM atau YYYY): " + text.split(":", 1)[-1].strip()
    if text.startswith("unknown time zone"):
        return "zona waktu tidak dikenal" + text.removeprefix("unknown time zone").replace("use e.g.", "misalnya")
    if text.startswith("logo path must stay"):
        return "path logo harus tetap di dalam folder organisasi:" + text.split(":", 1)[-1]
    if text.startswith("the waktu of all steps together exceed"):
        return "waktu semua langkah bersama melebihi" + text.removeprefix(
            "the waktu of all steps together exceed"
        ).replace("working days", "hari kerja")
    if text.startswith("year"):
        return text.replace("year", "tahun", 1).replace("is not", "tidak di antara")
    if text.startswith("month"):
        return "bulan harus 1-12"
    return text


_REPR = reprlib.Repr()  # a repr whose cost is bounded: a huge or deeply nested value is cut before it is written
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxset = 3, 4, 4, 4
_REPR.maxstring, _REPR.maxother, _REPR.maxlong = 60, 60, 40


def _short(value: Any) -> str:
    text = _REPR.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
