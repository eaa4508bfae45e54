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
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
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


def entity_classes() -> tuple[URIRef, ...]:
    """Every class whose instances are nodes: :data:`ENTITY_ROOTS` and their subclasses."""
    onto = ontology()
    known = set(onto.parents) | {p for ps in onto.parents.values() for p in ps} | set(onto.labels)
    return tuple(sorted({c for c in known if onto.is_a(c, ENTITY_ROOTS)} | set(ENTITY_ROOTS)))


def _rows(store: GraphStore, sparql: str, **kwargs: Any) -> Iterator[ox.QuerySolution]:
    result = store.query(sparql, **kwargs)
    if not isinstance(result, ox.QuerySolutions):
        raise ValueError("a SELECT query was expected")
    return iter(result)


def _value(term: object) -> str:
    """The lexical form of a solution's term (IRI, blank node id or literal value)."""
    value = getattr(term, "value", None)
    return str(term) if value is None else str(value)


def _iris(values: Iterable[str]) -> str:
    return " ".join(f"<{v}>" for v in sorted(values))


def _restrict(var: str, only: Collection[str] | None) -> str:
    """A ``VALUES`` clause binding ``?var`` to ``only`` (nothing when ``only`` is None)."""
    return "" if only is None else f"VALUES ?{var} {{ {_iris(only)} }} "


def _literal_key(term: object) -> tuple[int, str, str]:
    """SPARQL ``ORDER BY`` order of terms as pyoxigraph sorts them (IRIs, then literals by
    value); ties between equal values never change what the projection keeps."""
    if isinstance(term, ox.Literal):
        return (1, term.value, term.language or "")
    return (0, getattr(term, "value", str(term)), "")


def _start_key(start: object, quote: str) -> tuple[int, float, str, str]:
    """``ORDER BY ?start ?quote`` for passage offsets (integers, as the store keeps them)."""
    text = getattr(start, "value", str(start))
    try:
        return (0, float(text), "", quote)
    except ValueError:
        return (1, 0.0, text, quote)


_EVIDENCE = "a ?type . FILTER(?type = gba:Evidence)"
"""``?e a gba:Evidence``, spelt so that pyoxigraph checks it per candidate: given the
constant pattern it starts from every evidence in the store, even under a VALUES clause
(about 8x slower for a 1,500-node page at 1,000 reports)."""


def _entities(store: GraphStore, only: Collection[str] | None = None
              ) -> dict[str, dict[str, object]]:
    """Every entity node (or those in ``only``) with its attributes.

    One SPARQL pass per attribute kind, each a single basic graph pattern without
    ``ORDER BY`` (pyoxigraph sorts slowly): "the first label" etc. is chosen here, in the
    order an ``ORDER BY`` would give.
    """
    onto = ontology()
    types: dict[str, list[URIRef]] = defaultdict(list)
    # One VALUES clause per query at most: pyoxigraph joins two of them very slowly.
    classes = {str(c) for c in entity_classes()}
    for row in _rows(
        store,
        f"SELECT DISTINCT ?e ?t WHERE {{ {_restrict('e', only)}?e a ?t . FILTER(isIRI(?e)) }}"
        if only is not None else
        f"SELECT DISTINCT ?e ?t WHERE {{ VALUES ?t {{ {_iris(classes)} }} ?e a ?t . "
        "FILTER(isIRI(?e)) }",
    ):
        if _value(row["t"]) in classes:
            types[_value(row["e"])].append(URIRef(_value(row["t"])))
    nodes: dict[str, dict[str, object]] = {}
    for iri in sorted(types):
        cls = max(types[iri], key=lambda t: (onto.depth(t), str(t)))
        nodes[iri] = {
            "iri": iri, "label": "", "class": curie(cls),
            "class_label": onto.labels.get(cls, curie(cls)),
            "zh_hant": "", "zh_hans": "", "wikidata": "", "passage": "",
            "aliases": (), "reports": (),
        }
    if not nodes:
        return nodes
    subset = None if only is None else nodes
    labels = sorted(
        ((_value(row["e"]), str(p), _literal_key(row["l"]), row["l"])
         for p in (RDFS.label, SKOS.altLabel, DCTERMS.title)
         # DISTINCT: the union graph repeats a label once per report graph stating it.
         for row in _rows(
             store, f"SELECT DISTINCT ?e ?l WHERE {{ {_restrict('e', subset)}?e <{p}> ?l }}")),
        key=lambda r: r[:3],
    )
    aliases: dict[str, list[str]] = defaultdict(list)
    alt, label = str(SKOS.altLabel), str(RDFS.label)
    for e, p, _, term in labels:
        node = nodes.get(e)
        if node is None:
            continue
        text = _value(term)
        lang = (term.language or "").lower() if isinstance(term, ox.Literal) else ""
        if p == alt:
            aliases[e].append(text)
        elif lang == "zh-hant" and not node["zh_hant"]:
            node["zh_hant"] = text
        elif lang == "zh-hans" and not node["zh_hans"]:
            node["zh_hans"] = text
        elif lang in ("en", "") and p == label and not node["label"]:
            node["label"] = text
    for iri, names in aliases.items():
        nodes[iri]["aliases"] = tuple(dict.fromkeys(names))
    same = sorted(
        (_value(row["e"]), _literal_key(row["w"]))
        for p in ("owl:sameAs", "skos:exactMatch")
        for row in _rows(store, f"SELECT ?e ?w WHERE {{ {_restrict('e', subset)}?e {p} ?w }}")
    )
    for e, (_, w, _) in same:
        node = nodes.get(e)
        if node is not None and w.startswith(str(WD)) and not node["wikidata"]:
            node["wikidata"] = w.removeprefix(str(WD))
    # A node's source passage: its own gba:passage, else the first evidence naming it
    # (first by offset, then quote, over both).
    for iri, quote in _first_passages(store, nodes, subset).items():
        nodes[iri]["passage"] = quote
    for iri, node in nodes.items():
        if not node["label"]:
            node["label"] = iri.rsplit("/", 1)[-1]
    return nodes


