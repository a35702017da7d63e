"""The administrator's personal-data screen in Debian's chromium at 1366 px: a due case anonymised from its row,
and another on the data subject's request by its tracking code."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from sopan.web.accounts.models import Administrator
from sopan.web.cases.models import Case
from tests.e2e.chromium import PASSWORD, SHOTS
from tests.web.factories import Office
from tests.web.personal_data_cases import APPLICANT, finished_case

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_personal_data_screen_anonymises_a_due_case_and_a_request(live_server, office: Office, browser) -> None:
    due, asked = finished_case(office), finished_case(office)
    office.organisation.retention_months = 1  # closed in November 2026: due now
    office.organisation.save()
    asked.refresh_from_db()
    Case.objects.filter(pk=asked.pk).update(closed_at=asked.closed_at.replace(year=2099))  # not due yet
    user = User.objects.create_user("pengelola", password=PASSWORD)
    Administrator.objects.create(user=user, organisation=office.organisation)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", "pengelola")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/tugas/")
    page.click("header nav a:has-text('Pengelola')")
    page.wait_for_url("**/pengelola/kec-contoh/")
    page.click("main a:has-text('Data pribadi pemohon')")
    page.wait_for_url("**/pengelola/kec-contoh/data-pribadi/")
    content = page.content()
    assert "Kasus jatuh tempo (1)" in content and due.tracking_code in content and asked.tracking_code not in content
    assert APPLICANT.name not in content
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/personal-data-1366.png", full_page=True)
    page.locator("tr", has_text=due.tracking_code).locator("button").click()
    page.wait_for_selector(".messages li.success")
    assert f"{due.tracking_code} dianonimkan" in page.content() and "Kasus jatuh tempo (0)" in page.content()
    page.fill("input[name=kode]", asked.tracking_code.lower())
    page.fill("input[name=alasan]", "Surat permohonan 9/2026")
    page.click("button:has-text('Anonimkan atas permintaan')")
    page.wait_for_selector(".messages li.success")
    assert "dianonimkan atas permintaan" in page.content()
    assert Case.objects.filter(anonymised_at__isnull=False).count() == 2
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/personal-data-done-1366.png", full_page=True)
