"""The entity network: a build's RDF projected onto a networkx MultiDiGraph, and its views.

Built on :func:`rdflib.extras.external_graph_libs.rdflib_to_networkx_multidigraph` (one call
per report graph, predicate as edge key), so an edge remembers the named graphs (reports)
it was read from. Only *entities* become nodes: reports, organisations, posts, places,
funds, recommendations and collaborations. Passages, evidence and source files are the
provenance of those nodes and edges, so their quote is attached as a ``passage`` attribute
(for tooltips) instead of cluttering the network.

Node ids are IRI strings; node and edge attributes are strings or tuples of strings, so
exports (GraphML, GEXF, CSV) need no guessing. Views: ``overview``, ``hk-sz``, ``ego``,
``report`` and ``co-mention`` (see :data:`VIEWS`).
"""

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from graph.store import GraphStore
from ontology import ONTOLOGY_FILE
from ontology.iris import graph_iri
from ontology.namespace import GBA, ID, PREFIXES, WD

HONG_KONG = str(ID["place/hong-kong"])
SHENZHEN = str(ID["place/shenzhen"])
ENTITY_ROOTS = (
    GBA.Report, GBA.Organisation, GBA.Post, GBA.Place, GBA.Fund,
    GBA.Recommendation, GBA.Collaboration,
)
"""Classes (with their subclasses) whose instances are nodes of the network."""
ORGANISATION_OR_PLACE = (GBA.Organisation, GBA.Place)
REPORT_LINKS = (GBA.mentions, DCTERMS.publisher, GBA.partner)
"""How a report names an organisation or place (for the co-mention network)."""
VIEW_NAMES = ("overview", "hk-sz", "ego", "report", "co-mention")


class UnknownEntity(LookupError):
    """``--focus`` named nothing in the graph; the message lists close matches."""


@dataclass(frozen=True)
class Ontology:
    """The gba: class tree, read once from ``gba.ttl``."""

    parents: dict[URIRef, frozenset[URIRef]]
    labels: dict[URIRef, str]

    def ancestors(self, cls: URIRef) -> set[URIRef]:
        seen: set[URIRef] = set()
        todo = [cls]
        while todo:
            for parent in self.parents.get(todo.pop(), frozenset()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def depth(self, cls: URIRef) -> int:
        return len(self.ancestors(cls))

    def is_a(self, cls: URIRef, roots: Iterable[URIRef]) -> bool:
        family = self.ancestors(cls) | {cls}
        return any(root in family for root in roots)


@lru_cache(maxsize=1)
def ontology() -> Ontology:
    """The class hierarchy and class labels of the gba: ontology."""
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for cls, parent in g.subject_objects(RDFS.subClassOf):
        if isinstance(cls, URIRef) and isinstance(parent, URIRef):
            parents[cls].add(parent)
    labels = {
        s: str(o) for s, o in g.subject_objects(RDFS.label)
        if isinstance(s, URIRef) and getattr(o, "language", None) == "en"
    }
    return Ontology({k: frozenset(v) for k, v in parents.items()}, labels)


def curie(iri: Node | str) -> str:
    """``gba:City`` for a gba: IRI (any project prefix), else the IRI itself."""
    text = str(iri)
    best = ""
    prefix_of = ""
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace if isinstance(namespace, str) else namespace._NS)
        if text.startswith(ns) and len(ns) > len(best):
            best, prefix_of = ns, prefix
    return f"{prefix_of}:{text[len(best):]}" if best else text


