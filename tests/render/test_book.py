"""The SOP book: cover, decrees with their lists, a table of contents whose page numbers are where the SOPs are,
usage notes, then every SOP in the order the decrees enacted them."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from pypdf import PdfReader

from sopan.io.yaml_io import read_sop_text
from sopan.model import Decree, DecreeEntry, Organisation, Sop
from sopan.render import book_parts, layout_sop
from sopan.render.book import BookError, book_html, book_order, book_pdf, book_warnings, load_book
from sopan.render.book_order import number_key
from sopan.render.book_parts import CHUNK
from tests.factories import LIBRARY, page_text, pdf_info
from tests.render.images import tiny_png

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
    assert [s.id for s in book_order(organisation, sops, "judul")] == ["z", "c", "a", "b"]


def test_order_by_number_compares_numeric_parts_as_numbers_and_puts_the_unnumbered_last() -> None:
    numbers = {"a": "068/10/SOP/2022", "b": None, "c": "068/9/SOP/2022", "d": "068/011/sop/2020", "e": "  "}
    numbers |= {"f": "068/9/SOP/2022"}  # shares c's number: the judul order between them
    sops = [_sop(key, f"Judul {key}").model_copy(update={"number": number}) for key, number in numbers.items()]
    organisation = Organisation(kode="uji", nama="Dinas Uji")
    assert [s.id for s in book_order(organisation, sops)] == ["c", "f", "a", "d", "b", "e"]
    assert number_key("068/9/SOP") < number_key("068/10/SOP") == number_key(" 68/10/sop ")
    assert number_key("068/10/SOP/2022") < number_key("068/011/SOP/2020")


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


def _links(pdf: bytes) -> dict[int, list[int]]:
    """Each page's (from 1) link annotations, as the pages (from 1) they lead to."""
    reader = PdfReader(io.BytesIO(pdf))
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, start=1)}
    found: dict[int, list[int]] = {}
    for n, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            target = annotation.get_object()["/Dest"][0]
            found.setdefault(n, []).append(numbers[target.idnum])
    return found


@poppler
def test_the_book_printed_in_parts_is_the_same_on_several_processes(tmp_path: Path) -> None:
    book, _ = load_book(LIBRARY / "kec-bawang")
    assert len(book.sops) > CHUNK  # two parts of SOPs besides the front matter
    serial = book_pdf(book)
    assert book_pdf(book, jobs=3) == serial
    path = tmp_path / "buku.pdf"
    path.write_bytes(serial)
    count = int(pdf_info(path)["Pages"])
    pages = [" ".join(page_text(path, n).split()) for n in range(1, count + 1)]
    assert all(f"Halaman {n} dari {count}" in text for n, text in enumerate(pages, start=1) if n > 1)
    assert "Halaman" not in pages[0]
    toc = next(n for n, text in enumerate(pages, start=1) if "DAFTAR ISI" in text)
    targets = _links(serial)[toc]
    assert len(targets) == len(book.sops) + 2  # the placeholder decree page, the usage notes, every SOP
    for sop, target in zip(book.sops, targets[2:], strict=True):
        assert "Nomor SOP" in pages[target - 1] and sop.title in pages[target - 1], sop.title


def test_a_part_longer_than_counted_is_printed_again_with_the_right_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    book, _ = load_book(LIBRARY / "biro-organisasi-kalsel")
    right = book_pdf(book)
    calls: list[int] = []
    real = book_parts._print

    def counting(part: int, *args: object) -> object:
        calls.append(part)
        return real(part, *args)

    monkeypatch.setattr(book_parts, "layout_sop", lambda sop, spec: [*layout_sop(sop, spec), None])  # one too many
    monkeypatch.setattr(book_parts, "_print", counting)
    assert book_pdf(book) == right
    assert len(calls) == 2 * (1 + len(book_parts._chunks(book)))  # every part printed twice


def test_a_large_book_as_html() -> None:
    book, library = load_book(LIBRARY / "dukcapil-lumajang", "judul")
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


def test_the_contents_follow_the_sop_numbers_by_default() -> None:
    book, _ = load_book(LIBRARY / "kec-bawang")
    numbers = [s.number for s in book.sops]
    assert None in numbers and numbers[-1] is None
    numbered = [n for n in numbers if n]
    assert numbered == sorted(numbered, key=number_key)
    by_title, _ = load_book(LIBRARY / "kec-bawang", "judul")
    assert [s.title.casefold() for s in by_title.sops] == sorted(s.title.casefold() for s in book.sops)
    assert by_title.sops != book.sops
    tree = lxml.html.document_fromstring(book_html(book))
    listed = [cell.text_content() for cell in tree.find_class("book-toc__number")]
    assert listed == [n or "" for n in numbers]


