"""A local stand-in for a BSrE-shaped e-sign service: multipart POST of file, NIK and passphrase, answered with the
signed PDF or a JSON error; it signs with the test CA's certificates and remembers what it was sent."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sopan.sign.appearance import Appearance
from sopan.sign.local import pkcs12_signer
from sopan.sign.pades import Placement, sign_pdf
from sopan.sign.remote import NIK_UNKNOWN, PASSPHRASE_WRONG


@dataclass
class Service:
    """The certificates it holds by NIK (PKCS#12 bytes and passphrase), and the paths it was asked for."""

    holders: dict[str, tuple[bytes, str]]
    paths: list[str] = field(default_factory=list)
    url: str = ""


def _form(handler: BaseHTTPRequestHandler) -> dict[str, bytes]:
    length = int(handler.headers["Content-Length"])
    head = f"Content-Type: {handler.headers['Content-Type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + handler.rfile.read(length))
    return {
        part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
        for part in message.iter_parts()
    }


def _handler(service: Service) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def _answer(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _error(self, code: int, text: str) -> None:
            self._answer(400, json.dumps({"status_code": code, "error": text}).encode(), "application/json")

        def do_POST(self) -> None:
            service.paths.append(self.path)
            form = _form(self)
            text = {k: v.decode() for k, v in form.items() if k != "file"}
            holder = service.holders.get(text["nik"])
            if holder is None:
                return self._error(NIK_UNKNOWN, "NIK tidak terdaftar")
            if text["passphrase"] != holder[1]:
                return self._error(PASSPHRASE_WRONG, "Passphrase anda salah")
            appearance = Appearance(
                text["jabatan"],
                text["nama"],
                text["nip"] or None,
                dt.date.fromisoformat(text["tanggal"]),
                text["linkQR"],
            )
            placement = Placement(int(text["page"]), *(float(text[k]) for k in ("xAxis", "yAxis", "width", "height")))
            signer = pkcs12_signer(*holder)
            signed = sign_pdf(form["file"], signer, appearance, placement, reason=text["reason"])
            return self._answer(200, signed, "application/pdf")

    return Handler


@contextmanager
def running(holders: dict[str, tuple[bytes, str]]) -> Iterator[Service]:
    """The service on a free local port for the block's duration."""
    service = Service(holders)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(service))
    service.url = f"http://127.0.0.1:{server.server_address[1]}/api/sign/pdf"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()
