"""Imports run one way. A loop between two modules is hidden by moving one of its imports
into a function, where it still runs, only later: this reads every import, at any
level, and finds the loops."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

PACKAGES = ("network", "forums", "blog")


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (Path(settings.BASE_DIR) / package).rglob("*.py"):
            relative = path.relative_to(settings.BASE_DIR).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            modules[".".join(parts)] = path
    return modules


def imported_by(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project's modules that ``name`` imports, at the top or inside a function."""

    def known(dotted: str) -> str | None:
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(known(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package
                for _ in range(node.level - 1):
                    anchor = anchor.rpartition(".")[0]
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else known(base))
    return found - {None, name}


def loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that reach each other through their imports (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in graph[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_one_that_imports_it_back():
    modules = project_modules()
    graph = {name: imported_by(name, path, modules) for name, path in modules.items()}

    assert loops(graph) == []


def test_the_loop_finder_sees_an_import_hidden_in_a_function(tmp_path):
    (tmp_path / "mail.py").write_text("def hand_over():\n    from tasks import send\n")
    (tmp_path / "tasks.py").write_text("import mail\n")
    modules = {"mail": tmp_path / "mail.py", "tasks": tmp_path / "tasks.py"}
    graph = {name: imported_by(name, path, modules) for name, path in modules.items()}

    assert loops(graph) == [["mail", "tasks"]]
