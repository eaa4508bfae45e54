"""Validation of report graphs: SHACL per report graph, SPARQL checks across all of them.

Why: docs/graph-model.md is a contract between the loaders and everything that reads the
graph (queries, views, dumps). The build gates on these checks so that a broken extraction
is reported, with the node and the rule it breaks, instead of reaching the analysts.

* :func:`validate_graph` runs ``ontology/shapes.ttl`` on one report graph with pySHACL.
* :func:`validate_union` runs the checks only the whole graph can answer (one entity with
  two English names, a place that is also an organisation, a report defined twice, a
  recommendation claimed by two reports) as SPARQL over a pyoxigraph store.
* :func:`validate_graphs_fast` is the fast path: the same shapes compiled to SPARQL
  (graph.shacl_sparql) and run once over all graphs; pySHACL stays the reference.

The shapes and the ontology are parsed once per process (module-level caches).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from graph import shacl_sparql
from graph.shacl_sparql import Violation
from ontology import ONTOLOGY_FILE, SHAPES_FILE
from ontology.namespace import GBA, GRAPH, ID, PREFIXES

GBASH = Namespace("https://w3id.org/gbakg/shapes#")
"""The namespace of the shapes in ``ontology/shapes.ttl`` (and of the union checks' names)."""

UNION_LABELS = GBASH["union-english-label"]
UNION_PLACE_ORGANISATION = GBASH["union-place-organisation"]
UNION_DUPLICATE_REPORT = GBASH["union-duplicate-report"]
UNION_SHARED_RECOMMENDATION = GBASH["union-shared-recommendation"]

_GRAPH_WIDE_SHAPES = frozenset({GBASH.EvidenceTripleShape})
"""Shapes whose focus is a class and whose offending node is the result's sh:value."""

_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}




