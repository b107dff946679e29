"""Count the Vietnamese string literals left in Python (issue 13: sentences belong to templates).

Prints, per module of ``pipeline/documents`` (or the paths given), the string constants holding a
Vietnamese letter, docstrings left out, and the total. Run: ``.venv/bin/python bench/wording.py``.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

VIETNAMESE = re.compile(r"[À-ỹĐđ]")


NOT_WORDING = {"Field", "Problem", "DataError", "RenderError", "OutputError", "ValueError", "warn"}
"""Calls whose strings are no document's wording: the field dictionary, error and warning messages."""


def literals(path: Path) -> list[tuple[int, str]]:
    """Return (line, text) of each Vietnamese string constant of ``path`` that is no docstring,
    no field meaning and no error message: wording a document may print."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in NOT_WORDING:
                docstrings.update(id(c) for c in ast.walk(node) if isinstance(c, ast.Constant))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):  # a bare string statement (attribute docstring) is a comment too
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            docstrings.add(id(node.value))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if VIETNAMESE.search(node.value):
                out.append((node.lineno, node.value))
    return sorted(out)


def main(paths: list[str]) -> None:
    root = Path(__file__).resolve().parents[1]
    files = [Path(p) for p in paths] or sorted((root / "pipeline" / "documents").glob("*.py"))
    total = 0
    for path in files:
        found = literals(path)
        total += len(found)
        print(f"{path.name:20} {len(found):4}")
    print(f"{'total':20} {total:4}")


if __name__ == "__main__":
    main(sys.argv[1:])
