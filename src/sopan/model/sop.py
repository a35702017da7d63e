"""The SOP AP: identity part, lanes and steps (Permen PANRB 35/2012), plus the linked Standar Pelayanan."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Any, Final, Literal, Union

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .base import FileModel, TextList, as_list
from .dates import PartialDateField
from .duration import (
    DEFAULT_WORK_UNITS,
    MAX_WORKING_DAYS,
    Duration,
    DurationError,
    DurationUnit,
    parse_duration,
)
from .retention import Retention

__all__ = [
    "END",
    "MAX_SOURCE_LINE",
    "MAX_STEP_NUMBER",
    "MAX_TOTAL_WORKING_DAYS",
    "Decision",
    "DurationField",
    "Kind",
    "Lane",
    "Nature",
    "Reference",
    "Requirement",
    "RequirementGroup",
    "ServiceStandard",
    "Signatory",
    "Sop",
    "Source",
    "Step",
    "StepVariant",
    "Target",
    "slugify",
]

END: Final = "selesai"
"""Decision or jump target meaning: the procedure ends here."""


def slugify(text: str) -> str:
    """A stable ASCII identifier: 'Kasubbag TU' -> 'kasubbag-tu'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class Kind(StrEnum):
    """Jenis SOP: administratif (several performers, the what) or teknis (one performer, the how)."""

    ADMINISTRATIF = "administratif"
    TEKNIS = "teknis"


class Nature(StrEnum):
    """Sifat kegiatan: what starts a case."""

    PELAYANAN = "pelayanan"  # an applicant (pemohon)
    RUTIN = "rutin"  # a schedule
    PENUGASAN = "penugasan"  # an order or disposition


def _parse_waktu(value: Any) -> Any:
    if value is None or isinstance(value, Duration):
        return value
    try:
        return parse_duration(str(value))
    except DurationError as error:
        raise PydanticCustomError(
            "waktu",
            "{en}: '{text}'",
            {"en": error.reason_en, "id": error.reason_id, "text": error.text},
        ) from None


def _apply_time_unit(data: dict[str, Any]) -> None:
    """Read bare numbers in waktu with the SOP's satuan_waktu (a table headed 'Waktu (menit)')."""
    unit = data.get("satuan_waktu", data.get("time_unit"))
    if unit is None:
        return
    try:
        unit = DurationUnit(unit)
    except ValueError:
        return  # the field's own validation reports it
    for step in data.get("langkah", data.get("steps")) or []:
        if not isinstance(step, dict):
            continue
        rows = [step, *[v for v in step.get("varian", []) or [] if isinstance(v, dict)]]
        for row in rows:
            value = row.get("waktu")
            if isinstance(value, (int, float)) or (
                isinstance(value, str) and re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*", value)
            ):
                row["waktu"] = parse_duration(str(value), unit)


DurationField = Annotated[
    Duration,
    BeforeValidator(_parse_waktu),
    PlainSerializer(lambda d: d.text, return_type=str),
    WithJsonSchema(
        {
            "type": ["string", "number"],
            "description": "e.g. '5 menit', '1 jam', '2 hari', '1 minggu', 'Disesuaikan'",
            "examples": ["5 menit", "1 jam", "2 hari", "Disesuaikan"],
        }
    ),
]

MAX_STEP_NUMBER = 999
# words that answer a yes/no question on their own: "Berkas lengkap?" is answered "Lengkap" or "Tidak lengkap"
_BARE_ANSWERS = frozenset({"", "y", "ya", "yes", "t", "n", "tidak", "no"})
_PREDICATES = frozenset({"lengkap", "benar", "sesuai", "setuju", "disetujui", "layak", "sah", "valid", "memenuhi"})
"""The largest step nomor (the library's longest SOP has 15 steps)."""

StepNumber = Annotated[int, Field(ge=1, le=MAX_STEP_NUMBER)]

Target = Union[StepNumber, Literal["selesai"]]
"""A step number, or 'selesai' for the end of the procedure."""


class Signatory(FileModel):
    """Disahkan oleh: the approving official."""

    position: str = Field(alias="jabatan", description="Jabatan, e.g. 'Camat Bawang'")
    name: str | None = Field(default=None, alias="nama")
    nip: str | None = Field(default=None, description="NIP, 18 digits when complete")


