"""SVG text drawn one line at a time lands where WeasyPrint's letter-by-letter drawing puts it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sopan.io.library import load_library
from sopan.render import PageSpec
from sopan.render.html import document_css, sop_html
from sopan.render.pdf import html_to_pdf
from sopan.render.svg_text import line_at_a_time, one_line_text
from tests.factories import LIBRARY, page_text

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def _words(pdf: bytes, tmp_path: Path, name: str, page: int) -> list[tuple[str, tuple[float, ...]]]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    found = WORD.findall(page_text(path, page, "-bbox"))
    return [(word, tuple(float(v) for v in box)) for *box, word in found]


def _order(word: tuple[str, tuple[float, ...]]) -> tuple[str, int, int]:
    text, (x, y, *_) = word
    return text, round(y), round(x)


def _letter_by_letter(html: str, spec: PageSpec) -> bytes:
    """The PDF as WeasyPrint draws it by itself (outside ``line_at_a_time``)."""
    from weasyprint import CSS, HTML

    return HTML(string=html).write_pdf(stylesheets=[CSS(string=document_css(spec, embed_font=False))])


@pytest.mark.parametrize("pictures", [True, False])
def test_flowchart_words_where_letter_by_letter_drawing_puts_them(tmp_path: Path, pictures: bool) -> None:
    (item,) = [s for s in load_library([LIBRARY]).sops if s.sop.id == "penanganan-disiplin-pegawai"]
    spec = PageSpec()
    html = sop_html(item.sop, spec=spec, styles=False, pictures=pictures)
    fast = _words(html_to_pdf(html, spec), tmp_path, "fast", 2)
    slow = _words(_letter_by_letter(html, spec), tmp_path, "slow", 2)
    assert len(fast) > 150  # the flowchart's text is there, word by word
    fast, slow = sorted(fast, key=_order), sorted(slow, key=_order)  # poppler's reading order may differ
    assert [w for w, _ in fast] == [w for w, _ in slow]
    pairs = zip(fast, slow, strict=True)
    worst = max(abs(a - b) for (_, one), (_, other) in pairs for a, b in zip(one, other, strict=True))
    assert worst < 0.1  # points (letter by letter, each advance is rounded on its own)


def test_plain_text_only_and_weasyprint_drawing_restored(tmp_path: Path) -> None:
    from weasyprint import svg as weasy_svg

    original = weasy_svg.TAGS["text"]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100mm" height="30mm" viewBox="0 0 100 30" '
        'font-family="DejaVu Sans Condensed">'
        '<text x="5" y="10" font-size="4">Satu baris</text>'
        '<text x="5 12 19" y="20" font-size="4">ABC</text>'
        '<text x="60" y="20" font-size="4" rotate="10">Miring</text></svg>'
    )
    with line_at_a_time():
        assert weasy_svg.TAGS["text"] is one_line_text and weasy_svg.text is one_line_text
        with line_at_a_time():  # nested: still installed, and restored only by the outer one
            pass
        assert weasy_svg.TAGS["text"] is one_line_text
    assert weasy_svg.TAGS["text"] is original and weasy_svg.text is original
    words = _words(html_to_pdf(f"<html><body>{svg}</body></html>"), tmp_path, "plain", 1)
    texts = [w for w, _ in words]
    # per-letter x positions (handed to WeasyPrint's own drawing) keep the letters apart
    assert "Satu" in texts and "baris" in texts and {"A", "B", "C"} <= set(texts)
    assert "Miring" in "".join(texts)
