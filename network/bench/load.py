"""Serving the bench's site with gunicorn and loading it from another process: with wrk
when Debian's package is installed (``apt-get install wrk``), else with the small asyncio
load generator here, which is slower than the site at its best and says so."""

from __future__ import annotations

import asyncio
import http.client
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

MANAGE_PY = Path(settings.BASE_DIR) / "manage.py"


@dataclass
class Load:
    """What a load of one page measured. ``errors``: failed requests and answers that
    were not 2xx or 3xx."""

    per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int

    @property
    def mean_ms(self) -> float:
        return 1000 / self.per_second if self.per_second else float("inf")


def load_tool() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def collect_static(env: dict[str, str]) -> None:
    """Static files as ``DEBUG=0`` serves them: hashed names, from a manifest."""
    subprocess.run(
        [sys.executable, str(MANAGE_PY), "collectstatic", "--noinput", "--verbosity", "0"],
        env=env,
        check=True,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int, log: Path) -> Iterator[str]:
    """Serve the site with gunicorn's sync workers, as production does; yield its
    address once it answers. Stopped, with its workers, on the way out."""
    port = free_port()
    with log.open("ab") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "network.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped (exit {process.returncode}); see {log}")
            try:
                fetch(f"{base}/robots.txt")
                break
            except OSError as refused:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"gunicorn did not answer within a minute; see {log}"
                    ) from refused
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str, headers: dict[str, str] | None = None) -> Answer:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


def run_load(
    tool: str,
    url: str,
    *,
    connections: int,
    seconds: float,
    headers: dict[str, str] | None = None,
) -> Load:
    if tool == "wrk":
        return run_wrk(url, connections=connections, seconds=seconds, headers=headers or {})
    return asyncio.run(
        python_load(url, connections=connections, seconds=seconds, headers=headers or {})
    )


# --- wrk --------------------------------------------------------------------------------


def run_wrk(url: str, *, connections: int, seconds: float, headers: dict[str, str]) -> Load:
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{round(seconds)}s", "--latency"]
    # A slow answer is a figure in the latency, not a socket error (wrk's default is 2 s).
    command += ["--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


DURATION = re.compile(r"([\d.]+)(us|ms|s|m|h)\b")
UNIT_MS = {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}


def _ms(text: str) -> float:
    number, unit = DURATION.fullmatch(text).groups()
    return float(number) * UNIT_MS[unit]


def parse_wrk(output: str) -> Load:
    def find(pattern: str, default: str | None = None) -> str:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            if default is None:
                raise ValueError(f"wrk's output has no {pattern!r}:\n{output}")
            return default
        return match.group(1)

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(find(r"Non-2xx or 3xx responses: (\d+)", "0"))
    if socket_errors:
        errors += sum(int(count) for count in socket_errors.groups())
    return Load(
        per_second=float(find(r"^Requests/sec:\s+([\d.]+)")),
        p50_ms=_ms(find(r"^\s+50%\s+(\S+)")),
        p99_ms=_ms(find(r"^\s+99%\s+(\S+)")),
        requests=int(find(r"^\s+(\d+) requests in")),
        errors=errors,
    )


# --- The Python load generator ------------------------------------------------------------


async def python_load(
    url: str, *, connections: int, seconds: float, headers: dict[str, str]
) -> Load:
    """``connections`` clients, each sending the next request when the last is answered,
    over keep-alive when the server allows it (gunicorn's sync workers close each one)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {path} HTTP/1.1", f"Host: {parts.netloc}", "Accept-Encoding: identity"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter()
    deadline = start + seconds

    async def client() -> None:
        nonlocal errors
        reader = writer = None
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
                writer.write(request)
                await writer.drain()
                status, keep_alive = await read_response(reader)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                errors += 1
                keep_alive = False
                status = 200
            else:
                latencies.append(time.perf_counter() - sent)
            if status >= 400:
                errors += 1
            if not keep_alive and writer is not None:
                writer.close()
                reader = writer = None
        if writer is not None:
            writer.close()

    await asyncio.gather(*(client() for _ in range(connections)))
    elapsed = time.perf_counter() - start
    latencies.sort()

    def percentile(share: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(len(latencies) * share))] * 1000

    return Load(
        per_second=len(latencies) / elapsed,
        p50_ms=percentile(0.50),
        p99_ms=percentile(0.99),
        requests=len(latencies),
        errors=errors,
    )


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one HTTP/1.1 answer; return its status and whether the connection stays."""
    status_line = await reader.readline()
    if not status_line:
        raise ValueError("connection closed")
    version, status = status_line.decode("latin-1").split()[:2]
    headers = {}
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    keep_alive = version == "HTTP/1.1" and headers.get("connection") != "close"
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while size := int((await reader.readline()).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readline()
    else:
        await reader.read()
        keep_alive = False
    return int(status), keep_alive
