"""Deterministic serialisation of one report graph into the chunks every dump is made of.

rdflib's serialisers write triples in hash order, so two runs of the same input differ.
Here every chunk is sorted text: the same graph always gives the same bytes, a dump is the
concatenation of its graphs' chunks in graph-IRI order, and the union Turtle is a merge of
their sorted lines. Chunks are cached per source, so an incremental build re-renders only
the graphs of changed sources. Each distinct term is rendered once (terms repeat a lot).
"""

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from json.encoder import encode_basestring

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from loaders.terms import Lit, Term, Triple
from ontology.namespace import PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
NAMESPACES: dict[str, str] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
"""Prefix -> namespace IRI, as bound in every Turtle, TriG and JSON-LD dump."""
_BY_LENGTH = sorted(NAMESPACES.items(), key=lambda item: (-len(item[1]), item[0]))
_TURTLE_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
"""Local names written as prefixed names; anything else (a '/', a '.') is a full <IRI>."""
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")
_ESCAPE = str.maketrans(
    {c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029]}
    | {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r",
       ord("\t"): "\\t", ord("\b"): "\\b", ord("\f"): "\\f"}
)
TERM_CACHE = 1 << 18


class SerialiseError(ValueError):
    """A graph holds a term that cannot be written (e.g. an IRI with a space)."""


@lru_cache(maxsize=TERM_CACHE)
def nt_iri(iri: str) -> str:
    """``<iri>`` in N-Triples syntax; raises SerialiseError for an invalid IRI."""
    try:
        return str(ox.NamedNode(iri))
    except ValueError as exc:
        raise SerialiseError(f"invalid IRI <{iri}>: {exc}") from exc


_TURTLE_NAME = re.compile(
    "|".join(f"{re.escape(namespace)}({_TURTLE_LOCAL.pattern})" for _, namespace in _BY_LENGTH)
)
"""An IRI in a bound namespace with a plain local name: the namespaces are tried longest
first, as alternatives of one pattern (a Python loop over them was a hot spot)."""
_JSONLD_NAME = re.compile(
    "|".join(f"{re.escape(namespace)}(?!//)(.+)" for _, namespace in _BY_LENGTH), re.DOTALL
)


@lru_cache(maxsize=TERM_CACHE)
def turtle_iri(iri: str) -> str:
    """``gba:Report`` when the IRI is in a bound namespace with a plain local name."""
    if match := _TURTLE_NAME.fullmatch(iri):
        n = match.lastindex or 0
        return f"{_BY_LENGTH[n - 1][0]}:{match.group(n)}"
    return nt_iri(iri)


@lru_cache(maxsize=TERM_CACHE)
def jsonld_iri(iri: str) -> str:
    """A compact IRI (``id:report/x``) when a bound namespace is a prefix of it."""
    if match := _JSONLD_NAME.fullmatch(iri):
        n = match.lastindex or 0
        return f"{_BY_LENGTH[n - 1][0]}:{match.group(n)}"
    return iri


@dataclass(frozen=True, slots=True)
class Rendered:
    """One term in every syntax the dumps use."""

    nt: str
    turtle: str
    jsonld: str
    """As a JSON-LD value object (JSON text)."""
    jsonld_id: str = ""
    """For an IRI or blank node: its (compact) ``@id`` as a JSON string."""


@lru_cache(maxsize=TERM_CACHE)
def render_term(term: Node) -> Rendered:
    """Render an rdflib IRI, blank node or literal (language tags are lower-cased).

    IRIs and literals are rendered by :func:`render_plain`, so the rdflib path and the
    build's plain-term path share one implementation and cannot drift apart.
    """
    if isinstance(term, URIRef):
        return render_plain(str(term))
    if isinstance(term, BNode):
        label = "_:" + re.sub(r"[^A-Za-z0-9]", "", str(term))
        ident = json.dumps(label)
        return Rendered(label, label, '{"@id": ' + ident + "}", ident)
    if isinstance(term, Literal):
        datatype = None if term.datatype is None else str(term.datatype)
        return render_plain(Lit(str(term), term.language or None, datatype))
    raise SerialiseError(f"cannot write the term {term!r}: unsupported kind")


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(re.sub(r"[^A-Za-z0-9]", "", str(term)))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise SerialiseError(f"cannot convert the term {term!r}")


def from_ox(term: object) -> Node:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise SerialiseError(f"unsupported term {term!r}")


def turtle_blocks(lines: Iterable[str], indent: str = "") -> str:
    """Turtle statements from sorted, distinct ``S\tP\tO`` lines, a blank line between subjects.

    A tight loop: the union Turtle of a large build runs it once per triple.
    """
    out: list[str] = []
    add = out.append
    subject = predicate = None
    for line in lines:
        s, p, o = line.rstrip("\n").split("\t")
        if s != subject:
            if subject is not None:
                add(" .\n\n")
            add(f"{indent}{s}\n{indent}    {p} {o}")
            subject, predicate = s, p
        elif p != predicate:
            add(f" ;\n{indent}    {p} {o}")
            predicate = p
        else:
            add(f" ,\n{indent}        {o}")
    if subject is not None:
        add(" .\n")
    return "".join(out)


