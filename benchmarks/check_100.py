"""How long `sopan check` takes on a folder of 100 SOP files (target: under 1 s).

Run: python benchmarks/check_100.py
The folder is made from the library's real SOPs, copied under new ids until there are 100, so the files are
as long and as varied as real ones. Times the whole command as a user runs it (a new process, imports
included) and the in-process load + lint, each the median of several runs.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from sopan.io.library import load_library  # noqa: E402
from sopan.io.yaml_io import dump_yaml, read_sop  # noqa: E402
from sopan.lint import lint_library  # noqa: E402

COUNT = 100
RUNS = 7


def build_folder(target: Path) -> int:
    loaded = [read_sop(path).model for path in sorted((REPO / "library").rglob("*.sop.yaml"))]
    sources = [sop for sop in loaded if sop is not None]
    if not sources:
        raise SystemExit("library/ has no SOP files")
    target.mkdir()
    (target / "organisasi.yaml").write_text("kode: bench\nnama: Dinas Uji Kinerja\n", encoding="utf-8")
    steps = 0
    for index in range(COUNT):
        sop = sources[index % len(sources)]
        data = sop.to_file_data()
        data["organisasi"] = "bench"
        data["nama"] = f"{data['nama']} ({index})"
        data.pop("ditetapkan_dengan", None)
        if "nomor" in data:
            data["nomor"] = f"{data['nomor']}-{index}"
        steps += len(sop.steps)
        (target / f"sop-{index:03d}.sop.yaml").write_text(dump_yaml(data), encoding="utf-8")
    return steps


def median_time(action) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bench"
        steps = build_folder(folder)
        sopan = shutil.which("sopan") or f"{sys.executable} -m sopan"
        command = [*sopan.split(), "check", "--quiet", str(folder)]

        def run_cli() -> None:
            subprocess.run(command, check=False, capture_output=True)

        def run_in_process() -> None:
            library = load_library([folder])
            lint_library(library)

        cli = median_time(run_cli)
        inproc = median_time(run_in_process)
        library = load_library([folder])
        findings = len(lint_library(library))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}"
    )
    print(f"files: {COUNT} SOPs ({steps} steps), {findings} findings")
    print(f"sopan check (new process, median of {RUNS}): {cli:.3f} s")
    print(f"load + lint in process (median of {RUNS}): {inproc:.3f} s")
    print("target: under 1 s:", "met" if cli < 1 else "NOT met")


if __name__ == "__main__":
    main()
