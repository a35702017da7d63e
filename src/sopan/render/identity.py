"""The identity page (Bagian Identitas) of an SOP as data, ready for any renderer, and as an HTML fragment.

Everything a renderer would otherwise decide is decided here once: the unit's name lines (parent governments
first), dates written the Indonesian way with month precision kept ('Januari 2022'), '-' for what is empty,
the NIP grouped as printed, and keterkaitan shown by the title of the SOP it names when it can be resolved.

HTML classes (styled in ``templates/sopan.css``): ``sop-identity`` (the section); ``sop-identity__header`` (the
two-column header table) with ``__unit`` (the left cell: ``__logo``, ``__parent`` lines, ``__unit-name``,
``__address``), ``__field`` (a field's value cell) and ``__approval`` (Disahkan Oleh: ``__position``,
``__signature`` space, ``__name``, ``__nip``), ``__title`` (Nama SOP); ``sop-identity__grid`` (the 3 x 2 table;
each cell a ``__heading`` and a ``__list``: an ``ol`` for Dasar Hukum, else a ``ul`` with ``__list--dash``, or
``__empty`` for '-').
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..io.library import Library
from ..io.logo import check_logo
from ..io.references import ReferenceResolver
from ..model import Organisation, PartialDate, Reference, Signatory, Sop

__all__ = [
    "EMPTY",
    "Approval",
    "IdentityBlock",
    "IdentityPage",
    "Resolver",
    "build_identity",
    "format_date",
    "format_nip",
    "identity_html",
    "library_resolver",
]

EMPTY = "-"
"""What the printed form shows in an empty field."""
APPROVED_BY, TITLE = "Disahkan Oleh", "Nama SOP"

Resolver = Callable[[str, "str | None"], "Sop | None"]
"""Finds the SOP a keterkaitan names: ``(reference, organisation) -> Sop | None`` (``ReferenceResolver.resolve``)."""


@dataclass(frozen=True)
class Approval:
    """Disahkan Oleh: position, then room for the signature and stamp, then name and NIP."""

    position: str
    name: str | None
    nip: str | None


@dataclass(frozen=True)
class IdentityBlock:
    """One cell of the 3 x 2 grid: a heading and its items (empty: the form shows '-').

    Dasar Hukum is numbered on the printed form; the other lists are dashed.
    """

    label: str
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class IdentityPage:
    logo: str | None
    """Logo image path: relative to the organisation folder, or joined to it when the folder was given."""
    unit_lines: tuple[str, ...]
    """Parent governments, outermost first, then the unit: upper case as printed in the header."""
    address: str | None
    number: str
    created: str
    revised: str
    effective: str
    approval: Approval | None
    title: str
    grid: tuple[tuple[IdentityBlock, IdentityBlock], ...]
    """Dasar Hukum | Kualifikasi Pelaksana; Keterkaitan | Peralatan/Perlengkapan; Peringatan | Pencatatan dan
    Pendataan."""

    def fields(self) -> list[tuple[str, str]]:
        """The header's right-hand rows as (label, text); Disahkan Oleh as its lines joined by newlines."""
        approval = EMPTY
        if self.approval is not None:
            lines = [self.approval.position, self.approval.name, self.approval.nip]
            approval = "\n".join(line for line in lines if line)
        return [
            ("Nomor SOP", self.number),
            ("Tanggal Pembuatan", self.created),
            ("Tanggal Revisi", self.revised),
            ("Tanggal Efektif", self.effective),
            (APPROVED_BY, approval),
            (TITLE, self.title),
        ]


def format_date(date: PartialDate | None) -> str:
    """'25 Februari 2018', 'Januari 2022', '2018', or '-'."""
    return date.indonesian() if date is not None else EMPTY


def format_nip(nip: str | None) -> str | None:
    """'NIP. 19660710 199202 1 007': an 18-digit NIP in its printed groups (birth date, appointment, sex, serial)."""
    if not nip:
        return None
    digits = re.sub(r"\s+", "", nip)
    if re.fullmatch(r"\d{18}", digits):
        return f"NIP. {digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return f"NIP. {nip}"


def _approval(signatory: Signatory | None) -> Approval | None:
    if signatory is None:
        return None
    return Approval(signatory.position, signatory.name, format_nip(signatory.nip))


def _reference_text(reference: Reference, sop: Sop, resolve: Resolver | None) -> str:
    if reference.institution is not None:
        return reference.institution
    text = reference.sop or ""
    found = resolve(text, sop.organisation) if resolve is not None else None
    return found.title if found is not None else text


