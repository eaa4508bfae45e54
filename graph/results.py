"""Query results as text (table, csv, tsv, json, markdown) and as Python values.

* ``table`` (default): aligned columns for a terminal; literals as their text, IRIs
  shortened with the project prefixes (``id:place/shenzhen``), long cells cut with "…".
* ``csv``: SPARQL 1.1 Query Results CSV (header of variable names, plain values, CRLF).
* ``tsv``: SPARQL 1.1 Query Results TSV (``?var`` header, terms in N-Triples syntax), lossless.
* ``json``: SPARQL 1.1 Query Results JSON (``head.vars``, ``results.bindings``), the same
  document an endpoint returns, lossless; pandas users get typed rows from ``gbakg.api``.
* ``markdown``: a pipe table with the ``table`` cell text, uncut; ``\\``, ``|`` and ``<``
  backslash-escaped, so a cell is always text (never a column break or HTML) when rendered.

``table`` and ``markdown`` are for people and terminals: control characters in a value
(ESC, BEL, C1 controls: terminal escape sequences) are shown as ``\\x1b`` etc., never
written raw. ``csv``, ``tsv`` and ``json`` carry values exactly, as data formats must.

CONSTRUCT/DESCRIBE results are written as N-Triples whatever the format; ASK as
``true``/``false`` (``{"head": {}, "boolean": …}`` in JSON).
"""

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from graph.params import XSD, Term
from graph.serialise import NAMESPACES
from graph.sparql import Result

FORMATS = ("table", "csv", "tsv", "json", "markdown")
MAX_CELL = 60
"""Table cells longer than this are cut (``--format csv`` gives whole values)."""
_BY_LENGTH = sorted(NAMESPACES.items(), key=lambda item: -len(item[1]))
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
"""Control characters (after whitespace is collapsed, these are the non-space ones)."""
_MARKDOWN = re.compile(r"([\\|<])")
_INTEGERS = {XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte")}


def lexical(term: Term | None) -> str:
    """The plain text of a term: an IRI, a literal's lexical form, ``_:id``, or ''."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def display(term: Term | None) -> str:
    """Cell text for people: IRIs shortened with the project prefixes, one line."""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in _BY_LENGTH:
            if term.value.startswith(namespace) and len(term.value) > len(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
    text = " ".join(lexical(term).split())
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def to_python(term: Term | None) -> Any:
    """int, Decimal, float, bool, date, datetime or str (IRIs and unknown types as str)."""
    if not isinstance(term, ox.Literal):
        return None if term is None else lexical(term)
    datatype = term.datatype.value
    try:
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype == XSD + "decimal":
            return Decimal(term.value)
        if datatype in (XSD + "double", XSD + "float"):
            return float(term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        if datatype == XSD + "date":
            return dt.date.fromisoformat(term.value)
        if datatype == XSD + "dateTime":
            return dt.datetime.fromisoformat(term.value)
    except (ValueError, InvalidOperation):
        pass
    return term.value


def _table(variables: Sequence[str], cells: list[list[str]]) -> str:
    cut = [[c if len(c) <= MAX_CELL else c[: MAX_CELL - 1] + "…" for c in row] for row in cells]
    widths = [max([len(v), *(len(row[i]) for row in cut)]) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
              for row in cut]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _markdown(variables: Sequence[str], cells: list[list[str]]) -> str:
    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(_MARKDOWN.sub(r"\\\1", v) for v in values) + " |"

    rows = [line(variables), "|" + "|".join("---" for _ in variables) + "|"]
    rows += [line(row) for row in cells]
    return "\n".join(rows) + "\n"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def _json(result: Result) -> str:
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
    bindings = [
        {name: _json_term(term) for name, term in zip(result.variables, row, strict=True)
         if term is not None}
        for row in result.rows
    ]
    document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _tsv_term(term: Term | None) -> str:
    return "" if term is None else str(term).replace("\t", "\\t")


def format_result(result: Result, fmt: str = "table") -> str:
    """The result as text in one of :data:`FORMATS`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if result.triples is not None:
        return "".join(f"{t} .\n" for t in result.triples)
    if result.boolean is not None:
        return _json(result) if fmt == "json" else ("true\n" if result.boolean else "false\n")
    if fmt == "json":
        return _json(result)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(result.variables)
        writer.writerows([lexical(term) for term in row] for row in result.rows)
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in result.variables)]
        lines += ["\t".join(_tsv_term(term) for term in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    cells = [[display(term) for term in row] for row in result.rows]
    if fmt == "markdown":
        return _markdown(result.variables, cells)
    return _table(result.variables, cells)


__all__ = ["FORMATS", "MAX_CELL", "display", "format_result", "lexical", "to_python"]
