"""The layers of ogp_desktop, checked on the source (every import, also those inside
functions): ui, cli -> export -> pdf -> core -> paths/resources. The core, PDF and export
layers stay Qt-free, and no two modules of ogp_desktop import each other, directly or
round a longer loop."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import ogp_desktop

PACKAGE_DIR = Path(ogp_desktop.__file__).resolve().parent
LAYERS = ("core", "pdf", "export")


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
import ogp_desktop.core, ogp_desktop.pdf, ogp_desktop.export

# run by Alembic inside a migration, not importable on its own
SKIP = {"ogp_desktop.core.migrations.env"}
names = set()
for pkg in (ogp_desktop.core, ogp_desktop.pdf, ogp_desktop.export):
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


def test_importing_every_core_pdf_and_export_module_loads_no_qt(tmp_path):
    proc = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "ogp_desktop.core.models" in report["imported"]
    assert "ogp_desktop.core.services.meetings" in report["imported"]
    assert any(m.startswith("ogp_desktop.pdf.") for m in report["imported"])
    assert "ogp_desktop.export.formats" in report["imported"]
    assert report["qt"] == []


# --- the import graph ------------------------------------------------------------------------

# What each layer may import (besides itself and the `ogp_desktop` package, which holds only
# the version). The CLI opens the GUI when it is given no command (ui.app.run).
ALLOWED = {
    "base": set(),
    "core": {"base"},
    "pdf": {"core", "base"},
    "export": {"pdf", "core", "base"},
    "ui": {"export", "pdf", "core", "base"},
    "cli": {"ui", "export", "pdf", "core", "base"},
    "main": {"cli", "ui", "export", "pdf", "core", "base"},
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE_DIR.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    """Every module of ogp_desktop by dotted name (the migration scripts, which Alembic
    loads by path, are not importable by name and import nothing of ours but the core)."""
    return {_module_name(p): p for p in sorted(PACKAGE_DIR.rglob("*.py"))
            if "versions" not in p.parts}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "base"  # the ogp_desktop package itself: the version
    top = parts[1]
    if top in ("paths", "resources"):
        return "base"
    if top == "__main__":
        return "main"
    return top  # core, pdf, export, ui, cli


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module of ogp_desktop that `name` (a module, or a module's attribute) is."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _type_checking_only(tree: ast.AST) -> set[int]:
    """Ids of the nodes under `if TYPE_CHECKING:`: imports for annotations only, which
    never run and so can not close an import cycle."""
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and (
                (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
                or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")):
            for child in node.body:
                hidden.update(id(n) for n in ast.walk(child))
    return hidden


def imports_of(module: str, tree: ast.AST, modules: dict[str, Path], *,
               runtime_only: bool = False) -> set[str]:
    """The modules of ogp_desktop `module` imports, at module level or in a function,
    relative imports resolved; `from package import module` names the module.
    `runtime_only` leaves out imports under `if TYPE_CHECKING:`."""
    is_package = modules[module].name == "__init__.py"
    hidden = _type_checking_only(tree) if runtime_only else set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[:len(base) - node.level + (1 if is_package else 0)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            targets = [f"{source}.{alias.name}" for alias in node.names] or [source]
        for target in targets:
            if target.split(".")[0] != "ogp_desktop":
                continue
            resolved = _resolve(target, modules)
            if resolved is not None and resolved != module:
                found.add(resolved)
    return found


def import_graph(*, runtime_only: bool = False) -> dict[str, set[str]]:
    modules = _modules()
    return {name: imports_of(name, ast.parse(path.read_text(encoding="utf-8"), str(path)),
                             modules, runtime_only=runtime_only)
            for name, path in modules.items()}


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Which package of ogp_desktop (core, pdf, export, ui, cli, paths, resources, …) imports
    which: the figure the issue asks for."""
    def package(module: str) -> str:
        parts = module.split(".")
        return ".".join(parts[:2])

    out: dict[str, set[str]] = {}
    for module, targets in graph.items():
        out.setdefault(package(module), set()).update(
            package(t) for t in targets if package(t) != package(module))
    return out


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_imports_inside_functions_and_relative_ones():
    modules = {"ogp_desktop.core.a": Path("a.py"), "ogp_desktop.pdf": Path("__init__.py"),
               "ogp_desktop.pdf.minutes": Path("minutes.py"), "ogp_desktop.pdf.text": Path("t.py")}
    tree = ast.parse("def f():\n    from ogp_desktop.pdf.minutes import render_minutes\n")
    assert imports_of("ogp_desktop.core.a", tree, modules) == {"ogp_desktop.pdf.minutes"}
    tree = ast.parse("from . import text\nfrom .text import layout\n")
    assert imports_of("ogp_desktop.pdf.minutes", tree, modules) == {"ogp_desktop.pdf.text"}
    tree = ast.parse("from ogp_desktop import pdf\n")
    assert imports_of("ogp_desktop.core.a", tree, modules) == {"ogp_desktop.pdf"}


