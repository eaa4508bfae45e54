"""Write a network view to a file: HTML, GraphML, GEXF (Gephi) or CSV node/edge lists.

One function per format, one registry (:data:`EXPORTERS`), like the loaders: adding a
format is one function and one entry. GraphML and GEXF take scalar attributes only, so
tuples (aliases, reports, graphs) are joined with ``|`` (:data:`LIST_SEPARATOR`).
"""

import csv
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from graph import views

LIST_SEPARATOR = "|"
NODE_COLUMNS = ("id", "label", "class", "class_label", "zh_hant", "zh_hans", "wikidata",
                "iri", "aliases", "reports", "passage")
EDGE_COLUMNS = ("source", "target", "predicate", "predicate_iri", "weight", "report",
                "reports", "graph", "graphs", "passage")


def _scalar(value: object) -> str | int | float | bool:
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return "" if value is None else str(value)


def flat(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` whose attributes are all str/int/float/bool (for GraphML/GEXF)."""
    result = g.__class__()
    result.graph.update({k: _scalar(v) for k, v in g.graph.items()})
    for node, data in g.nodes(data=True):
        result.add_node(node, **{k: _scalar(v) for k, v in data.items()})
    if g.is_multigraph():
        for u, v, key, data in g.edges(keys=True, data=True):
            result.add_edge(u, v, key=key, **{k: _scalar(x) for k, x in data.items()})
    else:
        for u, v, data in g.edges(data=True):
            result.add_edge(u, v, **{k: _scalar(x) for k, x in data.items()})
    return result


def write_graphml(g: nx.Graph, path: Path, title: str) -> list[Path]:
    """GraphML (yEd, Cytoscape, Gephi); edge keys are predicate IRIs."""
    nx.write_graphml(flat(g), path, encoding="utf-8", prettyprint=True)
    return [path]


def write_gexf(g: nx.Graph, path: Path, title: str) -> list[Path]:
    """GEXF 1.2 for Gephi."""
    nx.write_gexf(flat(g), path, encoding="utf-8", prettyprint=True, version="1.2draft")
    return [path]


def csv_paths(path: Path) -> tuple[Path, Path]:
    """``x.csv`` -> ``x.nodes.csv`` and ``x.edges.csv`` beside it."""
    stem = path.with_suffix("") if path.suffix == ".csv" else path
    return stem.with_name(stem.name + ".nodes.csv"), stem.with_name(stem.name + ".edges.csv")


def write_csv(g: nx.Graph, path: Path, title: str) -> list[Path]:
    """Two UTF-8 CSV files: one row per node and one per edge (lists ``|``-joined)."""
    nodes_path, edges_path = csv_paths(path)
    with nodes_path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(NODE_COLUMNS)
        for node, data in g.nodes(data=True):
            writer.writerow([node, *(_scalar(data.get(c, "")) for c in NODE_COLUMNS[1:])])
    with edges_path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(EDGE_COLUMNS)
        for u, v, data in g.edges(data=True):
            row = {**data, "weight": data.get("weight", 1)}
            writer.writerow([u, v, *(_scalar(row.get(c, "")) for c in EDGE_COLUMNS[2:])])
    return [nodes_path, edges_path]


def write_html(g: nx.Graph, path: Path, title: str) -> list[Path]:
    """The interactive offline page (:mod:`graph.views`)."""
    return [views.write(g, path, title)]


EXPORTERS: dict[str, tuple[str, Callable[[nx.Graph, Path, str], list[Path]]]] = {
    "html": (".html", write_html),
    "graphml": (".graphml", write_graphml),
    "gexf": (".gexf", write_gexf),
    "csv": (".csv", write_csv),
}
"""Format name -> (default file suffix, writer returning the files written)."""


def export(g: nx.Graph, path: Path, fmt: str, title: str = "") -> list[Path]:
    """Write ``g`` to ``path`` in ``fmt``; return the files written."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(EXPORTERS)})")
    return EXPORTERS[fmt][1](g, path, title or str(g.graph.get("name", "network")))


__all__ = ["EXPORTERS", "LIST_SEPARATOR", "csv_paths", "export", "flat"]
