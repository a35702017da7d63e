"""The address a request comes from, as the limits count it: ``REMOTE_ADDR``, or behind a trusted proxy the
rightmost ``X-Forwarded-For`` address that is not one of ``settings.TRUSTED_PROXIES`` (none unless configured);
an IPv6 address counted by its /64 (one subscriber's share) and an IPv4-mapped IPv6 address as its IPv4 address."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address, IPv6Network, ip_address

from django.conf import settings
from django.http import HttpRequest

__all__ = ["client_address", "counted_address"]


def _parsed(text: str) -> IPv4Address | IPv6Address | None:
    try:
        return ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: IPv4Address | IPv6Address | None) -> bool:
    return address is not None and any(address in network for network in getattr(settings, "TRUSTED_PROXIES", ()))


def client_address(request: HttpRequest) -> str:
    """Who sent the request. ``X-Forwarded-For`` is read only when the sender is a trusted proxy, from the right:
    the addresses the proxies appended are trusted, what a client wrote to the left of them is not."""
    remote = str(request.META.get("REMOTE_ADDR", "?"))
    if not _trusted(_parsed(remote)):
        return remote
    for part in reversed(str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")):
        found = _parsed(part)
        if found is None:
            break
        if not _trusted(found):
            return str(found)
    return remote


def counted_address(request: HttpRequest) -> str:
    """The address the limits count: a whole IPv6 /64 is one (a subscriber gets one and may use every address in
    it), and an IPv4-mapped IPv6 address (``::ffff:10.0.0.1``) is its IPv4 address."""
    address = client_address(request)
    parsed = _parsed(address)
    if isinstance(parsed, IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(IPv6Network((parsed, 64), strict=False))
    return address