class Lane(FileModel):
    """A pelaksana column: a role (jabatan), never a person."""

    code: str = Field(default="", alias="kode", description="Identifier used by steps; derived from nama if empty")
    name: str = Field(alias="nama")
    external: bool = Field(default=False, alias="pihak_luar", description="An outside party (Pemohon, Bupati, POS)")
    note: str | None = Field(default=None, alias="catatan")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"nama": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _derive_code(self) -> Lane:
        if not self.code:
            object.__setattr__(self, "code", slugify(self.name))
        return self


class RequirementGroup(FileModel):
    """A heading with its own items, e.g. 'a. Kenaikan Pangkat Reguler' and its documents.

    ``case`` marks a variant that applies only to some applications (KK karena pindah datang, KTP hilang).
    """

    heading: str = Field(alias="kelompok")
    items: list[Requirement] = Field(default_factory=list, alias="butir")
    case: bool = Field(default=False, alias="kasus")


Requirement = Union[str, RequirementGroup]


class Decision(FileModel):
    """A yes/no question; both exits lead somewhere."""

    question: str = Field(alias="pertanyaan")
    yes: Target | None = Field(default=None, alias="ya", description="Step number; empty = the next step")
    no: Target = Field(alias="tidak", description="Step number the case returns to, or 'selesai'")
    yes_label: str | None = Field(default=None, alias="label_ya", description="e.g. 'Setuju', 'Lengkap'")
    no_label: str | None = Field(default=None, alias="label_tidak")

    def answer_labels(self) -> tuple[str, str]:
        """The words an officer answers with: the SOP's labels, else (or when they only say ya / tidak) the
        question's own predicate ("Berkas lengkap?" gives "Lengkap" / "Tidak lengkap"), else "Ya" / "Tidak"."""
        found = [word for word in re.findall(r"[a-z]+", self.question.lower()) if word in _PREDICATES]
        derived = (found[0].capitalize(), f"Tidak {found[0]}") if len(found) == 1 else ("Ya", "Tidak")

        def own(label: str | None, fallback: str) -> str:
            text = (label or "").strip()
            return fallback if text.lower() in _BARE_ANSWERS else text[:1].upper() + text[1:]

        return own(self.yes_label, derived[0]), own(self.no_label, derived[1])

    def label_of(self, answer: str | None) -> str:
        """The label of a recorded answer ("ya" / "tidak"); other text is returned as it is."""
        yes, no = self.answer_labels()
        return {"ya": yes, "tidak": no}.get(answer or "", answer or "")


class StepVariant(FileModel):
    """A sub-case row under a step ('- Bagi yang sudah perekaman …') with its own time."""

    condition: str = Field(alias="kondisi")
    duration: DurationField | None = Field(default=None, alias="waktu")
    duration_source: str | None = Field(default=None, alias="waktu_sumber")
    remark: str | None = Field(default=None, alias="keterangan")


class Step(FileModel):
    """One row of the flowchart table (a kegiatan)."""

    number: int | None = Field(default=None, alias="nomor", ge=1, le=MAX_STEP_NUMBER)
    activity: str = Field(alias="kegiatan", min_length=1)
    lanes: Annotated[list[str], BeforeValidator(as_list)] = Field(
        default_factory=list, alias="pelaksana", description="Lane kode or nama; the first holds the symbol"
    )
    requirements: Annotated[list[Requirement], BeforeValidator(as_list)] = Field(
        default_factory=list, alias="kelengkapan"
    )
    duration: DurationField | None = Field(default=None, alias="waktu")
    duration_source: str | None = Field(
        default=None, alias="waktu_sumber", description="The source's text where the transcription corrected it"
    )
    outputs: TextList = Field(default_factory=list, alias="output")
    remark: str | None = Field(default=None, alias="keterangan")
    decision: Decision | None = Field(default=None, alias="keputusan")
    next: Target | None = Field(default=None, alias="lanjut", description="Where the flow goes; empty = next step")
    sub_sop: str | None = Field(default=None, alias="sub_sop", description="A sub-procedure (id or title)")
    records_in: str | None = Field(default=None, alias="register", description="The register this step records in")
    variants: list[StepVariant] = Field(default_factory=list, alias="varian")
    note: str | None = Field(default=None, alias="catatan", description="Transcription note")

    @property
    def numbered(self) -> int:
        """The step's number: every step of a read SOP has one (its position when the file gives no nomor)."""
        if self.number is None:
            raise ValueError(f"step {self.activity!r} has no number yet")
        return self.number

    @field_validator("lanes")
    @classmethod
    def _lanes_not_blank(cls, value: list[str]) -> list[str]:
        if any(not lane.strip() for lane in value):
            raise ValueError("an empty pelaksana name")
        return value


