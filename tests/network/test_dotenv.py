"""A ``.env`` file at the top of the checkout fills in what the environment leaves unset
and overrides nothing it sets; the development server says which file it read, so a
value that seems to come from nowhere can be traced. Each case runs in a copy of the
checkout, so that a ``.env`` can be written there."""

import json
import subprocess
import sys

import pytest

from tests.checkout import copy_checkout, environment, run_in
from tests.processes import free_port

READ_LINE = "Read settings from {} (the environment wins where both set a value)"


@pytest.fixture
def checkout(tmp_path):
    return copy_checkout(tmp_path / "checkout")


@pytest.fixture
def dotenv(checkout):
    file = checkout / ".env"
    file.write_text("SITE_NAME=Named in the file\nTIME_ZONE=Europe/Madrid\n")
    return file


def test_the_file_fills_what_the_environment_leaves_unset_and_overrides_nothing(checkout, dotenv):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SITE_NAME, s.TIME_ZONE]))"
    )

    result = run_in(checkout, ["-c", code], SITE_NAME="Named in the environment")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [
        "Named in the environment",
        "Europe/Madrid",
    ]


def start_runserver(checkout, tmp_path) -> str:
    """What the development server says as it starts, until it is ready."""
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{free_port()}"],
        cwd=checkout,
        env=environment(VAR_DIR=str(tmp_path / "var"), PYTHONUNBUFFERED="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    said = []
    try:
        for line in server.stdout:
            said.append(line)
            if line.startswith("Quit the server with"):
                break
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert said, "the development server said nothing"
    assert said[-1].startswith("Quit the server with"), "".join(said)
    return "".join(said)


def test_the_development_server_says_which_file_it_read(checkout, dotenv, tmp_path):
    said = start_runserver(checkout, tmp_path)

    assert READ_LINE.format(dotenv) in said.splitlines()


def test_without_a_file_the_development_server_says_nothing_about_one(checkout, tmp_path):
    said = start_runserver(checkout, tmp_path)

    assert "Read settings from" not in said


def test_other_commands_do_not_say_it(checkout, dotenv, tmp_path):
    result = run_in(checkout, ["manage.py", "check"], VAR_DIR=str(tmp_path / "var"))

    assert result.returncode == 0, result.stderr
    assert "Read settings from" not in result.stdout + result.stderr
