"""Starting the site loads the site: the demo content and the benchmark are loaded by the
commands that use them (``seed_demo``, ``bench``), not by every web and worker process."""

import json
import os
import subprocess
import sys

from django.conf import settings

# What gunicorn and the Celery worker load when they start, then every module loaded.
START = """
import json, sys
import network.wsgi
from django.urls import get_resolver
get_resolver().url_patterns
from network.celery import app
app.loader.import_default_modules()
print(json.dumps(sorted(sys.modules)))
"""


def test_starting_the_site_loads_no_demo_or_benchmark_code():
    started = subprocess.run(
        [sys.executable, "-c", START],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "network.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    modules = json.loads(started.stdout.splitlines()[-1])

    assert "forums.actions" in modules  # the site did start
    assert [
        module
        for module in modules
        if any(word in part for part in module.split(".") for word in ("demo", "bench"))
    ] == []
