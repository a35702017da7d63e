"""Steps the browser tests share on sopan's screens: a review task from the inbox, ticking, completing and deciding a
step, editing and submitting a draft in the htmx editor, approving it, signing a version, checking the signed PDF
and the upload check of the verification page."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.e2e.chromium import SHOTS, shot


def open_task(page, base: str, step: int) -> None:  # type: ignore[no-untyped-def]
    """From the inbox, the review case's task at ``step``."""
    page.goto(f"{base}/tugas/")
    page.click(f"main table a:text-matches('^{step}\\\\. ')")
    page.wait_for_selector("#review-draft")


def tick(page) -> None:  # type: ignore[no-untyped-def]
    """Tick every kelengkapan of the step."""
    boxes = page.locator("input[name=item]:not(:checked)")
    while boxes.count():
        boxes.first.check()


def finish(page) -> None:  # type: ignore[no-untyped-def]
    """Tick every kelengkapan and complete the step."""
    tick(page)
    page.click("button[name=action][value=complete]")
    page.wait_for_load_state()


def decide(page, answer: str, reason: str = "") -> None:  # type: ignore[no-untyped-def]
    """Tick every kelengkapan of a decision step and answer ``answer`` ("ya"/"tidak"), with ``reason`` for "tidak"."""
    tick(page)
    if reason:
        page.fill("#alasan-tidak", reason)
    page.click(f"button[name=action][value={answer}]")
    page.wait_for_load_state()


def version(page) -> int:  # type: ignore[no-untyped-def]
    """The draft version the editor shows."""
    return int(page.inner_text("#draft-version"))


def saved(page, before: int) -> None:  # type: ignore[no-untyped-def]
    """Wait until the editor's draft version rose above ``before`` and no htmx request is under way."""
    page.wait_for_function(
        "v => Number(document.querySelector('#draft-version').textContent) > v"
        " && !document.querySelector('#editor.htmx-swapping, #editor.htmx-settling, #editor .htmx-request')",
        arg=before,
    )


def edit(page, selector: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Type into an editor field and leave it: the change is saved at once (htmx, on the field's change)."""
    before = version(page)
    page.fill(selector, value)
    page.locator(selector).dispatch_event("change")
    saved(page, before)


def submit_draft(page) -> None:  # type: ignore[no-untyped-def]
    """Submit the draft open in the editor (or its history page) and wait for the success message."""
    page.click("#submit-draft")
    page.wait_for_selector(".messages li.success")


def refused_submit(page) -> str:  # type: ignore[no-untyped-def]
    """Submit the draft open in the editor expecting a refusal: the refusal's text (on its history page)."""
    page.click("#submit-draft")
    page.wait_for_selector(".messages li.error")
    return page.inner_text(".messages li.error")


def approve_draft(page, base: str, draft: int, picture: str) -> None:  # type: ignore[no-untyped-def]
    """As the official of Disahkan Oleh: the draft's history page (screenshot ``picture``), then approve it."""
    page.goto(f"{base}/penyusunan/{draft}/riwayat/")
    shot(page, picture)
    page.click("#approve-draft")
    page.wait_for_selector(".messages li.success")


def open_signing(page, base: str, sop: str, number: int) -> None:  # type: ignore[no-untyped-def]
    """From the SOP's page ``sop`` (organisation/code), the signature form of its version ``number``."""
    page.goto(f"{base}/sop/{sop}/")
    page.click("main a:has-text('Setujui dan tanda tangani')")
    page.wait_for_url(f"**/sop/{sop}/v{number}/tandatangan/")


def sign(page, passphrase: str) -> None:  # type: ignore[no-untyped-def]
    """Sign on the open signature form with ``passphrase`` and wait for the verification page it leads to."""
    page.fill("#id_passphrase", passphrase)
    page.click("#tandatangan button[type=submit]")
    page.wait_for_url("**/v/*/", timeout=60_000)


def download_signed(page, base: str) -> bytes:  # type: ignore[no-untyped-def]
    """The signed PDF the verification page links to."""
    link = page.get_attribute("main a:has-text('Unduh PDF bertanda tangan')", "href")
    return page.request.get(f"{base}{link}").body()


def check_pdf(pdf: Path, picture: str) -> None:
    """pdfsig finds ``pdf``'s signature valid; its identity page, rendered by pdftoppm, goes into SHOTS as
    ``picture`` (beside ``pdf`` when SHOTS is not set) and is not blank."""
    report = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, check=False).stdout
    assert "Signature Validation: Signature is Valid." in report and "Total document signed" in report
    target = Path(SHOTS) / picture if SHOTS else pdf.with_name(picture)
    subprocess.run(["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf), str(target)],
                   check=True)  # fmt: skip
    assert target.with_suffix(".png").stat().st_size > 10_000


def check_uploads(page, pdf: Path, prefix: str) -> None:  # type: ignore[no-untyped-def]
    """On the open verification page: ``pdf`` passes the upload check and a copy with one byte changed fails
    (screenshots ``<prefix>-unggah-asli-390`` and ``<prefix>-unggah-diubah-390``)."""
    assert "Dokumen asli dan utuh" in upload(page, pdf)
    shot(page, f"{prefix}-unggah-asli-390")
    changed = bytearray(pdf.read_bytes())
    changed[len(changed) // 3] ^= 0x01
    altered = pdf.with_name("diubah.pdf")
    altered.write_bytes(bytes(changed))
    assert "Bukan dokumen asli" in upload(page, altered)
    shot(page, f"{prefix}-unggah-diubah-390")


def upload(page, path: Path) -> str:  # type: ignore[no-untyped-def]
    """Check ``path`` with the verification page's upload form; the result's text."""
    page.set_input_files("#periksa input[name=berkas]", str(path))
    page.click("#periksa button[type=submit]")
    page.wait_for_selector("#hasil")
    return page.locator("#hasil").inner_text()


def fits_as_cards(page, table: str) -> str:  # type: ignore[no-untyped-def]
    """Assert that ``table`` (a ``table.list.cards``) stays inside the page on a phone, each row a card whose cells
    carry their column's name; returns the last cell's label as the reader sees it above the value."""
    found = page.evaluate(
        """(selector) => {
            const table = document.querySelector(selector);
            const cell = table.querySelector('tbody tr td:last-child');
            return {page: document.documentElement.scrollWidth, inner: table.scrollWidth, outer: table.clientWidth,
                    label: getComputedStyle(cell, '::before').content.replace(/^"|"$/g, ''),
                    head: getComputedStyle(table.querySelector('thead')).display};
        }""",
        table,
    )
    assert found["page"] <= page.viewport_size["width"] and found["inner"] <= found["outer"], found
    assert found["head"] == "none", found
    return str(found["label"])
