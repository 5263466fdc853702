"""The W3C's Nu Html Checker (vnu.jar, from the npm package vnu-jar that ``make install``
puts in node_modules/) run on the machine's Java. Without it the validation tests are
skipped with how to install it, unless REQUIRE_VALIDATOR=1 (CI), where that fails."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
MISSING = (
    "The Nu Html Checker is not installed: `make install` puts it in node_modules/ (it "
    "needs npm, and Java 11 or newer to run: `sudo apt-get install npm "
    "default-jre-headless`)."
)


class NuChecker:
    """Validates many documents in one run: the JVM's start costs seconds."""

    def __init__(self, java: str, jar: Path):
        self.java, self.jar = java, jar

    def problems(self, documents: dict[str, str], folder: Path) -> dict[str, list[str]]:
        """Each document's errors and warnings, by name, as "line N: message [where]"
        (an empty list for a valid document). Plain notes ("info" without the warning
        subtype, such as "trailing slash on void elements has no effect") are left out:
        they say how the checker read the markup, not that anything is wrong with it."""
        paths = []
        for name, html in documents.items():
            path = folder / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            paths.append(str(path))
        run = subprocess.run(
            [self.java, "-jar", str(self.jar), "--format", "json", "--stdout", *paths],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if run.returncode not in (0, 1):
            raise RuntimeError(f"vnu.jar failed ({run.returncode}): {run.stderr}")
        found: dict[str, list[str]] = {name: [] for name in documents}
        for message in json.loads(run.stdout)["messages"]:
            if message["type"] == "info" and message.get("subType") != "warning":
                continue
            name = Path(unquote(urlsplit(message.get("url", "")).path)).stem or "?"
            found.setdefault(name, []).append(
                f"line {message.get('lastLine', '?')}: {message['message']}"
                f" [{message.get('extract', '').strip()}]"
            )
        return found


@pytest.fixture(scope="session")
def nu_checker():
    java = shutil.which("java")
    if not (java and VNU_JAR.exists()):
        if os.environ.get("REQUIRE_VALIDATOR") == "1":
            pytest.fail(f"REQUIRE_VALIDATOR=1 but {MISSING}", pytrace=False)
        pytest.skip(MISSING)
    return NuChecker(java, VNU_JAR)
