"""The flow: unique step numbers, complete decisions, existing targets, everything reachable."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ...model import END, Sop, Target
from ...problems import Severity
from ..context import LintContext
from ..registry import Hit, rule


def _exists(sop: Sop, target: Target | None) -> bool:
    return target == END or (isinstance(target, int) and sop.step(target) is not None)


def _duplicated_numbers(sop: Sop) -> set[int]:
    counts = Counter(step.number for step in sop.steps)
    return {number for number, count in counts.items() if count > 1 and number is not None}


@rule(
    "A001",
    "nomor-langkah-ganda",
    Severity.ERROR,
    "nomor langkah {step} dipakai lebih dari sekali",
    "step number {step} is used more than once",
)
def unique_step_numbers(ctx: LintContext) -> Iterator[Hit]:
    seen: set[int] = set()
    duplicated = _duplicated_numbers(ctx.sop)
    for index, step in enumerate(ctx.sop.steps):
        if step.number in duplicated and step.number not in seen:
            seen.add(step.number)
            yield Hit(ctx.here, ("langkah", index, "nomor"), {"step": step.number})


@rule(
    "A002",
    "keputusan-tidak-lengkap",
    Severity.ERROR,
    "langkah {step}: keputusan {problem}",
    "step {step}: decision {problem_en}",
)
def decisions_complete(ctx: LintContext) -> Iterator[Hit]:
    sop = ctx.sop
    for index, step in enumerate(sop.steps):
        decision = step.decision
        if decision is None:
            continue
        path = ("langkah", index, "keputusan")
        yes = sop.successors(step)[0][0]
        if not decision.question.strip():
            yield Hit(ctx.here, path, {"step": step.number, "problem": "tanpa pertanyaan",
                                        "problem_en": "has no question"})  # fmt: skip
        for key, target in (("ya", yes), ("tidak", decision.no)):
            if not _exists(sop, target):
                yield Hit(ctx.here, (*path, key), {
                    "step": step.number,
                    "problem": f"jalur '{key}' menuju langkah {target} yang tidak ada",
                    "problem_en": f"exit '{key}' leads to step {target}, which does not exist",
                })  # fmt: skip


@rule(
    "A003",
    "lanjut-tidak-ada",
    Severity.ERROR,
    "langkah {step}: 'lanjut' menuju langkah {target} yang tidak ada",
    "step {step}: 'lanjut' leads to step {target}, which does not exist",
)
def jump_targets_exist(ctx: LintContext) -> Iterator[Hit]:
    for index, step in enumerate(ctx.sop.steps):
        if step.next is not None and not _exists(ctx.sop, step.next):
            yield Hit(ctx.here, ("langkah", index, "lanjut"), {"step": step.number, "target": step.next})


def _edges(sop: Sop) -> dict[Target, list[Target]]:
    edges: dict[Target, list[Target]] = {}
    for step in sop.steps:
        edges[step.numbered] = [t for t, _ in sop.successors(step) if _exists(sop, t)]
    return edges


def _reachable(edges: dict[Target, list[Target]], start: Target) -> set[Target]:
    seen: set[Target] = set()
    stack = [start]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(edges.get(node, []))
    return seen


@rule(
    "A004",
    "langkah-tak-terjangkau",
    Severity.ERROR,
    "langkah {step} tidak dapat dicapai dari langkah pertama",
    "step {step} cannot be reached from the first step",
)
def steps_reachable(ctx: LintContext) -> Iterator[Hit]:
    sop = ctx.sop
    if _duplicated_numbers(sop):
        return  # A001 first: numbers are ambiguous
    reached = _reachable(_edges(sop), sop.steps[0].numbered)
    for index, step in enumerate(sop.steps):
        if step.number not in reached:
            yield Hit(ctx.here, ("langkah", index), {"step": step.number})


@rule(
    "A005",
    "tidak-sampai-selesai",
    Severity.ERROR,
    "dari langkah {step} alur tidak pernah sampai selesai",
    "from step {step} the flow never reaches the end",
)
def end_reachable(ctx: LintContext) -> Iterator[Hit]:
    sop = ctx.sop
    if _duplicated_numbers(sop):
        return
    reverse: dict[Target, list[Target]] = {}
    for source, targets in _edges(sop).items():
        for target in targets:
            reverse.setdefault(target, []).append(source)
    finishing = _reachable(reverse, END)
    for index, step in enumerate(sop.steps):
        if step.number not in finishing:
            yield Hit(ctx.here, ("langkah", index), {"step": step.number})
