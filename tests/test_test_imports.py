"""Test modules share material through ``tests/factories.py`` and ``tests/web/factories.py``, never each other.

A test module or conftest that imports another test module or conftest runs that module's tests' imports and
fixtures twice and ties the two files together; this test fails when one does.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.factories import REPO

TESTS = REPO / "tests"


def _imported(path: Path, package: tuple[str, ...]) -> set[str]:
    """Every module a file imports, relative imports resolved against its ``package`` (e.g. tests.render)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1] if node.level else ())
            module = ".".join(part for part in (base, node.module or "") if part)
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def _package(path: Path) -> tuple[str, ...]:
    return ("tests", *path.parent.relative_to(TESTS).parts)


def _is_test_module(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return name.startswith("tests.") and (last.startswith("test_") or last == "conftest")


def test_no_test_module_imports_another() -> None:
    offending = {
        str(path.relative_to(TESTS)): sorted(name for name in _imported(path, _package(path)) if _is_test_module(name))
        for path in TESTS.rglob("*.py")
    }
    assert {path: names for path, names in offending.items() if names} == {}


def test_the_rule_sees_a_test_module_import(tmp_path: Path) -> None:
    module = tmp_path / "test_x.py"
    module.write_text(
        "from tests.web.test_services import ANI\nimport tests.engine.conftest\nfrom ..conftest import X\n"
    )
    assert {name for name in _imported(module, ("tests", "render")) if _is_test_module(name)} == {
        "tests.web.test_services",
        "tests.engine.conftest",
        "tests.conftest",
    }
    assert _imported(tmp_path / "test_x.py", ("tests", "render")) >= {"tests.conftest.X"}
    relative = tmp_path / "test_y.py"
    relative.write_text("from .test_random import random_sop\nfrom .sops import make_sop\n")
    assert {name for name in _imported(relative, ("tests", "render")) if _is_test_module(name)} == {
        "tests.render.test_random"
    }
