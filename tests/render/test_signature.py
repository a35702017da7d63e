"""The signature's room on the identity page: where ``signature_box`` says it is, the PDF's own words agree."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sopan.io.library import load_library
from sopan.render import PageSpec
from sopan.render.signature import SignatureBox, signature_box, sop_pdf_with_signature_box
from tests.factories import LIBRARY, page_text

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def _words(pdf: Path, page: int) -> tuple[float, list[tuple[float, float, float, float, str]]]:
    """The page's height and its words as (x0, top, x1, bottom, text), top-left origin, in points."""
    text = page_text(pdf, page, "-bbox")
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', text).group(1))  # type: ignore[union-attr]
    words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(text)]
    return height, words


def _signed_sop():
    library = load_library([LIBRARY / "dukcapil-lumajang"])
    item = next(i for i in library.sops if i.sop.approved_by and i.sop.approved_by.name and i.sop.approved_by.nip)
    return library, item


@pytest.mark.parametrize("paper", ["A4", "F4"])
def test_the_box_lies_between_the_position_and_the_name(tmp_path: Path, paper: str) -> None:
    library, item = _signed_sop()
    sop = item.sop
    organisation = library.organisations[sop.organisation]
    pdf, box = sop_pdf_with_signature_box(sop, organisation, spec=PageSpec(paper=paper))
    assert isinstance(box, SignatureBox) and box.page == 1
    assert box.width > 150 and box.height > 35  # room for a signature and a stamp (14 mm is 39.7 pt)
    path = tmp_path / "sop.pdf"
    path.write_bytes(pdf)
    page_height, words = _words(path, box.page)
    top, bottom = page_height - box.top, page_height - box.y  # the box in the words' top-left coordinates
    bx, by, bw, bh = box.block
    block_top, block_bottom = page_height - by - bh, page_height - by
    approval = sop.approved_by
    assert approval is not None and approval.name and approval.nip
    position = [w for w in words if w[4] in approval.position.split() and w[1] < top + 1 and w[0] >= bx - 0.5]
    name = [w for w in words if w[4] in approval.name.split() and w[1] >= bottom - 0.5]
    nip = [w for w in words if w[4].startswith("NIP")]
    assert position and name and nip, (approval, box)
    for x0, y0, x1, y1, text in position + name + nip:
        assert bx - 0.5 <= x0 and x1 <= bx + bw + 0.5 and block_top - 0.5 <= y0 and y1 <= block_bottom + 0.5, text
    assert max(w[3] for w in position) <= top + 0.5  # the position ends above the box
    assert min(w[1] for w in name) >= bottom - 0.5  # the name starts below it
    assert min(w[1] for w in nip) >= max(w[3] for w in name) - 0.5  # then the NIP
    inside = [w[4] for w in words if w[0] < box.x + box.width and w[2] > box.x and w[1] < bottom and w[3] > top]
    assert inside == []  # the room is empty: nothing printed where the signature goes
    assert abs(box.x - min(w[0] for w in position)) < 1  # left-aligned with the position's text


def test_the_box_is_reserved_before_a_signatory_is_recorded() -> None:
    library, item = _signed_sop()
    sop = item.sop.model_copy(update={"approved_by": None})
    box = signature_box(sop, library.organisations[sop.organisation])
    assert box is not None and box.page == 1 and box.height > 35
