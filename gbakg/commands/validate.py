"""``gbakg validate``: re-check a build's graphs against the shapes (each report + union)."""

import argparse
import sys

from gbakg.commands import OK, VIOLATIONS, add_build_option, error
from graph.build import conforms
from graph.layout import LayoutError
from graph.store import open_store
from graph.validation import (
    ValidationReport,
    validate_graph,
    validate_graphs_fast,
    validate_union,
)


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "validate", help="re-validate a build (SHACL, per report and across reports)",
        description="Validate every report graph of the current build, then the union. "
        "Exit codes: 0 conforms, 1 violations, 2 error.",
    )
    add_build_option(parser)
    parser.add_argument(
        "--reference", action="store_true",
        help="check each report graph with pySHACL, the reference SHACL engine (slow: about "
        "0.1 s a report), instead of the shapes compiled to SPARQL that the build uses",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        store = open_store(args.build)
    except (LayoutError, OSError) as exc:
        return error(str(exc))
    graphs = store.graphs()
    if not graphs:
        return error(f"{args.build}: the build holds no report graphs")
    if args.reference:
        violations = [v for iri, g in graphs.items()
                      for v in validate_graph(g, str(iri)).violations]
    else:
        violations = list(validate_graphs_fast(graphs).violations)
    violations += validate_union(graphs).violations
    report = ValidationReport(conforms=conforms(violations), violations=violations)
    if violations:
        print(report.format())
    if not report.conforms:
        print(f"{store.generation}: does not conform", file=sys.stderr)
        return VIOLATIONS
    print(f"{store.generation}: {len(graphs):,} report graphs conform")
    return OK