def _first_passages(store: GraphStore, nodes: Collection[str],
                    subset: Collection[str] | None) -> dict[str, str]:
    """Node -> its source passage: the first (by offset, then quote) of its own
    ``gba:passage``s and of the passages of the evidence naming it.

    A central node is named by thousands of evidence and every store lookup costs, so the
    evidence passages are ranked by offset (read in one scan) before anything else is
    looked up; then each node's first ones are checked (typed evidence, quoted passage) and
    quoted, moving on to its next offset if none passes."""
    restrict = _restrict("e", subset)
    offsets: dict[str, dict[tuple[int, float, str], set[str]]] = defaultdict(
        lambda: defaultdict(set))
    for row in _rows(store, "SELECT ?p ?s WHERE { ?p oa:start ?s }"):
        kind, offset, text, _ = _start_key(row["s"], "")
        offsets[_value(row["p"])][(kind, offset, text)].add("")
    starts = {p: sorted(by_offset) for p, by_offset in offsets.items()}
    ranked: dict[str, dict[tuple[int, float, str], set[str]]] = defaultdict(
        lambda: defaultdict(set))
    for row in _rows(store, f"SELECT DISTINCT ?e ?p WHERE {{ {restrict}"
                     "{ ?e gba:passage ?p } UNION { ?ev rdf:object ?e ; gba:passage ?p } }"):
        e, passage = _value(row["e"]), _value(row["p"])
        if e in nodes:
            for key in starts.get(passage, ()):
                ranked[e][key].add(passage)
    queue = {e: sorted(by_offset.items()) for e, by_offset in ranked.items()}
    found: dict[str, str] = {}
    while queue:
        candidates = sorted({(e, p) for e, groups in queue.items() for p in groups[0][1]})
        quotes: dict[tuple[str, str], list[str]] = defaultdict(list)
        pairs = " ".join(f"(<{e}> <{p}>)" for e, p in candidates)
        for query in ("?e gba:passage ?p",
                      f"?ev gba:passage ?p ; rdf:object ?e ; {_EVIDENCE}"):
            for row in _rows(store, f"SELECT DISTINCT ?e ?p ?q WHERE {{ VALUES (?e ?p) "
                             f"{{ {pairs} }} {query} . ?p oa:exact ?q }}"):
                quotes[(_value(row["e"]), _value(row["p"]))].append(_value(row["q"]))
        for e in list(queue):
            held = [q for p in queue[e][0][1] for q in quotes.get((e, p), ())]
            if held:
                found[e] = min(held)
                del queue[e]
            elif len(queue[e]) > 1:
                queue[e] = queue[e][1:]
            else:
                del queue[e]
    return found


