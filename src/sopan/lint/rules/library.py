"""Across files: each SOP belongs to a known organisation; numbers and titles are unique; decrees link."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from ...io.library import LoadedSop
from ...io.references import normalise_title
from ...model import Decree, DecreeEntry
from ...problems import Severity
from ..context import LintContext
from ..registry import Hit, rule


@rule(
    "O001",
    "organisasi-tidak-dikenal",
    Severity.ERROR,
    "organisasi '{code}' tidak punya berkas organisasi.yaml di folder SOP ini",
    "organisation '{code}' has no organisasi.yaml in this SOP's folder",
    scope="library",
)
def organisation_known(ctx: LintContext) -> Iterator[Hit]:
    for item in ctx.library.sops:
        org_path = ctx.library.organisation_paths.get(item.sop.organisation)
        if org_path is None or org_path.parent != item.path.parent:
            yield Hit(ctx.subject(item), ("organisasi",), {"code": item.sop.organisation})


def _nomor_key(number: str) -> str:
    return re.sub(r"\s+", "", number.lower()).rstrip(".")


@rule(
    "O002",
    "nomor-sop-ganda",
    Severity.ERROR,
    "nomor SOP '{number}' juga dipakai oleh {other}",
    "SOP number '{number}' is also used by {other}",
    scope="library",
)
def numbers_unique(ctx: LintContext) -> Iterator[Hit]:
    """A nomor equal to the SOP's enacting decree is the decree's number, shared by design (Lumajang)."""
    groups: dict[tuple[str, str], list[LoadedSop]] = defaultdict(list)
    for item in ctx.library.sops:
        sop = item.sop
        if not sop.number:
            continue
        if sop.enacted_by and _nomor_key(sop.enacted_by) == _nomor_key(sop.number):
            continue
        groups[(sop.organisation, _nomor_key(sop.number))].append(item)
    for items in groups.values():
        for item in items[1:]:
            yield Hit(ctx.subject(item), ("nomor",), {"number": item.sop.number, "other": items[0].path.name})


@rule(
    "O003",
    "judul-sop-ganda",
    Severity.WARNING,
    "judul '{title}' sama dengan judul {other}",
    "title '{title}' is the same as that of {other}",
    scope="library",
)
def titles_unique(ctx: LintContext) -> Iterator[Hit]:
    groups: dict[tuple[str, str], list[LoadedSop]] = defaultdict(list)
    for item in ctx.library.sops:
        groups[(item.sop.organisation, normalise_title(item.sop.title))].append(item)
    for items in groups.values():
        for item in items[1:]:
            yield Hit(ctx.subject(item), ("nama",), {"title": item.sop.title, "other": items[0].path.name})


@rule(
    "O004",
    "daftar-keputusan-tautan-rusak",
    Severity.ERROR,
    "keputusan {decree}: entri '{title}' menunjuk SOP '{sop}' yang tidak ada",
    "decree {decree}: entry '{title}' points at SOP '{sop}', which does not exist",
    scope="library",
)
def decree_links(ctx: LintContext) -> Iterator[Hit]:
    ids = {(item.sop.organisation, item.sop.id) for item in ctx.library.sops}
    for code, path, decree, entry in _decree_entries(ctx):
        if entry.sop and (code, entry.sop) not in ids:
            yield Hit(
                ctx.organisation_subject(code),
                (*path, "sop"),
                {"decree": decree.number or decree.title, "title": entry.title, "sop": entry.sop},
            )


def _decree_entries(ctx: LintContext) -> Iterator[tuple[str, tuple[str | int, ...], Decree, DecreeEntry]]:
    """Every title every decree declares, with its key path in the organisation file."""
    for code, organisation in ctx.library.organisations.items():
        for d_index, decree in enumerate(organisation.decrees):
            for e_index, entry in enumerate(decree.entries):
                yield code, ("keputusan", d_index, "daftar_sop", e_index), decree, entry


@rule(
    "O005",
    "keputusan-tidak-ditemukan",
    Severity.ERROR,
    "ditetapkan_dengan '{number}' tidak ada di keputusan organisasi",
    "ditetapkan_dengan '{number}' is not among the organisation's decrees",
    scope="library",
)
def enacting_decree_exists(ctx: LintContext) -> Iterator[Hit]:
    for item in ctx.library.sops:
        sop = item.sop
        organisation = ctx.library.organisations.get(sop.organisation)
        if not sop.enacted_by or organisation is None:
            continue
        numbers = {_nomor_key(d.number) for d in organisation.decrees if d.number}
        if _nomor_key(sop.enacted_by) not in numbers:
            yield Hit(ctx.subject(item), ("ditetapkan_dengan",), {"number": sop.enacted_by})


@rule(
    "O006",
    "sop-dinyatakan-tanpa-tabel",
    Severity.INFO,
    "keputusan {decree} menyatakan '{title}' tetapi pustaka tidak memiliki SOP-nya",
    "decree {decree} declares '{title}' but the library has no such SOP",
    scope="library",
)
def declared_but_missing(ctx: LintContext) -> Iterator[Hit]:
    for code, path, decree, entry in _decree_entries(ctx):
        if not entry.sop and entry.duplicate_of is None:  # a duplicate's SOP is its original's
            yield Hit(
                ctx.organisation_subject(code), path, {"decree": decree.number or decree.title, "title": entry.title}
            )
