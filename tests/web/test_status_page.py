"""The citizen's status page: old tracking codes with a symbol check, and the reason of a rejection or cancellation
shown without personal data."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sopan.engine import CancelCase, OpenCase, Refusal, RefusalCode, RejectCase
from sopan.engine.tracking import ALPHABET, CHECK_ALPHABET, _check_symbol, format_code
from sopan.model.sop import Sop as SopModel
from sopan.web.cases.models import Case
from sopan.web.cases.services import submit
from sopan.web.catalog.publishing import publish_sop
from tests.factories import SERVICE_SOP, at
from tests.web.factories import NOBODY, Office, open_case


def old_code(symbol: str) -> str:
    """A printed code whose check character is ``symbol``, as codes made before letters-only checks could be."""
    for number in range(37):
        body = "".join(ALPHABET[(number >> (5 * shift)) & 31] for shift in reversed(range(10)))
        if _check_symbol(body) == symbol:
            return format_code(body + symbol)
    raise AssertionError(symbol)


@pytest.mark.parametrize("symbol", ["$", "*", "~", "="])
def test_an_old_code_with_a_symbol_still_finds_the_case(office: Office, symbol: str) -> None:
    assert symbol in CHECK_ALPHABET
    case = open_case(office)
    code = old_code(symbol)
    Case.objects.filter(pk=case.pk).update(tracking_code=code)
    client = Client()
    typed = code.lower().replace("-", "")
    answer = client.get(reverse("public-status"), {"kode": typed}, follow=True)
    assert answer.status_code == 200 and "Pelayanan Surat Keterangan" in answer.content.decode()
    api = client.get(f"/api/status/{typed}")
    assert api.status_code == 200 and api.json()["tracking_code"] == code


def test_new_cases_get_codes_of_letters_and_digits(office: Office) -> None:
    codes = [open_case(office).tracking_code.replace("-", "") for _ in range(40)]
    assert all(code.isascii() and code.isalnum() for code in codes)


def test_a_rejection_shows_its_reason_without_personal_data(office: Office) -> None:
    case = open_case(office)
    reason = "Ani Lestari belum membawa KK 3508010101010001; hubungi 0812-3456-7890"
    submit(office.loket, RejectCase(actor=NOBODY, at=at(2, 9), reason=reason), case=case)
    client = Client()
    url = reverse("public-status-code", args=[case.tracking_code])
    html = client.get(url).content.decode()
    assert "Ditolak" in html and "Alasan penolakan" in html and "belum membawa KK" in html
    for personal in ("Ani", "Lestari", "3508010101010001", "0812", "3456-7890"):
        assert personal not in html
    english = client.get(url, {"lang": "en"}).content.decode()
    assert "Rejected" in english and "Reason for rejection" in english and "Ditolak" not in english
    api = client.get(f"/api/status/{case.tracking_code}").json()
    assert api["status"] == "rejected" and "belum membawa KK" in api["reason"] and "Ani" not in api["reason"]


def test_only_other_sops_are_cancelled_and_the_status_page_says_why(office: Office) -> None:
    service = open_case(office)
    with pytest.raises(Refusal) as refused:
        submit(office.loket, CancelCase(actor=NOBODY, at=at(2, 9), reason="x"), case=service)
    assert refused.value.code == RefusalCode.NOT_CANCELLABLE
    sop = SopModel.model_validate({**SERVICE_SOP, "sifat": "penugasan", "nama": "Rapat Koordinasi"})
    sop.id = "rapat-koordinasi"
    version, _ = publish_sop(office.organisation, sop)
    opened = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), trigger="Disposisi Camat"), version=version)
    with pytest.raises(Refusal) as refused:
        submit(office.loket, RejectCase(actor=NOBODY, at=at(2, 9), reason="x"), case=opened.case)
    assert refused.value.code == RefusalCode.NOT_REJECTABLE
    submit(office.loket, CancelCase(actor=NOBODY, at=at(2, 9), reason="Rapat ditunda oleh Bupati"), case=opened.case)
    html = Client().get(reverse("public-status-code", args=[opened.case.tracking_code])).content.decode()
    assert "Dibatalkan" in html and "Alasan pembatalan" in html and "Rapat ditunda oleh Bupati" in html
