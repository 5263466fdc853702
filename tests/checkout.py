"""A copy of the checkout as a third party gets it (the code, without what running it
here has left behind), and the site's commands run in it as a new machine runs them:
in a fresh process with only the variables each case names."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]

# What a checkout holds once it has been used here: never part of what is handed over.
LEFT_AT_THE_TOP = {
    *(".git", ".venv", "node_modules", "var", "media", "staticfiles", "test-results"),
    ".env",  # a developer's own: it would fill in the variables each case leaves unset
}
LEFT_EVERYWHERE = {"__pycache__", ".pytest_cache", ".ruff_cache"}


def copy_checkout(destination: Path) -> Path:
    def left_out(folder: str, names: list[str]) -> list[str]:
        top = Path(folder) == BASE_DIR
        return [n for n in names if n in LEFT_EVERYWHERE or (top and n in LEFT_AT_THE_TOP)]

    shutil.copytree(BASE_DIR, destination, ignore=left_out, symlinks=True)
    return destination


def run_in(checkout: Path, args: list[str], **env: str) -> subprocess.CompletedProcess:
    """``python *args`` in ``checkout``, writing no bytecode beside the code."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=checkout,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def environment(**env: str) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "network.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
        **env,
    }


def snapshot(folder: Path) -> dict[str, int]:
    """Every file and folder under ``folder`` with when it last changed: a folder that
    had a file made in it (even one removed since) changes too. Root ignores file
    permissions, so a read-only copy alone would not show that a test run as root wrote."""
    return {
        str(path.relative_to(folder)): path.lstat().st_mtime_ns
        for path in [folder, *folder.rglob("*")]
    }
