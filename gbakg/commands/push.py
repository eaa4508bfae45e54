"""``gbakg push``: load the build's named graphs into a shared triple store."""

import argparse
import sys

from gbakg.commands import OK, add_build_option, error
from graph.layout import LayoutError
from graph.push import push_build
from graph.remote import KINDS, RemoteError
from graph.store import open_store


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "push", help="upload the build's named graphs to a triple store (Graph Store Protocol)",
        description="PUT every report graph to the store's SPARQL 1.1 Graph Store Protocol "
        "endpoint, keeping named graphs; pushing again replaces them. URL forms: oxigraph "
        "http://host:7878 (-> /store), fuseki http://host:3030/DATASET (-> /data), gsp the "
        "exact Graph Store endpoint (e.g. GraphDB .../repositories/REPO/rdf-graphs/service).",
    )
    parser.add_argument("--endpoint", required=True, metavar="URL", help="the store's URL")
    parser.add_argument("--kind", choices=KINDS, default="oxigraph",
                        help="how to reach the Graph Store endpoint (default: oxigraph)")
    add_build_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        store = open_store(args.build)
        result = push_build(store, args.endpoint, args.kind)
    except (LayoutError, RemoteError, OSError) as exc:
        return error(str(exc))
    print(f"pushed {result.graphs:,} graphs, {result.triples:,} triples to {result.url}",
          file=sys.stdout)
    return OK
