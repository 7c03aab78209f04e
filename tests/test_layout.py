"""The code is laid out by stage, and data flows one way: no stage imports a
later one (issue: renovation). Read from the source, imports inside functions
included."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PLUGINS = ROOT / "plugins"
#: what the model's own modules may not import: anything that comes after them
_AFTER_RECORDS = {"views", "building", "incremental", "search", "sitemap", "deploy", "importing"}
#: what the modules every stage shares may not import: any stage
_STAGES = {"reading", "records", "views", "building", "incremental", "search", "sitemap",
           "importing"}
#: each stage, and the top-level names it may not import (later stages)
LATER = {
    "reading": {"records"} | _AFTER_RECORDS,
    **{f"records.{name}": _AFTER_RECORDS
       for name in ("model", "registry", "resolve", "resolve_edit", "validate", "derived")},
    "views": _AFTER_RECORDS - {"views"},
    "search": {"records", "views", "reading", "incremental", "deploy", "importing"},
    "sitemap": {"records", "views", "reading", "incremental", "search", "deploy", "importing"},
    "importing": {"records", "views", "building", "incremental", "search", "sitemap", "deploy"},
    **{name: _STAGES for name in ("vntext", "vndates", "parallel", "cachefiles", "languages",
                                  "identity")},
}


def _module(path: Path) -> str:
    parts = path.relative_to(PLUGINS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_no_stage_imports_a_later_one() -> None:
    wrong = []
    checked = 0
    for path in PLUGINS.rglob("*.py"):
        module = _module(path)
        for stage, later in LATER.items():
            if module == stage or module.startswith(stage + "."):
                checked += 1
                wrong += [(module, name) for name in sorted(_imports(path) & later)]
    assert checked > 25
    assert wrong == []


def test_the_readme_draws_the_layout() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):]
    for folder in ("reading/", "records/", "views/", "building/", "incremental/", "search/",
                   "sitemap/", "deploy/", "importing/"):
        assert f"plugins/{folder}" in layout, folder
    for path in PLUGINS.rglob("*.py"):
        if "egg-info" not in str(path) and path.name != "__init__.py":
            assert path.name in layout, path
