"""``gbakg serve``: a read-only SPARQL endpoint and query UI over the build, for a browser."""

import argparse
import signal
import subprocess
import sys
from types import FrameType

from gbakg.commands import ERROR, OK, add_build_option, error
from gbakg.config import QUERY_TIMEOUT_S, SERVER_HOST, SERVER_PORT
from graph.layout import LayoutError
from graph.server import ServerError, bind_address, is_loopback, serve_command, ui_url


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "serve", help="serve the build read-only: SPARQL endpoint + web query UI",
        description="Run the oxigraph server read-only on the build's store, with the "
        "union of report graphs as default graph. The YASGUI page at / needs no internet. "
        "Listens on loopback unless --host and --allow-remote say otherwise.",
    )
    add_build_option(parser)
    parser.add_argument("--host", default=SERVER_HOST,
                        help=f"address to listen on (default {SERVER_HOST})")
    parser.add_argument("--port", type=int, default=SERVER_PORT,
                        help=f"port (default {SERVER_PORT})")
    parser.add_argument("--allow-remote", action="store_true",
                        help="allow a non-loopback --host (anyone who reaches it can query)")
    parser.add_argument("--timeout", type=int, default=int(QUERY_TIMEOUT_S), metavar="SECONDS",
                        help=f"stop a query after this many seconds (default "
                        f"{int(QUERY_TIMEOUT_S)}); the answer is then cut short with "
                        "'The SPARQL operation has been cancelled' (oxigraph has already "
                        "sent 200 OK)")
    parser.set_defaults(func=run)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        return error(f"--port {args.port}: not a TCP port")
    if args.timeout < 1:
        return error(f"--timeout {args.timeout}: give a whole number of seconds, at least 1")
    if not is_loopback(args.host):
        if not args.allow_remote:
            return error(f"--host {args.host} is not a loopback address; add --allow-remote "
                         "to serve the graph to other machines")
        print(f"gbakg: warning: serving on {args.host}: anyone who can reach this address "
              "can query the graph", file=sys.stderr)
    try:
        argv = serve_command(args.build, args.host, args.port, args.timeout)
    except (LayoutError, ServerError, OSError) as exc:
        return error(str(exc))
    print(f"SPARQL endpoint: {ui_url(args.host, args.port)}query", flush=True)
    print(f"Query UI: {ui_url(args.host, args.port)}  (Ctrl-C stops)", flush=True)
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        child = subprocess.Popen(argv)
    except OSError as exc:
        signal.signal(signal.SIGTERM, previous)
        return error(f"cannot start {argv[0]}: {exc}")
    try:
        code = child.wait()
    except (KeyboardInterrupt, SystemExit):
        code = 0
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        signal.signal(signal.SIGTERM, previous)
    if code not in (0, -signal.SIGTERM, -signal.SIGINT):
        return error(f"the server stopped with exit code {code} "
                     f"(is {bind_address(args.host, args.port)} already in use?)")
    return OK if code in (0, -signal.SIGTERM, -signal.SIGINT) else ERROR
