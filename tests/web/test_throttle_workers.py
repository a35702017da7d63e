"""Throttles that hold across processes: sopan serve with two gunicorn workers locks a user name out after
exactly the configured number of failures, stops password spraying from one address, and limits the
status page per address; every 429 carries Retry-After. Each server has its control socket in its SOPAN_HOME."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from tests.factories import REPO
from tests.web.fresh_database import fresh_database

PASSWORD = "rahasia-sekali-123"
CREATE_USER = f"""
from sopan.web import setup
setup()
from django.contrib.auth.models import User
User.objects.create_user("siti", password="{PASSWORD}")
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _sopan(env: dict[str, str], *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sopan", *args], cwd=REPO, env=env, capture_output=True, text=True, **kwargs
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("srv")
    library = home / "pustaka"
    library.mkdir()
    env, drop = fresh_database(home)  # PostgreSQL too, when the suite runs on it
    env.update(
        {
            "SOPAN_THROTTLE_LOGIN_USER": "3/900",
            "SOPAN_THROTTLE_LOGIN_ADDRESS": "12/900",
            "SOPAN_THROTTLE_STATUS_ADDRESS": "6/60",
        }
    )
    process: subprocess.Popen | None = None
    log = (home / "server.log").open("w")
    try:
        prepared = _sopan(env, "serve", "--prepare-only", "--no-demo", "--library", str(library), timeout=300)
        assert prepared.returncode == 0, prepared.stdout + prepared.stderr
        made = subprocess.run([sys.executable, "-c", CREATE_USER], cwd=REPO, env=env, capture_output=True, text=True)
        assert made.returncode == 0, made.stderr
        port = _free_port()
        command = ["serve", "--no-demo", "--library", str(library), "--workers", "2", "--port", str(port)]
        process = subprocess.Popen(
            [sys.executable, "-m", "sopan", *command],
            cwd=REPO,
            env=env,
            stdout=log,  # read back when a test fails: the server's own account
            stderr=subprocess.STDOUT,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{base}/masuk/", timeout=5).read()
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None, server_log(home)
                time.sleep(0.1)
        yield base, home, process.pid
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        log.close()
        drop()


def server_log(home: Path) -> str:
    """The end of what the server wrote (its tracebacks, when a request failed)."""
    path = home / "server.log"
    return path.read_text(errors="replace")[-6000:] if path.exists() else ""


def _login(base: str, username: str, password: str) -> tuple[int, str, str | None]:
    """One login from a fresh browser: status, page text and Retry-After."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(f"{base}/masuk/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(f"{base}/masuk/", data=body, headers={"Referer": f"{base}/masuk/"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener.add_handler(NoRedirect())
    try:
        response = opener.open(request, timeout=60)
        return response.status, response.read().decode(), response.headers.get("Retry-After")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers.get("Retry-After")


def test_lockout_after_exactly_the_limit_and_spraying_stopped(server) -> None:
    base, home, pid = server
    assert len(_workers(pid)) == 2
    assert (home / "gunicorn.ctl").exists() or not _has_control_socket()
    # eight wrong passwords for one user name at once, spread over both workers: three are checked
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: _login(base, "siti", "salah-salah"), range(8)))
    statuses = sorted(status for status, _, _ in answers)
    assert statuses == [200] * 3 + [429] * 5, (statuses, server_log(home))
    for status, page, retry in answers:
        if status == 200:
            assert "Nama pengguna atau kata sandi salah" in page and retry is None
        else:
            assert "Terlalu banyak percobaan" in page and retry is not None and 800 < int(retry) <= 900
    # locked out: even the right password is not checked
    status, _, retry = _login(base, "siti", PASSWORD)
    assert status == 429 and retry is not None
    # spraying: one wrong password for each of 30 user names; the address limit (12) lets 9 more be checked
    with ThreadPoolExecutor(6) as pool:
        sprayed = list(pool.map(lambda n: _login(base, f"pegawai-{n}", "Rahasia2026!"), range(30)))
    checked = [status for status, _, _ in sprayed if status == 200]
    refused = [retry for status, _, retry in sprayed if status == 429]
    assert len(checked) == 9 and len(refused) == 21 and all(refused)
    assert _login(base, "budi", "apa-saja")[0] == 429  # a fresh user name is stopped too


def _workers(pid: int) -> list[int]:
    """The gunicorn workers: the child processes of the server's master."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def _has_control_socket() -> bool:
    from gunicorn.config import Config

    return "control_socket" in Config().settings


def test_status_limit_is_shared_by_the_workers(server) -> None:
    base, _, _ = server
    codes = []
    retry_after = []
    for _ in range(10):
        for url in (f"{base}/status/SOP-0000-0000/", f"{base}/api/status/SOP-0000-0000"):
            try:
                urllib.request.urlopen(url, timeout=30)
                codes.append(200)
            except urllib.error.HTTPError as error:
                codes.append(error.code)
                if error.code == 429:
                    retry_after.append(error.headers.get("Retry-After"))
    assert codes.count(429) == 20 - 6, codes
    assert all(value and 0 < int(value) <= 60 for value in retry_after)