def _entities(store: GraphStore) -> dict[str, dict[str, object]]:
    """Every entity node with its attributes (one SPARQL pass per attribute kind)."""
    onto = ontology()
    types: dict[str, list[URIRef]] = defaultdict(list)
    for row in store.select("SELECT DISTINCT ?e ?t WHERE { ?e a ?t . FILTER(isIRI(?e)) }"):
        e, t = row["e"], row["t"]
        if isinstance(t, URIRef) and onto.is_a(t, ENTITY_ROOTS):
            types[str(e)].append(t)
    nodes: dict[str, dict[str, object]] = {}
    for iri in sorted(types):
        cls = max(types[iri], key=lambda t: (onto.depth(t), str(t)))
        nodes[iri] = {
            "iri": iri, "label": "", "class": curie(cls),
            "class_label": onto.labels.get(cls, curie(cls)),
            "zh_hant": "", "zh_hans": "", "wikidata": "", "passage": "",
            "aliases": (), "reports": (),
        }
    labels = store.select(
        "SELECT ?e ?p ?l WHERE { VALUES ?p { rdfs:label skos:altLabel dcterms:title } ?e ?p ?l }"
        " ORDER BY ?e ?p ?l"
    )
    aliases: dict[str, list[str]] = defaultdict(list)
    for row in labels:
        node = nodes.get(str(row["e"]))
        if node is None:
            continue
        text, lang = str(row["l"]), (getattr(row["l"], "language", None) or "").lower()
        if row["p"] == SKOS.altLabel:
            aliases[str(row["e"])].append(text)
        elif lang == "zh-hant" and not node["zh_hant"]:
            node["zh_hant"] = text
        elif lang == "zh-hans" and not node["zh_hans"]:
            node["zh_hans"] = text
        elif lang in ("en", "") and row["p"] == RDFS.label and not node["label"]:
            node["label"] = text
    for iri, names in aliases.items():
        nodes[iri]["aliases"] = tuple(dict.fromkeys(names))
    for row in store.select(
        "SELECT ?e ?w WHERE { VALUES ?p { owl:sameAs skos:exactMatch } ?e ?p ?w } ORDER BY ?e ?w"
    ):
        node = nodes.get(str(row["e"]))
        if node is not None and str(row["w"]).startswith(str(WD)) and not node["wikidata"]:
            node["wikidata"] = str(row["w"]).removeprefix(str(WD))
    # A node's source passage: its own gba:passage, else the first evidence naming it.
    for row in store.select(
        "SELECT ?e ?q WHERE { { ?e gba:passage ?p } UNION"
        " { ?ev a gba:Evidence ; rdf:object ?e ; gba:passage ?p } ?p oa:exact ?q ; oa:start ?s }"
        " ORDER BY ?e ?s ?q"
    ):
        node = nodes.get(str(row["e"]))
        if node is not None and not node["passage"]:
            node["passage"] = str(row["q"])
    for iri, node in nodes.items():
        if not node["label"]:
            node["label"] = iri.rsplit("/", 1)[-1]
    return nodes


def _report_of_graph(store: GraphStore) -> dict[str, str]:
    """Named graph IRI -> the report it was extracted for."""
    found: dict[str, str] = {}
    for row in store.select(
        "SELECT DISTINCT ?r WHERE { ?r a ?t . VALUES ?t { gba:Report gba:PolicyDocument } }"
    ):
        report = row["r"]
        if isinstance(report, URIRef):
            found[str(graph_iri(report))] = str(report)
    return found


def _edge_passages(store: GraphStore) -> dict[tuple[str, str, str, str], str]:
    """(graph, s, p, o) -> the quote of the first evidence passage for that triple."""
    quotes: dict[tuple[str, str, str, str], str] = {}
    for row in store.select(
        "SELECT ?g ?s ?p ?o ?q WHERE { GRAPH ?g { ?e a gba:Evidence ; rdf:subject ?s ;"
        " rdf:predicate ?p ; rdf:object ?o ; gba:passage ?psg . ?psg oa:exact ?q ;"
        " oa:start ?start } } ORDER BY ?g ?s ?p ?o ?start ?q",
        union=False,
    ):
        key = (str(row["g"]), str(row["s"]), str(row["p"]), str(row["o"]))
        quotes.setdefault(key, str(row["q"]))
    return quotes


@dataclass
class _Edge:
    """One (s, p, o) while projecting: the graphs and reports stating it, its quote."""

    graphs: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    passage: str = ""


