"""``gbakg build``: sources -> validated graph, dumps and store in a build folder."""

import argparse
import logging
import sys
from pathlib import Path
from typing import TextIO

from gbakg.config import BUILD_JOBS, DEFAULT_BUILD, DEFAULT_REGISTRY, DEFAULT_SOURCES
from graph.build import Progress, build

EVERY = 25
"""Without a terminal, report progress every this many sources."""


class StderrProgress(Progress):
    """``[12/300] file.txt`` on stderr: rewritten in place on a terminal, else every N files."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.dirty = False

    def source(self, done: int, total: int, path: Path) -> None:
        if self.tty:
            if done < total:
                self.stream.write(f"\r\033[K[{done + 1}/{total}] {path}")
                self.dirty = True
            else:
                self._end_line()
        elif done < total and (done + 1) % EVERY == 0:
            self.stream.write(f"[{done + 1}/{total}] {path}\n")
        self.stream.flush()

    def stage(self, text: str) -> None:
        self._end_line()
        if self.tty:
            self.stream.write(f"{text}…\n")
            self.stream.flush()

    def _end_line(self) -> None:
        if self.dirty:
            self.stream.write("\r\033[K")
            self.dirty = False


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "build", help="build the graph, dumps and store from source pages",
        description="Read source pages, extract one named graph per report, validate them "
        "(SHACL) and publish a new build generation atomically. Unchanged sources are "
        "taken from the cache. Exit codes: 0 conforms, 1 SHACL violations, 2 error.",
    )
    parser.add_argument(
        "sources", nargs="*", type=Path, metavar="SOURCE",
        help=f"source files or folders (default: {DEFAULT_SOURCES})",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_BUILD, metavar="DIR",
                        help=f"build folder (default: ./{DEFAULT_BUILD})")
    parser.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY, metavar="FILE",
                        help=f"entity registry TSV (default: {DEFAULT_REGISTRY})")
    parser.add_argument("--jobs", "-j", type=_jobs, default=BUILD_JOBS, metavar="N",
                        help="extract sources in N worker processes; the output does not "
                        f"depend on N (default: {BUILD_JOBS}, the CPU count)")
    parser.add_argument("--quiet", action="store_true", help="no progress or warnings")
    parser.set_defaults(func=run)


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes >= 1, "
                                         f"got {text!r}")
    return jobs


def run(args: argparse.Namespace) -> int:
    # pypdf logs what it repairs ("EOF marker not found") to Python's last-resort stderr
    # handler; a bad PDF is already one error line naming the file, so keep stderr to that.
    logging.getLogger("pypdf").addHandler(logging.NullHandler())
    sources = args.sources or [DEFAULT_SOURCES]
    progress = None if args.quiet else StderrProgress(sys.stderr)
    result = build(sources, args.out, args.registry, progress, jobs=args.jobs)
    for message in result.errors:
        print(message, file=sys.stderr)
    if not args.quiet:
        for message in result.warnings:
            print(f"warning: {message}", file=sys.stderr)
    if result.report is not None and not result.report.conforms:
        print(result.report.format())
    elif result.report is not None and result.report.violations and not args.quiet:
        print(result.report.format(), file=sys.stderr)
    print(result.summary(), file=sys.stderr if result.exit_code else sys.stdout)
    return result.exit_code
