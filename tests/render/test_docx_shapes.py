"""The Word flowchart is drawn with Word shapes placed from the layout, and LibreOffice prints it as sopan does."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image, ImageChops, ImageFilter

from sopan.io.library import LoadedSop, load_library
from sopan.render import Page, layout_sop
from sopan.render.docx import sop_docx
from sopan.render.docx_shapes import EMU_PER_MM, PRESETS
from sopan.render.flowchart.hops import HOP, MIN_HOP, hops_by_arrow
from sopan.render.identity import library_resolver
from sopan.render.pdf import sop_pdf
from tests.factories import LIBRARY

_LIBRARY = load_library([LIBRARY])
_RESOLVE = library_resolver(_LIBRARY)
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
LOOKED_AT = ("penanganan-disiplin-pegawai", "pelayanan-bunda-dewi-harum", "pengajuan-cuti")
DPI = 50  # 2 px per mm: the thinnest rule (0.2 mm) still darkens its pixel
TOLERANCE = 2  # px: ink within 1 mm of ink in the other print counts as matched
THRESHOLD = 0.15
"""Unmatched ink in the lane area, as a share of both prints' ink. Measured on the three SOPs looked at: 0.04 to
0.07 (LibreOffice draws the labels and connector letters in Liberation Sans for Arial, sopan in DejaVu Sans
Condensed, and rounds a terminator's ends as Word's preset does); the same comparison against another page of the
SOP gives 0.46 to 0.71. 0.15 leaves room for LibreOffice's versions, and a shape out of place or missing by more
than a millimetre is still caught (the last test checks that a wrong page fails)."""


def _item(sop_id: str) -> LoadedSop:
    (item,) = [s for s in _LIBRARY.sops if s.sop.id == sop_id]
    return item


def _docx(item: LoadedSop) -> bytes:
    return sop_docx(item.sop, _LIBRARY.organisations.get(item.sop.organisation), resolve=_RESOLVE)


def _groups(data: bytes) -> list[etree._Element]:
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return root.findall(".//wpg:wgp", NS)


def _shapes(group: etree._Element) -> list[tuple[str, str, tuple[float, float, float, float], str]]:
    """(name, preset or 'custom', box in mm from the group's corner, text) of each shape."""
    found = []
    for shape in group.findall("wps:wsp", NS):
        name = shape.find("wps:cNvPr", NS).get("name")
        preset = shape.find(".//a:prstGeom", NS)
        off, ext = shape.find(".//a:xfrm/a:off", NS), shape.find(".//a:xfrm/a:ext", NS)
        box = tuple(int(v) / EMU_PER_MM for v in (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy")))
        text = "".join(t.text or "" for t in shape.iterfind(".//w:t", NS))
        found.append((name, preset.get("prst") if preset is not None else "custom", box, text))
    return found


@pytest.mark.parametrize("item", _LIBRARY.sops, ids=lambda item: f"{item.sop.organisation}/{item.sop.id}")
def test_every_flowchart_is_word_shapes_placed_from_the_layout(item: LoadedSop) -> None:
    data = _docx(item)
    pages = layout_sop(item.sop)
    groups = _groups(data)
    assert len(groups) == len(pages)
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert not etree.fromstring(body).findall(".//w:tbl//pic:pic", NS)  # no picture in any table
    for page, group in zip(pages, groups, strict=True):
        shapes = _shapes(group)
        origin = page.lane_area
        symbols = [s for s in shapes if s[1].startswith("flowChart")]
        assert [s[1] for s in symbols] == [PRESETS[s.kind] for s in page.symbols]
        for (_, _, box, text), symbol in zip(symbols, page.symbols, strict=True):
            want = (symbol.box.x - origin.x, symbol.box.y - origin.y, symbol.box.w, symbol.box.h)
            assert all(abs(got - exact) < 0.001 for got, exact in zip(box, want, strict=True))
            assert text == (symbol.letter or "")
        arrows = [s for s in shapes if s[0].startswith("Panah")]
        assert len(arrows) == len(page.arrows)
        heads = group.findall(".//wps:wsp/wps:spPr/a:ln/a:tailEnd", NS)
        assert len(heads) == len(page.arrows)
        drawn = [s for s in group.findall("wps:wsp", NS) if s.find("wps:cNvPr", NS).get("name").startswith("Panah")]
        for (_, _, box, _), arrow, shape, hopping in zip(
            arrows, page.arrows, drawn, hops_by_arrow(page.arrows), strict=True
        ):
            xs, ys = [x for x, _ in arrow.points], [y for _, y in arrow.points]
            rise = max((r for on in hopping.values() for _, r in on), default=0.0)  # a hop rises above its line
            high = max(ys) - min(ys) + rise
            assert abs(box[0] - (min(xs) - origin.x)) < 0.001 and abs(box[3] - high) < 0.001
            # a half circle (arcTo) at each crossing the SVG hops, and nowhere else
            assert len(shape.findall(".//a:arcTo", NS)) == sum(len(x) for x in hopping.values())
        labels = sorted(s[3] for s in shapes if s[0].startswith("Label"))
        assert labels == sorted("".join(line.text for line in a.label.lines) for a in page.arrows if a.label)


def test_kinds_of_shapes_in_a_flowchart_with_decisions_and_connectors() -> None:
    groups = _groups(_docx(_item("penanganan-disiplin-pegawai")))
    presets = {shape[1] for group in groups for shape in _shapes(group)}
    assert {"flowChartTerminator", "flowChartProcess", "flowChartDecision", "flowChartOffpageConnector"} <= presets
    assert {"straightConnector1", "custom"} <= presets  # straight arrows and arrows that bend
    texts = {shape[3] for group in groups for shape in _shapes(group)}
    assert "Ya" in texts and "Tidak" in texts
    # crossings hop in Word as in the SVG: a half circle over the top, clockwise when drawn rightwards
    arcs = [arc for group in groups for arc in group.iterfind(".//a:arcTo", NS)]
    assert len(arcs) >= 5
    for arc in arcs:
        assert arc.get("wR") == arc.get("hR")
        assert round(MIN_HOP * EMU_PER_MM) <= int(arc.get("wR")) <= round(HOP * EMU_PER_MM)
        assert (arc.get("stAng"), arc.get("swAng")) in {("10800000", "10800000"), ("0", "-10800000")}


# ----- LibreOffice prints the Word file as sopan prints the PDF ----------------------------------------------


def _raster(pdf: Path, page: int, folder: Path) -> Image.Image:
    root = folder / f"{pdf.stem}-{page}"
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-singlefile", "-f", str(page), "-l", str(page), str(pdf), str(root)],
        check=True,
    )
    return Image.open(root.with_suffix(".pgm")).convert("L")


def _ink(image: Image.Image, page: Page) -> Image.Image:
    """The lane area's ink (anything darker than light grey, so that thin antialiased rules count)."""

    def px(mm: float) -> int:
        return round(mm / 25.4 * DPI)

    spec, area = page.spec, page.lane_area
    box = (
        px(spec.margin_left + area.x),
        px(spec.margin_top + area.y),
        px(spec.margin_left + area.right),
        px(spec.margin_top + area.bottom),
    )
    return image.crop(box).point(lambda value: 255 if value < 230 else 0)


def unmatched(a: Image.Image, b: Image.Image) -> float:
    """The ink of each print with no ink of the other within ``TOLERANCE``, as a share of both prints' ink."""
    grow = ImageFilter.MaxFilter(2 * TOLERANCE + 1)
    lost = ImageChops.multiply(a, ImageChops.invert(b.filter(grow)))
    extra = ImageChops.multiply(b, ImageChops.invert(a.filter(grow)))

    def count(image: Image.Image) -> int:
        return sum(1 for value in image.get_flattened_data() if value)

    return (count(lost) + count(extra)) / max(1, count(a) + count(b))


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three SOPs as sopan's PDF (``name.pdf``) and as LibreOffice prints the Word file (``lo/name.pdf``)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or not shutil.which("pdftoppm"):
        pytest.skip("needs LibreOffice (soffice, Debian's libreoffice-writer-nogui) and poppler-utils (pdftoppm)")
    folder = tmp_path_factory.mktemp("word")
    for sop_id in LOOKED_AT:
        item = _item(sop_id)
        (folder / f"{sop_id}.docx").write_bytes(_docx(item))
        organisation = _LIBRARY.organisations.get(item.sop.organisation)
        (folder / f"{sop_id}.pdf").write_bytes(sop_pdf(item.sop, organisation, resolve=_RESOLVE))
    profile = (folder / "profile").as_uri()  # its own profile: another LibreOffice running does not interfere
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir"]
    docs = [str(folder / f"{sop_id}.docx") for sop_id in LOOKED_AT]
    subprocess.run([*command, str(folder / "lo"), *docs], check=True, capture_output=True, timeout=300)
    return folder


@pytest.mark.parametrize("sop_id", LOOKED_AT)
def test_libreoffice_prints_the_word_flowchart_as_sopan_prints_it(printed: Path, sop_id: str) -> None:
    pages = layout_sop(_item(sop_id).sop)
    for number, page in enumerate(pages, start=2):  # page 1 is the identity page
        ours = _ink(_raster(printed / f"{sop_id}.pdf", number, printed), page)
        word = _ink(_raster(printed / "lo" / f"{sop_id}.pdf", number, printed), page)
        assert unmatched(ours, word) < THRESHOLD, (sop_id, number)


def test_the_comparison_catches_a_wrong_drawing(printed: Path) -> None:
    sop_id = "penanganan-disiplin-pegawai"
    first, second = layout_sop(_item(sop_id).sop)[:2]
    ours = _ink(_raster(printed / f"{sop_id}.pdf", 2, printed), first)
    wrong = _ink(_raster(printed / "lo" / f"{sop_id}.pdf", 3, printed), first)
    assert unmatched(ours, wrong) > 2 * THRESHOLD
    assert second.number == 2
