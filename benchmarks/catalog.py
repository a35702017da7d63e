"""Requests per second of the public catalog with `sopan serve`'s default workers, pages kept and not kept.

Usage: python benchmarks/catalog.py [--seconds 10] [--clients 8] [--port 8765]

Prepares a fresh SOPAN_HOME (library published, demo users, no demo cases) with `sopan serve --prepare-only`,
starts `sopan serve` with its default workers, then for each variant runs client processes that keep one
connection each and ask for a page as fast as they can: "kept" asks for the catalog (served from the page
cache after the first request), "not kept" for the catalog searched with a word no other request uses (each a
page rendered anew). The clients share the machine with the server, as they would on a one-box office server.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _client(port: int, seconds: float, fresh: bool, results: multiprocessing.Queue) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    done = errors = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        path = f"/?q={uuid.uuid4().hex[:12]}" if fresh else "/"
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            done += response.status == 200
            errors += response.status != 200
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    results.put((done, errors))


def measure(port: int, seconds: float, clients: int, fresh: bool) -> tuple[float, int]:
    results: multiprocessing.Queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_client, args=(port, seconds, fresh, results)) for _ in range(clients)]
    for worker in workers:
        worker.start()
    answers = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    return sum(done for done, _ in answers) / seconds, sum(errors for _, errors in answers)


def _wait(port: int, limit: float = 120) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="sopan-catalog-")
    env = {**os.environ, "SOPAN_HOME": home, "PYTHONPATH": str(SRC)}
    env.pop("SOPAN_DATABASE_URL", None)
    sopan = [sys.executable, "-m", "sopan", "serve"]
    subprocess.run([*sopan, "--prepare-only", "--cases", "0"], env=env, check=True, capture_output=True)
    server = subprocess.Popen([*sopan, "--cases", "0", "--port", str(args.port)], env=env, stdout=subprocess.DEVNULL)
    try:
        _wait(args.port)
        for name, fresh in (("kept", False), ("not kept", True)):
            rate, errors = measure(args.port, args.seconds, args.clients, fresh)
            print(f"catalog, {name}: {rate:.0f} req/s ({args.clients} clients, {args.seconds:.0f} s, {errors} errors)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
