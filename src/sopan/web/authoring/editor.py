"""What the editor screen shows: the draft's rows with the lint findings that concern each, and its flowchart."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString, mark_safe

from sopan.edit import step_numbers
from sopan.edit.fields import IDENTITY_FIELDS, UNITS, related_lines
from sopan.edit.places import lane_code, lane_name
from sopan.model.places import place_in_words
from sopan.problems import Problem
from sopan.web.authoring.checking import Checked
from sopan.web.authoring.models import Draft
from sopan.web.authoring.requirements_text import format_requirements
from sopan.web.catalog.models import Sop as PublishedSop

__all__ = ["editor_context", "finding_row"]

IDENTITY_LABELS: dict[str, tuple[str, str]] = {
    "nomor": ("Nomor SOP", "SOP number"),
    "nama": ("Nama SOP", "SOP title"),
    "kelompok": ("Bagian / bidang", "Section"),
    "jenis": ("Jenis (administratif, teknis)", "Kind (administratif, teknis)"),
    "sifat": ("Sifat (pelayanan, rutin, penugasan)", "Nature (pelayanan, rutin, penugasan)"),
    "tanggal_pembuatan": ("Tanggal pembuatan", "Date made"),
    "tanggal_revisi": ("Tanggal revisi", "Date revised"),
    "tanggal_efektif": ("Tanggal efektif", "Effective date"),
    "ditetapkan_dengan": ("Ditetapkan dengan (nomor keputusan)", "Enacted by (decree number)"),
    "disahkan_oleh.jabatan": ("Disahkan oleh: jabatan", "Approved by: position"),
    "disahkan_oleh.nama": ("Disahkan oleh: nama", "Approved by: name"),
    "disahkan_oleh.nip": ("Disahkan oleh: NIP", "Approved by: NIP"),
    "dasar_hukum": ("Dasar hukum (satu per baris)", "Legal basis (one a line)"),
    "kualifikasi_pelaksana": ("Kualifikasi pelaksana (satu per baris)", "Qualifications (one a line)"),
    "peralatan_perlengkapan": ("Peralatan/perlengkapan (satu per baris)", "Equipment (one a line)"),
    "peringatan": ("Peringatan (satu per baris)", "Warnings (one a line)"),
    "pencatatan_pendataan": ("Pencatatan dan pendataan (satu per baris)", "Records (one a line)"),
    "keterkaitan": (
        "Keterkaitan: SOP lain (satu per baris) atau 'instansi: nama'",
        "Related: other SOPs (one a line) or 'instansi: name'",
    ),
}
LIST_FIELDS = {
    "dasar_hukum", "kualifikasi_pelaksana", "peralatan_perlengkapan", "peringatan", "pencatatan_pendataan",
    "keterkaitan",
}  # fmt: skip


def finding_row(problem: Problem, lang: str) -> dict[str, Any]:
    """A finding as the screens show it: code, severity, message and place in words, and its line."""
    return {
        "code": problem.code,
        "severity": problem.severity.value,
        "severity_label": problem.severity.label(lang),
        "message": problem.message.text(lang),
        "place": place_in_words(problem.path, lang) or "-",
        "line": problem.line,
    }


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return "" if value is None else str(value)


def _identity(definition: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    official = definition.get("disahkan_oleh") or {}
    rows = []
    for field in IDENTITY_FIELDS:
        if field.startswith("disahkan_oleh."):
            value = official.get(field.partition(".")[2]) if isinstance(official, dict) else None
        elif field == "keterkaitan":
            value = related_lines(definition.get(field))
        else:
            value = definition.get(field)
        id_label, en_label = IDENTITY_LABELS[field]
        rows.append(
            {
                "field": field,
                "id": "f-" + field.replace(".", "-").replace("_", "-"),
                "label": en_label if lang == "en" else id_label,
                "value": _text(value),
                "multiline": field in LIST_FIELDS,
                "findings": [],
            }
        )
    return rows


def _waktu(value: Any) -> tuple[str, str]:
    text = "" if value is None else str(value).strip()
    if text.lower().startswith("disesuaikan") or (text and not text[0].isdigit()):
        return "", "Disesuaikan" if text.lower().startswith("disesuaikan") else text
    amount, _, unit = text.partition(" ")
    return amount, unit.strip()


def _steps(definition: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    numbers = step_numbers(definition)
    for index, (number, step) in enumerate(zip(numbers, definition.get("langkah") or [], strict=True)):
        lanes = step.get("pelaksana")
        lanes = [lanes] if isinstance(lanes, str) else list(lanes or [])
        outputs = step.get("output")
        amount, unit = _waktu(step.get("waktu"))
        decision = step.get("keputusan") or {}
        rows.append(
            {
                "index": index,
                "number": number,
                "kegiatan": step.get("kegiatan", ""),
                "lane": lanes[0] if len(lanes) == 1 else "",
                "lanes": "\n".join(str(lane) for lane in lanes),
                "several_lanes": len(lanes) > 1,
                "kelengkapan": format_requirements(step.get("kelengkapan") or []),
                "amount": amount,
                "unit": unit,
                "waktu": _text(step.get("waktu")),
                "output": _text(outputs),
                "keterangan": _text(step.get("keterangan")),
                "decision": decision,
                "yes": _text(decision.get("ya")),
                "no": _text(decision.get("tidak")),
                "sub_sop": _text(step.get("sub_sop")),
                "register": _text(step.get("register")),
                "findings": [],
                "first": index == 0,
                "last": index == len(numbers) - 1,
            }
        )
    return rows


def _lanes(definition: dict[str, Any]) -> list[dict[str, Any]]:
    lanes = definition.get("pelaksana") or []
    return [
        {
            "index": index,
            "code": lane_code(lane),
            "name": lane_name(lane),
            "external": isinstance(lane, dict) and bool(lane.get("pihak_luar")),
            "findings": [],
            "first": index == 0,
            "last": index == len(lanes) - 1,
        }
        for index, lane in enumerate(lanes)
    ]


def editor_context(draft: Draft, checked: Checked, lang: str) -> dict[str, Any]:
    """Identity rows, lanes and steps, each with the findings whose key path points into it; the rest apart."""
    definition = draft.definition
    identity, lanes, steps = _identity(definition, lang), _lanes(definition), _steps(definition)
    by_field = {row["field"]: row for row in identity}
    general = []
    for problem in checked.problems if checked.sop is not None else []:
        row = finding_row(problem, lang)
        path = problem.path
        if len(path) >= 2 and path[0] == "langkah" and isinstance(path[1], int) and path[1] < len(steps):
            steps[path[1]]["findings"].append(row)
        elif len(path) >= 2 and path[0] == "pelaksana" and isinstance(path[1], int) and path[1] < len(lanes):
            lanes[path[1]]["findings"].append(row)
        elif path and ".".join(str(part) for part in path[:2]) in by_field:
            by_field[".".join(str(part) for part in path[:2])]["findings"].append(row)
        elif path and str(path[0]) in by_field:
            by_field[str(path[0])]["findings"].append(row)
        else:
            general.append(row)
    library = PublishedSop.objects.filter(organisation=draft.organisation).order_by("title").values("key", "title")
    pages: list[SafeString] = [mark_safe(svg) for svg in checked.flowchart()]
    load_errors = [finding_row(problem, lang) for problem in checked.problems] if checked.sop is None else []
    return {
        "draft": draft,
        "identity": identity,
        "lanes": lanes,
        "steps": steps,
        "general": general,
        "load_errors": load_errors,
        "count": len(checked.problems),
        "errors": sum(1 for problem in checked.problems if problem.severity.value == "error"),
        "pages": pages,
        "units": UNITS,
        "targets": step_numbers(definition),
        "library": list(library),
        "registers": [str(item) for item in definition.get("pencatatan_pendataan") or []],
        "lane_codes": [lane["code"] for lane in lanes],
        "pending": bool(draft.pending_text),
        "undo": draft.changes.exists(),
    }
