"""The shapes of ontology/shapes.ttl compiled to SPARQL, to check every report graph at once.

Why: pySHACL takes tens to hundreds of milliseconds per report graph, a quarter of an hour
for a 10,000-report build. The same constraints as SPARQL queries, one per property shape,
run over one pyoxigraph store that holds every report graph as a named graph
(:func:`load`), take a few milliseconds per graph.

pySHACL stays the reference (graph.validation.validate_graph); tests/graph/test_validation.py
checks that both report the same violations on broken graphs. Only the SHACL features
shapes.ttl uses are compiled, with pySHACL's reading of them (sh:languageIn matches a whole
tag or its first subtag); anything else raises :class:`Unsupported` instead of passing.

Known difference, from the store rather than the queries: pyoxigraph stores literals of
types derived from xsd:integer (xsd:nonNegativeInteger, xsd:positiveInteger...) as
xsd:integer. A check for one of those derived types therefore accepts a non-negative
xsd:integer, and a check for xsd:integer cannot tell a derived type from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

DERIVED_INTEGERS = frozenset({
    XSD.nonNegativeInteger, XSD.positiveInteger, XSD.nonPositiveInteger,
    XSD.negativeInteger, XSD.long, XSD.int, XSD.short, XSD.byte, XSD.unsignedLong,
    XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte,
})
_CASTS = {XSD.date: "xsd:date", XSD.decimal: "xsd:decimal", XSD.integer: "xsd:integer",
          XSD.dateTime: "xsd:dateTime", XSD.boolean: "xsd:boolean", XSD.double: "xsd:double"}
_NON_NEGATIVE = {XSD.nonNegativeInteger, XSD.positiveInteger, XSD.unsignedLong,
                 XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte}
_PREFIXES = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
)
_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
# Parameters that are read together with another component, not on their own.
_COMPANIONS = {SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint,
               SH.flags, SH.message, SH.name, SH.description, SH.severity, SH.path,
               SH.property, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
               SH.targetObjectsOf, SH.deactivated, SH.order, SH.group}


class Unsupported(ValueError):
    """shapes.ttl uses a SHACL feature this compiler does not know: extend it first."""


@dataclass(frozen=True)
class Check:
    """One compiled constraint: each row of ``query`` (?g ?this) is one violation."""

    shape: str
    path: str
    message: str
    severity: str
    query: str


@dataclass(frozen=True, order=True)
class Violation:
    """One broken rule: where (graph, focus node, path), what (message), which rule (shape).

    Nodes are plain strings so a violation can be cached as JSON: an IRI as itself, a blank
    node as ``_:id``, a literal in N-Triples form. ``path`` is a predicate IRI, ``^IRI`` for
    an inverse path, or empty. ``severity`` is ``Violation``, ``Warning`` or ``Info``.
    """

    graph: str
    focus: str
    path: str
    message: str
    severity: str
    shape: str


def compile_shapes(shapes: Graph, ontology: Graph) -> list[Check]:
    """Every constraint of every targeted node shape in ``shapes``, as a SPARQL query."""
    compiler = _Compiler(shapes, ontology)
    checks: list[Check] = []
    for node_shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        checks.extend(compiler.node_shape(node_shape))
    return checks


_LOCAL = "urn:gbakg-local:"


def load(graphs: Mapping[URIRef, Graph], instances: str) -> ox.Store:
    """A store with each graph of ``graphs`` as a named graph, its nodes made its own.

    Every IRI under ``instances`` (and every blank node) is renamed apart per graph
    (``urn:gbakg-local:<n>:<IRI>``), so no node is shared between graphs. Validation is per
    graph anyway, and pyoxigraph joins a node shared by thousands of graphs (Hong Kong is
    in almost every report) against all of its copies: shared nodes made the checks
    quadratic in the number of graphs. Vocabulary IRIs and literals are kept, so patterns
    such as the Wikidata one still see the real IRIs. :func:`run` maps the names back.
    """
    store = ox.Store()
    terms = _Terms(instances)
    batch: list[ox.Quad] = []
    for n, (name, g) in enumerate(graphs.items()):
        graph = ox.NamedNode(name)
        terms.start_graph(n)
        for s, p, o in g:
            subject, predicate = terms.get(s), terms.get(p)
            if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
                continue  # not RDF: nothing to validate
            batch.append(ox.Quad(subject, predicate, terms.get(o), graph))
        if len(batch) > 200_000:
            store.extend(batch)
            batch.clear()
    store.extend(batch)
    return store


def load_nquads(chunks: Iterable[bytes], instances: str) -> ox.Store:
    """:func:`load` from N-Quads, each of ``chunks`` the quads of one named graph as the
    build renders them (``S P O G .`` lines, one space apart); pyoxigraph parses them, no
    rdflib or Python term objects on the way.

    Nodes under ``instances`` are renamed apart per chunk as :func:`load` does, on the
    text: the subject and predicate are the first two space-separated tokens (IRIs and
    blank-node labels hold no space) and the object starts the rest, so a literal is never
    touched. Blank nodes keep their labels, which the renderer already scopes to a graph.
    """
    mark = b"<" + instances.encode()
    lines: list[bytes] = []
    for n, chunk in enumerate(chunks):
        own = b"<" + f"{_LOCAL}{n}:".encode() + instances.encode()
        for line in chunk.split(b"\n"):
            if not line:
                continue
            s, p, rest = line.split(b" ", 2)
            if s.startswith(mark):
                s = own + s[len(mark):]
            if p.startswith(mark):
                p = own + p[len(mark):]
            if rest.startswith(mark):
                rest = own + rest[len(mark):]
            lines.append(b" ".join((s, p, rest)) + b"\n")
    store = ox.Store()
    store.load(b"".join(lines), format=ox.RdfFormat.N_QUADS)
    return store


class _Terms:
    """rdflib terms as pyoxigraph terms: shared ones cached, a graph's own renamed apart."""

    def __init__(self, instances: str) -> None:
        self.instances = instances
        self.shared: dict[Node, ox.NamedNode | ox.Literal] = {}
        self.local: dict[Node, ox.NamedNode | ox.BlankNode] = {}
        self.n = 0

    def start_graph(self, n: int) -> None:
        self.n = n
        self.local = {}

    def get(self, node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(node, BNode) or (isinstance(node, URIRef)
                                       and node.startswith(self.instances)):
            found = self.local.get(node)
            if found is None:
                if isinstance(node, BNode):
                    clean = re.sub(r"[^A-Za-z0-9]", "", str(node))
                    found = ox.BlankNode(f"g{self.n}x{clean}")
                else:
                    found = ox.NamedNode(f"{_LOCAL}{self.n}:{node}")
                self.local[node] = found
            return found
        known = self.shared.get(node)
        if known is None:
            known = self.shared[node] = _ox_term(node)
        return known


def _ox_term(node: Node) -> ox.NamedNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(node)
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None and node.datatype != XSD.string:
            return ox.Literal(str(node), datatype=ox.NamedNode(node.datatype))
        return ox.Literal(str(node))
    raise Unsupported(f"cannot store {node!r}")


def run(store: ox.Store, checks: Iterable[Check]) -> Iterator[Violation]:
    """Run compiled checks over every named graph of a store made by :func:`load`."""
    for check in checks:
        solutions = store.query(check.query)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            graph, focus = row["g"], row["this"]
            if graph is None or focus is None:
                continue
            yield Violation(
                graph=graph.value,
                focus=_text(focus),
                path=check.path,
                message=check.message,
                severity=check.severity,
                shape=check.shape,
            )


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        if term.value.startswith(_LOCAL):
            return term.value.split(":", 3)[3]
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language).n3()
        if term.datatype.value == str(XSD.string):
            return Literal(term.value).n3()
        return Literal(term.value, datatype=URIRef(term.datatype.value)).n3()
    return str(term)


