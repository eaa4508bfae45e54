"""``gbakg queries``: list the query library with the question each query answers."""

import argparse
import textwrap

from gbakg.commands import OK, error
from graph.querylib import HeaderError, load_library


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "queries", help="list the SPARQL query library",
        description="List the library's queries (queries/*.rq): name, title, question "
        "and parameters. Run one with `gbakg query NAME`.",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        library = load_library()
    except (HeaderError, OSError) as exc:
        return error(str(exc))
    for query in library.values():
        print(f"{query.name}  —  {query.title}")
        print(textwrap.fill(query.question, width=96, initial_indent="    ",
                            subsequent_indent="    "))
        for param in query.params:
            default = f" (default {param.default})" if param.default is not None else ""
            print(f"    --param {param.name}=…  {param.description}{default}")
        print()
    return OK
