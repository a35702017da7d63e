"""Set identity fields and a step's fields: kegiatan, pelaksana, kelengkapan, waktu, output, keputusan, references."""

from __future__ import annotations

from typing import Any

from ..model.duration import DurationError, DurationUnit, parse_duration
from ..model.sop import END, Signatory, Sop, Step
from ..problems import Message
from .definition import Definition, step_numbers, validated
from .order import ordered_keys
from .places import copied, step_index, unknown_step
from .refusal import Refusal

__all__ = [
    "IDENTITY_FIELDS",
    "STEP_FIELDS",
    "set_decision",
    "set_identity",
    "set_references",
    "set_requirements",
    "set_step_field",
    "set_waktu",
]

_LIST_IDENTITY = (
    "dasar_hukum",
    "kualifikasi_pelaksana",
    "peralatan_perlengkapan",
    "peringatan",
    "pencatatan_pendataan",
)
_TEXT_IDENTITY = (
    "nomor", "nama", "kelompok", "jenis", "sifat", "tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif",
    "ditetapkan_dengan",
)  # fmt: skip
_SIGNATORY = ("jabatan", "nama", "nip")
IDENTITY_FIELDS = (*_TEXT_IDENTITY, *(f"disahkan_oleh.{key}" for key in _SIGNATORY), *_LIST_IDENTITY, "keterkaitan")
"""The identity fields an editor sets; ``disahkan_oleh.*`` are the approving official's; ``keterkaitan`` is one
line per related SOP (its id, nomor or title) or outside institution (``instansi: name``)."""
INSTITUTION = "instansi:"

STEP_FIELDS = ("kegiatan", "pelaksana", "output", "keterangan")
_MULTI_STEP = ("pelaksana", "output")
UNITS = tuple(unit.value for unit in DurationUnit)
FLEXIBLE = "Disesuaikan"


def _put(holder: dict[str, Any], key: str, value: Any) -> None:
    if value in (None, "", []):
        holder.pop(key, None)
    else:
        holder[key] = value


def _unknown_field(name: str) -> Refusal:
    return Refusal("U007", Message(f"kolom '{name}' tidak dikenal", f"unknown field '{name}'"))


def _lines(value: Any) -> list[str]:
    items = value.splitlines() if isinstance(value, str) else list(value or [])
    return [str(item).strip() for item in items if str(item).strip()]


def related_items(value: Any) -> list[dict[str, str]]:
    """Keterkaitan entries from lines: ``instansi: name`` is an outside institution, any other line an SOP."""
    items = []
    for line in _lines(value):
        if line.lower().startswith(INSTITUTION):
            items.append({"instansi": line[len(INSTITUTION) :].strip()})
        else:
            items.append({"sop": line})
    return [item for item in items if next(iter(item.values()))]


def related_lines(items: Any) -> str:
    """The editor's lines of keterkaitan entries (the inverse of :func:`related_items`)."""
    lines = []
    for item in items if isinstance(items, list) else [items] if items else []:
        if isinstance(item, dict) and item.get("instansi"):
            lines.append(f"instansi: {item['instansi']}")
        elif isinstance(item, dict):
            lines.append(str(item.get("sop", "")))
        else:
            lines.append(str(item))
    return "\n".join(lines)


def set_identity(definition: Definition, *, field: str, value: Any) -> Definition | Refusal:
    """Set one identity field (text; a list field takes a list or one line per item); empty removes it."""
    if field not in IDENTITY_FIELDS:
        return _unknown_field(field)
    result = copied(definition)
    if field in _LIST_IDENTITY:
        _put(result, field, _lines(value))
    elif field == "keterkaitan":
        _put(result, field, related_items(value))
    elif field.startswith("disahkan_oleh."):
        official = dict(result.get("disahkan_oleh") or {})
        _put(official, field.partition(".")[2], str(value or "").strip())
        _put(result, "disahkan_oleh", ordered_keys(official, Signatory) if official else None)
    else:
        _put(result, field, str(value or "").strip())
    return validated(ordered_keys(result, Sop))


def _with_step(definition: Definition, step: int) -> tuple[Definition, dict[str, Any]] | Refusal:
    index = step_index(definition, step)
    if index is None:
        return unknown_step(step)
    result = copied(definition)
    return result, result["langkah"][index]


def _finish(result: Definition, row: dict[str, Any]) -> Definition | Refusal:
    ordered = ordered_keys(row, Step)
    row.clear()
    row.update(ordered)
    return validated(result)


