"""An evaluation concluded "revisi" opens a revision draft, in Debian's chromium on a 390 px phone: the evaluator
signs the conclusion, the evaluation page links to the new draft, and the unit's SOP writer opens it in the editor
and changes it (the draft copies the published version 1)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from sopan.web.accounts.models import Administrator
from sopan.web.authoring.models import Draft, Writer
from tests.e2e.chromium import PASSWORD, shot, sign_in
from tests.e2e.screens import edit
from tests.web.factories import Office

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
EVALUATION = "/pemantauan/kec-contoh/surat-keterangan/evaluasi/2026-2/"


def _fits(page) -> None:
    """Nothing makes the page itself wider than the phone: wide tables scroll inside their own box."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_a_revisi_conclusion_opens_a_draft_the_writer_edits(live_server, office: Office, browser) -> None:
    evaluator = User.objects.create_user("penilai", password=PASSWORD, first_name="Rina", last_name="Penilai")
    Administrator.objects.create(user=evaluator, organisation=office.organisation)
    writer = User.objects.create_user("penyusun", password=PASSWORD)
    Writer.objects.create(user=writer, organisation=office.organisation)
    url = live_server.url

    page = browser.new_page(viewport=PHONE)
    sign_in(page, url, "penilai")
    page.goto(url + EVALUATION)
    for radio in page.locator("input[type=radio][value=ya]").all():
        radio.check()
    page.check("input[name=conclusion][value=revisi]")
    page.fill("textarea[name=conclusion_note]", "Waktu langkah 2 tidak sesuai kenyataan")
    shot(page, "evaluation-revisi-390")
    _fits(page)
    page.click("button[value=paraf]")
    page.wait_for_selector("#paraf")
    assert "Konsep revisi SOP ini dibuka untuk penyusun SOP unit" in page.content()
    draft = Draft.objects.get()
    assert draft.based_on == office.version and draft.status == Draft.Status.KONSEP
    link = page.locator("#revision-draft a")
    assert link.get_attribute("href") == f"/penyusunan/{draft.pk}/"
    shot(page, "evaluation-signed-revisi-390")
    _fits(page)
    page.close()

    page = browser.new_page(viewport=PHONE)
    sign_in(page, url, "penyusun")
    page.goto(f"{url}/penyusunan/")
    page.click(f"a[href='/penyusunan/{draft.pk}/']")
    page.wait_for_url(f"**/penyusunan/{draft.pk}/")
    assert page.input_value("#f-nama") == office.version.sop.title
    edit(page, "#f-nama", "Pelayanan Surat Keterangan (revisi)")
    assert Draft.objects.get(pk=draft.pk).definition["nama"] == "Pelayanan Surat Keterangan (revisi)"
    shot(page, "editor-revision-390")
    _fits(page)
    page.close()
