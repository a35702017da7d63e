"""The database-backed limits in one process: counted before the check, taken back on success, Retry-After."""

from __future__ import annotations

from ipaddress import ip_network

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
        "login-user-all": (50, 900),
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


def test_one_address_hammering_does_not_lock_out_a_user_logging_in_from_another(office: Office, tight) -> None:
    codes = [_login("siti", "salah", address="10.6.6.6").status_code for _ in range(4)]
    assert codes == [200, 200, 429, 429]  # siti from this address waits out the window
    assert _login("siti", PASSWORD, address="10.7.7.7").status_code == 302


def test_spraying_from_many_addresses_locks_no_one_out(office: Office, tight) -> None:
    codes = [_login(f"nama-{n}", "salah", address=f"10.3.0.{n}").status_code for n in range(12)]
    assert codes == [200] * 12
    assert _login("siti", PASSWORD, address="10.9.9.9").status_code == 302


def _via(remote: str, forwarded: str, username: str = "nama"):
    client = Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    return client.post(reverse("login"), {"username": username, "password": "salah"}).status_code


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(office: Office, tight, settings) -> None:
    settings.TRUSTED_PROXIES = ()
    assert [_via("10.5.5.5", f"192.0.2.{n}", f"nama-{n}") for n in range(5)] == [200] * 4 + [429]
    settings.TRUSTED_PROXIES = (ip_network("10.8.8.0/24"),)
    # behind the trusted proxy each client is its own address
    assert [_via("10.8.8.8", f"198.51.100.{n}", f"nama-{n}") for n in range(5)] == [200] * 5
    # the rightmost address not a trusted proxy counts: what a client writes to the left of it does not
    spoofed = [_via("10.8.8.8", f"192.0.2.{n}, 203.0.113.7, 10.8.8.9", f"lain-{n}") for n in range(5)]
    assert spoofed == [200] * 4 + [429]
    # an untrusted sender's header is still ignored, and so is one that is not an address
    assert _via("10.5.5.5", "198.51.100.99") == 429
    assert _via("10.8.8.8", "bukan-alamat") == 200


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


def test_addresses_in_one_ipv6_64_share_a_count(office: Office, tight) -> None:
    codes = [_login(f"nama-{n}", "salah", address=f"2001:db8:1:2::{n:x}").status_code for n in range(1, 6)]
    assert codes == [200] * 4 + [429]
    assert _login("nama-9", "salah", address="2001:db8:1:2:ffff:ffff:ffff:ffff").status_code == 429
    assert _login("nama-9", "salah", address="2001:db8:1:3::1").status_code == 200  # the next /64 is its own


def test_an_ipv4_mapped_ipv6_address_counts_as_the_ipv4_address(office: Office, tight) -> None:
    codes = [_login(f"nama-{n}", "salah", address="10.12.0.1").status_code for n in range(4)]
    assert codes == [200] * 4
    assert _login("nama-9", "salah", address="::ffff:10.12.0.1").status_code == 429


def test_one_user_name_has_a_ceiling_from_all_addresses_together(office: Office) -> None:
    codes = [_login("siti", "salah", address=f"10.20.{n // 200}.{n % 200}").status_code for n in range(49)]
    assert codes == [200] * 49
    assert _login("siti", PASSWORD, address="10.30.0.1").status_code == 302  # her own login, before the ceiling
    assert _login("siti", "salah", address="10.30.0.2").status_code == 200  # the 50th failure
    refused = _login("siti", "salah", address="10.30.0.3")
    page = refused.content.decode()
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 900
    assert "Terlalu banyak" in page or "terlalu banyak" in page
    english = Client(REMOTE_ADDR="10.30.0.4").post(reverse("login") + "?lang=en", {"username": "siti", "password": "x"})
    assert english.status_code == 429 and "Too many failed login attempts" in english.content.decode()
    assert _login("budi", "salah", address="10.30.0.5").status_code == 200  # another user name is not affected
