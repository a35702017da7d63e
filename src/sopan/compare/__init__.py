"""Two SOP definitions side by side: identity fields, lanes and steps that differ, with the changed words."""

from .result import Comparison, LaneChange, Span, StepChange, TextChange
from .sops import compare_sops
from .words import word_spans

__all__ = ["Comparison", "LaneChange", "Span", "StepChange", "TextChange", "compare_sops", "word_spans"]
