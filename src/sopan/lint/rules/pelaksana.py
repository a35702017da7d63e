"""Lanes: every step has declared lanes, every declared lane is used, codes and names are unique."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ...problems import Severity
from ..context import LintContext
from ..registry import Hit, rule


@rule(
    "P001",
    "pelaksana-tidak-dideklarasikan",
    Severity.ERROR,
    "langkah {step}: pelaksana '{lane}' tidak ada dalam daftar pelaksana SOP",
    "step {step}: lane '{lane}' is not declared in the SOP's pelaksana",
)
def lanes_declared(ctx: LintContext) -> Iterator[Hit]:
    for index, step in enumerate(ctx.sop.steps):
        for position, lane in enumerate(step.lanes):
            if ctx.sop.lane(lane) is None:
                yield Hit(ctx.here, ("langkah", index, "pelaksana", position), {"step": step.number, "lane": lane})


@rule(
    "P002",
    "pelaksana-tidak-dipakai",
    Severity.WARNING,
    "pelaksana '{lane}' tidak dipakai oleh langkah mana pun",
    "lane '{lane}' is not used by any step",
)
def lanes_used(ctx: LintContext) -> Iterator[Hit]:
    found = (ctx.sop.lane(name) for step in ctx.sop.steps for name in step.lanes)
    used = {lane.code for lane in found if lane is not None}
    for index, lane in enumerate(ctx.sop.lanes):
        if lane.code not in used:
            yield Hit(ctx.here, ("pelaksana", index), {"lane": lane.name})


@rule(
    "P003",
    "langkah-tanpa-pelaksana",
    Severity.ERROR,
    "langkah {step} tidak punya pelaksana",
    "step {step} has no lane",
)
def step_has_lane(ctx: LintContext) -> Iterator[Hit]:
    for index, step in enumerate(ctx.sop.steps):
        if not step.lanes:
            yield Hit(ctx.here, ("langkah", index), {"step": step.number})


@rule(
    "P004",
    "kode-pelaksana-ganda",
    Severity.ERROR,
    "kode pelaksana '{code}' dipakai lebih dari sekali; beri kode berbeda",
    "lane code '{code}' is used more than once; give each lane its own code",
)
def lane_codes_unique(ctx: LintContext) -> Iterator[Hit]:
    counts = Counter(lane.code for lane in ctx.sop.lanes)
    for index, lane in enumerate(ctx.sop.lanes):
        if counts[lane.code] > 1:
            counts[lane.code] = 0  # report once
            yield Hit(ctx.here, ("pelaksana", index), {"code": lane.code})


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


@rule(
    "P005",
    "nama-pelaksana-ganda",
    Severity.WARNING,
    "nama pelaksana '{name}' dipakai oleh dua lajur atau lebih (kode {codes}); pembaca bagan tidak dapat "
    "membedakannya, beri nama yang berbeda",
    "lane name '{name}' is used by two or more lanes (codes {codes}); a reader of the chart cannot tell them "
    "apart, give each its own name",
)
def lane_names_unique(ctx: LintContext) -> Iterator[Hit]:
    codes: dict[str, list[str]] = {}
    for lane in ctx.sop.lanes:
        codes.setdefault(_name_key(lane.name), []).append(lane.code)
    reported: set[str] = set()
    for index, lane in enumerate(ctx.sop.lanes):
        key = _name_key(lane.name)
        if lane.code != codes[key][0] and key not in reported:  # at the second lane of that name, once
            reported.add(key)
            yield Hit(ctx.here, ("pelaksana", index, "nama"), {"name": lane.name, "codes": ", ".join(codes[key])})
