"""The organisation that issues SOPs, and the decrees by which it sets them."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, field_validator

from .base import FileModel, TextList
from .dates import PartialDateField
from .hours import Interval, OfficeHours
from .retention import Retention
from .sop import MAX_SOURCE_LINE, Signatory

__all__ = ["Decree", "DecreeEntry", "Organisation", "TeamMember"]


def _readable_periods(value: str | list[str] | None) -> str | list[str] | None:
    Interval.parse_periods(value)  # raises ValueError quoting the text
    return value


DayHours = Annotated[str | list[str] | None, AfterValidator(_readable_periods)]


class DecreeEntry(FileModel):
    """A title a decree declares. ``sop`` links to the library file; empty when the SOP has no table, or when
    the decree declares the title again (``duplikat_dari``: the ``baris`` of the entry it repeats)."""

    title: str = Field(alias="judul")
    group: str | None = Field(default=None, alias="kelompok")
    sop: str | None = Field(default=None, description="Id of the SOP file; empty = declared but missing")
    line: int | None = Field(default=None, alias="baris", ge=1, le=MAX_SOURCE_LINE)
    duplicate_of: int | None = Field(
        default=None,
        alias="duplikat_dari",
        ge=1,
        le=MAX_SOURCE_LINE,
        description="baris of the entry this one repeats (a duplicate title)",
    )
    note: str | None = Field(default=None, alias="catatan")


class TeamMember(FileModel):
    """A member of a Tim Penyusun SOP: their role in the team and their position."""

    team_role: str = Field(alias="kedudukan", description="e.g. Ketua, Sekretaris, Anggota")
    position: str = Field(alias="jabatan")


class Decree(FileModel):
    """A Keputusan / Peraturan that sets SOPs (or forms the team that drafts them)."""

    number: str | None = Field(default=None, alias="nomor")
    date: PartialDateField | None = Field(default=None, alias="tanggal")
    place: str | None = Field(default=None, alias="tempat", description="Where it was set: 'Ditetapkan di ...'")
    kind: str | None = Field(default=None, alias="jenis", description="e.g. Keputusan Kepala Dinas")
    title: str = Field(alias="judul")
    signed_by: Signatory | None = Field(default=None, alias="ditandatangani_oleh")
    entries: list[DecreeEntry] = Field(default_factory=list, alias="daftar_sop")
    members: list[TeamMember] = Field(default_factory=list, alias="anggota")
    tasks: TextList = Field(default_factory=list, alias="tugas")
    source_line: int | None = Field(default=None, alias="baris", ge=1, le=MAX_SOURCE_LINE)
    notes: TextList = Field(default_factory=list, alias="catatan")


class Organisation(FileModel):
    """An instansi / perangkat daerah / unit kerja. One ``organisasi.yaml`` per library folder."""

    code: str = Field(alias="kode", pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(alias="nama")
    parents: TextList = Field(default_factory=list, alias="induk", description="Outermost first")
    address: str | None = Field(default=None, alias="alamat")
    logo: str | None = Field(default=None, description="Image path relative to the folder")
    timezone: str = Field(
        default="Asia/Jakarta",
        alias="zona_waktu",
        description="IANA zone of the office: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)",
    )
    office_hours: dict[str, DayHours] = Field(
        default_factory=dict,
        alias="jam_kerja",
        description="Office hours per day (senin ... minggu): '07:30-16:00', or several periods "
        "'07:30-11:30, 13:00-16:30'; a day left out or 'libur' is closed. Empty: Senin-Kamis 07:30-16:00, "
        "Jumat 07:30-16:30",
    )
    retention: Retention = Field(
        default=None,
        alias="retensi_data",
        description="How long personal data of a closed case is kept before it is anonymised (UU 27/2022): "
        "'5 tahun', '18 bulan'; empty: 5 tahun. An office can change it in the database",
    )
    hold_follow_up_days: int = Field(
        default=14,
        ge=1,
        le=365,
        alias="batas_tunggu_pemohon",
        description="Days a case may wait for the applicant before it is listed for follow-up (calendar days)",
    )
    decrees: list[Decree] = Field(default_factory=list, alias="keputusan")
    notes: TextList = Field(default_factory=list, alias="catatan")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)"
            ) from None
        return value

    @field_validator("logo")
    @classmethod
    def _logo_inside(cls, value: str | None) -> str | None:
        if value is not None and (
            PurePosixPath(value.replace("\\", "/")).is_absolute()
            or ".." in re.split(r"[/\\]", value)
            or re.match(r"^[A-Za-z]:", value)
        ):
            raise ValueError(f"logo path must stay inside the organisation folder: {value!r}")
        return value

    @field_validator("office_hours")
    @classmethod
    def _readable_hours(cls, value: dict[str, Any]) -> dict[str, Any]:
        OfficeHours.from_days(value)  # day names, and at least one working day (each day's hours are checked above)
        return value
