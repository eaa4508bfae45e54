"""``gbakg viz``: a network view of a build as offline HTML, GraphML, GEXF or CSV."""

import argparse
import time
from pathlib import Path

from gbakg.commands import OK, add_build_option, error
from graph.layout import LayoutError
from graph.network import VIEW_NAMES, UnknownEntity, view
from graph.network_export import EXPORTERS, export
from graph.store import open_store
from graph.views import MAX_NODES
from graph.views import write as write_html
from ontology.iris import slug

TITLES = {
    "overview": "Entity network",
    "hk-sz": "Hong Kong–Shenzhen collaboration",
    "ego": "Neighbourhood of {focus}",
    "report": "Report graph: {focus}",
    "co-mention": "Organisations and places named in the same reports",
}


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "viz", help="draw or export a network view (HTML, GraphML, GEXF, CSV)",
        description="Project the build onto an entity network and write one view: overview "
        "(everything), hk-sz (Hong Kong–Shenzhen collaboration), ego (around --focus), "
        "report (one report's graph, --focus) or co-mention (organisations and places "
        "weighted by shared reports). HTML works offline from the file.",
    )
    parser.add_argument("view", choices=VIEW_NAMES, metavar="VIEW",
                        help=f"one of: {', '.join(VIEW_NAMES)}")
    parser.add_argument("--focus", metavar="ENTITY",
                        help="entity for ego/report: a label, an alias or an IRI")
    parser.add_argument("--depth", type=int, default=1, metavar="N",
                        help="ego view: links to follow from --focus (default: 1)")
    parser.add_argument("--format", choices=tuple(EXPORTERS), default="html",
                        help="output format (default: html; csv writes NAME.nodes.csv and "
                        "NAME.edges.csv)")
    parser.add_argument("--max-nodes", type=int, default=MAX_NODES, metavar="N",
                        help="html: show the N most central nodes of a larger view (default: "
                        f"{MAX_NODES}); a capped overview reads only what it shows")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="output file (default: ./VIEW[-FOCUS].EXT)")
    add_build_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.depth < 0:
        return error("--depth must be 0 or more")
    if args.max_nodes < 1:
        return error("--max-nodes must be 1 or more")
    html = args.format == "html"
    started = time.perf_counter()
    try:
        network = view(open_store(args.build), args.view, args.focus, args.depth,
                       max_nodes=args.max_nodes if html else None)
    except (LayoutError, OSError) as exc:
        return error(str(exc))
    except UnknownEntity as exc:
        return error(str(exc.args[0]))
    focus = args.focus if args.view in ("ego", "report") and args.focus else ""
    output: Path = args.output or Path(
        args.view + (f"-{slug(focus)}" if focus else "") + EXPORTERS[args.format][0])
    title = TITLES[args.view].format(focus=focus)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        written = ([write_html(network, output, title, max_nodes=args.max_nodes)] if html
                   else export(network, output, args.format, title))
    except OSError as exc:
        return error(f"{output}: cannot write ({exc.strerror or exc})")
    seconds = time.perf_counter() - started
    total = int(network.graph.get("total_nodes", 0))
    whole = f" (the most central of {total:,})" if total > network.number_of_nodes() else ""
    print(f"wrote {', '.join(str(p) for p in written)}: {network.number_of_nodes():,} nodes, "
          f"{network.number_of_edges():,} edges{whole} in {seconds:.2f} s")
    return OK