class Reference(FileModel):
    """A keterkaitan entry: another SOP (by id, nomor or title) or an outside institution."""

    sop: str | None = None
    institution: str | None = Field(default=None, alias="instansi")
    note: str | None = Field(default=None, alias="catatan")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"sop": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_target(self) -> Reference:
        if (self.sop is None) == (self.institution is None):
            raise ValueError("give exactly one of 'sop' or 'instansi'")
        return self


class ServiceStandard(FileModel):
    """Standar Pelayanan (Permen PANRB 15/2014), its 14 components."""

    requirements: TextList = Field(default_factory=list, alias="persyaratan")
    procedure: TextList = Field(default_factory=list, alias="sistem_mekanisme_prosedur")
    time_limit: DurationField | None = Field(default=None, alias="jangka_waktu")
    fee: TextList = Field(default_factory=list, alias="biaya_tarif")
    products: TextList = Field(default_factory=list, alias="produk_pelayanan")
    complaints: TextList = Field(default_factory=list, alias="penanganan_pengaduan")
    legal_basis: TextList = Field(default_factory=list, alias="dasar_hukum")
    facilities: TextList = Field(default_factory=list, alias="sarana_prasarana")
    competence: TextList = Field(default_factory=list, alias="kompetensi_pelaksana")
    internal_supervision: TextList = Field(default_factory=list, alias="pengawasan_internal")
    staffing: TextList = Field(default_factory=list, alias="jumlah_pelaksana")
    service_guarantee: TextList = Field(default_factory=list, alias="jaminan_pelayanan")
    safety_guarantee: TextList = Field(default_factory=list, alias="jaminan_keamanan_keselamatan")
    performance_evaluation: TextList = Field(default_factory=list, alias="evaluasi_kinerja_pelaksana")


MAX_TOTAL_WORKING_DAYS = 4 * MAX_WORKING_DAYS
"""The longest a whole SOP may take, in nominal working days (eight years; the calendar looks ten ahead)."""

MAX_SOURCE_LINE = 10_000_000
"""The largest line number of a source document."""


class Source(FileModel):
    """Where a transcribed SOP comes from."""

    file: str = Field(alias="berkas")
    line: int = Field(alias="baris", ge=1, le=MAX_SOURCE_LINE)
    note: str | None = Field(default=None, alias="catatan")