@dataclass
class ValidationReport:
    """The outcome of a validation; ``conforms`` is false when any violation is present."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def format(self) -> str:
        """Readable text, grouped by graph, one sorted line per violation (deterministic)."""
        if not self.violations:
            return "Conforms: no violations."
        graphs = sorted({v.graph for v in self.violations})
        lines = [
            f"Does not conform: {_plural(len(self.violations), 'violation')} "
            f"in {_plural(len(graphs), 'graph')}."
        ]
        for name in graphs:
            lines.append(f"{_graph_label(name)}:")
            for v in sorted(v for v in self.violations if v.graph == name):
                level = "" if v.severity == "Violation" else f"[{v.severity.lower()}] "
                lines.append(
                    f"  {_compact(v.focus)}  {_compact(v.path) if v.path else '-'}  "
                    f"{level}{v.message}  ({_compact(v.shape)})"
                )
        return "\n".join(lines)


def validate_graph(g: Graph, graph_name: str = "") -> ValidationReport:
    """Check one report graph against ``ontology/shapes.ttl`` with pySHACL.

    The graph is not modified: pySHACL runs in place on a working copy that adds the
    ontology's subclass axioms (so ``sh:class gba:Organisation`` accepts a ``gba:Regulator``)
    and writes ``xsd:string`` literals in their simple form (RDF 1.1 makes them one term;
    rdflib does not). No RDFS inference: it would make every ``gba:partner`` an organisation
    through ``rdfs:range`` and hide the very errors the shapes are for.
    """
    import pyshacl  # here: only the reference path needs it, and it takes 0.3 s to import

    data = _working_copy(g)
    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=_shapes(),
        inference="none",
        inplace=True,
        allow_warnings=True,
        allow_infos=True,
    )
    assert isinstance(results, Graph)
    violations = sorted(set(_violations(results, graph_name)))
    return ValidationReport(
        conforms=not any(v.severity == "Violation" for v in violations), violations=violations
    )


def validate_union(graphs: Mapping[URIRef, Graph]) -> ValidationReport:
    """Run the cross-report checks over all report graphs at once.

    Each graph is read once (``graphs`` may parse lazily) and only the triples the checks
    need (labels, place and organisation types, source files, recommends) go into an
    in-memory pyoxigraph store: about a second per thousand report graphs.
    """
    return validate_union_quads(
        quad for name, g in graphs.items() for quad in _union_quads(ox.NamedNode(name), g)
    )


def validate_union_quads(quads: Iterable[ox.Quad]) -> ValidationReport:
    """:func:`validate_union` over quads already cut down by :func:`union_quads` (any
    superset of them is fine: the checks read only what they need)."""
    store = ox.Store()
    batch: list[ox.Quad] = []
    for quad in quads:
        batch.append(quad)
        if len(batch) > 100_000:
            store.extend(batch)
            batch.clear()
    store.extend(batch)
    violations = sorted(
        [
            *_conflicting_labels(store),
            *_place_organisations(store),
            *_duplicate_reports(store),
            *_shared_recommendations(store),
        ]
    )
    return ValidationReport(conforms=not violations, violations=violations)


def validate_graphs_fast(graphs: Mapping[URIRef, Graph]) -> ValidationReport:
    """Fast path: the shapes compiled to SPARQL, run once over all of ``graphs`` together.

    Reports what :func:`validate_graph` reports on each graph (tests check they agree on
    broken graphs) at a fraction of the cost, for builds of thousands of reports. Not the
    reference: see graph.shacl_sparql for the one known difference (pyoxigraph stores
    xsd:nonNegativeInteger values as xsd:integer, so that datatype check is weaker).
    """
    store = shacl_sparql.load(graphs, str(ID))
    violations = sorted(set(shacl_sparql.run(store, _checks())))
    return ValidationReport(
        conforms=not any(v.severity == "Violation" for v in violations), violations=violations
    )


def validate_nquads_fast(chunks: Iterable[bytes]) -> ValidationReport:
    """:func:`validate_graphs_fast` over N-Quads, each chunk one named graph (the build's
    rendered chunks): the same checks, without converting rdflib terms."""
    store = shacl_sparql.load_nquads(chunks, str(ID))
    violations = sorted(set(shacl_sparql.run(store, _checks())))
    return ValidationReport(
        conforms=not any(v.severity == "Violation" for v in violations), violations=violations
    )


# --- loading, once per process ---------------------------------------------------------


@cache
def _shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


@cache
def _checks() -> tuple[shacl_sparql.Check, ...]:
    return tuple(shacl_sparql.compile_shapes(_shapes(), _ontology()))


@cache
def _ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@cache
def _subclass_axioms() -> tuple[tuple[Node, Node, Node], ...]:
    return tuple(_ontology().triples((None, RDFS.subClassOf, None)))


@cache
def _subclasses(root: URIRef) -> frozenset[URIRef]:
    """``root`` and every class below it in the ontology."""
    found = {root}
    frontier = [root]
    while frontier:
        for sub in _ontology().subjects(RDFS.subClassOf, frontier.pop()):
            if isinstance(sub, URIRef) and sub not in found:
                found.add(sub)
                frontier.append(sub)
    return frozenset(found)


# --- one report graph --------------------------------------------------------------------


def _working_copy(g: Graph) -> Graph:
    data = Graph()
    data.addN((s, p, _simple(o), data) for s, p, o in g)
    data.addN((s, p, o, data) for s, p, o in _subclass_axioms())
    return data


def _simple(o: Node) -> Node:
    if isinstance(o, Literal) and o.datatype == XSD.string:
        return Literal(str(o))
    return o


def _violations(results: Graph, graph_name: str) -> Iterable[Violation]:
    for result in results.subjects(RDF.type, SH.ValidationResult):
        shape = results.value(result, SH.sourceShape)
        focus = results.value(result, SH.focusNode)
        if shape in _GRAPH_WIDE_SHAPES:
            focus = results.value(result, SH.value)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        yield Violation(
            graph=graph_name,
            focus=_node(focus),
            path=_path(results, results.value(result, SH.resultPath)),
            message=" ".join(messages),
            severity=_severity(results.value(result, SH.resultSeverity)),
            shape=_node(shape),
        )


def _severity(node: Node | None) -> str:
    return _SEVERITIES.get(node, "Violation") if isinstance(node, URIRef) else "Violation"


def _node(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    return node.n3()


def _path(results: Graph, path: Node | None) -> str:
    inverse = results.value(path, SH.inversePath) if isinstance(path, BNode) else None
    if inverse is not None:
        return "^" + _node(inverse)
    return _node(path)


# --- across report graphs ------------------------------------------------------------------

_UNION_PREDICATES = (RDFS.label, GBA.sourceFile, GBA.citedIn, GBA.recommends)


def _union_quads(graph: ox.NamedNode, g: Graph) -> Iterable[ox.Quad]:
    """The few triples of ``g`` the cross-report checks read, as quads in ``graph``.

    Terms pyoxigraph refuses (an IRI with a space) are skipped: the build's serialiser
    reports those, and one bad term must not hide every cross-report problem.
    """
    wanted = _subclasses(GBA.Place) | _subclasses(GBA.Organisation)
    for s, p, o in g.triples((None, RDF.type, None)):
        if o in wanted:
            quad = _quad(s, p, o, graph)
            if quad is not None:
                yield quad
    for predicate in _UNION_PREDICATES:
        for s, p, o in g.triples((None, predicate, None)):
            quad = _quad(s, p, o, graph)
            if quad is not None:
                yield quad


@cache
def _union_terms() -> tuple[frozenset[ox.NamedNode], frozenset[ox.NamedNode]]:
    """The predicates (besides rdf:type) and the classes the cross-report checks read."""
    classes = _subclasses(GBA.Place) | _subclasses(GBA.Organisation)
    return (frozenset(ox.NamedNode(str(p)) for p in _UNION_PREDICATES),
            frozenset(ox.NamedNode(str(c)) for c in classes))


_RDF_TYPE = ox.NamedNode(str(RDF.type))


def union_quads(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """The quads the cross-report checks read (see :func:`_union_quads`), from pyoxigraph
    quads such as a parsed N-Quads chunk: no rdflib on this path."""
    predicates, classes = _union_terms()
    for q in quads:
        p, o = q.predicate, q.object
        if not isinstance(q.subject, ox.NamedNode):
            continue
        if p == _RDF_TYPE:
            if o in classes:
                yield q
        elif p in predicates and (
            isinstance(o, ox.NamedNode) or (isinstance(o, ox.Literal) and o.language)
        ):
            yield q


@cache
def _union_line() -> re.Pattern[bytes]:
    predicates = sorted(str(p) for p in (*_UNION_PREDICATES, RDF.type))
    return re.compile(b"> <(?:" + b"|".join(re.escape(p.encode()) for p in predicates) + b")> ")


def union_quads_from_nquads(data: bytes) -> list[ox.Quad]:
    """:func:`union_quads` of N-Quads text, parsing only the lines that may hold one.

    A line is kept when ``> <P> `` occurs in it for a predicate P the checks read: every
    wanted quad's line has it (its subject is an IRI); a literal that merely contains the
    text only keeps its line, which :func:`union_quads` then drops. 2.4 times faster than
    parsing every line, and exact.
    """
    lines: list[bytes] = []
    last = -1
    for match in _union_line().finditer(data):
        start = data.rfind(b"\n", 0, match.start()) + 1
        if start <= last:
            continue
        end = data.find(b"\n", match.end())
        end = len(data) if end < 0 else end + 1
        lines.append(data[start:end])
        last = start
    text = b"".join(lines)
    if text and not text.endswith(b"\n"):
        text += b"\n"
    return list(union_quads(ox.parse(text, format=ox.RdfFormat.N_QUADS)))


def related_union_quads(
    store: ox.Store, changed: Iterable[ox.Quad], exclude: Collection[str], *,
    distinct: bool = False,
) -> Iterator[ox.Quad]:
    """The quads of ``store`` the cross-report checks need to judge ``changed`` against it.

    For an incremental check: ``store`` holds the graphs of the previous (conforming) build,
    ``changed`` is :func:`union_quads` of the graphs that are new or changed since, and
    ``exclude`` names the graphs of ``store`` that are gone or changed. Every check is
    about one node (its labels, its types, its source files, who recommends it) and a
    violation needs at least one changed graph (the rest conformed before and the checks
    are monotone), so the changed quads plus every stored quad about the nodes they touch
    give the same findings, with the same graphs named, as checking everything.

    With ``distinct``, a node's labels and types come once each (in the graph
    ``RELATED``), not once per graph: a place named in every report has thousands of
    copies, and whether labels conflict or a node is both a place and an organisation
    depends only on the distinct values (see :func:`validate_changed_union`).
    """
    predicates, _ = _union_terms()
    subjects: set[ox.NamedNode] = set()
    recommended: set[Any] = set()
    recommends = ox.NamedNode(str(GBA.recommends))
    for q in changed:
        if isinstance(q.subject, ox.NamedNode):
            subjects.add(q.subject)
        if q.predicate == recommends:
            recommended.add(q.object)
    valued = (ox.NamedNode(str(RDFS.label)), _RDF_TYPE) if distinct else ()
    patterns: list[tuple[ox.NamedNode | None, ox.NamedNode, Any]] = [
        (s, p, None) for s in sorted(subjects, key=str)
        for p in sorted((*predicates, _RDF_TYPE), key=str) if p not in valued
    ]
    patterns += [(None, recommends, o) for o in sorted(recommended, key=str)]
    for s, p, o in patterns:
        found = union_quads(
            q for q in store.quads_for_pattern(s, p, o)
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value not in exclude
        )
        yield from found
    if valued and subjects:
        yield from union_quads(_distinct_values(store, sorted(subjects, key=str), valued,
                                                exclude))


RELATED = ox.NamedNode("urn:gbakg:related")
"""The graph :func:`related_union_quads` puts distinct stored labels and types in."""


def _distinct_values(store: ox.Store, subjects: Sequence[ox.NamedNode],
                     predicates: Sequence[ox.NamedNode],
                     exclude: Collection[str]) -> Iterator[ox.Quad]:
    """Each distinct (subject, predicate, object) of ``store`` outside ``exclude``, once,
    deduplicated by the SPARQL engine rather than by iterating every copy in Python.

    One query per (subject, predicate), both constants, so the engine reads them off its
    subject index (a VALUES join made it scan every quad of the store)."""
    skip = ", ".join(f"<{g}>" for g in sorted(exclude))
    where = f"FILTER (?g NOT IN ({skip}))" if skip else ""
    for s in subjects:
        for p in predicates:
            solutions = store.query(
                f"SELECT DISTINCT ?o WHERE {{ GRAPH ?g {{ {s} {p} ?o }} {where} }}")
            assert isinstance(solutions, ox.QuerySolutions)
            for row in solutions:
                o = row["o"]
                if o is not None:
                    yield ox.Quad(s, p, o, RELATED)


def validate_changed_union(store: ox.Store, changed: Sequence[ox.Quad],
                           exclude: Collection[str]) -> ValidationReport:
    """The cross-report checks of ``changed`` against a previous build's ``store``.

    Same findings as ``validate_union_quads([*changed, *related_union_quads(...)])``.
    First checked with distinct stored labels and types: no finding there means none with
    every copy either (those two checks compare values only; the others read every copy
    in both). Only if something is found are the checks run again on every copy, so the
    violations name every graph involved.
    """
    report = validate_union_quads(
        [*changed, *related_union_quads(store, changed, exclude, distinct=True)])
    if report.conforms:
        return report
    return validate_union_quads([*changed, *related_union_quads(store, changed, exclude)])


def _quad(s: Node, p: Node, o: Node, graph: ox.NamedNode) -> ox.Quad | None:
    if not isinstance(s, URIRef) or not isinstance(p, URIRef):
        return None
    try:
        if isinstance(o, URIRef):
            return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), graph)
        if isinstance(o, Literal) and o.language:
            return ox.Quad(
                ox.NamedNode(s), ox.NamedNode(p), ox.Literal(str(o), language=o.language), graph
            )
    except ValueError:
        return None
    return None


_SPARQL_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())


def _select(store: ox.Store, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT as {variable: value string} (lexical form for literals)."""
    solutions = store.query(f"{_SPARQL_PREFIXES}\n{query}")
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        row = {}
        for name in names:
            term = solution[name]
            row[name] = "" if term is None else term.value
        rows.append(row)
    return rows


