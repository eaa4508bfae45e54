"""Real server processes for the tests: a free loopback port, start-wait-stop, HTTP calls.

Shared by tests/graph/test_remote.py (oxigraph serve, gbakg serve) and
tests/graph/test_server_safety.py (gbakg serve's safe defaults).
"""

import contextlib
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from gbakg.config import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def http(url: str, data: bytes | None = None, method: str | None = None, timeout: float = 30,
         **headers: str) -> tuple[int, str, bytes]:
    """Status, content type and body; an HTTP error status is an answer, not an exception."""
    ask = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(ask, timeout=timeout) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as exc:
        with exc:  # closes its socket now, not whenever a GC cycle frees the exception
            return exc.code, exc.headers.get("Content-Type", ""), exc.read()


@contextlib.contextmanager
def running(argv: list[str], port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server process, wait until it answers on ``port``, always stop it."""
    with log.open("wb") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT,
                                   cwd=PROJECT_ROOT)
        try:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None:
                    raise AssertionError(f"server exited: {log.read_text('utf-8', 'replace')}")
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise AssertionError("server did not start in 30 s") from None
                    time.sleep(0.1)
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
