"""Column widths and the two header rows of the flowchart table.

``No | Kegiatan | Pelaksana (one column per lane) | Mutu Baku (Kelengkapan, Waktu, Output) | Keterangan``.
No and Waktu are as wide as their text. Lanes get an equal width between ``LANE_MIN`` and ``lane_max(n)``
(wider when there are few lanes, so exit labels fit beside the symbols), leaving the text columns
``TEXT_EXTRA`` beyond their minimum. The room that is left goes, 2 mm at a time, to
the text column that lowers the estimated total height of the rows most: a SOP with long requirement lists
gets a wide Kelengkapan, one with long activities a wide Kegiatan; an empty column keeps only its heading.
Lane headings share one size (shrunk, down to the smallest font size, until every word fits) and break only
between words; a word still too wide at the smallest size is shortened to its longest prefix that fits, with a
full stop ("Operat."), and the lane's full name goes into the page's legend (``TableColumns.abbreviations``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..text import PT, metrics, pieces, text_width, wrap
from .cells import CellText, Para
from .page import Cell, Column, PageSpec, Rect, TextLine

__all__ = ["LANE_MIN", "LaneInfo", "TableColumns", "abbreviate", "build_columns", "lane_max"]

LANE_MIN = 10.0


def lane_max(lanes: int) -> float:
    """24 mm for many lanes, up to 36 mm for a single one."""
    return 24.0 + 12.0 / max(lanes, 1)


TEXT_EXTRA = 40.0  # room the text columns get beyond their minimum before lanes may widen
PAD_X = 1.0
PAD_Y = 0.9
LINE = 1.2  # line height in font sizes
TEXT_KEYS = ("kegiatan", "kelengkapan", "output", "keterangan")
TEXT_MIN = {"kegiatan": 38.0, "kelengkapan": 26.0, "output": 20.0, "keterangan": 18.0}


@dataclass(frozen=True)
class LaneInfo:
    code: str
    name: str


@dataclass(frozen=True)
class TableColumns:
    columns: tuple[Column, ...]
    header: tuple[Cell, ...]
    header_height: float
    abbreviations: tuple[tuple[str, str], ...] = ()  # (heading as drawn, the lane's full name)

    def by_key(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _estimate(paras: tuple[Para, ...], size: float) -> list[tuple[float, float]]:
    """(text width, indent) of each paragraph, to estimate line counts at any column width quickly."""
    out = []
    for para in paras:
        hang = para.indent * size + (max(text_width(para.bullet + " ", size), 0.9 * size) if para.bullet else 0.0)
        out.append((text_width(para.text, size, para.bold), hang))
    return out


def _height(estimate: list[tuple[float, float]], width: float, size: float) -> float:
    """Approximate cell height: each paragraph's lines, with 10 % lost to word wrapping."""
    lines = sum(max(1, math.ceil(w * 1.1 / max(width - 2 * PAD_X - hang, size))) for w, hang in estimate)
    return lines * LINE * size + 2 * PAD_Y


def _widths(
    spec: PageSpec, lanes: list[LaneInfo], cells: list[dict[str, CellText]], waktu_header: str, floor: float
) -> dict[str, float]:
    """Fixed columns first, then lanes, then the text columns: the room left goes, 2 mm at a time, to the text
    column that lowers the (estimated) total height of the rows the most."""
    size = spec.font_size * PT
    head = spec.header_font_size * PT
    widths = _fixed_widths(cells, waktu_header, size, head)
    headings = {"kegiatan": "Kegiatan", "kelengkapan": "Kelengkapan", "output": "Output", "keterangan": "Keterangan"}
    estimates = [{key: _estimate(row[key].paragraphs, size) for key in TEXT_KEYS} for row in cells]
    used = [key for key in TEXT_KEYS if any(row[key] for row in estimates)]
    minimum = {key: TEXT_MIN[key] if key in used else _need(headings[key], head, True) for key in TEXT_KEYS}
    total = spec.content_width
    fixed = widths["no"] + widths["waktu"]
    n = max(len(lanes), 1)
    lane = min(lane_max(n), max(LANE_MIN, (total - fixed - sum(minimum.values()) - TEXT_EXTRA) / n))
    rest = total - fixed - n * lane - sum(minimum.values())
    if rest < 0:  # too many lanes for the paper: every column gives up the same share
        scale = (total - fixed) / (n * lane + sum(minimum.values()))
        lane *= scale
        minimum = {key: value * scale for key, value in minimum.items()}
        rest = 0.0
    widths.update(minimum)
    widths["lane"] = lane
    rest = _grow_text_columns(widths, rest, estimates, used, size, floor)
    share = {key: math.sqrt(sum(w for row in estimates for w, _ in row[key])) for key in used} or {"kegiatan": 1.0}
    for key, weight in share.items():
        widths[key] += rest * weight / sum(share.values())
    return widths