def _graphs_by(rows: Iterable[dict[str, str]], key: str, value: str) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        grouped[row[key]].add(row[value])
    return grouped


def _conflicting_labels(store: ox.Store) -> Iterable[Violation]:
    offenders = _select(store, """
        SELECT ?s WHERE {
            GRAPH ?g { ?s rdfs:label ?label }
            FILTER (langMatches(lang(?label), "en"))
        } GROUP BY ?s HAVING (COUNT(DISTINCT STR(?label)) > 1)
    """)
    for row in offenders:
        labels = _select(store, f"""
            SELECT DISTINCT ?label ?g WHERE {{
                GRAPH ?g {{ <{row['s']}> rdfs:label ?l }}
                FILTER (langMatches(lang(?l), "en"))
                BIND (STR(?l) AS ?label)
            }}
        """)
        by_label = _graphs_by(labels, "label", "g")
        named = "; ".join(
            f'"{label}" in {", ".join(sorted(_compact(g) for g in gs))}'
            for label, gs in sorted(by_label.items())
        )
        yield Violation(
            graph=_joined(row["g"] for row in labels),
            focus=row["s"],
            path=str(RDFS.label),
            message=f"Has {len(by_label)} different English labels across report graphs: "
            f"{named}. One IRI, one English name: fix the registry or the loader.",
            severity="Violation",
            shape=str(UNION_LABELS),
        )


