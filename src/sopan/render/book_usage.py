"""The book's usage notes (Petunjuk Penggunaan): how to read an SOP, and the five flowchart symbols drawn the
way the flowchart pages draw them."""

from __future__ import annotations

__all__ = ["usage_notes_html"]

_STROKE = 'fill="#fff" stroke="#000" stroke-width="0.25"'
_SYMBOLS = (
    (
        "Terminator",
        f'<rect x="1" y="2" width="14" height="5" rx="2.5" {_STROKE}/>',
        "Awal dan akhir prosedur: kegiatan pertama dan terakhir.",
    ),
    (
        "Proses",
        f'<rect x="1" y="1.5" width="14" height="6" {_STROKE}/>',
        "Satu kegiatan, di kolom pelaksana yang melakukannya.",
    ),
    (
        "Keputusan",
        f'<polygon points="8,0.5 15.5,4.5 8,8.5 0.5,4.5" {_STROKE}/>',
        "Pertanyaan ya/tidak; kedua jawaban menuju kegiatan berikutnya yang ditunjuk panah.",
    ),
    (
        "Anak panah",
        '<polyline points="1,4.5 13,4.5" fill="none" stroke="#000" stroke-width="0.4"/>'
        '<polygon points="15,4.5 13,3.7 13,5.3" fill="#000"/>',
        "Arah alur dari satu kegiatan ke kegiatan berikutnya; garis alur lebih tebal dari garis tabel, dan "
        "lengkung kecil menandai garis yang melintasi garis lain tanpa bersambung.",
    ),
    (
        "Penghubung antarhalaman",
        f'<polygon points="4.5,0.5 11.5,0.5 11.5,5.3 8,8.5 4.5,5.3" {_STROKE}/>'
        '<text x="8" y="4.2" font-size="3" font-weight="bold" text-anchor="middle">A</text>',
        "Alur berlanjut di halaman lain: pasangan huruf yang sama di bawah halaman asal dan di atas halaman tujuan.",
    ),
)

_READING = (
    "Setiap SOP terdiri atas halaman identitas dan bagan alir. Halaman identitas memuat nomor, tanggal, "
    "pejabat yang mengesahkan, nama SOP, dasar hukum, kualifikasi pelaksana, keterkaitan, peralatan dan "
    "perlengkapan, peringatan, serta pencatatan dan pendataan.",
    "Bagan alir memuat satu baris untuk setiap kegiatan. Pelaksana kegiatan ditunjukkan oleh kolom tempat "
    "simbolnya berada; garis putus-putus menandai pelaksana lain yang dapat melakukan kegiatan yang sama.",
    "Mutu Baku adalah standar setiap kegiatan: kelengkapan yang harus ada sebelum kegiatan dimulai, waktu "
    "paling lama untuk menyelesaikannya, dan output yang dihasilkan. Satuan hari berarti hari kerja; waktu "
    "'Disesuaikan' tidak memiliki batas tetap.",
)


def _symbol_svg(drawing: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="16mm" height="9mm" viewBox="0 0 16 9" '
        f'font-family="DejaVu Sans Condensed">{drawing}</svg>'
    )


def usage_notes_html() -> str:
    """The usage notes sheet (anchor ``petunjuk`` for the table of contents)."""
    rows = "\n".join(
        f'<tr><td class="book-usage__symbol">{_symbol_svg(drawing)}</td><td class="book-usage__name">{name}</td>'
        f"<td>{meaning}</td></tr>"
        for name, drawing, meaning in _SYMBOLS
    )
    paragraphs = "\n".join(f"<p>{text}</p>" for text in _READING)
    return (
        '<section class="sop-sheet book-usage" id="petunjuk">\n<h2 class="book-heading">PETUNJUK PENGGUNAAN</h2>\n'
        f"{paragraphs}\n"
        '<table class="book-table book-usage__symbols"><thead><tr><th>Simbol</th><th>Nama</th><th>Arti</th></tr>'
        f"</thead>\n<tbody>\n{rows}\n</tbody></table>\n</section>"
    )
