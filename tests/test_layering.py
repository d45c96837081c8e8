"""The layering rules of DESIGN §4, checked rather than trusted."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "navdesk"



def test_nothing_outside_ui_imports_pyside6() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import navdesk\n"
        "for info in pkgutil.walk_packages(navdesk.__path__, 'navdesk.'):\n"
        "    skip = ('navdesk.ui', 'navdesk.__main__', 'navdesk.store.migrations.')\n"
        "    if info.name.startswith(skip):\n"
        "        continue\n"
        "    importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6') or m.startswith('shiboken')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_ui_never_touches_sqlalchemy_or_the_store_models() -> None:
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        for name in _imports(path):
            if name.startswith("sqlalchemy") or name.startswith("navdesk.store.models"):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_domain_is_pure() -> None:
    offenders = []
    for path in (PACKAGE / "domain").rglob("*.py"):
        for name in _imports(path):
            if name.split(".")[0] in {"sqlalchemy", "PySide6", "alembic"} or name.startswith(
                ("navdesk.store", "navdesk.services", "navdesk.ui")
            ):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_services_and_store_never_import_upwards() -> None:
    offenders = []
    for layer, forbidden in (("store", ("navdesk.services", "navdesk.ui")), ("services", ("navdesk.ui",))):
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in _imports(path):
                if name.startswith(forbidden):
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []
