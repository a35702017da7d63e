"""Two versions of a library SOP side by side in Debian's chromium: the second version, published from an edited
copy of the file, inserts one step and changes one word; the comparison shows exactly that, and the first
version's page says it was replaced. Screens at 1366 and 768 px wide."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sopan.web.catalog.publishing import publish_library
from tests.e2e.chromium import SHOTS
from tests.factories import LIBRARY

pytestmark = pytest.mark.django_db(transaction=True)

SOURCE = LIBRARY / "kec-bawang" / "pembuatan-ktp.sop.yaml"  # 9 numbered steps, no decisions
INSERTED = "Mengecek kelengkapan pengantar"
OLD_WORD, NEW_WORD = "Memeriksa", "Meneliti"
URL = "/sop/kec-bawang/pembuatan-ktp/"


def revised(folder: Path) -> None:
    """The SOP file with a step inserted after step 3 (later steps renumbered) and one word of step 4 changed."""
    shutil.copy(SOURCE.parent / "organisasi.yaml", folder / "organisasi.yaml")
    text = SOURCE.read_text(encoding="utf-8")
    for number in range(9, 3, -1):
        text = text.replace(f"  - nomor: {number}\n", f"  - nomor: {number + 1}\n", 1)
    step = f"  - nomor: 4\n    kegiatan: {INSERTED}\n    pelaksana: penerima-berkas\n    waktu: 2 menit\n"
    text = text.replace("  - nomor: 5\n", step + "  - nomor: 5\n", 1)
    text = text.replace(
        f"kegiatan: {OLD_WORD} dan menandatangani pengantar", f"kegiatan: {NEW_WORD} dan menandatangani pengantar"
    )
    (folder / SOURCE.name).write_text(text, encoding="utf-8")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_the_comparison_shows_the_inserted_step_and_the_changed_word(live_server, browser, tmp_path: Path) -> None:
    assert publish_library([SOURCE.parent / "organisasi.yaml", SOURCE]).new_versions == 1
    revised(tmp_path)
    report = publish_library([tmp_path])
    assert report.problems == [] and report.new_versions == 1
    for width in (1366, 768):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{live_server.url}{URL}")
        page.click("#sop-versions a:has-text('bandingkan dengan v1')")
        page.wait_for_url(re.compile(r".*/banding/\?dari=1&ke=2$"))
        rows = page.locator("#compare-steps tbody.step")
        kinds = [re.search(r"change-(\w+)", rows.nth(i).get_attribute("class")).group(1) for i in range(rows.count())]
        assert kinds.count("added") == 1 and kinds.count("changed") == 1, kinds
        assert set(kinds) == {"unchanged", "added", "changed"} and len(kinds) == 10
        added = page.locator("#compare-steps tbody.change-added")
        assert INSERTED in added.inner_text() and added.get_attribute("data-new") == "4"
        changed = page.locator("#compare-steps tbody.change-changed")
        assert changed.get_attribute("data-old") == "4" and changed.get_attribute("data-new") == "5"
        assert [
            changed.locator("del.diff-word").all_inner_texts(),
            changed.locator("ins.diff-word").all_inner_texts(),
        ] == [
            [OLD_WORD],
            [NEW_WORD],
        ]
        assert page.locator("#compare-steps tbody.change-moved").count() == 0
        assert "Tidak ada bagian identitas yang berubah." in page.inner_text("main")
        summary = page.inner_text("#compare-summary")
        for count in ("Langkah ditambahkan: 1", "Langkah diubah: 1", "Langkah dihapus: 0", "Langkah dipindah: 0"):
            assert count in summary
        shot(page, f"version-comparison-{width}")
        page.goto(f"{live_server.url}{URL}banding/?dari=1&ke=2&lang=en")
        assert "Steps added: 1" in page.inner_text("#compare-summary")
        shot(page, f"version-comparison-en-{width}")
        page.goto(f"{live_server.url}{URL}v1/?lang=id")
        notice = page.inner_text("#replaced-notice")
        assert "Versi ini sudah diganti." in notice and "diganti oleh versi 2" in notice
        shot(page, f"version-replaced-{width}")
        page.click("#replaced-notice a:has-text('Buka versi yang berlaku')")
        page.wait_for_url(f"{live_server.url}{URL}")
        assert page.locator("#replaced-notice").count() == 0 and "v2" in page.inner_text("#sop-versions")
        page.close()
