"""Mermaid flowchart of an SOP, for Markdown viewers (GitHub, GitLab, wikis) that draw Mermaid blocks.

``flowchart TD`` with one subgraph per pelaksana that has steps. The SOP AP symbols map to Mermaid shapes: the
first step and the steps that end the procedure are terminators (stadiums), a decision is a rhombus holding its
question, every other step a rectangle. A decision exit to 'selesai' leads to its own 'Selesai' terminator in the
decision's lane. Labels are quoted; characters Mermaid would read as syntax become entity codes (``#quot;``).
"""

from __future__ import annotations

from ...model import END, Sop, Step
from .flow import UNKNOWN_LANE, answer_label, lane_index

__all__ = ["escape_label", "node_id", "to_mermaid"]

_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}


def escape_label(text: str) -> str:
    """Text safe inside a double-quoted Mermaid label, on one line."""
    flat = " ".join(text.split())
    return "".join(_ENTITIES.get(char, char) for char in flat)


def node_id(step: Step) -> str:
    return f"s{step.number}"


def _end_id(step: Step) -> str:
    return f"e{step.number}"


def _is_terminator(sop: Sop, step: Step) -> bool:
    """First step, or a step whose only way on is the end of the procedure."""
    if step.decision is not None:
        return False
    return step is sop.steps[0] or sop.successors(step) == [(END, None)]


def _node(sop: Sop, step: Step) -> str:
    if step.decision is not None:
        return f'{node_id(step)}{{"{escape_label(f"{step.number}. {step.decision.question}")}"}}'
    text = escape_label(f"{step.number}. {step.activity}")
    return f'{node_id(step)}(["{text}"])' if _is_terminator(sop, step) else f'{node_id(step)}["{text}"]'


def _lanes(sop: Sop) -> list[tuple[str, str, list[Step]]]:
    """Each lane's subgraph id and name with the steps whose symbol it holds; empty lanes are left out."""
    names = [lane.name for lane in sop.lanes] + [UNKNOWN_LANE]
    members: list[list[Step]] = [[] for _ in names]
    for step in sop.steps:
        index = lane_index(sop, step)
        members[len(sop.lanes) if index is None else index].append(step)
    return [(f"lane{i}", name, steps) for i, (name, steps) in enumerate(zip(names, members, strict=True), 1) if steps]


def to_mermaid(sop: Sop) -> str:
    """The Mermaid source of ``sop``'s flowchart, ending with a newline."""
    lines = ["flowchart TD"]
    for lane, name, steps in _lanes(sop):
        lines.append(f'    subgraph {lane}["{escape_label(name)}"]')
        for step in steps:
            lines.append(f"        {_node(sop, step)}")
            if step.decision is not None and any(target == END for target, _ in sop.successors(step)):
                lines.append(f'        {_end_id(step)}(["Selesai"])')
        lines.append("    end")
    known = {step.number for step in sop.steps}
    for step in sop.steps:
        for target, label in sop.successors(step):
            if target == END and step.decision is None:
                continue  # the step is drawn as the terminator
            if target != END and target not in known:
                continue  # a dangling target (lint rule A002/A003)
            to = _end_id(step) if target == END else f"s{target}"
            answer = answer_label(step, label)
            arrow = f'-->|"{escape_label(answer)}"|' if answer else "-->"
            lines.append(f"    {node_id(step)} {arrow} {to}")
    return "\n".join(lines) + "\n"
