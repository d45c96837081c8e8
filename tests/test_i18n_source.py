"""Source rules the catalogues depend on: Babel's extractor cannot see a message inside an f-string."""

from __future__ import annotations

import ast
from pathlib import Path

import navdesk

SOURCE = Path(navdesk.__file__).parent
GETTEXT = {"_", "ngettext", "N_"}


def _translated_inside_fstrings(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in GETTEXT:
                    lines.append(inner.lineno)
    return lines


def test_no_message_is_marked_inside_an_f_string() -> None:
    found = {
        f"{path.relative_to(SOURCE.parent)}:{line}"
        for path in SOURCE.rglob("*.py")
        for line in _translated_inside_fstrings(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert not found, f"translate outside the f-string (the extractor skips these): {sorted(found)}"