def _report_of_graph(store: GraphStore) -> dict[str, str]:
    """Named graph IRI -> the report it was extracted for."""
    found: dict[str, str] = {}
    for row in _rows(
        store,
        "SELECT DISTINCT ?r WHERE { ?r a ?t . VALUES ?t { gba:Report gba:PolicyDocument } }"
    ):
        report = row["r"]
        if isinstance(report, ox.NamedNode):
            found[str(graph_iri(URIRef(report.value)))] = report.value
    return found


def _edge_passages(store: GraphStore, only: Collection[str] | None = None
                   ) -> dict[tuple[str, str, str, str], str]:
    """(graph, s, p, o) -> the quote of the first evidence passage (by offset) for that
    triple; only triples whose subject is in ``only``, when given (read for those only)."""
    best: dict[tuple[str, str, str, str], tuple[tuple[int, float, str, str], str]] = {}
    for row in _rows(
        store,
        f"SELECT ?g ?s ?p ?o ?q ?start WHERE {{ {_restrict('s', only)}GRAPH ?g {{ "
        f"?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; gba:passage ?psg ; "
        f"{_EVIDENCE} ?psg oa:exact ?q ; oa:start ?start }} }}",
        union=False,
    ):
        subject = _value(row["s"])
        if only is not None and subject not in only:
            continue
        key = (_value(row["g"]), subject, _value(row["p"]), _value(row["o"]))
        quote = _value(row["q"])
        order = _start_key(row["start"], quote)
        if key not in best or order < best[key][0]:
            best[key] = (order, quote)
    return {key: quote for key, (_, quote) in best.items()}


def _selector(var: str, only: Collection[str] | None, graphs: Collection[str] | None) -> str:
    """What restricts ``?var`` (and ``?g``) in one query, with a single VALUES clause
    (pyoxigraph joins two of them very slowly): the given nodes, else the given graphs,
    else every entity. Callers filter on the other restriction themselves."""
    if only is not None:
        return _restrict(var, only)
    if graphs is not None:
        return _restrict("g", graphs)
    classes = _iris(entity_classes())
    return f"{{ SELECT DISTINCT ?{var} WHERE {{ VALUES ?t {{ {classes} }} ?{var} a ?t }} }} "


def _entity_triples(
    store: GraphStore, nodes: Collection[str], only: Collection[str] | None,
    graphs: Collection[str] | None,
) -> Iterator[tuple[str, str, str, str]]:
    """(graph, s, p, o) for every triple between two entities (rdf:type aside), among
    ``only`` and in ``graphs`` when given."""
    for row in _rows(
        store,
        f"SELECT ?g ?s ?p ?o WHERE {{ {_selector('s', only, graphs)}"
        "GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?o) && ?p != rdf:type) }",
    ):
        g, s, o = _value(row["g"]), _value(row["s"]), _value(row["o"])
        if o in nodes and s in nodes and (graphs is None or g in graphs):
            yield g, s, _value(row["p"]), o


def _members(store: GraphStore, nodes: Collection[str], only: Collection[str] | None,
             graphs: Collection[str] | None) -> dict[str, set[str]]:
    """Entity -> the named graphs that type it (state ``?e a ?class``)."""
    members: dict[str, set[str]] = defaultdict(set)
    for row in _rows(
        store,
        f"SELECT DISTINCT ?g ?e WHERE {{ {_selector('e', only, graphs)}"
        "GRAPH ?g { ?e a ?any } }",
    ):
        e, g = _value(row["e"]), _value(row["g"])
        if e in nodes and (graphs is None or g in graphs):
            members[e].add(g)
    return members


@dataclass
class _Edge:
    """One (s, p, o) while projecting: the graphs and reports stating it, its quote."""

    graphs: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    passage: str = ""


