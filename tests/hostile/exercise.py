"""Run check, and for accepted files show, render in every format, publish and simulate; JSON lines in HOME.

Run as a script in a child process (``python exercise.py HOME ORG_DIR...``) so that a hang or a signal is seen
by the test as a timeout or a return code, not as a stuck test run. Results go to ``HOME/results.jsonl``; the
commands write to the real stdout and stderr, which the test searches for tracebacks. Each organisation folder
holds an ``organisasi.yaml`` and one SOP file. ``--pdf`` lists the folders whose PDF is rendered too (it is slow).
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path

import click

FORMATS = ("svg", "html", "docx", "bpmn", "mermaid")


def _run(app, args: list[str]) -> str | None:  # type: ignore[no-untyped-def]
    """None when the command ended normally (any exit code); otherwise the exception's traceback.

    The command writes to this process's real stdout and stderr, which the parent reads for tracebacks.
    """
    try:
        app(args, prog_name="sopan", standalone_mode=False)
    except (SystemExit, click.exceptions.Exit, click.exceptions.Abort):
        pass
    except Exception as error:  # any exception is the failure looked for
        return "".join(traceback.format_exception(error))[-2000:]
    return None


def main(argv: list[str]) -> int:
    home = Path(argv[0])
    pdf = set(argv[argv.index("--pdf") + 1 :]) if "--pdf" in argv else set()
    folders = [Path(a) for a in (argv[1 : argv.index("--pdf")] if "--pdf" in argv else argv[1:])]
    os.environ["SOPAN_HOME"] = str(home)
    from sopan.cli import app
    from sopan.io.library import find_sop_files, load_library
    from sopan.lint.runner import lint_library
    from sopan.problems import Severity

    results = (home / "results.jsonl").open("a", encoding="utf-8")

    def report(record: dict[str, object]) -> None:
        results.write(json.dumps(record) + "\n")
        results.flush()

    for folder in folders:
        started = time.monotonic()
        report({"start": str(folder)})  # the parent knows which file was running
        record: dict[str, object] = {"folder": str(folder)}
        library = load_library([folder])
        problems = library.problems + lint_library(library)
        errors = [p for p in problems if p.severity is Severity.ERROR]
        record["accepted"] = not errors
        record["failures"] = failures = {}
        if not errors:
            sop_file = find_sop_files([folder])[0]
            commands = {"show": ["show", str(sop_file)]}
            for fmt in FORMATS + (("pdf",) if str(folder) in pdf else ()):
                target = home / ("out.mmd" if fmt == "mermaid" else f"out.{fmt}")
                commands[f"render {fmt}"] = ["render", str(sop_file), "-f", fmt, "-o", str(target)]
            commands["simulate"] = ["simulate", str(folder), "-n", "1"]
            record["timings"] = timings = {}
            for name, args in commands.items():
                began = time.monotonic()
                failure = _run(app, args)
                timings[name] = round(time.monotonic() - began, 2)
                if failure is not None:
                    failures[name] = failure
        record["seconds"] = round(time.monotonic() - started, 2)
        report(record)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
