"""With ``DEBUG=0`` every page names its static files through the manifest that
``collectstatic`` writes: without it each page would answer 500 ("Missing staticfiles
manifest entry"). So the site refuses to start instead, and says in one line what to
run. Each case starts the production server (gunicorn, as the Dockerfile does) or
imports its WSGI module in a fresh process."""

import subprocess
import sys
import time

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

from tests.checkout import BASE_DIR, environment
from tests.processes import free_port

PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "127.0.0.1"}


def start_gunicorn(**env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "network.wsgi", "--workers", "1"),
            *("--bind", f"127.0.0.1:{free_port()}"),
        ],
        cwd=BASE_DIR,
        env=environment(**env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_production_without_collected_static_files_refuses_to_start_and_says_what_to_run(
    tmp_path,
):
    server = start_gunicorn(**PRODUCTION, STATIC_ROOT=str(tmp_path / "static"))
    try:
        deadline = time.monotonic() + 60
        while server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert server.poll() is not None, "gunicorn started serving pages it cannot render"
    finally:
        server.kill()
        server.wait()

    said = server.stderr.read()
    assert server.returncode != 0
    assert (
        f"Static files are not collected in {tmp_path / 'static'}: "
        "run `python manage.py collectstatic` before starting the site with DEBUG=0."
    ) in said.splitlines()


def import_the_wsgi_module(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import network.wsgi"],
        cwd=BASE_DIR,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_starts_once_static_files_are_collected(tmp_path):
    ManifestStaticFilesStorage(location=tmp_path / "static").save_manifest()

    result = import_the_wsgi_module(**PRODUCTION, STATIC_ROOT=str(tmp_path / "static"))

    assert result.returncode == 0, result.stderr


def test_a_site_that_serves_static_files_without_a_manifest_starts_without_collecting(
    tmp_path,
):
    """As the peers benchmark runs it: its settings swap in Django's plain storage."""
    (tmp_path / "plain_static_settings.py").write_text(
        "from network.settings import *  # noqa\n"
        'STORAGES["staticfiles"] = '
        '{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}\n'
    )

    result = import_the_wsgi_module(
        **PRODUCTION,
        STATIC_ROOT=str(tmp_path / "static"),
        PYTHONPATH=str(tmp_path),
        DJANGO_SETTINGS_MODULE="plain_static_settings",
    )

    assert result.returncode == 0, result.stderr


def test_development_needs_no_collected_static_files(tmp_path):
    result = import_the_wsgi_module(STATIC_ROOT=str(tmp_path / "static"))

    assert result.returncode == 0, result.stderr
