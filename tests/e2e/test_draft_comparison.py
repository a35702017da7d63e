"""A revision draft compared with its published version in Debian's chromium: from the editor's link, the step
inserted in the draft and the word changed are shown, and switching language keeps the page. 1366 and 768 px."""

from __future__ import annotations

import re

import pytest

from sopan.web.authoring.models import Writer
from sopan.web.authoring.services import change_draft, new_draft
from tests.e2e.chromium import login, shot
from tests.web.factories import INSERTED_STEP, PASSWORD, Office

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_editor_opens_the_comparison_with_the_inserted_step(live_server, browser, office: Office) -> None:
    Writer.objects.create(user=office.loket, organisation=office.organisation)
    draft = new_draft(office.organisation, office.loket, start="revisi", version=office.version)
    draft = change_draft(draft, office.loket, 1, "insert_step", {"after": 1, "kegiatan": INSERTED_STEP})
    draft = change_draft(
        draft, office.loket, 2, "set_step_field", {"step": 4, "field": "kegiatan", "value": "Menyusun surat keterangan"}
    )
    for width in (1366, 768):
        page = browser.new_page(viewport={"width": width, "height": 900})
        login(page, live_server.url, office.loket.username, PASSWORD)
        page.goto(f"{live_server.url}/penyusunan/{draft.pk}/")
        page.click("#link-compare")
        page.wait_for_url(re.compile(r".*/penyusunan/[0-9a-f-]+/banding/$"))
        added = page.locator("#compare-steps tbody.change-added")
        assert added.count() == 1 and INSERTED_STEP in added.inner_text() and added.get_attribute("data-new") == "2"
        changed = page.locator("#compare-steps tbody.change-changed")
        assert changed.locator("del.diff-word").all_inner_texts() == ["Memproses"]
        assert changed.locator("ins.diff-word").all_inner_texts() == ["Menyusun"]
        assert "Langkah ditambahkan: 1" in page.inner_text("#compare-summary")
        shot(page, f"draft-comparison-{width}")
        page.click("#switch-language")
        assert "Steps added: 1" in page.inner_text("#compare-summary")
        page.close()
