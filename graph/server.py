"""Serve a build read-only over HTTP with the ``oxigraph`` server (SPARQL + YASGUI UI).

The oxigraph binary (installed with the ``oxigraph`` package next to Python) has the
YASGUI query page compiled in, so the UI works offline. ``serve-read-only`` refuses
updates; ``--union-default-graph`` makes the default graph the union of the report graphs,
as in ``gbakg query``. Binding beyond loopback is a decision the caller must make
explicitly (see ``gbakg serve --allow-remote``).

Query time-out (``--timeout-s``, ``gbakg serve --timeout``), and its limits in oxigraph 0.5:
the server has already sent ``200 OK`` and the start of the results when it gives up, so a
timed-out answer is a document cut short by "The SPARQL operation has been cancelled"
(clients see a parse error, never a partial result as complete). And the time-out is
cooperative: some plans (a four-way cross join, for one) do not check it, keep the
connection open and a CPU busy until they finish, even after the client has gone
(oxigraph/oxigraph#1874, #1336). The server keeps answering other requests meanwhile.
That is one more reason to serve on loopback only: anyone who can reach the port can
keep its CPUs busy. Restart the server to end such a query.

A server reads the generation that was current when it started; it keeps answering from it
after rebuilds (even once the build deletes that generation's folder: its files stay open),
so restart ``gbakg serve`` to publish a rebuild.
"""

import ipaddress
import shutil
import sys
from pathlib import Path

from gbakg.config import QUERY_TIMEOUT_S
from graph.layout import STORE, resolve_current


class ServerError(Exception):
    """The server cannot be started as asked (no binary, bad host)."""


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable: beside this Python first (a venv), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise ServerError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_address(host: str, port: int) -> str:
    """``host:port`` with IPv6 hosts bracketed."""
    host = host.strip("[]")
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def store_location(build: Path) -> Path:
    """The store folder of the build's current generation, resolved once."""
    return resolve_current(build) / STORE


def serve_command(build: Path, host: str, port: int,
                  timeout_s: float = QUERY_TIMEOUT_S) -> list[str]:
    """The argv that serves ``build`` read-only on ``host:port``."""
    return [
        oxigraph_binary(), "serve-read-only",
        "--location", str(store_location(build)),
        "--bind", bind_address(host, port),
        "--union-default-graph",
        "--timeout-s", str(int(timeout_s)),
    ]


def ui_url(host: str, port: int) -> str:
    """The address of the query UI (YASGUI) the server shows at its root."""
    return f"http://{bind_address(host, port)}/"


__all__ = ["ServerError", "bind_address", "is_loopback", "oxigraph_binary", "serve_command",
           "store_location", "ui_url"]
