"""The ``gbakg`` command: a thin argparse front over plain functions in ``graph``.

Each sub-command is a module in ``gbakg/commands/`` with ``register(subparsers)``; add a
command by writing one and listing it in ``COMMANDS``. Only the module of the command being
run is imported (``gbakg build`` need not load networkx and pyvis for ``viz``: about half a
second of every run); ``gbakg --help`` and unknown commands load them all. Exit codes: 0
success, 1 SHACL violations, 2 error (bad input, missing path, usage).
"""

import argparse
import importlib
import sys
from collections.abc import Sequence

from gbakg import __version__
from gbakg.commands import ERROR

COMMANDS = ("build", "validate", "stats", "viz", "query", "queries", "serve", "push")
"""Module names in ``gbakg.commands``, in the order ``--help`` lists them."""


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with a known ``command``, only that sub-command is registered."""
    top = argparse.ArgumentParser(
        prog="gbakg",
        description="Greater Bay Area innovation-policy knowledge graph: build, check and "
        "explore an RDF graph of policy reports.",
        epilog="Exit codes: 0 success, 1 SHACL violations, 2 error.",
    )
    top.add_argument("--version", action="version", version=f"gbakg {__version__}")
    subparsers = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in [command] if command in COMMANDS else COMMANDS:
        importlib.import_module(f"gbakg.commands.{name}").register(subparsers)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        command = next((arg for arg in argv if not arg.startswith("-")), None)
        args = parser(command).parse_args(argv)
        code: int = args.func(args)
        return code
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
