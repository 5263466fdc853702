"""A third party runs the site from a checkout it cannot write to (a read-only container
image, a checkout owned by another user): starting the site writes nothing there. What
the site writes goes under VAR_DIR (``var/`` in the checkout unless set), in folders
made when they are first used: the SQLite database, the filesystem broker used without
Redis, beat's schedule."""

import subprocess
import sys

import pytest

from tests.checkout import copy_checkout, environment, run_in, snapshot
from tests.processes import wait_for

START_UP = "import django; django.setup(); import network.wsgi"


@pytest.fixture
def read_only_checkout(tmp_path):
    checkout = copy_checkout(tmp_path / "checkout")
    subprocess.run(["chmod", "-R", "a-w", checkout], check=True)
    yield checkout
    subprocess.run(["chmod", "-R", "u+w", checkout], check=True)


def test_the_site_starts_from_a_read_only_checkout_and_writes_nothing_there(
    read_only_checkout,
):
    before = snapshot(read_only_checkout)

    result = run_in(read_only_checkout, ["-c", START_UP])

    assert result.returncode == 0, result.stderr
    assert snapshot(read_only_checkout) == before


def test_with_var_dir_set_starting_the_site_writes_nowhere_until_something_is_used(
    read_only_checkout, tmp_path
):
    before = snapshot(read_only_checkout)

    result = run_in(read_only_checkout, ["-c", START_UP], VAR_DIR=str(tmp_path / "var"))

    assert result.returncode == 0, result.stderr
    assert snapshot(read_only_checkout) == before
    assert not (tmp_path / "var").exists()


def test_the_embedded_database_is_made_in_var_dir_when_first_opened(read_only_checkout, tmp_path):
    var = tmp_path / "var"
    connect = "import django; django.setup(); from django.db import connection; connection.cursor()"

    result = run_in(read_only_checkout, ["-c", connect], VAR_DIR=str(var))

    assert result.returncode == 0, result.stderr
    assert (var / "db.sqlite3").exists()


def test_without_redis_the_first_task_sent_makes_the_brokers_folders_in_var_dir(
    read_only_checkout, tmp_path
):
    var = tmp_path / "var"
    send = (
        "import django; django.setup(); "
        "from network.tasks import forget_sent_emails; forget_sent_emails.delay()"
    )
    before = snapshot(read_only_checkout)

    result = run_in(read_only_checkout, ["-c", send], VAR_DIR=str(var), REDIS_URL="")

    assert result.returncode == 0, result.stderr
    [message] = (var / "celery" / "queue").iterdir()
    assert message.name.endswith(".celery.msg")
    assert snapshot(read_only_checkout) == before


def test_beat_keeps_its_schedule_in_var_dir_made_when_it_starts(read_only_checkout, tmp_path):
    var = tmp_path / "var" / "not-made-yet"
    before = snapshot(read_only_checkout)
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "network", "beat", "--loglevel", "INFO"],
        cwd=read_only_checkout,
        env=environment(VAR_DIR=str(var), REDIS_URL=""),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(
            lambda: beat.poll() is not None or any(var.glob("celerybeat-schedule*")),
            seconds=60,
            what="beat's schedule file",
        )
        assert beat.poll() is None, beat.stderr.read()
    finally:
        beat.terminate()
        beat.wait(timeout=20)
    assert snapshot(read_only_checkout) == before
