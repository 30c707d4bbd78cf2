"""The core and PDF layers stay Qt-free: no module under ogp_desktop/core or ogp_desktop/pdf imports PySide6."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import ogp_desktop

PACKAGE_DIR = Path(ogp_desktop.__file__).resolve().parent
LAYERS = ("core", "pdf")


def _sources() -> list[Path]:
    files = sorted(p for layer in LAYERS for p in (PACKAGE_DIR / layer).rglob("*.py"))
    assert files, "no sources found"
    return files


def _imported_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and node.args:
            # importlib.import_module("PySide6...") / __import__("PySide6...")
            func = node.func
            fname = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if fname in ("import_module", "__import__") and isinstance(first, ast.Constant) \
                    and isinstance(first.value, str):
                names.add(first.value)
    return names


def test_scan_sees_every_layer_module():
    files = _sources()
    for layer in LAYERS:
        assert any(p.parent == PACKAGE_DIR / layer for p in files), layer
    # The migration scripts are part of the core and are scanned as well.
    assert any(p.parent.name == "versions" for p in files)


def test_scan_detects_a_qt_import():
    tree = ast.parse("import os\nfrom PySide6.QtCore import QObject\n")
    assert any(n.split(".")[0] == "PySide6" for n in _imported_names(tree))


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_no_pyside6_import_in_source(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    offending = sorted(n for n in _imported_names(tree) if n.split(".")[0] in ("PySide6", "shiboken6"))
    assert offending == [], f"{path} imports {offending}"


_PROBE = r"""
import json, pkgutil, sys, importlib, tempfile, pathlib
import ogp_desktop.core, ogp_desktop.pdf

# run by Alembic inside a migration, not importable on its own
SKIP = {"ogp_desktop.core.migrations.env"}
names = set()
for pkg in (ogp_desktop.core, ogp_desktop.pdf):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        names.add(info.name)
    # walk_packages does not descend into folders without __init__.py (core/services),
    # so every module file is added by its path as well
    root = pathlib.Path(pkg.__file__).parent
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).with_suffix("")
        if "versions" in rel.parts:  # migration scripts: run below, through Alembic
            continue
        parts = [p for p in rel.parts if p != "__init__"]
        names.add(".".join([pkg.__name__, *parts]))
imported = []
for name in sorted(names - SKIP):
    importlib.import_module(name)
    imported.append(name)

# env.py and the migration scripts run for real when a database is created
from ogp_desktop.core.db import open_database
with tempfile.TemporaryDirectory() as tmp:
    db = open_database(pathlib.Path(tmp) / "probe.sqlite", create=True)
    db.close()

print(json.dumps({"imported": imported,
                  "qt": sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))}))
"""


def test_importing_every_core_and_pdf_module_loads_no_qt(tmp_path):
    proc = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "ogp_desktop.core.models" in report["imported"]
    assert "ogp_desktop.core.services.meetings" in report["imported"]
    assert any(m.startswith("ogp_desktop.pdf.") for m in report["imported"])
    assert report["qt"] == []
