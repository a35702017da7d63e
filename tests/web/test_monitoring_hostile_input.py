"""Hostile input to the monitoring by hand: a huge or malformed ``--organisasi`` to ``summarise`` and
``reviewcases``, a huge or malformed half year in the Tabel 7 and evaluation addresses (screens and API), a huge
limit or cursor on the events feed. Each is refused with a message in both languages naming the place: never a 500."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from sopan.web.accounts.models import ApiToken
from tests.web.factories import Office, client_for

BIG = "9" * 40  # past any database integer
HUGE = "9" * 5000  # past Python's int() limit for decimal text (4300 digits)
ESCAPES = "\x1b[31mkec-contoh\x1b[0m\nPalsu: baris lain"


@pytest.mark.parametrize("command", ["summarise", "reviewcases"])
@pytest.mark.parametrize("code", ["x" * 101, "x" * 100_000, ESCAPES, "kec contoh", "kec/contoh", "", "ke\x00c"])
def test_a_malformed_organisation_option_is_refused_without_being_echoed(office: Office, command, code) -> None:
    with pytest.raises(CommandError) as refused:
        call_command(command, "--organisasi", code)
    message = str(refused.value)
    assert (
        message.startswith("--organisasi: bukan kode organisasi")
        and " / --organisasi: not an organisation code" in message
    )
    assert "\x1b" not in message and "\n" not in message and len(message) < 300


@pytest.mark.parametrize("command", ["summarise", "reviewcases"])
def test_a_well_formed_organisation_option_is_looked_up(office: Office, command) -> None:
    with pytest.raises(
        CommandError, match=r"^--organisasi: Organisasi 'x{100}' tidak ada\. / No organisation 'x{100}'\.$"
    ):
        call_command(command, "--organisasi", "x" * 100)
    call_command(command, "--organisasi", "kec-contoh", stdout=None)


@pytest.mark.parametrize(
    "view", ["tabel7", "tabel7.pdf", "tabel7.xlsx", "surat-keterangan/evaluasi", "surat-keterangan/evaluasi.pdf"]
)
@pytest.mark.parametrize(
    ("period", "part_id", "part_en"),
    [
        (f"{BIG}-1", "tahun", "year"),
        ("1999-1", "tahun", "year"),
        ("2026-3", "semester", "half"),
        (f"2026-{BIG}", "semester", "half"),
        ("0-0", "tahun", "year"),
    ],
)
def test_a_period_out_of_range_in_a_screen_address_says_which_part(
    office: Office, view, period, part_id, part_en
) -> None:
    client = client_for(office.kasi)
    base, dot, suffix = view.partition(".")
    url = f"/pemantauan/kec-contoh/{base}/{period}" + (f".{suffix}" if dot else "/")
    page = client.get(url)
    assert page.status_code == 404 and f"Periode: {part_id} harus" in page.content.decode()
    english = client.get(url, {"lang": "en"})
    assert english.status_code == 404 and f"Period: the {part_en} must" in english.content.decode()


def test_a_huge_or_malformed_period_in_a_screen_address_is_an_ordinary_404(office: Office) -> None:
    client = client_for(office.kasi)
    for url in (f"/pemantauan/kec-contoh/tabel7/{HUGE}-1/", "/pemantauan/kec-contoh/tabel7/2026-x/"):
        page = client.get(url)
        assert page.status_code == 404 and "Halaman tidak ditemukan" in page.content.decode()
    register = client.get(f"/pemantauan/kec-contoh/register/{BIG}/", {"lang": "en"})
    assert (
        register.status_code == 404
        and "The year in the address must be between 2000 and 2100" in register.content.decode()
    )


def _api(office: Office) -> Client:
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(office.kasi, 'dasbor')[1]}"})


@pytest.mark.parametrize("path", ["tabel7", "surat-keterangan/evaluasi"])
def test_a_period_out_of_range_in_the_api_is_422_naming_the_part(office: Office, path) -> None:
    api = _api(office)
    for period, part_id, part_en in (
        (f"{BIG}/1", "tahun", "year"),
        (f"2026/{BIG}", "semester", "half"),
        ("2026/0", "semester", "half"),
    ):
        answer = api.get(f"/api/pemantauan/kec-contoh/{path}/{period}")
        assert answer.status_code == 422 and answer.json()["code"] == "invalid_period"
        assert answer.json()["message"].startswith(f"Periode: {part_id} harus")
        english = api.get(f"/api/pemantauan/kec-contoh/{path}/{period}", HTTP_ACCEPT_LANGUAGE="en")
        assert english.json()["message"].startswith(f"Period: the {part_en} must"), english.json()
    for period in (f"{HUGE}/1", "abc/1", "2026/1.5"):
        answer = api.get(f"/api/pemantauan/kec-contoh/{path}/{period}")
        assert answer.status_code == 422 and "path." in answer.json()["message"]
    # another organisation's period is still 404: the range check comes after the right to see it
    assert api.get(f"/api/pemantauan/kec-lain/{path}/{BIG}/1").status_code == 404


def test_a_huge_limit_or_cursor_on_the_events_feed_is_422_naming_the_parameter(office: Office) -> None:
    api = _api(office)
    for query, name in (({"batas": BIG}, "batas"), ({"batas": "-5"}, "batas"), ({"setelah": BIG}, "setelah")):
        answer = api.get("/api/pemantauan/peristiwa", query)
        assert answer.status_code == 422 and name in answer.json()["message"], answer.json()
    for cursor in (str(2**63), "9" * 30, "١٢"):
        answer = api.get("/api/pemantauan/peristiwa", {"setelah": cursor})
        assert answer.status_code == 422 and answer.json()["message"] == "setelah: kursor tidak dikenal."
    long = api.get("/api/pemantauan/peristiwa", {"batas": HUGE})
    assert long.status_code == 414 and long.json()["code"] == "uri_too_long"
