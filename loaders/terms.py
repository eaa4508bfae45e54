"""Plain RDF terms for the build path: an IRI is a ``str``, a literal a :class:`Lit` tuple.

rdflib terms hash and compare in Python (``URIRef.__hash__``, ``Literal.__eq__``), which
made building one rdflib Graph per report, then iterating it to render the dumps, most of
the cost of extracting a page. Plain strings and tuples hash in C. The report writer keeps
its triples in these terms; :func:`to_rdflib` turns them into an rdflib Graph only for the
callers that want one (tests, notebooks: ``Extraction.graphs``).
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from rdflib import Graph, Literal, URIRef

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_INTEGER = XSD + "integer"
XSD_NON_NEGATIVE_INTEGER = XSD + "nonNegativeInteger"


class Lit(NamedTuple):
    """A literal: its lexical form, and a language tag or a datatype IRI (or neither)."""

    value: str
    language: str | None = None
    datatype: str | None = None


Term = str | Lit
"""An IRI (a plain ``str``, never a ``URIRef``: the two never compare equal) or a literal."""
Triple = tuple[str, str, Term]


def integer(n: int, datatype: str = XSD_INTEGER) -> Lit:
    """An integer literal; its lexical form is ``str(n)``, as rdflib writes an ``int``."""
    return Lit(str(n), None, datatype)


def typed(value: str | Decimal, datatype: str) -> Lit:
    """A typed literal with the lexical form rdflib gives ``Literal(value, datatype=...)``
    (it normalises some datatypes' lexical forms; these literals are few)."""
    literal = Literal(value, datatype=URIRef(datatype))
    return Lit(str(literal), None, str(literal.datatype))


def to_rdflib_term(term: Term) -> URIRef | Literal:
    if isinstance(term, Lit):
        datatype = URIRef(term.datatype) if term.datatype is not None else None
        return Literal(term.value, lang=term.language, datatype=datatype, normalize=False)
    return URIRef(term)


def to_rdflib(triples: Iterable[Triple]) -> Graph:
    """An rdflib Graph holding ``triples``."""
    graph = Graph()
    graph.addN(
        (URIRef(s), URIRef(p), to_rdflib_term(o), graph) for s, p, o in triples
    )
    return graph


__all__ = ["Lit", "Term", "Triple", "integer", "to_rdflib", "to_rdflib_term", "typed"]
