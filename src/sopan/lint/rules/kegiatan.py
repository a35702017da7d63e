"""Kegiatan is written with an active verb and without a subject (Permen PANRB 35/2012)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...problems import Severity
from ..context import LintContext
from ..registry import Hit, rule

# Role words that open a sentence with its subject ("Kepala dinas menandatangani …").
ROLE_WORDS = {
    "kepala", "kadis", "kadin", "kaban", "sekretaris", "sekdin", "sekcam", "kasubag", "kasubbag", "kaubbag",
    "kasi", "kabid", "kabag", "staf", "staff", "petugas", "operator", "opr", "pemohon", "camat", "bupati",
    "gubernur", "bendahara", "pptk", "masyarakat", "pegawai", "pejabat", "lurah", "sekda", "pengadministrasi",
    "verifikator", "bidang", "seksi", "skpd", "pns", "tim", "pimpinan", "atasan", "data", "berkas", "surat",
}  # fmt: skip
_ACTIVE = re.compile(r"^(memper|meng|meny|mem|men|me|ber|be)[a-z]{2,}$")
_NOT_VERBS = {"media", "meja", "mesin", "metode", "mei", "menu", "menit", "berkas", "bersama", "berita", "besar"}
_NOMINAL = re.compile(r"^(pe|pem|pen|peng|peny|per)[a-z]+an$|^ke[a-z]+an$")
_PASSIVE = re.compile(r"^di[a-z]{3,}(kan|i)?$")


def first_word(text: str) -> str:
    match = re.search(r"[A-Za-z]+", text)
    return match.group(0).lower() if match else ""


def has_subject(text: str, lane_names: list[str]) -> str | None:
    """The subject the activity starts with, if any: a lane name or a role word followed by more words."""
    lowered = text.strip().lower()
    for name in sorted(lane_names, key=len, reverse=True):
        candidate = name.lower()
        if candidate and lowered.startswith(candidate + " ") and len(lowered.split()) > len(candidate.split()):
            return name
    word = first_word(text)
    if word in ROLE_WORDS and len(lowered.split()) > 1:
        return text.strip().split()[0]
    return None


def is_active_verb(word: str) -> bool:
    return bool(_ACTIVE.match(word)) and word not in _NOT_VERBS


@rule(
    "K001",
    "kegiatan-bersubjek",
    Severity.WARNING,
    "langkah {step}: kegiatan diawali subjek '{subject}'; pelaksana ditunjukkan oleh kolom, bukan kalimat",
    "step {step}: the activity starts with the subject '{subject}'; the lane shows the performer, not the sentence",
)
def kegiatan_without_subject(ctx: LintContext) -> Iterator[Hit]:
    lanes = [lane.name for lane in ctx.sop.lanes]
    for index, step in enumerate(ctx.sop.steps):
        subject = has_subject(step.activity, lanes)
        if subject:
            yield Hit(ctx.here, ("langkah", index, "kegiatan"), {"step": step.number, "subject": subject})


@rule(
    "K002",
    "kegiatan-kata-kerja-aktif",
    Severity.WARNING,
    "langkah {step}: kegiatan sebaiknya diawali kata kerja aktif (me-/ber-), bukan '{word}'",
    "step {step}: the activity should start with an active verb (me-/ber-), not '{word}'",
)
def kegiatan_active_verb(ctx: LintContext) -> Iterator[Hit]:
    lanes = [lane.name for lane in ctx.sop.lanes]
    for index, step in enumerate(ctx.sop.steps):
        if has_subject(step.activity, lanes):
            continue  # K001 already says what is wrong
        word = first_word(step.activity)
        if not is_active_verb(word):
            yield Hit(ctx.here, ("langkah", index, "kegiatan"), {"step": step.number, "word": word or step.activity})