def test_the_cycle_finder_finds_a_loop():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_every_import_goes_down_the_layers():
    graph = import_graph()
    assert "ogp_desktop.export.formats" in graph and "ogp_desktop.cli" in graph
    wrong = sorted(f"{module} imports {target}"
                   for module, targets in graph.items() for target in targets
                   if layer_of(target) != layer_of(module)
                   and layer_of(target) not in ALLOWED[layer_of(module)])
    assert wrong == []


def test_no_import_cycle_between_modules():
    # An annotation-only import (under `if TYPE_CHECKING:`) of the window by its parts
    # does not run, so it is no cycle; every import that runs counts.
    assert cycles(import_graph(runtime_only=True)) == []


def test_only_type_checking_imports_are_left_out_of_the_cycle_graph():
    modules = {"ogp_desktop.ui.a": Path("a.py"), "ogp_desktop.ui.b": Path("b.py")}
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                     "    from ogp_desktop.ui import b\n")
    assert imports_of("ogp_desktop.ui.a", tree, modules, runtime_only=True) == set()
    assert imports_of("ogp_desktop.ui.a", tree, modules) == {"ogp_desktop.ui.b"}
    running = ast.parse("if DEBUG:\n    from ogp_desktop.ui import b\n")
    assert imports_of("ogp_desktop.ui.a", running, modules, runtime_only=True) == {
        "ogp_desktop.ui.b"}


def test_the_layers_import_what_they_should(capsys):
    """The package graph, printed (pytest -s shows it); the export layer is really used."""
    packages = package_graph(import_graph())
    with capsys.disabled():
        print("\nimport graph of the packages of ogp_desktop:")
        for package in sorted(packages):
            print(f"  {package} -> {', '.join(sorted(packages[package])) or '(nothing of ours)'}")
    assert "ogp_desktop.export" in packages["ogp_desktop.cli"]
    assert "ogp_desktop.export" in packages["ogp_desktop.ui"]
    assert {"ogp_desktop.pdf", "ogp_desktop.core"} <= packages["ogp_desktop.export"]
    assert packages["ogp_desktop.paths"] <= {"ogp_desktop"}


# gettext's conventions, and the version: "private-looking" names that are meant to be shared
SHARED_UNDERSCORE_NAMES = {"_", "_n", "__version__"}


def test_no_module_imports_a_private_name_of_another():
    """A name with a leading underscore is its module's own: when another module needs it,
    it is made public (or the code moves), so a change to it can not break a stranger."""
    found = []
    for name, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (
                    node.level or (node.module or "").split(".")[0] == "ogp_desktop"):
                found += [f"{name}:{node.lineno} imports {alias.name} from {node.module or '.'}"
                          for alias in node.names
                          if alias.name.startswith("_") and alias.name not in SHARED_UNDERSCORE_NAMES]
    assert found == []
