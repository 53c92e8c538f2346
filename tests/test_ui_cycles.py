"""The window's modules import one way: the window assembles, nothing below reaches back up.

An import cycle inside claimdesk.ui (even one under TYPE_CHECKING) means two modules that
cannot be understood, tested or replaced apart; import-linter's layers do not see cycles
inside one layer, so this test looks for them in the import graph itself.
"""

from __future__ import annotations

import grimp

UI = "claimdesk.ui"


def _ui_graph() -> dict[str, set[str]]:
    graph = grimp.build_graph("claimdesk")  # TYPE_CHECKING imports included
    modules = {m for m in graph.modules if m == UI or m.startswith(UI + ".")}
    return {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module, or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in edges[node]:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_cycle_finder_sees_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert sorted(_cycles(edges)) == [["a", "b", "c"], ["e"]]


def test_no_import_cycles_in_the_window() -> None:
    assert _cycles(_ui_graph()) == []


def test_only_the_app_imports_the_main_window() -> None:
    edges = _ui_graph()
    importers = sorted(m for m, targets in edges.items() if f"{UI}.main_window" in targets)
    assert importers == [f"{UI}.app"]
