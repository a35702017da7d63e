"""The web layer's Django apps depend one way: each imports only the apps below it.

From the bottom up::

    ui, immutable, limits   shared screens (language, template tags, error pages), the append-only base model,
                      and how much each field of a form or request may hold
    catalog           organisations, SOP versions, local calendars; the process and calendar lookup (runtime)
    accounts          users' roles and API tokens (a role belongs to an organisation of the catalog)
    cases             cases, tasks, events, the loket and task screens, who may see what (access)
    office            the office's administration: users, roles with Plt/Plh periods, API tokens, audit
    authoring         drafts of SOPs, their editor (live lint and flowchart), YAML mode, export
    api               the JSON API over the rules of cases (errors, schemas, token auth, case routes)
    monitoring        the SOP measured by its cases: performance figures, event-log export (XES, OCEL)
    setelan           the office's own settings: profile, logo, office hours, local calendar (screens and API)
    lifecycle         the states of SOP versions (BERLAKU, DIGANTIKAN, DICABUT, ...), revocation, which SOP governs
                      review, reminders; the catalog and the loket read states through catalog.version_states
    review            reviewers' notes on drafts (a field, a step followed when steps move), the reviewer's page,
                      the Berita Acara telaah SOP; reads lifecycle's review SOP to know who reviews
    signing           approval and electronic signature of published versions, public verification (/v/<code>)
    settings, urls, api_site, serve, wsgi   the project itself, which wires every app together

``throttle`` (shared request limits) and ``sqlite_backend`` (the database backend the settings name on SQLite)
sit at the bottom with ``ui``.

An arrow that runs back up (catalog importing cases, cases importing api, ...) fails this test, so each app
can be read, tested and changed knowing only the ones below it. Imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sopan.web

WEB = Path(sopan.web.__file__).parent
LAYERS = {
    "ui": 0,
    "immutable": 0,
    "limits": 0,
    "throttle": 0,
    "sqlite_backend": 0,
    "catalog": 1,
    "accounts": 2,
    "cases": 3,
    "office": 3,  # beside cases: reads its access rules; cases never imports it
    "authoring": 3,  # drafts of SOPs and their editor, beside cases and office
    "api": 4,
    "monitoring": 5,
    "setelan": 5,
    "lifecycle": 5,  # reads monitoring's evaluations for its reminders; the catalog reads it via version_states
    "signing": 5,
    "review": 5,  # reads lifecycle.review (which SOP governs review) to know who reviews a draft
}
PROJECT = 6  # settings, urls, api_site, serve, startup_lock, wsgi and the package itself


def _layer(part: str) -> int:
    return LAYERS.get(part, PROJECT)


def _web_imports(path: Path) -> set[str]:
    """The first name under ``sopan.web`` of every import in a module (``sopan.web.cases.models`` -> cases)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[:2] == ["sopan", "web"] and len(parts) > 2:
                found.add(parts[2])
        assert not (isinstance(node, ast.ImportFrom) and node.level), f"{path}: relative import"
    return found


def _modules() -> list[Path]:
    return sorted(path for path in WEB.rglob("*.py") if "migrations" not in path.parts)


def _app(path: Path) -> str:
    return path.relative_to(WEB).parts[0].removesuffix(".py")


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(WEB)))
def test_no_app_imports_an_app_above_it(path: Path) -> None:
    own = _app(path)
    upward = sorted(name for name in _web_imports(path) if _layer(name) > _layer(own))
    assert not upward, f"{path.relative_to(WEB)} ({own}) imports {upward}, which sit above it"


def test_the_rule_sees_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from sopan.web.cases.models import Case\n    from sopan.web import api\n")
    assert _web_imports(module) == {"cases", "api"}
    assert _layer("cases") > _layer("catalog") and _layer("api") > _layer("cases")


def test_every_app_has_a_layer() -> None:
    apps = {path.name for path in WEB.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    assert apps <= set(LAYERS), f"place {sorted(apps - set(LAYERS))} in LAYERS"
