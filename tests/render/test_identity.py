"""The identity page: built for every library SOP, dates and NIP as printed, HTML well-formed and escaped."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from sopan.io.library import LoadedSop, load_library
from sopan.model import Organisation, PartialDate, Sop
from sopan.render.identity import (
    EMPTY,
    build_identity,
    format_date,
    format_nip,
    identity_html,
    library_resolver,
)
from tests.factories import LIBRARY
from tests.render.images import tiny_png

_LIBRARY = load_library([LIBRARY])
_RESOLVE = library_resolver(_LIBRARY)
CSS = files("sopan.render") / "templates" / "sopan.css"


def _id(item: LoadedSop) -> str:
    return f"{item.sop.organisation}/{item.sop.id}"


@pytest.mark.parametrize("item", _LIBRARY.sops, ids=_id)
def test_every_library_sop_has_an_identity_page(item: LoadedSop) -> None:
    sop = item.sop
    organisation = _LIBRARY.organisations[sop.organisation]
    page = build_identity(sop, organisation, resolve=_RESOLVE)
    assert page.unit_lines[-1] == organisation.name.upper()
    assert page.unit_lines[:-1] == tuple(p.upper() for p in organisation.parents)
    assert page.title == sop.title and page.number == (sop.number or EMPTY)
    assert [label for label, _ in page.fields()] == [
        "Nomor SOP", "Tanggal Pembuatan", "Tanggal Revisi", "Tanggal Efektif", "Disahkan Oleh", "Nama SOP",
    ]  # fmt: skip
    labels = [(left.label, right.label) for left, right in page.grid]
    assert labels == [
        ("Dasar Hukum", "Kualifikasi Pelaksana"),
        ("Keterkaitan", "Peralatan/Perlengkapan"),
        ("Peringatan", "Pencatatan dan Pendataan"),
    ]
    assert len(page.grid[1][0].items) == len(sop.related)

    html = identity_html(page)
    etree.fromstring(html)  # well-formed: every element closed, every entity escaped
    root = lxml.html.fragment_fromstring(html)
    assert root.tag == "section" and root.get("class") == "sop-identity"
    header, grid = root.findall("table")
    assert len(header.findall("tbody/tr")) == 6 and header.find("tbody/tr/td").get("rowspan") == "6"
    assert [len(row.findall("td")) for row in grid.findall("tbody/tr")] == [2, 2, 2]
    text = root.text_content()
    assert sop.title in text and page.effective in text


def test_dates_are_written_the_indonesian_way() -> None:
    assert format_date(PartialDate(2018, 2, 25)) == "25 Februari 2018"
    assert format_date(PartialDate(2022, 1)) == "Januari 2022"
    assert format_date(PartialDate(2019)) == "2019"
    assert format_date(None) == "-"


def test_nip_is_grouped_as_printed() -> None:
    assert format_nip("196607101992021007") == "NIP. 19660710 199202 1 007"
    assert format_nip("19660710 199202 1 007") == "NIP. 19660710 199202 1 007"
    assert format_nip("1966") == "NIP. 1966"
    assert format_nip(None) is None


def test_a_library_page_reads_as_the_form() -> None:
    (item,) = [s for s in _LIBRARY.sops if s.sop.id == "penerbitan-akta-kelahiran"]
    page = build_identity(item.sop, _LIBRARY.organisations["dukcapil-lumajang"])
    assert page.unit_lines == ("PEMERINTAH KABUPATEN LUMAJANG", "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL")
    fields = dict(page.fields())
    assert fields["Tanggal Efektif"] == "25 Februari 2018" and fields["Tanggal Pembuatan"] == "-"
    assert fields["Disahkan Oleh"].endswith("TK HIDAYAT, SH., M.Hum\nNIP. 19660710 199202 1 007")
    (bawang,) = [s for s in _LIBRARY.sops if s.sop.id == "pengelolaan-surat-masuk"]
    page = build_identity(bawang.sop, _LIBRARY.organisations["kec-bawang"], resolve=_RESOLVE)
    assert dict(page.fields())["Tanggal Pembuatan"] == "Januari 2015"
    assert page.grid[0][0].numbered and not page.grid[0][1].numbered


def test_keterkaitan_shows_the_title_of_the_sop_it_names() -> None:
    sop = _sop(keterkaitan=["pembuatan-kk", {"instansi": "Perbankan"}, "SOP Yang Tidak Ada"])
    other = _sop(nama="Pembuatan Kartu Keluarga")
    resolve = {"pembuatan-kk": other}.get
    page = build_identity(sop, resolve=lambda ref, _org: resolve(ref))
    assert page.grid[1][0].items == ("Pembuatan Kartu Keluarga", "Perbankan", "SOP Yang Tidak Ada")
    assert build_identity(sop).grid[1][0].items == ("pembuatan-kk", "Perbankan", "SOP Yang Tidak Ada")


def test_empty_fields_show_a_dash() -> None:
    page = build_identity(_sop())
    assert page.unit_lines == () and page.logo is None and page.approval is None
    assert {text for label, text in page.fields() if label != "Nama SOP"} == {"-"}
    root = lxml.html.fragment_fromstring(identity_html(page))
    assert len(root.find_class("sop-identity__empty")) == 6


def test_fields_are_escaped(tmp_path: Path) -> None:
    nasty = 'A <b>bold</b> & "quoted" </td></table>'
    organisation = Organisation(
        kode="uji", nama=f"Dinas {nasty}", induk=["Pemerintah <X>"], logo='logo" onerror="x.png'
    )
    sop = _sop(
        nama=nasty,
        nomor="1 & 2",
        disahkan_oleh={"jabatan": f"Kepala {nasty}", "nama": "<Nama>", "nip": "<nip>"},
        dasar_hukum=[nasty, "UU & PP"],
        peringatan=[nasty],
    )
    (tmp_path / 'logo" onerror="x.png').write_bytes(tiny_png())
    page = build_identity(sop, organisation, organisation_dir=tmp_path)
    html = identity_html(page)
    etree.fromstring(html)
    assert "<b>" not in html and "</td></table>" not in html
    root = lxml.html.fragment_fromstring(html)
    assert root.find(".//b") is None and len(root.findall(".//table")) == 2
    assert root.find_class("sop-identity__title")[0].text_content() == nasty
    assert root.find_class("sop-identity__name")[0].text_content() == "<Nama>"
    image = root.find(".//img")
    assert image.get("src") == f'{tmp_path}/logo" onerror="x.png' and image.get("onerror") is None
    assert [li.text_content() for li in root.find_class("sop-identity__list")[0]] == [nasty, "UU & PP"]
    assert root.find_class("sop-identity__parent")[0].text_content() == "PEMERINTAH <X>"


def test_the_stylesheet_has_the_identity_section() -> None:
    css = CSS.read_text(encoding="utf-8")
    assert "Identity page" in css and ".sop-identity__header" in css and ".sop-identity__grid" in css


def _sop(**fields: object) -> Sop:
    data: dict[str, object] = {"organisasi": "uji", "nama": "Uji", "langkah": [{"kegiatan": "Menulis"}]}
    data.update(fields)
    return Sop.model_validate(data)