def prefix_header() -> str:
    """Turtle/TriG prefix lines, in ``PREFIXES`` order."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in NAMESPACES.items())


def jsonld_context() -> dict[str, str]:
    return dict(sorted(NAMESPACES.items()))


@dataclass(frozen=True)
class GraphChunks:
    """One named graph, rendered once for every dump format."""

    iri: str
    triples: int
    nquads: str
    """Sorted N-Quads lines: the canonical cached form of the graph."""
    turtle_lines: str
    """Sorted ``S\\tP\\tO`` lines of Turtle terms, merged across graphs for the union."""
    trig: str
    jsonld: str
    digest: str
    """SHA-256 of ``nquads``: tells an incremental build whether the graph changed."""


def _terms(iri: URIRef, graph: Graph) -> Iterator[tuple[Rendered, Rendered, Rendered]]:
    triples = list(graph)
    if any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in triples):
        # Blank-node ids are random per run: relabel them canonically, scoped to the graph.
        scope = "g" + hashlib.sha256(str(iri).encode()).hexdigest()[:8]

        def relabel(term: Node) -> Node:
            return BNode(scope + str(term)) if isinstance(term, BNode) else term

        triples = [(relabel(s), p, relabel(o)) for s, p, o in to_canonical_graph(graph)]
    for s, p, o in triples:
        subject, predicate, obj = render_term(s), render_term(p), render_term(o)
        if isinstance(s, Literal) or not isinstance(p, URIRef):
            raise SerialiseError(f"not an RDF triple: {s!r} {p!r} {o!r}")
        yield subject, predicate, obj


@lru_cache(maxsize=TERM_CACHE)
def render_plain(term: Term) -> Rendered:
    """:func:`render_term` for a plain term of :mod:`loaders.terms` (the build path):
    the same text, keyed by a ``str`` or tuple, which hash in C."""
    if isinstance(term, str):
        ident = _json_string(jsonld_iri(term))
        return Rendered(nt_iri(term), turtle_iri(term), '{"@id": ' + ident + "}", ident)
    text, language, datatype = term
    body = '"' + text.translate(_ESCAPE) + '"'
    value = '"@value": ' + _json_string(text) + "}"
    if language:
        if not _LANGUAGE.fullmatch(language):
            raise SerialiseError(f"invalid language tag {language!r} on {text!r}")
        tag = language.lower()
        nt = ttl = f"{body}@{tag}"
        jsonld = '{"@language": ' + _json_string(tag) + ", " + value
    elif datatype is None or datatype == XSD_STRING:
        nt = ttl = body
        jsonld = "{" + value
    else:
        nt, ttl = f"{body}^^{nt_iri(datatype)}", f"{body}^^{turtle_iri(datatype)}"
        jsonld = '{"@type": ' + _json_string(jsonld_iri(datatype)) + ", " + value
    return Rendered(nt, ttl, jsonld)


def _json_string(text: str) -> str:
    """``json.dumps(text, ensure_ascii=False)``, without making an encoder per call."""
    return encode_basestring(text)


def _plain_terms(triples: Iterable[Triple]) -> Iterator[tuple[Rendered, Rendered, Rendered]]:
    for s, p, o in triples:
        if type(s) is not str or type(p) is not str:
            raise SerialiseError(f"not an RDF triple: {s!r} {p!r} {o!r}")
        yield render_plain(s), render_plain(p), render_plain(o)


def render_graph(iri: URIRef | str, graph: Graph | Iterable[Triple]) -> GraphChunks:
    """Render one named graph into its chunks, each sorted so equal graphs give equal bytes.

    ``graph`` is an rdflib Graph or the plain triples of :mod:`loaders.terms` (the build
    path: no rdflib term is made or hashed); both give the same chunks for the same triples.
    """
    name = nt_iri(str(iri))
    nquads: set[str] = set()
    rows: set[str] = set()
    nodes: dict[str, dict[str, set[str]]] = {}
    terms = _terms(URIRef(iri), graph) if isinstance(graph, Graph) else _plain_terms(graph)
    type_nt, tail = f"<{RDF_TYPE}>", f" {name} .\n"
    add_quad, add_row = nquads.add, rows.add  # a loop run once per triple of the build
    for s, p, o in terms:
        add_quad(f"{s.nt} {p.nt} {o.nt}{tail}")
        node = nodes.setdefault(s.jsonld_id, {})
        if p.nt == type_nt:
            add_row(f"{s.turtle}\ta\t{o.turtle}\n")
            if o.jsonld_id:
                node.setdefault('"@type"', set()).add(o.jsonld_id)
                continue
        else:
            add_row(f"{s.turtle}\t{p.turtle}\t{o.turtle}\n")
        node.setdefault(p.jsonld_id, set()).add(o.jsonld)
    sorted_rows = sorted(rows)
    text = "".join(sorted(nquads))
    trig = f"{name} {{\n" + turtle_blocks(sorted_rows, "    ") + "}\n"
    return GraphChunks(
        iri=str(iri), triples=len(nquads), nquads=text, turtle_lines="".join(sorted_rows),
        trig=trig, jsonld=_jsonld_chunk(str(iri), nodes),
        digest=hashlib.sha256(text.encode()).hexdigest(),
    )


def _jsonld_chunk(iri: str, nodes: dict[str, dict[str, set[str]]]) -> str:
    """The named-graph object, one node object a line; keys and values sorted."""
    lines = []
    for subject in sorted(nodes):
        fields = {'"@id"': subject} | {
            key: "[" + ", ".join(sorted(values)) + "]" for key, values in nodes[subject].items()
        }
        lines.append("{" + ", ".join(f"{k}: {fields[k]}" for k in sorted(fields)) + "}")
    body = ",\n        ".join(lines)
    return f'    {{\n      "@graph": [\n        {body}\n      ],\n      "@id": {json.dumps(iri)}\n    }}\n'


__all__ = [
    "NAMESPACES",
    "GraphChunks",
    "Rendered",
    "SerialiseError",
    "from_ox",
    "jsonld_context",
    "jsonld_iri",
    "prefix_header",
    "render_graph",
    "render_plain",
    "render_term",
    "to_ox",
    "turtle_blocks",
    "turtle_iri",
]