def set_step_field(definition: Definition, *, step: int, field: str, value: Any) -> Definition | Refusal:
    """Set a step's kegiatan, pelaksana (lane kode, or several), output (one or several) or keterangan."""
    if field not in STEP_FIELDS:
        return _unknown_field(field)
    found = _with_step(definition, step)
    if isinstance(found, Refusal):
        return found
    result, row = found
    if field in _MULTI_STEP:
        items = _lines(value)
        _put(row, field, items[0] if len(items) == 1 else items)
    else:
        _put(row, field, str(value or "").strip())
    return _finish(result, row)


def _requirement(item: Any) -> Any:
    if isinstance(item, dict):
        group: dict[str, Any] = {"kelompok": str(item.get("kelompok", "")).strip(), "butir": _lines(item.get("butir"))}
        if item.get("kasus"):
            group["kasus"] = True
        return group
    return str(item).strip()


def set_requirements(definition: Definition, *, step: int, items: list[Any]) -> Definition | Refusal:
    """A step's kelengkapan: text items and groups ``{kelompok, butir: [...], kasus}`` (the KK cases)."""
    found = _with_step(definition, step)
    if isinstance(found, Refusal):
        return found
    result, row = found
    _put(row, "kelengkapan", [entry for entry in map(_requirement, items or []) if entry not in ("", None)])
    return _finish(result, row)


def set_waktu(definition: Definition, *, step: int, amount: Any = None, unit: str = "") -> Definition | Refusal:
    """A step's waktu: a number and a unit (menit, jam, hari, minggu), or ``Disesuaikan``; empty removes it.

    The text is read by the loader's own parser, so what is refused here is what ``sopan check`` refuses."""
    found = _with_step(definition, step)
    if isinstance(found, Refusal):
        return found
    result, row = found
    unit = (unit or "").strip()
    number = str(amount if amount is not None else "").strip()
    if unit.lower() == FLEXIBLE.lower():
        text = FLEXIBLE
    elif not number and not unit:
        text = ""
    elif not unit and result.get("satuan_waktu"):
        text = number  # a bare number in the SOP's satuan_waktu, as the file's other steps are written
    else:
        text = f"{number} {unit}".strip()
    if text and text != FLEXIBLE:
        try:
            parse_duration(text, _unit_of(result))
        except DurationError as error:
            return Refusal(
                "U006",
                Message(
                    f"langkah {step} › waktu: {error.reason_id}: '{text}'",
                    f"step {step} › waktu: {error.reason_en}: '{text}'",
                ),
            )
    _put(row, "waktu", _number(text) if text and not unit and text != FLEXIBLE else text)
    if not text:
        row.pop("waktu_sumber", None)
    return _finish(result, row)


def _unit_of(definition: Definition) -> DurationUnit | None:
    try:
        return DurationUnit(definition["satuan_waktu"]) if definition.get("satuan_waktu") else None
    except ValueError:
        return None


def _number(text: str) -> int | float | str:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return text
    return int(value) if value.is_integer() else value


def _target(definition: Definition, value: Any, own: int) -> int | str | Refusal | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.strip().lower() == END:
        return END
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number not in step_numbers(definition) or number == own:
        return Refusal(
            "U005",
            Message(
                f"tujuan '{value}' bukan langkah lain atau 'selesai'",
                f"target '{value}' is not another step or 'selesai'",
            ),
        )
    return number


def set_decision(
    definition: Definition,
    *,
    step: int,
    pertanyaan: str = "",
    ya: Any = None,
    tidak: Any = None,
    label_ya: str = "",
    label_tidak: str = "",
) -> Definition | Refusal:
    """A step's decision: its question and exits (a step number or ``selesai``; ya empty = the next step);
    an empty question removes the decision."""
    found = _with_step(definition, step)
    if isinstance(found, Refusal):
        return found
    result, row = found
    if not pertanyaan.strip():
        row.pop("keputusan", None)
        return _finish(result, row)
    yes, no = _target(result, ya, step), _target(result, tidak, step)
    for exit_ in (yes, no):
        if isinstance(exit_, Refusal):
            return exit_
    if no is None:
        return Refusal("U005", Message("keputusan perlu tujuan 'tidak'", "a decision needs a 'tidak' target"))
    decision = dict(row.get("keputusan") or {})
    decision["pertanyaan"] = pertanyaan.strip()
    _put(decision, "ya", yes)
    decision["tidak"] = no
    _put(decision, "label_ya", label_ya.strip())
    _put(decision, "label_tidak", label_tidak.strip())
    row["keputusan"] = decision
    return _finish(result, row)


def set_references(definition: Definition, *, step: int, sub_sop: str = "", register: str = "") -> Definition | Refusal:
    """A step's sub-SOP (an SOP of the library, by id or title) and the register it records in."""
    found = _with_step(definition, step)
    if isinstance(found, Refusal):
        return found
    result, row = found
    _put(row, "sub_sop", (sub_sop or "").strip())
    _put(row, "register", (register or "").strip())
    return _finish(result, row)