def _need(text: str, size: float, bold: bool = False) -> float:
    """The width a cell needs to hold ``text`` on one line."""
    return text_width(text, size, bold) + 2 * PAD_X


def _fixed_widths(cells: list[dict[str, CellText]], waktu_header: str, size: float, head: float) -> dict[str, float]:
    """The No and Waktu columns: as wide as their widest text (Waktu within 12-20 mm)."""
    numbers = [p.text for row in cells for p in row["no"].paragraphs]
    widths = {"no": max(7.0, _need("No", head, True), *(_need(n, size) for n in numbers))}
    waktu_texts = [p.text for row in cells for p in row["waktu"].paragraphs]
    widths["waktu"] = min(20.0, max(12.0, _need(waktu_header, head, True), *(_need(t, size) for t in waktu_texts)))
    return widths


def _grow_text_columns(
    widths: dict[str, float],
    rest: float,
    estimates: list[dict[str, list[tuple[float, float]]]],
    used: list[str],
    size: float,
    floor: float,
) -> float:
    """Give ``rest`` (mm), 2 mm at a time, to the text column that lowers the rows' total height the most;
    ``widths`` grows in place and what no column could use is returned."""

    def rows_height(trial: dict[str, float]) -> float:
        return sum(max(floor, *(_height(row[key], trial[key], size) for key in used if row[key])) for row in estimates)

    chunk = 2.0
    current = rows_height(widths) if used else 0.0
    while used and rest >= chunk:
        best_key, best = None, current
        for key in used:
            trial = {**widths, key: widths[key] + chunk}
            height = rows_height(trial)
            if height < best - 1e-9:
                best_key, best = key, height
        if best_key is None:
            break
        widths[best_key] += chunk
        rest -= chunk
        current = best
    return rest


def _fitting_size(texts: list[str], width: float, size: float, min_size: float) -> float:
    """The largest size, down to ``min_size``, at which every word of the texts fits in ``width``."""
    words = [w for text in texts for w in pieces(text)] or [""]
    while size > min_size and max(text_width(w, size, True) for w in words) > width - 2 * PAD_X:
        size = max(min_size, size - 0.25 * PT)
    return size


def _fits(piece: str, width: float, size: float) -> bool:
    return text_width(piece, size, True) <= width - 2 * PAD_X + 1e-9


def _shortened(piece: str, width: float, size: float) -> str:
    """A word too wide for its lane: its longest prefix that fits with a full stop (two letters at least)."""
    if _fits(piece, width, size) or len(piece) <= 3:
        return piece  # a piece of three letters or fewer stays: it cannot be shortened legibly
    cut = len(piece) - 1
    while cut > 2 and not _fits(piece[:cut] + ".", width, size):
        cut -= 1
    return piece[:cut].rstrip("/-.") + "."


def abbreviate(name: str, width: float, size: float) -> str:
    """``name`` with every word (or piece after '/' and '-') too wide for the lane shortened (``_shortened``)."""
    words = []
    for word in name.split():
        words.append("".join(_shortened(piece, width, size) for piece in pieces(word)))
    return " ".join(words)


