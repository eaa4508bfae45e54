"""Sub-commands of ``gbakg``, one module each, plus the options and helpers they share."""

import argparse
import sys
from pathlib import Path

from gbakg.config import DEFAULT_BUILD

OK, VIOLATIONS, ERROR = 0, 1, 2
"""Exit codes of every command."""


def add_build_option(parser: argparse.ArgumentParser) -> None:
    """``--build DIR``: the build folder every reading command looks in."""
    parser.add_argument(
        "--build", type=Path, default=DEFAULT_BUILD, metavar="DIR",
        help=f"build folder to read (default: ./{DEFAULT_BUILD})",
    )


def error(message: str) -> int:
    """Print a one-line error on stderr and return the error exit code."""
    print(f"gbakg: {message}", file=sys.stderr)
    return ERROR
