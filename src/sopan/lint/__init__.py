"""Lint: one small rule per check of the SOP AP standard and of the library's cross-references."""

from .registry import RULES, Rule
from .runner import lint_library

__all__ = ["RULES", "Rule", "lint_library"]
