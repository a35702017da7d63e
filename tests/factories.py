"""Shared test material without a database: paths, the small service SOP, actors, moments, PDF readers.

Test modules and conftest files import what they share from here (or from ``tests/web/factories.py`` for
database rows), never from one another.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from sopan.engine import Actor, Applicant, Process
from sopan.io.library import LoadedSop, load_library

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
LIBRARY = REPO / "library"

WIB = ZoneInfo("Asia/Jakarta")

SERVICE_SOP = {
    "organisasi": "kec-contoh",
    "nama": "Pelayanan Surat Keterangan",
    "sifat": "pelayanan",
    "pencatatan_pendataan": ["Register Surat Keterangan", "Arsip berkas"],
    "pelaksana": [
        {"kode": "pemohon", "nama": "Pemohon", "pihak_luar": True},
        {"kode": "loket", "nama": "Petugas Loket"},
        {"kode": "kasi", "nama": "Kasi Pelayanan"},
        {"kode": "camat", "nama": "Camat"},
    ],
    "langkah": [
        {
            "kegiatan": "Mengajukan permohonan dengan berkas persyaratan",
            "pelaksana": "pemohon",
            "kelengkapan": ["Surat pengantar desa", "Fotokopi KTP"],
            "waktu": "5 menit",
        },
        {
            "kegiatan": "Memeriksa kelengkapan berkas",
            "pelaksana": "loket",
            "kelengkapan": [
                "Formulir permohonan",
                {"kelompok": "Jika diwakilkan", "kasus": True, "butir": ["Surat kuasa"]},
            ],
            "waktu": "10 menit",
            "keputusan": {"pertanyaan": "Berkas lengkap?", "tidak": 1},
        },
        {
            "kegiatan": "Memproses surat keterangan",
            "pelaksana": "kasi",
            "waktu": "1 jam",
            "output": ["Konsep surat"],
            "register": "Register Surat Keterangan",
        },
        {
            "kegiatan": "Menandatangani surat keterangan",
            "pelaksana": ["camat", "kasi"],
            "waktu": "Disesuaikan",
            "keputusan": {"pertanyaan": "Setuju?", "tidak": 3, "label_ya": "Setuju"},
        },
        {"kegiatan": "Menyerahkan surat kepada pemohon", "pelaksana": "loket", "waktu": "2 hari"},
    ],
}

LOKET = Actor("siti", frozenset({"loket"}))
KASI = Actor("budi", frozenset({"kasi"}))
CAMAT = Actor("camat", frozenset({"camat"}))
STRANGER = Actor("tamu", frozenset({"bendahara"}))

ANI = Applicant(name="Ani Lestari", nik="3508010101010001")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in November 2026 (Mon 2 ... Fri 6, Mon 9), WIB."""
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=WIB)


@cache
def library_sops() -> list[LoadedSop]:
    """Every SOP of the bundled library, read once."""
    return load_library([LIBRARY]).sops


@cache
def library_processes() -> list[Process]:
    """The engine's view of every SOP of the bundled library."""
    return [Process(loaded.sop) for loaded in library_sops()]


def pdf_info(path: Path) -> dict[str, str]:
    """pdfinfo's fields of a PDF file."""
    text = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return dict(re.findall(r"^([^:]+):\s*(.*)$", text, re.MULTILINE))


def page_text(path: Path, page: int, *options: str) -> str:
    """The text of one page of a PDF file, as pdftotext reads it (``options``: pdftotext's, e.g. ``-bbox``)."""
    command = ["pdftotext", *options, "-f", str(page), "-l", str(page), str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout
