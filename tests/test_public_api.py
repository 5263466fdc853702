"""The code reads the database through Django's public API: no module reaches into the
ORM's SQL compiler (``django.db.models.sql``, ``get_compiler()``), whose shape changes
between Django releases without notice."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".venv", "node_modules", "migrations", ".git", "var", "staticfiles", "media"}


def our_modules():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED.intersection(path.relative_to(ROOT).parts):
            yield path


def private_orm_uses(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "django.db.models.sql"
        ):
            found.append(f"line {node.lineno}: from {node.module} import …")
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {alias.name}"
                for alias in node.names
                if alias.name.startswith("django.db.models.sql")
            ]
        elif isinstance(node, ast.Attribute) and (
            node.attr == "get_compiler" or (node.attr == "sql" and _is_models_sql(node))
        ):
            found.append(f"line {node.lineno}: .{node.attr}")
    return found


def _is_models_sql(node: ast.Attribute) -> bool:
    return ast.unparse(node.value).endswith("models")


def test_no_module_uses_the_orms_sql_compiler():
    offenders = {
        str(path.relative_to(ROOT)): uses
        for path in our_modules()
        if (uses := private_orm_uses(ast.parse(path.read_text(), str(path))))
    }
    assert offenders == {}


def test_the_check_finds_what_it_looks_for():
    source = (
        "from django.db.models.sql.compiler import SQLCompiler\n"
        "import django.db.models.sql\n"
        "sql, params = queryset.query.get_compiler('default').as_sql()\n"
    )
    assert len(private_orm_uses(ast.parse(source))) == 3
