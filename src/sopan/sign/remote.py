"""Signing through a remote service shaped like BSrE's e-sign API: the PDF, NIK and passphrase are POSTed as
multipart form data (never in the address); the answer is the signed PDF, or JSON with an error code."""

from __future__ import annotations

import json
import logging
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import SigningError, service_failed, unknown_nik, wrong_passphrase
from .signer import SignRequest

__all__ = ["NIK_UNKNOWN", "PASSPHRASE_WRONG", "RemoteSigner", "form_fields"]

log = logging.getLogger(__name__)

PASSPHRASE_WRONG = 2031  # the service's status_code for a wrong passphrase
NIK_UNKNOWN = 1111  # the service's status_code for a NIK without a certificate
MAX_ANSWER = 50 * 1024 * 1024


def form_fields(request: SignRequest) -> dict[str, str]:
    """The form fields of a request other than the file and the passphrase (BSrE's names where it has them)."""
    placement, appearance = request.placement, request.appearance
    return {
        "nik": request.nik,
        "tampilan": "visible",
        "page": str(placement.page),
        "xAxis": f"{placement.x:.2f}",
        "yAxis": f"{placement.y:.2f}",
        "width": f"{placement.width:.2f}",
        "height": f"{placement.height:.2f}",
        "linkQR": appearance.url,
        "jabatan": appearance.position,
        "nama": appearance.name,
        "nip": appearance.nip or "",
        "tanggal": appearance.signed_on.isoformat(),
        "reason": request.reason,
        "location": request.location,
    }


def _multipart(fields: dict[str, str], pdf: bytes) -> tuple[bytes, str]:
    boundary = "sopan-" + secrets.token_hex(16)
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value.encode() + b"\r\n"
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="sop.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + pdf
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _error_from(body: bytes) -> SigningError:
    try:
        answer = json.loads(body.decode("utf-8"))
        code = int(answer.get("status_code", 0))
    except (ValueError, AttributeError, TypeError):
        return service_failed()
    if code == PASSPHRASE_WRONG:
        return wrong_passphrase()
    if code == NIK_UNKNOWN:
        return unknown_nik()
    return service_failed(f"kode {code}", f"code {code}")


@dataclass(frozen=True)
class RemoteSigner:
    """The service's signing address (e.g. ``https://esign.example.go.id/api/sign/pdf``)."""

    url: str
    timeout: float = 60.0

    def sign(self, request: SignRequest, passphrase: str) -> bytes:
        if not request.nik:
            raise unknown_nik()
        body, content_type = _multipart({**form_fields(request), "passphrase": passphrase}, request.pdf)
        http = urllib.request.Request(self.url, data=body, method="POST", headers={"Content-Type": content_type})
        log.info("remote signature requested from %s", urlsplit(self.url).netloc)
        try:
            with urllib.request.urlopen(http, timeout=self.timeout) as response:
                signed: bytes = response.read(MAX_ANSWER + 1)
        except urllib.error.HTTPError as error:
            raise _error_from(error.read(64 * 1024)) from None
        except (urllib.error.URLError, TimeoutError, OSError):
            raise service_failed("tidak dapat dihubungi", "unreachable") from None
        if len(signed) > MAX_ANSWER or not signed.startswith(b"%PDF-"):
            raise service_failed("jawaban bukan PDF", "the answer is not a PDF")
        return signed
