"""Shared material for engine tests: a small service SOP with every feature the engine handles."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sopan.engine import Actor, Context, MemoryRegisters, Process
from sopan.model.sop import Sop
from sopan.worktime.calendar import WorkCalendar

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


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in November 2026 (Mon 2 ... Fri 6, Mon 9), WIB."""
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def service_sop() -> Sop:
    return Sop.model_validate(SERVICE_SOP)


@pytest.fixture
def ctx(service_sop: Sop) -> Context:
    service_sop.id = "surat-keterangan"
    return Context(process=Process(service_sop), calendar=WorkCalendar(), registers=MemoryRegisters())
