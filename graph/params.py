"""Query parameters as RDF terms: parsed from text or Python values, never pasted as text.

A parameter value becomes a pyoxigraph term (an IRI is validated by pyoxigraph, a literal
keeps its text whole). Locally the term is handed to pyoxigraph as a substitution; for a
remote endpoint :func:`values_clause` serialises it with pyoxigraph's N-Triples writer
(quotes, backslashes and line breaks escaped) into a trailing ``VALUES`` clause, so
``x" } ; DROP ALL #`` stays one string literal whichever way the query runs.

Library queries bind each parameter by a join (a triple pattern or ``BIND``) and project
it, so substituting it up front and joining a trailing ``VALUES`` give the same rows.
"""

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib.term import Node

from graph.querylib import Param, QueryFile
from graph.serialise import NAMESPACES, to_ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal
XSD = "http://www.w3.org/2001/XMLSchema#"
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PREFIXED = re.compile(r"(?P<prefix>[A-Za-z][A-Za-z0-9_-]*):(?P<local>\S*)")


class ParamError(ValueError):
    """A parameter is unknown, misnamed or its value is not a valid term of its kind."""


def _iri(text: str) -> ox.NamedNode:
    """An IRI from ``<iri>``, ``iri`` or a project prefix (``id:place/shenzhen``)."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    match = _PREFIXED.fullmatch(text)
    if match and match["prefix"] in NAMESPACES:
        text = NAMESPACES[match["prefix"]] + match["local"]
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text):
        raise ParamError(f"{text!r} is not an absolute IRI (nor a known prefix such as id:)")
    try:
        return ox.NamedNode(text)
    except ValueError as exc:
        raise ParamError(f"{text!r} is not a valid IRI: {exc}") from exc


def looks_like_iri(text: str) -> bool:
    """``<…>``, ``http(s)://…`` or a known prefix: how an undeclared value is read as an IRI."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return True
    if re.match(r"https?://\S+$", text):
        return True
    match = _PREFIXED.fullmatch(text)
    return bool(match and match["prefix"] in NAMESPACES and match["local"])


def parse_value(text: str, kind: str = "auto") -> Term:
    """The term a command-line value stands for, by the parameter's kind."""
    if kind == "iri" or (kind == "auto" and looks_like_iri(text)):
        return _iri(text)
    if kind in ("string", "auto"):
        return ox.Literal(text)
    if kind == "integer":
        if not re.fullmatch(r"\s*[+-]?\d+\s*", text):
            raise ParamError(f"{text!r} is not an integer")
        return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "decimal":
        try:
            value = Decimal(text)
        except ArithmeticError as exc:
            raise ParamError(f"{text!r} is not a decimal") from exc
        if not value.is_finite():
            raise ParamError(f"{text!r} is not a decimal")
        return ox.Literal(format(value, "f"), datatype=ox.NamedNode(XSD + "decimal"))
    raise ParamError(f"unknown parameter kind {kind!r}")


def to_term(value: Any, kind: str = "auto") -> Term:
    """A Python value (str, int, Decimal, float, bool, date, rdflib or pyoxigraph term)."""
    if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    if isinstance(value, Node):
        term = to_ox(value)
        return term
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, Decimal):
        return parse_value(str(value), "decimal")
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
    if isinstance(value, dt.datetime):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if isinstance(value, str):
        return parse_value(value, kind)
    raise ParamError(f"cannot use a {type(value).__name__} as a query parameter")


def bind_params(query: QueryFile | None, given: Mapping[str, Any]) -> dict[str, Term]:
    """Terms for a run: given values (typed by the header), then declared defaults.

    A library query accepts only the parameters its header declares; a plain query accepts
    any well-formed variable name. A declared parameter with no value and no default stays
    unbound (the query then answers for every value).
    """
    declared: dict[str, Param] = {p.name: p for p in query.params} if query else {}
    terms: dict[str, Term] = {}
    for name, value in given.items():
        name = name.lstrip("?$")
        if not _VARIABLE.fullmatch(name):
            raise ParamError(f"{name!r} is not a SPARQL variable name")
        if query is not None and name not in declared:
            known = ", ".join(declared) or "none"
            raise ParamError(f"{query.name} has no parameter {name!r} (parameters: {known})")
        param = declared.get(name)
        terms[name] = to_term(value, param.kind if param else "auto")
    for param in declared.values():
        if param.name not in terms and param.default is not None:
            terms[param.name] = parse_value(param.default, param.kind)
    return terms


def split_assignments(pairs: list[str]) -> dict[str, str]:
    """``["name=value", ...]`` from ``--param`` options (the value may contain '=')."""
    given: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ParamError(f"--param {pair!r}: expected NAME=VALUE")
        given[name.strip()] = value
    return given


def values_clause(terms: Mapping[str, Term]) -> str:
    """A trailing ``VALUES (?a ?b) { (t1 t2) }``, each term written by a serialiser."""
    if not terms:
        return ""
    names = list(terms)
    for name in names:
        if not _VARIABLE.fullmatch(name):
            raise ParamError(f"{name!r} is not a SPARQL variable name")
    cells = " ".join(_sparql_term(terms[name]) for name in names)
    return "\nVALUES (" + " ".join("?" + n for n in names) + ") { (" + cells + ") }\n"


def _sparql_term(term: Term) -> str:
    if isinstance(term, ox.BlankNode):
        raise ParamError("a blank node cannot be sent to another store as a parameter")
    # str() of a pyoxigraph term is its N-Triples form: an escaped, self-delimiting token
    # that is also valid SPARQL syntax.
    return str(term)


__all__ = ["ParamError", "Term", "bind_params", "looks_like_iri", "parse_value",
           "split_assignments", "to_term", "values_clause"]