class Sop(FileModel):
    """One SOP AP. ``id`` is the file name without ``.sop.yaml``; it is not stored in the file."""

    id: str | None = Field(default=None, exclude=True)
    organisation: str = Field(alias="organisasi", description="Kode of the organisation (its library folder)")
    group: str | None = Field(default=None, alias="kelompok", description="Section or bidang of the organisation")
    number: str | None = Field(default=None, alias="nomor")
    title: str = Field(alias="nama", min_length=1)
    kind: Kind | None = Field(default=None, alias="jenis")
    nature: Nature | None = Field(default=None, alias="sifat")
    created: PartialDateField | None = Field(default=None, alias="tanggal_pembuatan")
    revised: PartialDateField | None = Field(default=None, alias="tanggal_revisi")
    effective: PartialDateField | None = Field(default=None, alias="tanggal_efektif")
    approved_by: Signatory | None = Field(default=None, alias="disahkan_oleh")
    enacted_by: str | None = Field(
        default=None, alias="ditetapkan_dengan", description="Nomor of the decree in organisasi.yaml that sets it"
    )
    legal_basis: TextList = Field(default_factory=list, alias="dasar_hukum")
    qualifications: TextList = Field(default_factory=list, alias="kualifikasi_pelaksana")
    related: Annotated[list[Reference], BeforeValidator(as_list)] = Field(default_factory=list, alias="keterkaitan")
    equipment: TextList = Field(default_factory=list, alias="peralatan_perlengkapan")
    warnings: TextList = Field(default_factory=list, alias="peringatan")
    records: TextList = Field(default_factory=list, alias="pencatatan_pendataan")
    retention: Retention = Field(
        default=None,
        alias="retensi_data",
        description="How long personal data of a closed case is kept when the Pencatatan says otherwise than "
        "the organisation ('5 tahun', '18 bulan'); empty: the organisation's retensi_data",
    )
    lanes: list[Lane] = Field(default_factory=list, alias="pelaksana")
    time_unit: DurationUnit | None = Field(
        default=None, alias="satuan_waktu", description="Unit of bare numbers in waktu ('Waktu (menit)')"
    )
    steps: list[Step] = Field(alias="langkah", min_length=1)
    service_standard: ServiceStandard | None = Field(default=None, alias="standar_pelayanan")
    source: Source | None = Field(default=None, alias="sumber")
    notes: TextList = Field(default_factory=list, alias="catatan")

    @model_validator(mode="before")
    @classmethod
    def _bare_numbers(cls, value: Any) -> Any:
        if isinstance(value, dict):
            value = dict(value)
            steps = value.get("langkah", value.get("steps"))
            if isinstance(steps, list):
                copied = [dict(step) if isinstance(step, dict) else step for step in steps]
                for step in copied:
                    if isinstance(step, dict) and isinstance(step.get("varian"), list):
                        step["varian"] = [dict(v) if isinstance(v, dict) else v for v in step["varian"]]
                value["langkah" if "langkah" in value else "steps"] = copied
            _apply_time_unit(value)
        return value

    @field_validator("steps")
    @classmethod
    def _bounded_total(cls, steps: list[Step]) -> list[Step]:
        """The steps' waktu together stay within MAX_TOTAL_WORKING_DAYS, so a case's due date is on the calendar.

        A step counts with the longest of its own waktu and its variants' (one variant applies to a case).
        """
        durations = [[step.duration, *(variant.duration for variant in step.variants)] for step in steps]
        minutes = sum(
            max((duration.nominal_minutes() or 0 for duration in row if duration is not None), default=0)
            for row in durations
        )
        if minutes > MAX_TOTAL_WORKING_DAYS * DEFAULT_WORK_UNITS.minutes_per_day:
            raise ValueError(f"the waktu of all steps together exceed {MAX_TOTAL_WORKING_DAYS} working days")
        return steps

    @model_validator(mode="after")
    def _number_steps(self) -> Sop:
        """Steps without a nomor get their position; numbers are what decisions point at."""
        for position, step in enumerate(self.steps, start=1):
            if step.number is None:
                object.__setattr__(step, "number", position)
        return self

    # ----- navigation -------------------------------------------------------------------------------
    def lane(self, ref: str) -> Lane | None:
        """The lane a step names, by kode or by nama (case-insensitive)."""
        key = ref.strip().lower()
        for lane in self.lanes:
            if lane.code.lower() == key or lane.name.lower() == key:
                return lane
        return None

    def step(self, number: int) -> Step | None:
        return next((s for s in self.steps if s.number == number), None)

    def successors(self, step: Step) -> list[tuple[Target, str | None]]:
        """Where the flow goes after ``step``: (target, label) pairs; label is 'ya'/'tidak' on decisions."""
        index = self.steps.index(step)
        following: Target = self.steps[index + 1].numbered if index + 1 < len(self.steps) else END
        if step.decision is not None:
            yes = step.decision.yes if step.decision.yes is not None else following
            return [(yes, "ya"), (step.decision.no, "tidak")]
        return [(step.next if step.next is not None else following, None)]

    def durations(self) -> list[Duration]:
        return [s.duration if s.duration is not None else Duration(text="") for s in self.steps]


RequirementGroup.model_rebuild()