def test_an_organisation_without_decrees_gets_a_marked_placeholder_and_a_warning() -> None:
    book, _ = load_book(LIBRARY / "kec-bawang")
    html = book_html(book)
    body = html.split("</style>")[1]
    assert "book-decree" not in body
    tree = lxml.html.document_fromstring(html)
    (placeholder,) = tree.find_class("book-placeholder")
    assert "KEPUTUSAN PENETAPAN BELUM DICATAT" in placeholder.text_content()
    assert body.index("book-placeholder") < body.index("book-toc")  # where the decree belongs
    toc = tree.find_class("book-toc")[0]
    assert toc.find_class("book-page__ref")[0].get("href") == "#keputusan-belum-dicatat"
    ((id_text, en_text),) = book_warnings(book)
    assert "belum dicatat" in id_text and "no decree" in en_text
    enacted, _ = load_book(LIBRARY / "biro-organisasi-kalsel")
    assert book_warnings(enacted) == [] and "book-placeholder" not in book_html(enacted).split("</style>")[1]
    assert book.year == max(d.year for s in book.sops for d in (s.effective, s.created, s.revised) if d)


def test_a_folder_without_an_organisation(tmp_path: Path) -> None:
    with pytest.raises(BookError) as raised:
        load_book(tmp_path)
    assert "organisasi.yaml" in raised.value.text("id") and "no readable" in raised.value.text("en")


def test_the_cover_carries_the_logo(tmp_path: Path) -> None:
    book, _ = load_book(LIBRARY / "kec-bawang")
    (tmp_path / "logo.png").write_bytes(tiny_png())
    organisation = book.organisation.model_copy(update={"logo": "logo.png"})
    with_logo = replace(book, organisation=organisation, folder=tmp_path, sops=book.sops[:1])
    cover = lxml.html.document_fromstring(book_html(with_logo)).find_class("book-cover")[0]
    (logo,) = cover.find_class("book-cover__logo")
    assert logo.get("src").startswith("data:image/png;base64,")
    assert cover.find_class("book-cover__title")[0].text == "STANDAR OPERASIONAL PROSEDUR"


def test_the_place_and_date_of_a_decree_stay_with_its_signature() -> None:
    book, _ = load_book(LIBRARY / "dukcapil-lumajang")
    tree = lxml.html.document_fromstring(book_html(book))
    for signature in tree.find_class("book-decree__signature"):
        lines = [p.text_content() for p in signature.findall("p")]
        assert lines[:2] == ["Ditetapkan di Lumajang", "pada tanggal 25 Februari 2018"]
        assert lines[2].startswith("KEPALA DINAS")


@poppler
def test_no_page_break_between_ditetapkan_and_the_signature(tmp_path: Path) -> None:
    """Decree lists of growing length push the signature over the page end: the whole block moves."""
    book, _ = load_book(LIBRARY / "biro-organisasi-kalsel")
    decree = book.organisation.decrees[0]
    moved = False
    for count in range(17, 23):
        entries = [DecreeEntry(judul=f"SOP nomor {k}") for k in range(count)]
        changed = decree.model_copy(update={"entries": entries, "place": "Banjarmasin"})
        organisation = book.organisation.model_copy(update={"decrees": [changed]})
        path = tmp_path / f"buku-{count}.pdf"
        path.write_bytes(book_pdf(replace(book, organisation=organisation, sops=())))
        pages = [page_text(path, n) for n in range(1, int(pdf_info(path)["Pages"]) + 1)]

        def page_of(text: str, pages: list[str] = pages) -> int:
            return next(n for n, page in enumerate(pages) if text in page)

        place, name = page_of("Ditetapkan di Banjarmasin"), page_of("SAHBIRIN NOOR")
        assert place == name == page_of("pada tahun 2018"), count
        moved |= place > page_of(f"SOP nomor {count - 1}")
    assert moved  # one of the lengths did reach the page end


@pytest.mark.parametrize(
    ("logo", "content", "reason"),
    [
        ("hilang.png", None, "no such file"),
        ("rusak.png", b"bukan gambar", "not a whole PNG"),
        ("../luar.png", tiny_png(), "inside the organisation's folder"),
        ("/etc/hostname", None, "inside the organisation's folder"),
    ],
)
def test_an_unusable_logo_is_left_out_with_a_warning(tmp_path: Path, logo: str, content: bytes | None, reason: str):
    book, _ = load_book(LIBRARY / "kec-bawang")
    folder = tmp_path / "org"
    folder.mkdir()
    if content is not None:
        (folder / logo).resolve().write_bytes(content)
    organisation = book.organisation.model_copy(update={"logo": logo})
    broken = replace(book, organisation=organisation, folder=folder, sops=book.sops[:1])
    assert not lxml.html.document_fromstring(book_html(broken)).find_class("book-cover__logo")
    (id_text, en_text), _ = book_warnings(broken)  # the logo, then the missing decree
    assert logo in id_text and reason in en_text
