"""The organisation that issues SOPs, and the decrees by which it sets them."""

from __future__ import annotations

from pydantic import Field

from .base import FileModel, TextList
from .dates import PartialDateField
from .sop import Signatory

__all__ = ["Decree", "DecreeEntry", "Organisation", "TeamMember"]


class DecreeEntry(FileModel):
    """A title a decree declares. ``sop`` links to the library file; empty when the SOP has no table."""

    title: str = Field(alias="judul")
    group: str | None = Field(default=None, alias="kelompok")
    sop: str | None = Field(default=None, description="Id of the SOP file; empty = declared but missing")
    line: int | None = Field(default=None, alias="baris")
    note: str | None = Field(default=None, alias="catatan")


class TeamMember(FileModel):
    """A member of a Tim Penyusun SOP: their role in the team and their position."""

    team_role: str = Field(alias="kedudukan", description="e.g. Ketua, Sekretaris, Anggota")
    position: str = Field(alias="jabatan")


class Decree(FileModel):
    """A Keputusan / Peraturan that sets SOPs (or forms the team that drafts them)."""

    number: str | None = Field(default=None, alias="nomor")
    date: PartialDateField | None = Field(default=None, alias="tanggal")
    kind: str | None = Field(default=None, alias="jenis", description="e.g. Keputusan Kepala Dinas")
    title: str = Field(alias="judul")
    signed_by: Signatory | None = Field(default=None, alias="ditandatangani_oleh")
    entries: list[DecreeEntry] = Field(default_factory=list, alias="daftar_sop")
    members: list[TeamMember] = Field(default_factory=list, alias="anggota")
    tasks: TextList = Field(default_factory=list, alias="tugas")
    source_line: int | None = Field(default=None, alias="baris")
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
    decrees: list[Decree] = Field(default_factory=list, alias="keputusan")
    notes: TextList = Field(default_factory=list, alias="catatan")
