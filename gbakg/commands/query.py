"""``gbakg query``: run a library query, a .rq file or SPARQL text, locally or remotely."""

import argparse
import os
import sys

from gbakg.commands import OK, add_build_option, error
from graph.layout import LayoutError
from graph.params import ParamError, split_assignments
from graph.results import FORMATS, format_result
from graph.sparql import QueryError, QuerySyntaxError, run_query
from graph.store import open_store


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "query", help="run a SPARQL query (library name, .rq file or text)",
        description="Run QUERY on the build's store (default graph = union of the report "
        "graphs) or on a SPARQL endpoint. Parameters are bound as RDF terms, never pasted "
        "into the query. Exit codes: 0 success, 2 error (syntax errors name line and "
        "column).",
    )
    parser.add_argument("query", metavar="QUERY",
                        help="a library name (see `gbakg queries`), a .rq path or SPARQL text")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="bind a parameter (repeatable); IRIs as <…>, http… or id:…")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table (default), csv, tsv, json (SPARQL JSON results), markdown")
    add_build_option(parser)
    parser.add_argument("--endpoint", metavar="URL",
                        help="run on this SPARQL endpoint instead of the build")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        params = split_assignments(args.param)
        store = None if args.endpoint else open_store(args.build)
        result, _ = run_query(args.query, params, store=store, endpoint=args.endpoint)
    except QuerySyntaxError as exc:
        code = error(str(exc))
        if exc.excerpt():
            print(exc.excerpt(), file=sys.stderr)
        return code
    except (QueryError, ParamError, LayoutError, OSError) as exc:
        return error(str(exc))
    try:
        sys.stdout.write(format_result(result, args.format))
        sys.stdout.flush()
    except BrokenPipeError:  # `gbakg query … | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return OK