def project(store: GraphStore, graphs: Iterable[URIRef | str] | None = None) -> nx.MultiDiGraph:
    """The entity network of a build (or of the given named graphs only).

    Edges are keyed by predicate IRI; ``graphs``/``reports`` list every named graph (report)
    that states the triple, ``graph``/``report`` the first of them, ``passage`` the quote.
    """
    nodes = _entities(store)
    report_of = _report_of_graph(store)
    quotes = _edge_passages(store)
    wanted = sorted(str(g) for g in (store.named_graphs() if graphs is None else graphs))
    edges: dict[tuple[str, str, str], _Edge] = {}
    members: dict[str, set[str]] = defaultdict(set)
    for g_iri in wanted:
        rdf = store.graph(URIRef(g_iri))
        entity_triples = Graph()
        for s, p, o in rdf:
            if p != RDF.type and str(s) in nodes and str(o) in nodes:
                entity_triples.add((s, p, o))
        for subject in rdf.subjects(RDF.type, None, unique=True):
            if str(subject) in nodes:
                members[str(subject)].add(g_iri)
        report = report_of.get(g_iri, "")
        part = rdflib_to_networkx_multidigraph(
            entity_triples, edge_attrs=lambda s, p, o: {"key": str(p)})
        for u, v, key in part.edges(keys=True):
            edge = edges.setdefault((str(u), str(v), str(key)), _Edge())
            edge.graphs.append(g_iri)
            if report:
                edge.reports.append(report)
            edge.passage = edge.passage or quotes.get((g_iri, str(u), str(key), str(v)), "")
    result = nx.MultiDiGraph(name="overview" if graphs is None else "report")
    for iri in sorted(set(members) if graphs is not None else nodes):
        attrs = dict(nodes[iri])
        attrs["reports"] = tuple(sorted(report_of.get(g, g) for g in members.get(iri, ())))
        result.add_node(iri, **attrs)
    for (u, v, key), edge in sorted(edges.items()):
        if u in result and v in result:
            graphs_of, reports_of = tuple(sorted(edge.graphs)), tuple(sorted(edge.reports))
            result.add_edge(
                u, v, key=key, predicate=curie(key), predicate_iri=key,
                graph=graphs_of[0], graphs=graphs_of,
                report=reports_of[0] if reports_of else "", reports=reports_of,
                passage=edge.passage,
            )
    return result


def _induced(g: nx.MultiDiGraph, keep: Iterable[str], name: str) -> nx.MultiDiGraph:
    """A copy of ``g`` on the nodes in ``keep``, in ``g``'s (sorted) order."""
    wanted = set(keep)
    sub: nx.MultiDiGraph = g.subgraph([n for n in g if n in wanted]).copy()
    sub.graph["name"] = name
    return sub


def _of_class(g: nx.Graph, node: str, roots: Iterable[URIRef]) -> bool:
    cls = str(g.nodes[node].get("class", ""))
    prefix, _, local = cls.partition(":")
    return prefix == "gba" and ontology().is_a(GBA[local], roots)


