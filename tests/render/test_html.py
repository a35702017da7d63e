"""The standalone HTML document: every library SOP, identity then flowchart pages, print rules, nothing external."""

from __future__ import annotations

import re

import lxml.html
import pytest

from sopan.io.library import LoadedSop, load_library
from sopan.io.yaml_io import read_sop_text
from sopan.render import PageSpec, layout_sop
from sopan.render.html import page_css, sop_html
from sopan.render.identity import library_resolver
from tests.factories import LIBRARY
from tests.render.images import tiny_png

_LIBRARY = load_library([LIBRARY])
_RESOLVE = library_resolver(_LIBRARY)
SVG_NS = "http://www.w3.org/2000/svg"


def _id(item: LoadedSop) -> str:
    return f"{item.sop.organisation}/{item.sop.id}"


def _html(item: LoadedSop, spec: PageSpec | None = None) -> str:
    organisation = _LIBRARY.organisations[item.sop.organisation]
    return sop_html(item.sop, organisation, spec=spec, resolve=_RESOLVE)


@pytest.mark.parametrize("item", _LIBRARY.sops, ids=_id)
def test_every_library_sop_is_a_standalone_document(item: LoadedSop) -> None:
    html = _html(item)
    tree = lxml.html.document_fromstring(html)
    assert tree.findtext(".//title").startswith(item.sop.title)
    (article,) = tree.find_class("sop")
    assert article.get("data-title") == item.sop.title
    sheets = article.find_class("sop-sheet")
    assert "sop-sheet--identity" in sheets[0].get("class") and sheets[0].find_class("sop-identity")
    flowcharts = article.find_class("sop-flowchart")
    assert len(flowcharts) == len(sheets) - 1 == len(layout_sop(item.sop)) >= 1
    for number, section in enumerate(flowcharts, start=1):
        assert section.get("data-page") == str(number)
        svg = "".join(section.itertext())
        # the column header is drawn on every flowchart page
        assert all(word in svg for word in ("No", "Kegiatan", "Pelaksana", "Mutu Baku", "Keterangan"))
    steps = "".join("".join(section.itertext()) for section in flowcharts)
    first_words = item.sop.steps[0].activity.split()[0]
    assert first_words in steps


def test_nothing_is_fetched_from_elsewhere() -> None:
    html = _html(_LIBRARY.sops[0])
    urls = set(re.findall(r"(?:https?|ftp)://[^\s\"')]+", html))
    assert urls <= {SVG_NS}, urls
    assert not re.search(r"\bsrc=\"(?!data:)", html)
    assert not re.search(r"url\((?![\"']?data:)", html), "every url() is a data URI"
    assert '@font-face{font-family:"DejaVu Sans Condensed";font-weight:normal' in html
    assert "data:font/ttf;base64," in html


def test_print_rules_follow_the_paper() -> None:
    html = _html(_LIBRARY.sops[0])
    assert "@page { size: 297mm 210mm; margin: 10mm 10mm 10mm 10mm; }" in html
    assert 'content: "Halaman " counter(page) " dari " counter(pages)' in html
    f4 = page_css(PageSpec(paper="F4", margin_left=15))
    assert "size: 330mm 215mm" in f4 and "margin: 10mm 10mm 10mm 15mm" in f4
    assert "width: 305mm" in f4  # the sheet on screen is the content box


def test_rows_per_page_changes_the_pages() -> None:
    (item,) = [s for s in _LIBRARY.sops if s.sop.id == "penanganan-disiplin-pegawai"]
    html = _html(item, PageSpec(rows_per_page=3))
    assert html.count('class="sop-sheet sop-flowchart"') == len(layout_sop(item.sop, PageSpec(rows_per_page=3))) >= 5


def test_text_is_escaped() -> None:
    text = """\
organisasi: uji
nomor: 1/<2>&3
nama: Surat <b>tebal</b> & "kutip"
pelaksana: [Petugas]
langkah:
  - {kegiatan: Menerima berkas <script>, pelaksana: Petugas, output: A & B}
  - {kegiatan: Mengarsipkan berkas, pelaksana: Petugas}
"""
    sop = read_sop_text(text, "uji").model
    assert sop is not None
    html = sop_html(sop)
    assert "<b>tebal" not in html and "<script>" not in html
    assert "<title>Surat &lt;b&gt;tebal&lt;/b&gt; &amp; &quot;kutip&quot; (1/&lt;2&gt;&amp;3)</title>" in html
    tree = lxml.html.document_fromstring(html)
    assert tree.find_class("sop")[0].get("data-title") == 'Surat <b>tebal</b> & "kutip"'


def test_a_logo_is_embedded(tmp_path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(tiny_png())
    item = _LIBRARY.sops[0]
    organisation = _LIBRARY.organisations[item.sop.organisation].model_copy(update={"logo": "logo.png"})
    html = sop_html(item.sop, organisation, organisation_dir=tmp_path)
    assert 'src="data:image/png;base64,iVBORw0KGgo' in html
    missing = sop_html(item.sop, organisation, organisation_dir=tmp_path / "elsewhere")
    assert "<img" not in missing
    (tmp_path / "rusak.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)  # a PNG signature, no image
    broken = organisation.model_copy(update={"logo": "rusak.png"})
    assert "<img" not in sop_html(item.sop, broken, organisation_dir=tmp_path)
    outside = organisation.model_copy(update={"logo": "../logo.png"})
    (tmp_path / "org").mkdir()
    assert "<img" not in sop_html(item.sop, outside, organisation_dir=tmp_path / "org")