def _place_organisations(store: ox.Store) -> Iterable[Violation]:
    places = " ".join(f"<{c}>" for c in sorted(_subclasses(GBA.Place)))
    organisations = " ".join(f"<{c}>" for c in sorted(_subclasses(GBA.Organisation)))
    rows = _select(store, f"""
        SELECT ?s ?g ?kind WHERE {{
            {{ SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a ?c }} VALUES ?c {{ {places} }} }} }}
            {{ SELECT DISTINCT ?s WHERE {{
                GRAPH ?g {{ ?s a ?c }} VALUES ?c {{ {organisations} }} }} }}
            GRAPH ?g {{ ?s a ?class }}
            VALUES (?class ?kind) {{
                {" ".join(f'(<{c}> "place")' for c in sorted(_subclasses(GBA.Place)))}
                {" ".join(f'(<{c}> "organisation")' for c in sorted(_subclasses(GBA.Organisation)))}
            }}
        }}
    """)
    by_node: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_node[row["s"]].append(row)
    for node, found in sorted(by_node.items()):
        kinds = _graphs_by(found, "kind", "g")
        yield Violation(
            graph=_joined(row["g"] for row in found),
            focus=node,
            path=str(RDF.type),
            message="Is typed as a place (in "
            f"{', '.join(sorted(_compact(g) for g in kinds['place']))}) and as an organisation "
            f"(in {', '.join(sorted(_compact(g) for g in kinds['organisation']))}): "
            "a place and its government need two IRIs.",
            severity="Violation",
            shape=str(UNION_PLACE_ORGANISATION),
        )


