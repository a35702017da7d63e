"""The nodes an arrow of a page runs between: a step's symbol, the extra end terminator, an off-page connector."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["END_NODE", "END_ROW", "ConnectorNode", "EndNode", "NodeKey", "StepNode", "enters_page"]


@dataclass(frozen=True)
class StepNode:
    """The symbol of the step at ``index`` (its position in the SOP, not its nomor)."""

    index: int


@dataclass(frozen=True)
class EndNode:
    """The end terminator in its own row below the final step (a decision, or one other steps end beside)."""


@dataclass(frozen=True)
class ConnectorNode:
    """The off-page connector lettered ``letter``: ``out`` at the bottom of one page, ``in`` on another."""

    direction: Literal["in", "out"]
    letter: str

    @property
    def incoming(self) -> bool:
        return self.direction == "in"


NodeKey = StepNode | EndNode | ConnectorNode
END_NODE = EndNode()
END_ROW = -1
"""The end terminator's band where a page's rooms and connectors are keyed by step index."""


def enters_page(key: NodeKey) -> bool:
    """Whether ``key`` is an incoming off-page connector (an arrow from it has no exit label or port choice)."""
    return isinstance(key, ConnectorNode) and key.incoming
