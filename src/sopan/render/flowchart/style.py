"""Sizes of the flowchart drawing (mm), derived from the lane width so narrow lanes get smaller symbols."""

from __future__ import annotations

from dataclasses import dataclass

from .page import SymbolKind

__all__ = ["CONNECTOR_SPACING", "TERMINATOR_RATIO", "FlowStyle"]

CONNECTOR_SPACING = 1.2  # between connectors side by side
TERMINATOR_RATIO = 1.8  # a terminator's least width : height


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


@dataclass(frozen=True)
class FlowStyle:
    """Symbol sizes and the spacing arrows need: ``gap`` between a symbol and its row's lines (room for arrow
    stubs and horizontal runs), ``stub`` the straight piece an arrow has at each end (room for its head),
    ``clearance`` how far arrows keep from symbols, ``pitch`` the distance between parallel arrow tracks."""

    lane_w: float
    label_size: float
    min_label_size: float
    gap: float = 4.0
    stub: float = 2.0
    side_stub: float = 1.6
    clearance: float = 0.6
    pitch: float = 1.1
    line_clearance: float = 0.6

    @property
    def sym_w(self) -> float:
        """Symbols leave at least 2.6 mm on each side of the lane for vertical arrows."""
        return _clamp(self.lane_w - 5.2, 5.0, 16.0)

    @property
    def process_h(self) -> float:
        return _clamp(0.45 * self.sym_w, 4.5, 6.5)

    @property
    def decision_h(self) -> float:
        return _clamp(0.6 * self.sym_w, 6.0, 9.0)

    @property
    def conn_w(self) -> float:
        return _clamp((self.lane_w - 2.8) / 2, 3.4, 5.0)

    @property
    def terminator_h(self) -> float:
        """A terminator stays a capsule (at least 1.8 times as wide as high), never a near-circle that reads as
        a connector: in a narrow lane it gets lower, not rounder."""
        return min(self.process_h, self.sym_w / TERMINATOR_RATIO)

    def size(self, kind: SymbolKind) -> tuple[float, float]:
        if kind == "terminator":
            return self.sym_w, self.terminator_h
        if kind == "decision":
            return self.sym_w, self.decision_h
        if kind in ("connector_in", "connector_out"):
            return self.conn_w, self.conn_w
        return self.sym_w, self.process_h

    def marker_size(self) -> tuple[float, float]:
        return 0.7 * self.sym_w, 0.7 * self.process_h

    def row_min(self, kind: SymbolKind) -> float:
        """The height a row needs for its symbol and the arrows around it."""
        return self.size(kind)[1] + 2 * self.gap

    def connector_size(self, count: int) -> float:
        """Connectors side by side in a lane shrink (down to 2.8 mm) before they need a second level."""
        fit = (self.lane_w - 1.6 - (count - 1) * CONNECTOR_SPACING) / max(count, 1)
        return max(min(self.conn_w, fit), min(self.conn_w, 2.8))

    def capacity(self, size: float) -> int:
        """Connectors of ``size`` side by side in one lane."""
        return max(1, int((self.lane_w - 1.6 + CONNECTOR_SPACING + 1e-9) // (size + CONNECTOR_SPACING)))

    def connector_levels(self, count: int) -> int:
        return -(-count // self.capacity(self.connector_size(count)))

    def band_height(self, count: int) -> float:
        """The bottom band holding ``count`` outgoing connectors in one lane."""
        return self.connector_room(count) + 3.0

    def connector_room(self, count: int) -> float:
        """Room for ``count`` connectors of one lane (above a symbol, or in the bottom band)."""
        return 1.2 + self.connector_levels(count) * (self.connector_size(count) + 1.0)
