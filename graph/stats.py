"""Counts over a build: instances per class (with subclasses) and what each report holds.

Class counts follow the ontology's ``rdfs:subClassOf`` hierarchy (ontology/gba.ttl), so a
``gba:Regulator`` counts as a ``gba:Organisation`` too; both the asserted ("direct") and the
inherited ("total") counts are shown. Everything is read with SPARQL on the store.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

import ontology
from graph.serialise import turtle_iri
from graph.store import GraphStore
from ontology.iris import graph_iri
from ontology.namespace import GBA

ONTOLOGY_FILE = ontology.ONTOLOGY_FILE


@dataclass(frozen=True)
class ClassCount:
    cls: str
    direct: int
    total: int


@dataclass(frozen=True)
class ReportCount:
    graph: str
    report: str
    title: str
    recommendations: int
    mentions: int
    statistics: int
    funds: int
    triples: int


@dataclass(frozen=True)
class Stats:
    generation: str
    graphs: int
    reports: int
    triples: int
    distinct_triples: int
    classes: list[ClassCount]
    per_report: list[ReportCount]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def superclasses(ontology_graph: Graph) -> dict[str, set[str]]:
    """Each class's ancestors-or-self, as IRIs."""
    parents: dict[str, set[str]] = defaultdict(set)
    for child, parent in ontology_graph.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            parents[str(child)].add(str(parent))
    closure: dict[str, set[str]] = {}

    def ancestors(cls: str, path: frozenset[str] = frozenset()) -> set[str]:
        if cls not in closure:
            found = {cls}
            for parent in parents.get(cls, ()):
                if parent not in path:
                    found |= ancestors(parent, path | {cls})
            closure[cls] = found
        return closure[cls]

    for cls in list(parents):
        ancestors(cls)
    return closure


def _count_by_graph(store: GraphStore, pattern: str) -> dict[tuple[str, str], int]:
    rows = store.select(
        "SELECT ?g ?r (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { " + pattern + " } } "
        "GROUP BY ?g ?r"
    )
    return {(str(row["g"]), str(row["r"])): int(str(row["n"])) for row in rows}


def compute_stats(store: GraphStore, ontology_file: Path = ONTOLOGY_FILE) -> Stats:
    """Class and per-report counts for the generation ``store`` has open."""
    closure = superclasses(Graph().parse(ontology_file))
    direct: dict[str, set[str]] = defaultdict(set)
    total: dict[str, set[str]] = defaultdict(set)
    for row in store.select("SELECT DISTINCT ?s ?t WHERE { ?s a ?t FILTER(isIRI(?t)) }"):
        node, cls = str(row["s"]), str(row["t"])
        direct[cls].add(node)
        for ancestor in closure.get(cls, {cls}):
            total[ancestor].add(node)
    shown = set(direct) | {c for c in total if c.startswith(str(GBA))}
    classes = sorted(
        (ClassCount(turtle_iri(c), len(direct.get(c, ())), len(total[c])) for c in shown),
        key=lambda count: count.cls,
    )

    size = {str(r["g"]): int(str(r["n"])) for r in store.select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    titles: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in store.select(
        "SELECT ?g ?r ?t WHERE { GRAPH ?g { ?r dcterms:title ?t } }"
    ):
        titles[str(row["g"])].append((str(row["r"]), str(row["t"])))
    recommendations = _count_by_graph(store, "?r gba:recommends ?x")
    mentions = _count_by_graph(store, "?r gba:mentions ?x")
    statistics = _count_by_graph(store, "?r gba:cites ?x")
    funds = {str(r["g"]): int(str(r["n"])) for r in store.select(
        "SELECT ?g (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a gba:Fund } } GROUP BY ?g")}
    per_report = []
    for g in sorted(size):
        candidates = sorted(titles.get(g, []))
        main = [c for c in candidates if str(graph_iri(URIRef(c[0]))) == g] or candidates
        report, title = main[0] if main else ("", "")
        per_report.append(ReportCount(
            graph=g, report=report, title=title,
            recommendations=recommendations.get((g, report), 0),
            mentions=mentions.get((g, report), 0),
            statistics=statistics.get((g, report), 0),
            funds=funds.get(g, 0), triples=size[g],
        ))
    distinct = store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    return Stats(
        generation=store.generation.name, graphs=len(size), reports=len(per_report),
        triples=sum(size.values()), distinct_triples=int(str(distinct[0]["n"])),
        classes=classes, per_report=per_report,
    )


def format_table(stats: Stats, width: int = 60) -> str:
    """A plain-text table for the terminal."""
    lines = [
        f"generation {stats.generation}: {stats.reports:,} reports, {stats.graphs:,} graphs, "
        f"{stats.triples:,} triples ({stats.distinct_triples:,} distinct)",
        "",
        f"{'class':<28} {'direct':>8} {'with subclasses':>16}",
    ]
    lines += [f"{c.cls:<28} {c.direct:>8,} {c.total:>16,}" for c in stats.classes]
    lines += ["", f"{'report':<{width}} {'recs':>5} {'mentions':>8} {'stats':>6} {'funds':>6} "
              f"{'triples':>8}"]
    for r in stats.per_report:
        title = r.title if len(r.title) <= width else r.title[: width - 1] + "…"
        lines.append(f"{title:<{width}} {r.recommendations:>5} {r.mentions:>8} "
                     f"{r.statistics:>6} {r.funds:>6} {r.triples:>8,}")
    return "\n".join(lines)


__all__ = ["ClassCount", "ReportCount", "Stats", "compute_stats", "format_table", "superclasses"]
