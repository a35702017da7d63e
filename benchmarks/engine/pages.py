"""Database pages each step completion writes on SQLite, by table and index: a count, not a timing.

Run: python benchmarks/engine/pages.py [--cases 50] [--sop synthetic|library]

Every page a transaction changes is written whole to SQLite's write-ahead log at COMMIT (4 kB), and later once more
into the database file; on a 2-core machine that writing was a fifth of a command's time. Each index of a table a
command writes is at least one more page. The run opens and works cases through ``submit()`` as
``run.py`` does, with the WAL's checkpoints held off, then reads the page number of every frame in the WAL and
names the table or index that page belongs to (SQLite's ``dbstat``). Unlike a timing it gives the same answer on a
busy machine, so a change to the schema or the command path can be judged by it before it is timed.
"""

from __future__ import annotations

import argparse
import collections
import os
import sqlite3
import struct
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(0, str(HERE))

_HEADER = 32  # the WAL file's header; each frame then has a 24-byte header and one page
_FRAME_HEADER = 24


def wal_frames(path: Path) -> tuple[list[int], int]:
    """The page number of every frame in a WAL file, and how many frames ended a transaction."""
    data = path.read_bytes()
    page_size = struct.unpack(">I", data[8:12])[0]
    pages, commits, offset = [], 0, _HEADER
    while offset + _FRAME_HEADER <= len(data):
        page, size_after_commit = struct.unpack(">II", data[offset : offset + 8])
        pages.append(page)
        commits += size_after_commit > 0
        offset += _FRAME_HEADER + page_size
    return pages, commits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--sop", choices=("synthetic", "library"), default="synthetic")
    args = parser.parse_args()
    os.environ.pop("SOPAN_DATABASE_URL", None)
    with tempfile.TemporaryDirectory(prefix="sopan-pages-") as home:
        os.environ["SOPAN_HOME"] = home
        count_pages(args.cases, args.sop)


def count_pages(cases: int, sop_name: str) -> None:
    """Work ``cases`` cases of the SOP with the checkpoints held off; print the WAL's pages by b-tree."""
    # imported here, once SOPAN_HOME is set: Django reads it at set-up
    import run as bench

    import sopan.web

    sopan.web.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    sop = dict(bench.load_sops())[sop_name]
    run_cases = bench._database_workload(sop)
    run_cases(0, 200)  # a history, so that pages split and indexes are deep as in use
    from sopan.web.sqlite_backend import checkpointer

    checkpointer.disable()  # the process's own would let SQLite write the log anew over the frames counted here
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("PRAGMA wal_autocheckpoint = 0")
    done = run_cases(1000, cases)
    database = Path(settings.DATABASES["default"]["NAME"])
    pages, commits = wal_frames(database.with_name(database.name + "-wal"))
    with sqlite3.connect(database) as reader:
        owner = dict(reader.execute("SELECT pageno, name FROM dbstat"))
    counts = collections.Counter(owner.get(page, "?") for page in pages)
    print(f"{sop_name}: {done} completions, {commits} transactions, {len(pages) / done:.1f} pages per completion")
    print("| pages per completion | table or index |\n|---|---|")
    for name, count in counts.most_common():
        print(f"| {count / done:.2f} | {name} |")


if __name__ == "__main__":
    main()
