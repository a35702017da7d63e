"""The identity part: fields the form requires, and a well-formed NIP."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...problems import Severity
from ..context import LintContext
from ..registry import Hit, rule

# (file key, attribute) of the identity fields Permen PANRB 35/2012 prints.
IDENTITY_FIELDS = [
    ("nomor", "number"),
    ("tanggal_pembuatan", "created"),
    ("tanggal_revisi", "revised"),
    ("tanggal_efektif", "effective"),
    ("disahkan_oleh", "approved_by"),
    ("dasar_hukum", "legal_basis"),
    ("kualifikasi_pelaksana", "qualifications"),
    ("keterkaitan", "related"),
    ("peralatan_perlengkapan", "equipment"),
    ("peringatan", "warnings"),
    ("pencatatan_pendataan", "records"),
]


@rule(
    "I001",
    "identitas-kosong",
    Severity.WARNING,
    "bagian identitas tidak lengkap: {fields} kosong",
    "the identity part is incomplete: {fields} empty",
)
def identity_complete(ctx: LintContext) -> Iterator[Hit]:
    missing = [key for key, attribute in IDENTITY_FIELDS if not getattr(ctx.sop, attribute)]
    if missing:
        yield Hit(ctx.here, (), {"fields": ", ".join(missing)})


@rule(
    "I002",
    "nip-tidak-sah",
    Severity.WARNING,
    "NIP '{nip}' bukan 18 angka",
    "NIP '{nip}' is not 18 digits",
)
def nip_well_formed(ctx: LintContext) -> Iterator[Hit]:
    signatory = ctx.sop.approved_by
    if signatory and signatory.nip and not re.fullmatch(r"\d{18}", re.sub(r"\s+", "", signatory.nip)):
        yield Hit(ctx.here, ("disahkan_oleh", "nip"), {"nip": signatory.nip})