def build_identity(
    sop: Sop,
    organisation: Organisation | None = None,
    *,
    organisation_dir: Path | None = None,
    resolve: Resolver | None = None,
) -> IdentityPage:
    """The identity page of ``sop`` issued by ``organisation``; ``resolve`` turns keterkaitan into SOP titles."""
    unit_lines: tuple[str, ...] = ()
    logo = address = None
    if organisation is not None:
        unit_lines = tuple(line.upper() for line in [*organisation.parents, organisation.name])
        address = organisation.address
        if organisation.logo and organisation.logo.startswith("data:"):  # an uploaded logo, already inline
            logo = organisation.logo
        else:
            usable = check_logo(organisation.logo, organisation_dir).path  # lint O007 says why a logo is left out
            logo = str(usable) if usable is not None else None
    related = tuple(_reference_text(ref, sop, resolve) for ref in sop.related)
    grid = (
        (IdentityBlock("Dasar Hukum", tuple(sop.legal_basis), numbered=True),
         IdentityBlock("Kualifikasi Pelaksana", tuple(sop.qualifications))),
        (IdentityBlock("Keterkaitan", related),
         IdentityBlock("Peralatan/Perlengkapan", tuple(sop.equipment))),
        (IdentityBlock("Peringatan", tuple(sop.warnings)),
         IdentityBlock("Pencatatan dan Pendataan", tuple(sop.records))),
    )  # fmt: skip
    return IdentityPage(
        logo=logo,
        unit_lines=unit_lines,
        address=address,
        number=sop.number or EMPTY,
        created=format_date(sop.created),
        revised=format_date(sop.revised),
        effective=format_date(sop.effective),
        approval=_approval(sop.approved_by),
        title=sop.title,
        grid=grid,
    )


def library_resolver(library: Library) -> Resolver:
    """A resolver over a loaded library that matches ids, numbers and short titles as the lint rules do."""
    return ReferenceResolver(library).resolve


def _items_html(block: IdentityBlock) -> str:
    if not block.items:
        return f'<p class="sop-identity__empty">{EMPTY}</p>'
    tag, css = ("ol", "sop-identity__list") if block.numbered else ("ul", "sop-identity__list sop-identity__list--dash")
    return f'<{tag} class="{css}">' + "".join(f"<li>{escape(item)}</li>" for item in block.items) + f"</{tag}>"


def _block_html(block: IdentityBlock) -> str:
    return f'<td><p class="sop-identity__heading">{escape(block.label)}</p>{_items_html(block)}</td>'


def _unit_html(page: IdentityPage) -> str:
    parts = []
    if page.logo:
        parts.append(f'<img class="sop-identity__logo" src="{escape(page.logo)}" alt="Logo"/>')
    *parents, unit = page.unit_lines or ("",)
    parts.extend(f'<p class="sop-identity__parent">{escape(line)}</p>' for line in parents)
    parts.append(f'<p class="sop-identity__unit-name">{escape(unit)}</p>')
    if page.address:
        parts.append(f'<p class="sop-identity__address">{escape(page.address)}</p>')
    return "".join(parts)


def _approval_html(approval: Approval | None) -> str:
    """Position, the room for signature and stamp (reserved even before a signatory is recorded), name, NIP."""
    if approval is None:
        approval = Approval(EMPTY, None, None)
    lines = [
        f'<p class="sop-identity__position">{escape(approval.position)}</p>',
        '<div class="sop-identity__signature"></div>',
        f'<p class="sop-identity__name">{escape(approval.name)}</p>' if approval.name else "",
        f'<p class="sop-identity__nip">{escape(approval.nip)}</p>' if approval.nip else "",
    ]
    return f'<td class="sop-identity__field sop-identity__approval">{"".join(lines)}</td>'


def identity_html(page: IdentityPage) -> str:
    """The identity page as an HTML fragment: header table (unit left, fields right), then the 3 x 2 grid.

    The markup is also well-formed XML (void elements self-closed), so it can be embedded in XHTML or SVG.
    """
    rows = []
    for index, (label, text) in enumerate(page.fields()):
        if label == APPROVED_BY:
            value = _approval_html(page.approval)
        else:
            css = "sop-identity__field sop-identity__title" if label == TITLE else "sop-identity__field"
            value = f'<td class="{css}">{escape(text)}</td>'
        unit = f'<td class="sop-identity__unit" rowspan="6">{_unit_html(page)}</td>' if index == 0 else ""
        rows.append(f'<tr>{unit}<th scope="row">{escape(label)}</th>{value}</tr>')
    grid = [f"<tr>{_block_html(left)}{_block_html(right)}</tr>" for left, right in page.grid]
    body = "\n".join(rows)
    grid_body = "\n".join(grid)
    return (
        '<section class="sop-identity">\n'
        '<table class="sop-identity__header"><colgroup><col class="sop-identity__unit-col"/>'
        '<col class="sop-identity__label-col"/><col class="sop-identity__value-col"/></colgroup>\n'
        f"<tbody>\n{body}\n</tbody></table>\n"
        f'<table class="sop-identity__grid"><tbody>\n{grid_body}\n</tbody></table>\n'
        "</section>\n"
    )
