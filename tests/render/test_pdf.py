"""PDF through WeasyPrint, read back with poppler: pages, paper, text, page numbers and ink on the page."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

from sopan.io.library import LoadedSop, load_library
from sopan.render import PageSpec, layout_sop
from sopan.render.identity import library_resolver
from sopan.render.pdf import sop_pdf
from tests.conftest import LIBRARY

_LIBRARY = load_library([LIBRARY])
_RESOLVE = library_resolver(_LIBRARY)

SAMPLE = (
    "penanganan-disiplin-pegawai",  # ten decisions, long text, three pages
    "pelayanan-bunda-dewi-harum",  # thirteen lanes
    "pembuatan-ktp",  # requirement groups, variants
    "pembuatan-kk",  # long kelengkapan, a page break
    "penyusunan-lakip",  # seven lanes, loops back
    "asistensi-penyusunan-sop",  # fifteen steps
    "kebersihan-kantor",  # two steps
    "penerbitan-akta-kematian",  # two decisions
    "pengukuran-kinerja",  # another organisation
    "entri-dan-cetak-kartu-keluarga",  # three steps with a decision
)

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdfinfo", "pdftotext", "pdftoppm")), reason="needs poppler-utils"
)


def _item(sop_id: str) -> LoadedSop:
    (item,) = [s for s in _LIBRARY.sops if s.sop.id == sop_id]
    return item


def _pdf(item: LoadedSop, tmp_path: Path, spec: PageSpec | None = None) -> Path:
    organisation = _LIBRARY.organisations[item.sop.organisation]
    path = tmp_path / f"{item.sop.id}.pdf"
    path.write_bytes(sop_pdf(item.sop, organisation, spec=spec, resolve=_RESOLVE))
    return path


def pdf_info(path: Path) -> dict[str, str]:
    text = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return dict(re.findall(r"^([^:]+):\s*(.*)$", text, re.MULTILINE))


def page_text(path: Path, page: int, *options: str) -> str:
    """The text of one page (``options``: pdftotext's, such as ``-layout`` or ``-bbox``)."""
    command = ["pdftotext", *options, "-f", str(page), "-l", str(page), str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def dark_share(path: Path, page: int) -> float:
    """The share of a page's pixels that are dark (0 for a blank page)."""
    command = ["pdftoppm", "-png", "-r", "30", "-f", str(page), "-l", str(page), str(path)]
    image = Image.open(io.BytesIO(subprocess.run(command, check=True, capture_output=True).stdout)).convert("L")
    histogram = image.histogram()
    return sum(histogram[:128]) / (image.width * image.height)


@pytest.mark.parametrize("sop_id", SAMPLE)
def test_sample_sops_print_with_their_pages_and_text(sop_id: str, tmp_path: Path) -> None:
    item = _item(sop_id)
    path = _pdf(item, tmp_path)
    pages = layout_sop(item.sop)
    info = pdf_info(path)
    count = int(info["Pages"])
    assert count == 1 + len(pages)
    assert info["Page size"].startswith("841.89 x 595.276")  # A4 landscape
    assert info["Title"].startswith(item.sop.title)
    assert info["Author"] == _LIBRARY.organisations[item.sop.organisation].name
    identity = page_text(path, 1)
    assert "Nomor SOP" in identity and "DASAR HUKUM" in identity
    assert " ".join(item.sop.title.split()[:3]) in " ".join(identity.split())
    assert f"Halaman 1 dari {count}" in identity
    for number in range(2, count + 1):
        text = page_text(path, number)
        assert f"Halaman {number} dari {count}" in text
        assert "Kegiatan" in text and "Pelaksana" in text and "Mutu Baku" in text  # the header on every page
        assert item.sop.title in text.replace("\n", " ")  # the running head
    flow = " ".join(" ".join(page_text(path, n).split()) for n in range(2, count + 1))
    for step in item.sop.steps:
        assert " ".join(step.activity.split()[:2]) in flow


def test_pages_are_not_blank(tmp_path: Path) -> None:
    path = _pdf(_item("penerbitan-akta-kematian"), tmp_path)
    assert dark_share(path, 1) > 0.005  # the identity tables
    assert dark_share(path, 2) > 0.01  # the flowchart
    assert dark_share(path, 2) < 0.5  # and not a black page


def test_f4_paper(tmp_path: Path) -> None:
    path = _pdf(_item("penerbitan-akta-kematian"), tmp_path, PageSpec(paper="F4"))
    assert pdf_info(path)["Page size"].startswith("935.433 x 609.449")  # 330 x 215 mm


def test_threads_may_ask_for_pdfs_at_once(tmp_path: Path) -> None:
    """The web application renders from several threads; the shared font configuration is used one at a time."""
    items = [_item("kebersihan-kantor"), _item("penerbitan-akta-kematian")] * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = list(pool.map(lambda item: sop_pdf(item.sop), items))
    assert all(pdf.startswith(b"%PDF-") for pdf in pdfs)
    for number, pdf in enumerate(pdfs):
        path = tmp_path / f"{number}.pdf"
        path.write_bytes(pdf)
        assert int(pdf_info(path)["Pages"]) == 1 + len(layout_sop(items[number].sop))