def _int(node: Node | None) -> int:
    if not isinstance(node, Literal):
        raise Unsupported(f"expected an integer, found {node!r}")
    return int(str(node))


def _iri(node: Node) -> str:
    if not isinstance(node, URIRef):
        raise Unsupported(f"expected an IRI, found {node!r}")
    return f"<{node}>"


def _string(text: str) -> str:
    """A SPARQL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        if node.language:
            return f"{_string(str(node))}@{node.language}"
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{_string(str(node))}^^<{node.datatype}>"
        return _string(str(node))
    raise Unsupported(f"cannot write {node!r} in a query")


class _Compiler:
    def __init__(self, shapes: Graph, ontology: Graph) -> None:
        self.shapes = shapes
        self.ontology = ontology

    # --- helpers over the shapes graph ---------------------------------------------------

    def value(self, node: Node, predicate: URIRef) -> Node | None:
        return self.shapes.value(node, predicate)

    def items(self, head: Node) -> list[Node]:
        return list(Collection(self.shapes, head))

    def message(self, shape: Node) -> str:
        messages = sorted(str(m) for m in self.shapes.objects(shape, SH.message))
        return " ".join(messages)

    def severity(self, shape: Node) -> str:
        node = self.value(shape, SH.severity)
        return _SEVERITY.get(node, "Violation") if isinstance(node, URIRef) else "Violation"

    def subclasses(self, cls: Node) -> list[str]:
        found = {cls}
        frontier = [cls]
        while frontier:
            for sub in self.ontology.subjects(RDFS.subClassOf, frontier.pop()):
                if sub not in found:
                    found.add(sub)
                    frontier.append(sub)
        return sorted(_iri(c) for c in found)

    def deactivated(self, shape: Node) -> bool:
        return self.value(shape, SH.deactivated) == Literal(True)

    def only_class(self, shape: Node) -> Node | None:
        """The class, when ``shape`` is just ``[ sh:class C ]``."""
        pairs = list(self.shapes.predicate_objects(shape))
        return pairs[0][1] if len(pairs) == 1 and pairs[0][0] == SH["class"] else None

    def instance_of(self, var: str, classes: Iterable[Node]) -> str:
        """``var`` has a type at or below one of ``classes`` (in the active graph)."""
        names = sorted({c for cls in classes for c in self.subclasses(cls)})
        return f"EXISTS {{ {var} rdf:type ?type VALUES ?type {{ {' '.join(names)} }} }}"

    # --- node shapes ---------------------------------------------------------------------

    def node_shape(self, shape: Node) -> Iterator[Check]:
        """One query per property shape (any failing component is one violation of it),
        one for the node shape's own constraints, one per SPARQL constraint."""
        focus = self.focus(shape)
        if focus is None or self.deactivated(shape):
            return  # not targeted (only used inside other shapes), or switched off
        conditions = []
        for predicate, obj in sorted(self.shapes.predicate_objects(shape)):
            if predicate == SH.property:
                if not self.deactivated(obj):
                    yield self.property_shape(focus, obj)
            elif predicate == SH.sparql:
                yield self.sparql(shape, obj)
            elif predicate in (RDF.type, RDFS.label, RDFS.comment) or predicate in _COMPANIONS:
                continue
            else:
                conditions.append(f"({self.condition(predicate, obj, '?this', shape)})")
        if conditions:
            body = f"GRAPH ?g {{ {focus} FILTER (!({' && '.join(conditions)})) }}"
            yield Check(str(shape), "", self.message(shape), self.severity(shape),
                        self.select(body))

    def focus(self, shape: Node) -> str | None:
        """A pattern (inside GRAPH ?g) binding ?this to the shape's focus nodes."""
        targets = []
        classes = list(self.shapes.objects(shape, SH.targetClass))
        if classes:
            names = sorted({c for cls in classes for c in self.subclasses(cls)})
            targets.append(f"?this rdf:type ?class VALUES ?class {{ {' '.join(names)} }}")
        for p in sorted(self.shapes.objects(shape, SH.targetSubjectsOf), key=str):
            targets.append(f"?this {_iri(p)} ?any")
        for p in sorted(self.shapes.objects(shape, SH.targetObjectsOf), key=str):
            targets.append(f"?any {_iri(p)} ?this")
        for node in sorted(self.shapes.objects(shape, SH.targetNode), key=str):
            targets.append(f"BIND ({_term(node)} AS ?this)")
        if not targets:
            return None
        if len(targets) == 1:
            return targets[0]
        return " UNION ".join(f"{{ {t} }}" for t in targets)

    @staticmethod
    def select(body: str) -> str:
        return f"{_PREFIXES}SELECT DISTINCT ?g ?this WHERE {{ {body} }}"

    # --- property shapes -------------------------------------------------------------------

    def property_shape(self, focus: str, shape: Node) -> Check:
        """Every component of one property shape, in one grouped pass over its values."""
        path = self.value(shape, SH.path)
        if path is None:
            raise Unsupported(f"property shape {shape} has no sh:path")
        if isinstance(path, BNode):
            inverse = self.value(path, SH.inversePath)
            if inverse is None:
                raise Unsupported(f"{shape}: only predicate and inverse paths are compiled")
            path_text = f"^{inverse}"

            def values(var: str) -> str:
                return f"{var} {_iri(inverse)} ?this ."
        else:
            path_text = str(path)

            def values(var: str) -> str:
                return f"?this {_iri(path)} {var} ."

        value_conditions: list[str] = []
        having: list[str] = []
        qualified = ""
        pairs: list[str] = []  # constraints between values: their own UNION branch
        for predicate, obj in sorted(self.shapes.predicate_objects(shape)):
            if predicate in _COMPANIONS or predicate in (RDF.type, RDFS.label, RDFS.comment):
                continue
            if predicate == SH.minCount:
                having.append(f"?n < {_int(obj)}")
            elif predicate == SH.maxCount:
                having.append(f"?n > {_int(obj)}")
            elif predicate == SH.qualifiedValueShape:
                if self.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
                    raise Unsupported(f"{shape}: sh:qualifiedValueShapesDisjoint")
                condition = self.shape_condition(obj, "?v")
                qualified = (f"BIND (IF(BOUND(?v) && COALESCE({condition}, false), ?v, ?unbound) "
                             "AS ?qualified)")
                low = self.value(shape, SH.qualifiedMinCount)
                high = self.value(shape, SH.qualifiedMaxCount)
                if low is not None:
                    having.append(f"?m < {_int(low)}")
                if high is not None:
                    having.append(f"?m > {_int(high)}")
            elif predicate == SH.hasValue:
                pairs.append(f"FILTER NOT EXISTS {{ {values(_term(obj))} }}")
            elif predicate == SH.equals:
                other = f"?this {_iri(obj)} ?v ."
                pairs.append(f"{{ {values('?v')} FILTER NOT EXISTS {{ {other} }} }} UNION "
                             f"{{ {other} FILTER NOT EXISTS {{ {values('?v')} }} }}")
            elif predicate == SH.lessThan:
                pairs.append(f"{values('?v')} ?this {_iri(obj)} ?w . "
                             "FILTER (!COALESCE(?v < ?w, false))")
            elif predicate == SH.uniqueLang:
                if obj == Literal(True):
                    pairs.append(f"{values('?v')} {values('?v2')} "
                                 "FILTER (!sameTerm(?v, ?v2) && lang(?v) != \"\" "
                                 "&& LCASE(lang(?v)) = LCASE(lang(?v2)))")
            else:
                value_conditions.append(f"({self.condition(predicate, obj, '?v', shape)})")
        if value_conditions:
            ok = " && ".join(value_conditions)
            having.append("?bad > 0")
        else:
            ok = "true"
        branches = []
        if having:
            # The conditions are BINDs after the OPTIONAL, so they run per (focus, value)
            # row; inside the OPTIONAL, pyoxigraph evaluates them on every triple of the
            # predicate in every graph first (a hundred times slower).
            grouped = (
                f"{{ SELECT ?g ?this (COUNT(DISTINCT ?v) AS ?n) (COUNT(DISTINCT ?qualified) AS ?m) "
                f"(COUNT(DISTINCT ?failed) AS ?bad) WHERE {{ GRAPH ?g {{ {focus} "
                f"OPTIONAL {{ {values('?v')} }} "
                f"BIND (IF(BOUND(?v) && !COALESCE({ok}, false), ?v, ?unbound) AS ?failed) "
                f"{qualified} }} }} GROUP BY ?g ?this }} "
                f"FILTER ({' || '.join(having)})"
            )
            branches.append(grouped)
        for pattern in pairs:
            branches.append(f"GRAPH ?g {{ {focus} {pattern} }}")
        body = " UNION ".join(f"{{ {b} }}" for b in branches)
        return Check(str(shape), path_text, self.message(shape), self.severity(shape),
                     self.select(body))

    # --- value conditions --------------------------------------------------------------------

    def shape_condition(self, shape: Node, var: str) -> str:
        """A SPARQL expression: ``var`` conforms to ``shape`` (value constraints only)."""
        parts = []
        for predicate, obj in sorted(self.shapes.predicate_objects(shape)):
            if predicate in (SH.property, SH.sparql, SH.deactivated):
                raise Unsupported(f"{shape}: {predicate} inside another shape")
            if predicate in (RDF.type, RDFS.label, RDFS.comment) or predicate in _COMPANIONS:
                continue
            parts.append(f"({self.condition(predicate, obj, var, shape)})")
        return " && ".join(parts) or "true"

    def condition(self, predicate: Node, obj: Node, var: str, shape: Node) -> str:
        """A SPARQL expression: the value ``var`` meets one constraint component."""
        if predicate == SH.datatype:
            return self.datatype(obj, var)
        if predicate == SH.nodeKind:
            kinds: dict[Node, str] = {SH.IRI: f"isIRI({var})", SH.BlankNode: f"isBlank({var})",
                     SH.Literal: f"isLiteral({var})",
                     SH.BlankNodeOrIRI: f"(isBlank({var}) || isIRI({var}))",
                     SH.BlankNodeOrLiteral: f"(isBlank({var}) || isLiteral({var}))",
                     SH.IRIOrLiteral: f"(isIRI({var}) || isLiteral({var}))"}
            if obj not in kinds:
                raise Unsupported(f"{shape}: unknown sh:nodeKind {obj}")
            return kinds[obj]
        if predicate == SH["class"]:
            return self.instance_of(var, [obj])
        if predicate == SH.languageIn:
            tags = ", ".join(_string(str(t).lower()) for t in self.items(obj))
            return (f"isLiteral({var}) && lang({var}) != \"\" && "
                    f"(LCASE(lang({var})) IN ({tags}) || "
                    f"LCASE(STRBEFORE(CONCAT(lang({var}), \"-\"), \"-\")) IN ({tags}))")
        if predicate == SH.pattern:
            flags = self.value(shape, SH.flags)
            extra = f", {_string(str(flags))}" if flags is not None else ""
            return f"!isBlank({var}) && REGEX(STR({var}), {_string(str(obj))}{extra})"
        if predicate in (SH.minLength, SH.maxLength):
            op = ">=" if predicate == SH.minLength else "<="
            return f"!isBlank({var}) && STRLEN(STR({var})) {op} {_int(obj)}"
        if predicate in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            ops: dict[Node, str] = {SH.minInclusive: ">=", SH.maxInclusive: "<=",
                                    SH.minExclusive: ">", SH.maxExclusive: "<"}
            op = ops[predicate]
            return f"COALESCE({var} {op} {_term(obj)}, false)"
        if predicate == SH["in"]:
            allowed = " ".join(_term(x) for x in self.items(obj))
            return f"EXISTS {{ VALUES ?allowed {{ {allowed} }} FILTER (sameTerm({var}, ?allowed)) }}"
        if predicate == SH["or"]:
            members = self.items(obj)
            classes = [self.only_class(m) for m in members]
            if all(c is not None for c in classes):  # one EXISTS, not one per member
                return self.instance_of(var, [c for c in classes if c is not None])
            return " || ".join(f"({self.shape_condition(m, var)})" for m in members)
        if predicate == SH["not"]:
            return f"!({self.shape_condition(obj, var)})"
        if predicate == SH.node:
            return self.shape_condition(obj, var)
        raise Unsupported(f"{shape}: {predicate} is not compiled to SPARQL")

    def datatype(self, datatype: Node, var: str) -> str:
        if datatype == RDF.langString:
            return f"isLiteral({var}) && lang({var}) != \"\""
        if datatype in DERIVED_INTEGERS:  # stored as xsd:integer by pyoxigraph
            accepted = f"<{datatype}>, xsd:integer"
            test = f"isLiteral({var}) && datatype({var}) IN ({accepted}) && BOUND(?typed)"
            if datatype in _NON_NEGATIVE:
                low = "1" if datatype == XSD.positiveInteger else "0"
                test += f" && COALESCE(xsd:integer(STR({var})) >= {low}, false)"
            return self.typed(var, XSD.integer, test)
        test = f"isLiteral({var}) && datatype({var}) = <{datatype}>"
        if isinstance(datatype, URIRef) and datatype in _CASTS:
            return self.typed(var, datatype, test + " && BOUND(?typed)")
        return test

    @staticmethod
    def typed(var: str, datatype: URIRef, test: str) -> str:
        """``test`` with ?typed bound to the value cast to ``datatype`` (unbound if ill-typed)."""
        cast = f"{_CASTS[datatype]}(STR({var}))"
        return test.replace("BOUND(?typed)", f"COALESCE(isLiteral({cast}), false)")

    # --- SPARQL-based constraints --------------------------------------------------------------

    def sparql(self, shape: Node, constraint: Node) -> Check:
        """A SELECT constraint, run in every graph (only sh:targetNode shapes are supported)."""
        nodes = list(self.shapes.objects(shape, SH.targetNode))
        if len(nodes) != 1 or any(self.shapes.objects(shape, SH.targetClass)):
            raise Unsupported(f"{shape}: SPARQL constraints are compiled for one sh:targetNode")
        select = str(self.value(constraint, SH.select))
        match = re.search(r"WHERE\s*\{(.*)\}\s*$", select, re.DOTALL)
        if match is None or "GRAPH" in select.upper() or "?value" not in select:
            raise Unsupported(f"{constraint}: cannot place this query in each named graph")
        body = match.group(1).replace("$this", _term(nodes[0]))
        prefixes = "".join(
            f"PREFIX {self.value(d, SH.prefix)}: <{self.value(d, SH.namespace)}>\n"
            for source in self.shapes.objects(constraint, SH.prefixes)
            for d in self.shapes.objects(source, SH.declare)
        )
        # The offending node is ?value; it is reported as the focus (as validate_graph does).
        query = (f"{prefixes}SELECT DISTINCT ?g ?this WHERE "
                 f"{{ GRAPH ?g {{ {body} }} BIND (?value AS ?this) }}")
        return Check(str(shape), "", self.message(constraint), self.severity(constraint), query)
