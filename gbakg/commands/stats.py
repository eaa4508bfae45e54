"""``gbakg stats``: what a build holds, per class and per report."""

import argparse
import json

from gbakg.commands import OK, add_build_option, error
from graph.layout import LayoutError
from graph.stats import compute_stats, format_table
from graph.store import open_store


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "stats", help="count classes (with subclasses), reports and triples of a build",
        description="Counts per class (asserted and including subclasses) and per report "
        "(recommendations, mentions, statistics, funds, triples).",
    )
    add_build_option(parser)
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help="output format (default: table)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        stats = compute_stats(open_store(args.build))
    except (LayoutError, OSError) as exc:
        return error(str(exc))
    if args.format == "json":
        print(json.dumps(stats.to_json(), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print(format_table(stats))
    return OK
