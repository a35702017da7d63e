"""Horizontal bar charts as SVG text, drawn on the server: no script, nothing from outside, CSP unchanged."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from sopan.web.monitoring.tables import Bar

__all__ = ["bar_chart"]

WIDTH, LABEL, ROW, BAR, CHARS = 600, 290, 26, 16, 38


def _number(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def bar_chart(bars: list[Bar], title: str) -> str:
    """One bar per row, scaled to the largest value or limit; a limit is drawn as a red tick across its bar.
    No bars, no chart: an empty string."""
    if not bars:
        return ""
    top = max([b.value or 0 for b in bars] + [b.limit or 0 for b in bars] + [0])
    span = WIDTH - LABEL - 60
    height = ROW * max(len(bars), 1) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
    ]
    for index, bar in enumerate(bars):
        y = 5 + index * ROW
        label = bar.label if len(bar.label) <= CHARS else bar.label[: CHARS - 1] + "…"
        parts.append(f'<text x="{LABEL - 6}" y="{y + 13}" text-anchor="end" font-size="12">{escape(label)}</text>')
        if bar.value is None:
            parts.append(f'<text x="{LABEL + 4}" y="{y + 13}" font-size="12" fill="#666">-</text>')
            continue
        length = span * bar.value / top if top else 0
        parts.append(f'<rect x="{LABEL}" y="{y}" width="{length:.1f}" height="{BAR}" fill="#3b6ea5"/>')
        parts.append(f'<text x="{LABEL + length + 4:.1f}" y="{y + 13}" font-size="12">{_number(bar.value)}</text>')
        if bar.limit is not None and top:
            x = LABEL + span * bar.limit / top
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 2}" y2="{y + BAR + 2}" stroke="#b00020" stroke-width="2"/>'
            )
    parts.append("</svg>")
    return "".join(parts)