def _lane_headings(
    lane_columns: list[Column], width: float, size: float
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Each lane's heading as drawn, and the (shortened, full) pairs of the lanes whose name had to be shortened.
    Two lanes never end up with the same heading (a number is added)."""
    headings: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    for column in lane_columns:
        short = abbreviate(column.header, width, size)
        if short != column.header:
            taken = set(headings.values())
            base, n = short, 2
            while short in taken:
                short, n = f"{base} {n}", n + 1
            pairs.append((short, column.header))
        headings[column.key] = short
    return headings, pairs


def _header_cell(key: str, box: Rect, text: str, size: float) -> Cell:
    """A bold heading centred in its box."""
    lines = wrap(text, box.w - 2 * PAD_X, size, True)
    m = metrics(True)
    top = box.y + (box.h - len(lines) * LINE * size) / 2
    baseline = (LINE * size - (m.ascent + m.descent) * size) / 2 + m.ascent * size
    return Cell(
        key,
        box,
        tuple(
            TextLine(box.cx, top + k * LINE * size + baseline, line, size, True, "middle")
            for k, line in enumerate(lines)
        ),
    )


def _header_height(text: str, width: float, size: float) -> float:
    return len(wrap(text, width - 2 * PAD_X, size, True)) * LINE * size + 2 * PAD_Y


def build_columns(
    spec: PageSpec,
    lanes: list[LaneInfo],
    cells: list[dict[str, CellText]],
    waktu_header: str = "Waktu",
    row_floor: float = 14.0,
) -> TableColumns:
    """The columns (x, width, heading) and the header cells of the table; ``row_floor`` is the height a row
    has anyway (its symbol), below which narrower text costs nothing."""
    widths = _widths(spec, lanes, cells, waktu_header, row_floor)
    head = spec.header_font_size * PT
    low = spec.min_font_size * PT
    columns: list[Column] = []
    x = 0.0

    def add(key: str, width: float, header: str, lane: str | None = None) -> None:
        nonlocal x
        columns.append(Column(key, x, width, header, lane))
        x += width

    add("no", widths["no"], "No")
    add("kegiatan", widths["kegiatan"], "Kegiatan")
    for info in lanes:
        add(f"lane:{info.code}", widths["lane"], info.name, info.code)
    add("kelengkapan", widths["kelengkapan"], "Kelengkapan")
    add("waktu", widths["waktu"], waktu_header)
    add("output", widths["output"], "Output")
    add("keterangan", widths["keterangan"], "Keterangan")
    lane_columns = [c for c in columns if c.lane is not None]
    mutu = [c for c in columns if c.key in ("kelengkapan", "waktu", "output")]
    # One size for all lane headings (the largest at which every word fits), so no lane looks louder.
    lane_size = _fitting_size([c.header for c in lane_columns], widths["lane"], head, low)
    texts, abbreviations = _lane_headings(lane_columns, widths["lane"], lane_size)
    texts |= {c.key: c.header for c in columns if c.lane is None}
    sizes = {c.key: lane_size for c in lane_columns}
    sizes.update({c.key: _fitting_size([c.header], c.width, head, low) for c in columns if c.lane is None})
    top = LINE * head + 2 * PAD_Y
    second = max(_header_height(texts[c.key], c.width, sizes[c.key]) for c in lane_columns + mutu)
    height = top + second
    header = [
        _header_cell("no", Rect(columns[0].x, 0, columns[0].width, height), "No", sizes["no"]),
        _header_cell("kegiatan", Rect(columns[1].x, 0, columns[1].width, height), "Kegiatan", sizes["kegiatan"]),
    ]
    span = Rect(lane_columns[0].x, 0, lane_columns[-1].right - lane_columns[0].x, top)
    header.append(_header_cell("pelaksana", span, "Pelaksana", head))
    header.append(_header_cell("mutu_baku", Rect(mutu[0].x, 0, mutu[-1].right - mutu[0].x, top), "Mutu Baku", head))
    for column in lane_columns + mutu:
        header.append(
            _header_cell(column.key, Rect(column.x, top, column.width, second), texts[column.key], sizes[column.key])
        )
    last = columns[-1]
    header.append(_header_cell("keterangan", Rect(last.x, 0, last.width, height), "Keterangan", sizes["keterangan"]))
    return TableColumns(tuple(columns), tuple(header), height, tuple(abbreviations))