def hk_sz(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Hong Kong–Shenzhen collaborations, their reports, zones, the two cities, and the
    recommendations and organisations of those reports."""
    participant, through = str(GBA.participant), str(GBA.through)
    proposes, recommends = str(GBA.proposesCollaboration), str(GBA.recommends)
    collaborations = [
        n for n in g
        if g.nodes[n].get("class") == "gba:Collaboration"
        and g.has_edge(n, HONG_KONG, participant) and g.has_edge(n, SHENZHEN, participant)
    ]
    keep: set[str] = {HONG_KONG, SHENZHEN} & set(g)
    reports: set[str] = set()
    for collab in collaborations:
        keep.add(collab)
        keep.update(v for _, v, k in g.out_edges(collab, keys=True) if k == through)
        reports.update(u for u, _, k in g.in_edges(collab, keys=True) if k == proposes)
    keep |= reports
    for report in reports:
        for _, v, key in g.out_edges(report, keys=True):
            if key == recommends:
                keep.add(v)
                keep.update(w for w in g.successors(v) if _of_class(g, w, (GBA.Organisation,)))
            elif _of_class(g, v, (GBA.Organisation,)):
                keep.add(v)
    return _induced(g, keep, "hk-sz")


def ego(g: nx.MultiDiGraph, focus: str, depth: int = 1) -> nx.MultiDiGraph:
    """Everything within ``depth`` links of ``focus`` (either direction)."""
    reach = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), focus, depth)
    return _induced(g, reach, "ego")


def co_mention(g: nx.MultiDiGraph) -> nx.Graph:
    """Organisations and places linked by the number of reports naming both."""
    links = {str(p) for p in REPORT_LINKS}
    named: dict[str, set[str]] = defaultdict(set)
    for u, v, key in g.edges(keys=True):
        if key in links and _of_class(g, v, ORGANISATION_OR_PLACE) and _of_class(
            g, u, (GBA.Report,)
        ):
            named[u].add(v)
    result = nx.Graph(name="co-mention")
    for report in sorted(named):
        for v in sorted(named[report]):
            if v not in result:
                result.add_node(v, **g.nodes[v])
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for report, entities in named.items():
        ordered = sorted(entities)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                shared[(a, b)].add(report)
    for (a, b), reports in sorted(shared.items()):
        result.add_edge(a, b, weight=len(reports), reports=tuple(sorted(reports)),
                        predicate="co-mention")
    result = nx.Graph(result.subgraph(sorted(result)))
    result.graph["name"] = "co-mention"
    return result


def resolve(g: nx.Graph, text: str) -> str:
    """The node named by an IRI, a CURIE (``id:place/hong-kong``), a label or an alias.

    Raises :class:`UnknownEntity` with up to five close matches when nothing fits.
    """
    wanted = text.strip()
    if wanted in g:
        return wanted
    if wanted.startswith("id:") and str(ID[wanted[3:]]) in g:
        return str(ID[wanted[3:]])
    folded = wanted.casefold()
    by_label: dict[str, list[str]] = defaultdict(list)
    by_alias: dict[str, list[str]] = defaultdict(list)
    for node, data in g.nodes(data=True):
        for name in (data.get("label"), data.get("zh_hant"), data.get("zh_hans")):
            if name:
                by_label[str(name).casefold()].append(node)
        for alias in data.get("aliases", ()):
            by_alias[str(alias).casefold()].append(node)
    for table in (by_label, by_alias):
        hits = sorted(set(table.get(folded, ())))
        if len(hits) == 1:
            return hits[0]
        if hits:
            listed = ", ".join(f"{g.nodes[h]['label']} <{h}>" for h in hits)
            raise UnknownEntity(f"{text!r} is ambiguous: {listed}; give the IRI")
    names = sorted({str(g.nodes[n]["label"]) for n in g} | {
        str(a) for n in g for a in g.nodes[n].get("aliases", ())
    })
    close = difflib.get_close_matches(wanted, names, n=5, cutoff=0.5)
    if not close:
        close = [n for n in names if folded in n.casefold()][:5]
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    raise UnknownEntity(f"no entity called {text!r} in the graph{hint}")


def report_graph(store: GraphStore, whole: nx.MultiDiGraph, focus: str) -> nx.MultiDiGraph:
    """One report's own named graph, projected."""
    node = resolve(whole, focus)
    if not _of_class(whole, node, (GBA.Report,)):
        raise UnknownEntity(f"{whole.nodes[node]['label']!r} is not a report")
    target = str(graph_iri(URIRef(node)))
    if URIRef(target) not in store.named_graphs():
        raise UnknownEntity(f"{whole.nodes[node]['label']!r} has no graph of its own "
                            "(it is only cited by other reports)")
    result = project(store, [target])
    result.graph["name"] = "report"
    return result


def view(
    store: GraphStore, name: str, focus: str | None = None, depth: int = 1
) -> nx.Graph:
    """Build the named view (see :data:`VIEW_NAMES`) from a store."""
    if name not in VIEWS:
        raise ValueError(f"unknown view {name!r} (choose from {', '.join(VIEW_NAMES)})")
    whole = project(store)
    return VIEWS[name](store, whole, focus, depth)


def _needs_focus(name: str, focus: str | None) -> str:
    if not focus:
        raise UnknownEntity(f"the {name} view needs --focus ENTITY (a label, alias or IRI)")
    return focus


VIEWS: dict[str, Callable[[GraphStore, nx.MultiDiGraph, str | None, int], nx.Graph]] = {
    "overview": lambda store, whole, focus, depth: whole,
    "hk-sz": lambda store, whole, focus, depth: hk_sz(whole),
    "ego": lambda store, whole, focus, depth: ego(
        whole, resolve(whole, _needs_focus("ego", focus)), depth),
    "report": lambda store, whole, focus, depth: report_graph(
        store, whole, _needs_focus("report", focus)),
    "co-mention": lambda store, whole, focus, depth: co_mention(whole),
}
"""View name -> builder(store, whole network, focus, depth)."""

__all__ = [
    "HONG_KONG", "SHENZHEN", "VIEWS", "VIEW_NAMES", "UnknownEntity", "co_mention", "curie",
    "ego", "hk_sz", "ontology", "project", "report_graph", "resolve", "view",
]
