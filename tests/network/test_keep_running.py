"""Under `make run`, a worker (or beat) that exits is started again instead of honcho
stopping the whole site: the Procfile runs them through bin/keep-running."""

import os
import subprocess
from pathlib import Path

from tests.processes import wait_for

BASE_DIR = Path(__file__).resolve().parents[2]
KEEP_RUNNING = BASE_DIR / "bin" / "keep-running"


def test_a_process_that_exits_is_started_again_and_stopping_the_loop_stops_it(tmp_path):
    starts = tmp_path / "starts"
    # The first run dies at once; the second stays up, as a worker does.
    command = f'echo $$ >> {starts}; [ "$(wc -l < {starts})" -ge 2 ] && exec sleep 60; exit 3'
    loop = subprocess.Popen([KEEP_RUNNING, "sh", "-c", command], stderr=subprocess.PIPE, text=True)
    try:
        wait_for(
            lambda: starts.exists() and len(starts.read_text().split()) == 2,
            seconds=10,
            what="the second start",
        )
        second = int(starts.read_text().split()[1])

        loop.terminate()
        assert loop.wait(timeout=10) == 0
    finally:
        loop.kill()
    assert "exited (status 3); starting it again" in loop.stderr.read()
    wait_for(lambda: not alive(second), seconds=5, what="the command to stop")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_make_run_starts_the_worker_and_beat_through_it():
    """(The web process is Django's development server, which restarts itself.)"""
    processes = dict(
        line.split(":", 1) for line in (BASE_DIR / "Procfile").read_text().splitlines() if line
    )

    assert processes["worker"].split()[0] == "bin/keep-running"
    assert processes["beat"].split()[0] == "bin/keep-running"