def project(
    store: GraphStore, graphs: Iterable[URIRef | str] | None = None,
    nodes: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """The entity network of a build (or of the given named graphs only, or of the given
    nodes only: the network induced on them, as the whole network would have it).

    Edges are keyed by predicate IRI; ``graphs``/``reports`` list every named graph (report)
    that states the triple, ``graph``/``report`` the first of them, ``passage`` the quote.
    Read straight from pyoxigraph with a few SPARQL queries (no per-graph rdflib copies).
    """
    only = None if nodes is None else set(nodes)
    entities = _entities(store, only)
    report_of = _report_of_graph(store)
    named = {str(g) for g in store.named_graphs()}
    wanted = None if graphs is None else {str(g) for g in graphs} & named
    members = _members(store, entities, None if only is None else entities, wanted)
    edges: dict[tuple[str, str, str], _Edge] = {}
    for g_iri, s, p, o in _entity_triples(
            store, entities, None if only is None else entities, wanted):
        if g_iri not in named:
            continue
        edge = edges.setdefault((s, o, p), _Edge())
        edge.graphs.append(g_iri)
    quotes = _edge_passages(store, None if only is None else entities) if edges else {}
    result = nx.MultiDiGraph(name="overview" if graphs is None else "report")
    for iri in sorted(set(members) & set(entities) if graphs is not None else entities):
        attrs = dict(entities[iri])
        attrs["reports"] = tuple(sorted(
            report_of.get(g, g) for g in members.get(iri, ()) if g in named))
        result.add_node(iri, **attrs)
    for (u, v, key), edge in sorted(edges.items()):
        if u in result and v in result:
            graphs_of = tuple(sorted(edge.graphs))
            reports_of = tuple(sorted(report_of[g] for g in graphs_of if g in report_of))
            passage = next((quotes[(g, u, key, v)] for g in graphs_of
                            if (g, u, key, v) in quotes), "")
            result.add_edge(
                u, v, key=key, predicate=curie(key), predicate_iri=key,
                graph=graphs_of[0], graphs=graphs_of,
                report=reports_of[0] if reports_of else "", reports=reports_of,
                passage=passage,
            )
    return result


def _induced(g: nx.MultiDiGraph, keep: Iterable[str], name: str) -> nx.MultiDiGraph:
    """A copy of ``g`` on the nodes in ``keep``, in ``g``'s (sorted) order.

    Built explicitly: a networkx subgraph view of a few nodes iterates them in set order,
    which changes from one process to the next (string hashing), and so would the page.
    """
    wanted = set(keep)
    sub = nx.MultiDiGraph()
    sub.graph.update(g.graph)
    sub.add_nodes_from((n, dict(d)) for n, d in g.nodes(data=True) if n in wanted)
    sub.add_edges_from((u, v, k, dict(d)) for u, v, k, d in g.edges(keys=True, data=True)
                       if u in wanted and v in wanted)
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


def hk_sz_neighbourhood(store: GraphStore) -> set[str]:
    """Every IRI :func:`hk_sz` can look at, found by SPARQL: the two cities, the
    collaborations with both as participants, their neighbours, the reports proposing them,
    everything those reports link to, and what their recommendations link to."""
    found = {HONG_KONG, SHENZHEN}
    for row in _rows(
        store,
        "SELECT DISTINCT ?n WHERE { "
        + " UNION ".join(f"{{ ?c gba:participant <{HONG_KONG}> , <{SHENZHEN}> . {tail} }}" for tail in (
            "BIND (?c AS ?n)", "?c ?p ?n",
            "?r gba:proposesCollaboration ?c . BIND (?r AS ?n)",
            "?r gba:proposesCollaboration ?c . ?r ?p ?n",
            "?r gba:proposesCollaboration ?c ; gba:recommends ?v . ?v ?p ?n",
        ))
        + " FILTER (isIRI(?n)) }",
    ):
        found.add(_value(row["n"]))
    return found


def _top(nodes: Collection[str], links: Iterable[tuple[str, str]], max_nodes: int) -> list[str]:
    """The ``max_nodes`` of ``nodes`` with the most distinct neighbours through ``links``
    (then IRI order): what :func:`graph.views.reduce` keeps by degree centrality."""
    pairs = {(s, o) if s < o else (o, s) for s, o in links if s != o}
    degree: Counter[str] = Counter()
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    return sorted(nodes, key=lambda n: (-degree[n], n))[:max_nodes]


def most_central(store: GraphStore, max_nodes: int) -> tuple[list[str] | None, int]:
    """The ``max_nodes`` entities with the most neighbours (then IRI order), as
    :func:`graph.views.reduce` picks them from the whole network, and the number of entities;
    None when all fit. Needs only the entities and their links, not their attributes."""
    entities = {_value(row["e"]) for row in _rows(
        store,
        f"SELECT DISTINCT ?e WHERE {{ VALUES ?t {{ {_iris(entity_classes())} }} ?e a ?t . "
        "FILTER(isIRI(?e)) }",
    )}
    if len(entities) <= max_nodes:
        return None, len(entities)
    # Linked pairs only: without the predicate the store returns a quarter fewer terms.
    links = ((_value(row["s"]), _value(row["o"])) for row in _rows(
        store,
        f"SELECT DISTINCT ?s ?o WHERE {{ {_selector('s', None, None)}"
        "?s ?p ?o FILTER(isIRI(?o) && ?p != rdf:type) }",
    ))
    return _top(entities, ((s, o) for s, o in links if s in entities and o in entities),
                max_nodes), len(entities)


def _links(store: GraphStore, nodes: Collection[str], only: Collection[str] | None
           ) -> Iterator[tuple[str, str, str]]:
    """(s, p, o) for every link between two of ``nodes`` (rdf:type aside), once however
    many graphs state it, with ``s`` among ``only`` when given: the bare structure, without
    the graphs that :func:`_entity_triples` reads for provenance."""
    for row in _rows(
        store,
        f"SELECT DISTINCT ?s ?p ?o WHERE {{ {_selector('s', only, None)}"
        "?s ?p ?o FILTER(isIRI(?o) && ?p != rdf:type) }",
    ):
        s, o = _value(row["s"]), _value(row["o"])
        if o in nodes and s in nodes:
            yield s, _value(row["p"]), o


def _skeleton(store: GraphStore, only: Collection[str]) -> nx.MultiDiGraph:
    """The network induced on the entities among ``only`` with nothing but each node's
    ``class`` and each edge's key: enough to pick a view's nodes before reading the
    labels, passages and provenance of the few that are shown."""
    onto = ontology()
    types: dict[str, list[URIRef]] = defaultdict(list)
    # Every entity's classes, then ours picked here: a VALUES clause of a large neighbourhood
    # costs one lookup per IRI (10,000 reports: 7.9 s, this 1.3 s).
    for row in _rows(store, f"SELECT DISTINCT ?e ?t WHERE {{ VALUES ?t {{ "
                     f"{_iris(entity_classes())} }} ?e a ?t . FILTER(isIRI(?e)) }}"):
        if _value(row["e"]) in only:
            types[_value(row["e"])].append(URIRef(_value(row["t"])))
    result = nx.MultiDiGraph()
    for iri in sorted(types):
        result.add_node(iri, **{"class": curie(
            max(types[iri], key=lambda t: (onto.depth(t), str(t))))})
    entities = set(result)
    result.add_edges_from(sorted((s, o, p) for s, p, o in _links(store, entities, entities)))
    return result


def hk_sz_capped(store: GraphStore, max_nodes: int) -> nx.MultiDiGraph:
    """:func:`hk_sz` cut to its ``max_nodes`` most central nodes, as a page shows it
    (:func:`graph.views.reduce`), reading attributes for those only;
    ``graph["total_nodes"]`` counts the whole view."""
    bare = hk_sz(_skeleton(store, hk_sz_neighbourhood(store)))
    if bare.number_of_nodes() <= max_nodes:
        keep: Collection[str] = bare
    else:
        keep = _top(bare, ((u, v) for u, v in bare.edges()), max_nodes)
    result = project(store, nodes=keep)
    result.graph.update(name="hk-sz", total_nodes=bare.number_of_nodes())
    return result


def view(
    store: GraphStore, name: str, focus: str | None = None, depth: int = 1,
    *, max_nodes: int | None = None,
) -> nx.Graph:
    """Build the named view (see :data:`VIEW_NAMES`) from a store.

    ``hk-sz`` projects only the neighbourhood it can reach (:func:`hk_sz_neighbourhood`).
    With ``max_nodes``, an ``overview`` or ``hk-sz`` larger than that is the network induced
    on its ``max_nodes`` most central entities (what a page shows), chosen before any
    attribute is read; ``graph["total_nodes"]`` then counts the whole view.
    """
    if name not in VIEWS:
        raise ValueError(f"unknown view {name!r} (choose from {', '.join(VIEW_NAMES)})")
    if name == "hk-sz":
        if max_nodes is not None:
            return hk_sz_capped(store, max_nodes)
        return hk_sz(project(store, nodes=hk_sz_neighbourhood(store)))
    if name == "overview" and max_nodes is not None:
        keep, total = most_central(store, max_nodes)
        if keep is not None:
            capped = project(store, nodes=keep)
            capped.graph["total_nodes"] = total
            return capped
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
    "ego", "entity_classes", "hk_sz", "hk_sz_capped", "hk_sz_neighbourhood", "most_central", "ontology",
    "project", "report_graph", "resolve", "view",
]
