"""The typed result of comparing two SOP definitions: changed fields, lanes and steps, with the changed words."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Comparison", "LaneChange", "LaneKind", "Span", "StepChange", "StepKind", "TextChange"]

SpanOp = Literal["equal", "delete", "insert", "replace"]
LaneKind = Literal["added", "removed", "renamed", "changed", "unchanged"]
StepKind = Literal["added", "removed", "changed", "unchanged"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Span(_Frozen):
    """A run of words: the same on both sides, only in the old text, only in the new one, or replaced."""

    op: SpanOp
    old: str = Field(description="The old text's words of this run ('' for an insert)")
    new: str = Field(description="The new text's words of this run ('' for a delete)")


class TextChange(_Frozen):
    """One field or column whose text differs, keyed by its file key (``nama``, ``kegiatan``, ``pelaksana``)."""

    key: str = Field(description="The .sop.yaml key, e.g. 'nama' or 'kegiatan'")
    old: str
    new: str
    spans: list[Span] = Field(description="The words in order, marked where they changed")


class LaneChange(_Frozen):
    """A pelaksana lane on either side: added, removed, renamed, otherwise changed or unchanged."""

    kind: LaneKind
    old_code: str | None = None
    old_name: str | None = None
    new_code: str | None = None
    new_name: str | None = None
    changes: list[TextChange] = Field(default_factory=list, description="nama, pihak_luar or catatan that differ")


class StepChange(_Frozen):
    """A step (kegiatan) of either side; ``moved`` when it changed places relative to the other steps."""

    kind: StepKind
    moved: bool = False
    old_number: int | None = None
    new_number: int | None = None
    activity: str = Field(description="The step's kegiatan (the new one where both sides have it)")
    columns: list[TextChange] = Field(default_factory=list, description="The columns of the table that differ")

    @property
    def renumbered(self) -> bool:
        return None not in (self.old_number, self.new_number) and self.old_number != self.new_number


class Comparison(_Frozen):
    """Two SOP definitions side by side: what differs in the identity part, the lanes and the steps."""

    fields: list[TextChange] = Field(description="Identity fields that differ, in the order of the form")
    lanes: list[LaneChange] = Field(description="Every lane of either side, in the new order, removed ones after")
    steps: list[StepChange] = Field(description="Every step of either side, in the new order, removed ones in place")

    @property
    def same(self) -> bool:
        """Nothing differs: no field, no lane and no step (renumbering alone is no difference)."""
        return (
            not self.fields
            and all(lane.kind == "unchanged" for lane in self.lanes)
            and all(step.kind == "unchanged" and not step.moved for step in self.steps)
        )

    def count(self, kind: str) -> int:
        """How many steps are of ``kind`` ('moved' counts the moved ones)."""
        if kind == "moved":
            return sum(step.moved for step in self.steps)
        return sum(step.kind == kind for step in self.steps)
