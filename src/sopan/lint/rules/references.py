"""References: keterkaitan and sub-SOPs resolve within the library; registers are among the records."""

from __future__ import annotations

from collections.abc import Iterator

from ...problems import Severity
from ..context import LintContext
from ..registry import Hit, rule


@rule(
    "R001",
    "keterkaitan-tidak-ditemukan",
    Severity.WARNING,
    "keterkaitan '{ref}' tidak ditemukan di pustaka SOP",
    "related SOP '{ref}' is not in the SOP library",
)
def related_resolve(ctx: LintContext) -> Iterator[Hit]:
    for index, reference in enumerate(ctx.sop.related):
        if reference.sop and ctx.resolve(reference.sop, ctx.sop.organisation) is None:
            yield Hit(ctx.here, ("keterkaitan", index), {"ref": reference.sop})


@rule(
    "R002",
    "sub-sop-tidak-ditemukan",
    Severity.WARNING,
    "langkah {step}: sub-SOP '{ref}' tidak ditemukan di pustaka SOP",
    "step {step}: sub-SOP '{ref}' is not in the SOP library",
)
def sub_sop_resolve(ctx: LintContext) -> Iterator[Hit]:
    for index, step in enumerate(ctx.sop.steps):
        if step.sub_sop and ctx.resolve(step.sub_sop, ctx.sop.organisation) is None:
            yield Hit(ctx.here, ("langkah", index, "sub_sop"), {"step": step.number, "ref": step.sub_sop})


@rule(
    "R003",
    "register-tidak-tercatat",
    Severity.WARNING,
    "langkah {step}: register '{register}' tidak disebut dalam Pencatatan dan Pendataan",
    "step {step}: register '{register}' is not named under Pencatatan dan Pendataan",
)
def register_listed(ctx: LintContext) -> Iterator[Hit]:
    records = {record.strip().lower() for record in ctx.sop.records}
    for index, step in enumerate(ctx.sop.steps):
        if step.records_in and step.records_in.strip().lower() not in records:
            yield Hit(ctx.here, ("langkah", index, "register"), {"step": step.number, "register": step.records_in})
