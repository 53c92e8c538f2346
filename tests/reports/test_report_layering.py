"""Only reports/pdf.py may touch Qt, so every other format works without a GUI stack."""

from __future__ import annotations

import ast
from pathlib import Path

import claimdesk.reports

REPORTS = Path(claimdesk.reports.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_pdf_module_imports_qt_and_none_imports_ui_or_cli() -> None:
    for path in sorted(REPORTS.glob("*.py")):
        roots = {name.split(".")[0] for name in _imports(path)}
        qt = roots & {"PySide6", "shiboken6"}
        assert not qt or path.name == "pdf.py", f"{path.name} imports {qt}"
        assert not {n for n in _imports(path) if n.startswith(("claimdesk.ui", "claimdesk.cli"))}
    assert "PySide6.QtWidgets" not in _imports(REPORTS / "pdf.py")