def _duplicate_reports(store: ox.Store) -> Iterable[Violation]:
    rows = _select(store, """
        SELECT ?r ?file ?g WHERE {
            {
                SELECT ?r WHERE {
                    GRAPH ?g { ?r gba:sourceFile ?f FILTER NOT EXISTS { ?r gba:citedIn ?x } }
                } GROUP BY ?r HAVING (COUNT(DISTINCT ?f) > 1)
            }
            GRAPH ?g { ?r gba:sourceFile ?file FILTER NOT EXISTS { ?r gba:citedIn ?y } }
        }
    """)
    by_report: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_report[row["r"]].append(row)
    for report, found in sorted(by_report.items()):
        files = _graphs_by(found, "file", "g")
        named = "; ".join(
            f"{_compact(f)} in {', '.join(sorted(_compact(g) for g in gs))}"
            for f, gs in sorted(files.items())
        )
        yield Violation(
            graph=_joined(row["g"] for row in found),
            focus=report,
            path=str(GBA.sourceFile),
            message=f"The same report is defined by {len(files)} different source files: "
            f"{named}. Keep one copy of the page, or give the reports different titles.",
            severity="Violation",
            shape=str(UNION_DUPLICATE_REPORT),
        )


def _shared_recommendations(store: ox.Store) -> Iterable[Violation]:
    rows = _select(store, """
        SELECT ?rec ?report ?g WHERE {
            {
                SELECT ?rec WHERE { GRAPH ?g { ?r gba:recommends ?rec } }
                GROUP BY ?rec HAVING (COUNT(DISTINCT ?r) > 1)
            }
            GRAPH ?g { ?report gba:recommends ?rec }
        }
    """)
    by_rec: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_rec[row["rec"]].append(row)
    for rec, found in sorted(by_rec.items()):
        reports = sorted({_compact(row["report"]) for row in found})
        yield Violation(
            graph=_joined(row["g"] for row in found),
            focus=rec,
            path="^" + str(GBA.recommends),
            message=f"Is recommended by {len(reports)} reports ({', '.join(reports)}): "
            "a recommendation belongs to the one report whose IRI it extends.",
            severity="Violation",
            shape=str(UNION_SHARED_RECOMMENDATION),
        )


# --- text ------------------------------------------------------------------------------

_NAMESPACES = sorted(
    [(p, str(ns)) for p, ns in PREFIXES.items()]
    + [("gbash", str(GBASH)), ("graph", str(GRAPH))],
    key=lambda item: -len(item[1]),
)


def _compact(text: str) -> str:
    """A prefixed name (``id:report/x``, ``gba:Report``) for an IRI in a known namespace."""
    prefix = ""
    if text.startswith("^"):
        prefix, text = "^", text[1:]
    for name, namespace in _NAMESPACES:
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}{name}:{text[len(namespace):]}"
    if text.startswith(("_:", '"')) or not text:
        return prefix + text
    return f"{prefix}<{text}>"


def _graph_label(name: str) -> str:
    if not name:
        return "(unnamed graph)"
    return " + ".join(_compact(part) for part in name.split(" + "))


def _joined(graphs: Iterable[str]) -> str:
    """The ``graph`` of a cross-report violation: every graph involved, sorted, ' + '-joined."""
    return " + ".join(sorted(set(graphs)))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


__all__ = [
    "GBASH",
    "RELATED",
    "ValidationReport",
    "Violation",
    "related_union_quads",
    "union_quads",
    "union_quads_from_nquads",
    "validate_changed_union",
    "validate_graph",
    "validate_graphs_fast",
    "validate_nquads_fast",
    "validate_union",
    "validate_union_quads",
]
