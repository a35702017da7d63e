"""Mutu baku: each step has a waktu and an output; the total fits the Standar Pelayanan's jangka waktu."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import total_duration
from ...problems import Severity
from ..context import LintContext
from ..registry import Hit, rule


@rule(
    "M001",
    "waktu-kosong",
    Severity.WARNING,
    "langkah {step} tidak punya waktu (mutu baku)",
    "step {step} has no waktu (mutu baku time)",
)
def waktu_present(ctx: LintContext) -> Iterator[Hit]:
    for index, step in enumerate(ctx.sop.steps):
        if step.duration is None or not step.duration.text.strip():
            if step.variants and all(v.duration is not None for v in step.variants):
                continue  # the time is given per sub-case
            yield Hit(ctx.here, ("langkah", index), {"step": step.number})


@rule(
    "M002",
    "waktu-tidak-tetap",
    Severity.INFO,
    "langkah {step}: waktu '{text}' tidak tetap, jadi langkah ini tidak punya tenggat",
    "step {step}: waktu '{text}' is not fixed, so this step has no deadline",
)
def waktu_fixed(ctx: LintContext) -> Iterator[Hit]:
    for index, step in enumerate(ctx.sop.steps):
        if step.duration is not None and step.duration.text.strip() and not step.duration.is_fixed:
            yield Hit(ctx.here, ("langkah", index, "waktu"), {"step": step.number, "text": step.duration.text})


@rule(
    "M003",
    "output-kosong",
    Severity.WARNING,
    "langkah {step} tidak punya output",
    "step {step} has no output",
)
def output_present(ctx: LintContext) -> Iterator[Hit]:
    for index, step in enumerate(ctx.sop.steps):
        if not step.outputs:
            yield Hit(ctx.here, ("langkah", index), {"step": step.number})


@rule(
    "M004",
    "melebihi-jangka-waktu",
    Severity.ERROR,
    "jumlah waktu langkah ({total}) melebihi jangka waktu Standar Pelayanan ({limit})",
    "the steps' total time ({total_en}) exceeds the Standar Pelayanan's jangka waktu ({limit})",
)
def within_service_standard(ctx: LintContext) -> Iterator[Hit]:
    standard = ctx.sop.service_standard
    if standard is None or standard.time_limit is None or not standard.time_limit.is_fixed:
        return
    total = total_duration(ctx.sop.durations())
    limit = standard.time_limit.nominal_minutes()
    if limit is not None and total.nominal_minutes() > limit:
        yield Hit(
            ctx.here,
            ("standar_pelayanan", "jangka_waktu"),
            {"total": total.describe("id"), "total_en": total.describe("en"), "limit": standard.time_limit.text},
        )
