"""Steps the browser tests share on sopan's screens: a review task from the inbox, ticking and completing a step,
waiting for the htmx editor to save, and the upload check of the verification page."""

from __future__ import annotations

from pathlib import Path


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


def saved(page, before: int) -> None:  # type: ignore[no-untyped-def]
    """Wait until the editor's draft version rose above ``before`` and no htmx request is under way."""
    page.wait_for_function(
        "v => Number(document.querySelector('#draft-version').textContent) > v"
        " && !document.querySelector('#editor.htmx-swapping, #editor.htmx-settling, #editor .htmx-request')",
        arg=before,
    )


def upload(page, path: Path) -> str:  # type: ignore[no-untyped-def]
    """Check ``path`` with the verification page's upload form; the result's text."""
    page.set_input_files("#periksa input[name=berkas]", str(path))
    page.click("#periksa button[type=submit]")
    page.wait_for_selector("#hasil")
    return page.locator("#hasil").inner_text()
