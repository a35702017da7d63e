"""The SOP book: cover, decrees with their lists, a table of contents whose page numbers are where the SOPs are,
usage notes, then every SOP in the order the decrees enacted them."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest

from sopan.io.yaml_io import read_sop_text
from sopan.model import Decree, DecreeEntry, Organisation, Sop
from sopan.render.book import BookError, book_html, book_order, book_pdf, load_book
from tests.factories import LIBRARY, page_text, pdf_info

poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def _sop(sop_id: str, title: str) -> Sop:
    text = f"organisasi: uji\nnama: {title}\nlangkah:\n  - kegiatan: Menerima berkas\n"
    sop = read_sop_text(text, sop_id).model
    assert sop is not None
    return sop


def test_order_follows_the_decrees_then_the_titles() -> None:
    sops = [_sop("c", "Cuti"), _sop("a", "Arsip"), _sop("z", "Zakat"), _sop("b", "Belanja")]
    decrees = [
        Decree(judul="Tim", daftar_sop=[]),
        Decree(
            judul="Penetapan",
            daftar_sop=[
                DecreeEntry(judul="Zakat", sop="z"),
                DecreeEntry(judul="Hilang"),
                DecreeEntry(judul="Cuti", sop="c"),
            ],
        ),
        Decree(judul="Perubahan", daftar_sop=[DecreeEntry(judul="Z lagi", sop="z")]),
    ]
    organisation = Organisation(kode="uji", nama="Dinas Uji", keputusan=decrees)
    assert [s.id for s in book_order(organisation, sops)] == ["z", "c", "a", "b"]


@poppler
def test_the_printed_book_and_its_page_numbers(tmp_path: Path) -> None:
    book, library = load_book(LIBRARY / "biro-organisasi-kalsel")
    assert not library.problems and len(book.sops) == 2
    path = tmp_path / "buku.pdf"
    path.write_bytes(book_pdf(book))
    count = int(pdf_info(path)["Pages"])
    pages = [page_text(path, n) for n in range(1, count + 1)]
    cover = " ".join(pages[0].split())
    assert "STANDAR OPERASIONAL PROSEDUR" in cover and "2018" in cover
    assert "PEMERINTAH PROVINSI KALIMANTAN SELATAN" in cover and "BIRO ORGANISASI" in cover
    assert "Halaman" not in cover
    decree = " ".join(pages[1].split())
    assert decree.startswith("PERATURAN GUBERNUR KALIMANTAN SELATAN TENTANG STANDAR OPERASIONAL PROSEDUR")
    assert "SAHBIRIN NOOR" in decree and "DAFTAR STANDAR OPERASIONAL PROSEDUR" in decree
    assert f"Halaman 2 dari {count}" in decree
    toc_page = next(n for n, text in enumerate(pages, start=1) if "DAFTAR ISI" in text)
    toc = subprocess.run(
        ["pdftotext", "-layout", "-f", str(toc_page), "-l", str(toc_page), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    listed = {}
    for sop in book.sops:
        match = re.search(re.escape(sop.title) + r".*?(\d+)\s*$", toc, re.MULTILINE)
        assert match, sop.title
        listed[sop.title] = int(match.group(1))
    assert sorted(listed.values()) == list(listed.values())  # in book order
    for title, number in listed.items():
        identity = " ".join(pages[number - 1].split())
        assert "Nomor SOP" in identity and title in identity, (title, number)
    annex = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", "2", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    for entry in book.organisation.decrees[0].entries:
        (sop,) = [s for s in book.sops if s.id == entry.sop]
        assert re.search(re.escape(entry.title) + rf".*\b{listed[sop.title]}\s*$", annex, re.MULTILINE)
    usage = next(text for text in pages if "PETUNJUK PENGGUNAAN" in text)
    assert "Penghubung antarhalaman" in usage


def test_a_large_book_as_html() -> None:
    book, library = load_book(LIBRARY / "dukcapil-lumajang")
    html = book_html(book)
    tree = lxml.html.document_fromstring(html)
    articles = tree.find_class("sop")
    assert [a.get("id") for a in articles] == [f"sop-{s.id}" for s in book.sops]
    assert len(articles) == len(library.by_organisation("dukcapil-lumajang"))
    enacting = book.organisation.decrees[1]
    linked = list(dict.fromkeys(e.sop for e in enacting.entries if e.sop))
    assert [s.id for s in book.sops[: len(linked)]] == linked
    rest = [s.title.casefold() for s in book.sops[len(linked) :]]
    assert rest == sorted(rest) and rest
    assert len(tree.find_class("book-decree")) == 2
    team = tree.find_class("book-decree")[0].text_content()
    assert "SUSUNAN TIM" in team and "Melakukan identifikasi kebutuhan" in team
    annex = tree.find_class("book-decree")[1]
    rows = annex.findall(".//tbody/tr")
    assert len(rows) == len(enacting.entries)
    missing = [row for row in rows if "book-page--none" in (row[-1].get("class") or "")]
    assert len(missing) == sum(1 for e in enacting.entries if not e.sop)
    toc_links = [a.get("href") for a in tree.find_class("book-toc")[0].find_class("book-page__ref")]
    assert toc_links == ["#keputusan-1", "#keputusan-2", "#petunjuk", *[f"#sop-{s.id}" for s in book.sops]]
    ids = {element.get("id") for element in tree.iter() if element.get("id")}
    assert {link[1:] for link in toc_links} <= ids


def test_an_organisation_without_decrees_still_has_a_book() -> None:
    book, _ = load_book(LIBRARY / "kec-bawang")
    html = book_html(book)
    assert "book-decree" not in html.split("</style>")[1]
    assert book.year == max(d.year for s in book.sops for d in (s.effective, s.created, s.revised) if d)


def test_a_folder_without_an_organisation(tmp_path: Path) -> None:
    with pytest.raises(BookError) as raised:
        load_book(tmp_path)
    assert "organisasi.yaml" in raised.value.text("id") and "no readable" in raised.value.text("en")


def test_the_cover_carries_the_logo(tmp_path: Path) -> None:
    book, _ = load_book(LIBRARY / "kec-bawang")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    organisation = book.organisation.model_copy(update={"logo": "logo.png"})
    with_logo = replace(book, organisation=organisation, folder=tmp_path, sops=book.sops[:1])
    cover = lxml.html.document_fromstring(book_html(with_logo)).find_class("book-cover")[0]
    (logo,) = cover.find_class("book-cover__logo")
    assert logo.get("src").startswith("data:image/png;base64,")
    assert cover.find_class("book-cover__title")[0].text == "STANDAR OPERASIONAL PROSEDUR"
