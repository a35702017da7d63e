"""The core packages depend one way; an import that runs back up fails here.

Allowed direction (an arrow means "may import"):

    model      <- the bottom: imports no other sopan package
    worktime   -> model
    io         -> model
    lint       -> io, model
    render     -> io, model            (not lint: both read references through io.references)
    engine     -> worktime, model
    compare    -> model
    edit       -> io, model            (editing a definition; the web's drafts and the API call it)
    sign       -> render, model        (signing the official PDF: pyHanko, never Django)

Every core package may also use the shared leaf modules ``sopan`` (the version), ``sopan.problems`` and
``sopan.i18n``. None of them imports ``sopan.web``, ``sopan.cli`` or Django, at any depth of the module (imports
inside functions count too).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "sopan"
LEAVES = {"sopan", "sopan.problems", "sopan.i18n"}
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "worktime": {"model"},
    "io": {"model"},
    "lint": {"io", "model"},
    "render": {"io", "model"},
    "engine": {"worktime", "model"},
    "compare": {"model"},
    "edit": {"io", "model"},
    "sign": {"render", "model"},
}
FORBIDDEN_OUTSIDE = ("django", "ninja")


def _module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, src: Path = SRC) -> Iterator[tuple[int, str]]:
    """Every module ``path`` imports, as an absolute dotted name with the line it is on."""
    module = _module_name(path, src)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            yield node.lineno, target
            for alias in node.names:  # "from .. import x" may name a module
                yield node.lineno, f"{target}.{alias.name}"


def violations(package: str, src: Path = SRC) -> list[str]:
    """Each import in ``package`` that the allowed direction does not permit, as "file:line imports name"."""
    root = src / "sopan"
    found = []
    for path in sorted((root / package).rglob("*.py")):
        for line, target in imports(path, src):
            parts = target.split(".")
            if parts[0] in FORBIDDEN_OUTSIDE:
                found.append(f"{path.relative_to(src)}:{line} imports {target}")
            if parts[0] != "sopan" or len(parts) < 2 or ".".join(parts[:2]) in LEAVES:
                continue
            layer = parts[1]
            is_module = (root / layer).is_dir() or (root / f"{layer}.py").is_file()
            if is_module and layer != package and layer not in ALLOWED[package]:
                found.append(f"{path.relative_to(src)}:{line} imports {target}")
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_core_packages_depend_one_way(package: str) -> None:
    assert violations(package) == []


def test_an_arrow_running_back_up_is_found(tmp_path: Path) -> None:
    render = tmp_path / "sopan" / "render"
    (tmp_path / "sopan" / "lint").mkdir(parents=True)
    (tmp_path / "sopan" / "web").mkdir()
    (tmp_path / "sopan" / "model").mkdir()
    render.mkdir()
    (render / "page.py").write_text(
        "from ..model import Sop\n"
        "from ..lint.context import LintContext\n"
        "def view():\n"
        "    import django.http\n"
        "    from sopan.web import cases\n",
        encoding="utf-8",
    )
    assert violations("render", tmp_path) == [
        "sopan/render/page.py:2 imports sopan.lint.context",
        "sopan/render/page.py:2 imports sopan.lint.context.LintContext",
        "sopan/render/page.py:4 imports django.http",
        "sopan/render/page.py:5 imports sopan.web",
        "sopan/render/page.py:5 imports sopan.web.cases",
    ]
