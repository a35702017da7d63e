"""The database-backed limits in one process: counted before the check, taken back on success, Retry-After."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sopan.web.throttle.limits import hit
from sopan.web.throttle.models import Counter
from tests.web.factories import Office

PASSWORD = "rahasia-sekali-123"


@pytest.fixture
def tight(settings):
    settings.THROTTLE_LIMITS = {
        "login-user": (2, 900),
        "login-address": (4, 900),
        "login-all": (6, 900),
        "status-address": (2, 60),
    }


def _login(username: str, password: str, address: str = "10.1.1.1"):
    return Client(REMOTE_ADDR=address).post(reverse("login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_a_window_counts_and_says_how_long_to_wait(tight) -> None:
    first, second, third = (hit("login-user", "siti") for _ in range(3))
    assert (first.over, second.over, third.over) == (False, False, True)
    assert 0 < third.retry_after <= 900
    assert not hit("login-user", "budi").over
    assert all("siti" not in key for key in Counter.objects.values_list("key", flat=True))  # digests only


def test_success_forgets_the_user_name_but_not_the_address(office: Office, tight) -> None:
    assert _login("siti", "salah").status_code == 200
    assert _login("siti", PASSWORD).status_code == 302  # the right password: siti starts afresh
    assert [_login("siti", "salah").status_code for _ in range(3)] == [200, 200, 429]
    # the address still holds the failure before the success and siti's two since (the refused one is not counted):
    # 3 of its 4, so one more failure from other user names is allowed, and the next is over the address limit
    assert [_login(f"nama-{n}", "salah").status_code for n in range(2)] == [200, 429]


def test_the_address_limit_covers_many_user_names(office: Office, tight) -> None:
    codes = [_login(f"nama-{n}", "salah").status_code for n in range(5)]
    assert codes == [200] * 4 + [429]
    assert _login("nama-9", "salah", address="10.2.2.2").status_code == 200


def test_spraying_from_many_addresses_meets_the_global_limit(office: Office, tight) -> None:
    codes = [_login(f"nama-{n}", "salah", address=f"10.3.0.{n}").status_code for n in range(8)]
    assert codes == [200] * 6 + [429] * 2
    refused = _login("siti", PASSWORD, address="10.9.9.9")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Terlalu banyak percobaan" in refused.content.decode()


def test_english_lockout_message(office: Office, tight) -> None:
    client = Client(REMOTE_ADDR="10.4.4.4")
    for _ in range(3):
        response = client.post(reverse("login") + "?lang=en", {"username": "budi", "password": "salah"})
    assert response.status_code == 429 and "Too many failed login attempts" in response.content.decode()


def test_status_429_carries_retry_after_on_the_page_and_the_api(office: Office, tight) -> None:
    client = Client()
    assert client.get("/status/SOP-0000-0000/").status_code != 429
    assert client.get("/api/status/SOP-0000-0000").status_code != 429
    page = client.get("/status/SOP-0000-0000/")
    api = client.get("/api/status/SOP-0000-0000", headers={"Accept-Language": "en"})
    assert page.status_code == 429 and 0 < int(page["Retry-After"]) <= 60
    assert api.status_code == 429 and 0 < int(api["Retry-After"]) <= 60
    assert api.json() == {"code": "rate_limited", "message": "Too many requests. Try again shortly."}
