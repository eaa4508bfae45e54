"""Run SPARQL on a build's store or a remote endpoint, with parameters bound as RDF terms.

``resolve_query`` turns what the user typed (a file, a library name or SPARQL text) into
text plus its header; ``run_query`` binds the parameters (``graph.params``) and runs it:
locally through pyoxigraph substitutions on the build's store (default graph = union of
the report graphs), remotely by the SPARQL 1.1 Protocol with a trailing ``VALUES`` clause
(``graph.remote``). Both return the same :class:`Result`, so formatting (``graph.results``)
never knows where the rows came from. Syntax errors carry their line and column.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.params import Term, bind_params, values_clause
from graph.querylib import HeaderError, QueryFile, load_library, read_query
from graph.remote import N_TRIPLES, RESULTS_JSON, RemoteError, post_query
from graph.serialise import NAMESPACES
from graph.store import GraphStore

_POSITION = re.compile(r"error at (\d+):(\d+):?\s*(.*)")
_FORMS = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


class QueryError(Exception):
    """A query cannot be found, parsed or run; the message is meant for the user."""


class QuerySyntaxError(QueryError):
    """A SPARQL syntax error at a 1-based line and column of the text the user wrote."""

    def __init__(self, line: int, column: int, detail: str, text: str) -> None:
        self.line, self.column, self.detail, self.text = line, column, detail, text
        super().__init__(f"SPARQL syntax error at line {line}, column {column}: {detail}")

    def excerpt(self) -> str:
        """The offending line with a caret under the column."""
        lines = self.text.splitlines()
        if not 1 <= self.line <= len(lines):
            return ""
        source = lines[self.line - 1]
        return f"  {source}\n  {' ' * max(self.column - 1, 0)}^"


@dataclass
class Result:
    """Rows of a SELECT (``variables``/``rows``), an ASK's ``boolean`` or a graph's triples."""

    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None

    @property
    def kind(self) -> str:
        if self.boolean is not None:
            return "boolean"
        return "graph" if self.triples is not None else "select"


def resolve_query(spec: str, library: Mapping[str, QueryFile] | None = None
                  ) -> tuple[str, QueryFile | None]:
    """(SPARQL text, header) for a path, a library name (``hk-sz-links``) or SPARQL text."""
    path = Path(spec)
    short = "\n" not in spec and len(spec) < 1024
    if short and path.is_file():
        try:
            query = read_query(path)
            return (query.text if query else path.read_text("utf-8")), query
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{spec}: cannot read ({exc})") from exc
        except HeaderError as exc:
            raise QueryError(str(exc)) from exc
    lib = load_library() if library is None else library
    name = spec.removesuffix(".rq")
    if name in lib:
        return lib[name].text, lib[name]
    if short and path.suffix == ".rq":
        raise QueryError(f"{spec}: no such query file or library query")
    if _FORMS.search(spec) and ("{" in spec or spec.lstrip().upper().startswith("DESCRIBE")):
        return spec, None
    raise QueryError(f"no query file or library query named {spec!r} "
                     "(`gbakg queries` lists the library)")


def _syntax_error(message: str, text: str, line_offset: int = 0) -> QueryError:
    match = _POSITION.search(message)
    if not match:
        return QueryError(f"SPARQL error: {message.strip()}")
    detail = match[3].splitlines()[0] if match[3] else "invalid syntax"
    return QuerySyntaxError(int(match[1]) - line_offset, int(match[2]), detail, text)


def _materialise(answer: Any) -> Result:
    if isinstance(answer, ox.QueryBoolean):
        return Result(boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        # A solution iterates over its values in the order of ``answer.variables`` (None
        # when unbound): one call per row instead of one lookup by name per cell, which
        # took 60% of the time to turn a large answer into Python terms.
        return Result([v.value for v in answer.variables], [tuple(row) for row in answer])
    return Result(triples=list(answer))


def run_local(store: GraphStore, text: str, params: Mapping[str, Term]) -> Result:
    """Run on the build's store; parameters are pyoxigraph substitutions (never text)."""
    try:
        answer = store.query(text, substitutions=dict(params))
        return _materialise(answer)
    except SyntaxError as exc:
        raise _syntax_error(str(exc), text) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from None


def _prologue(text: str) -> str:
    """PREFIX lines for the project prefixes a query uses without declaring (one line)."""
    missing = [
        f"PREFIX {prefix}: <{iri}>" for prefix, iri in NAMESPACES.items()
        if not re.search(rf"(?im)^\s*PREFIX\s+{prefix}\s*:", text)
    ]
    return " ".join(missing) + "\n" if missing else ""


def run_remote(endpoint: str, text: str, params: Mapping[str, Term]) -> Result:
    """Run on a SPARQL endpoint; parameters travel as a serialised trailing VALUES clause."""
    prologue = _prologue(text)
    try:
        response = post_query(endpoint, prologue + text + values_clause(params))
    except RemoteError as exc:
        if exc.status == 400 and _POSITION.search(exc.body):
            raise _syntax_error(exc.body, text, prologue.count("\n")) from None
        raise QueryError(str(exc)) from None
    content_type = response.content_type.split(";")[0].strip().lower()
    try:
        if content_type in (RESULTS_JSON, "application/json"):
            answer = ox.parse_query_results(response.body, format=ox.QueryResultsFormat.JSON)
            return _materialise(answer)
        if content_type in (N_TRIPLES, "text/plain"):
            return Result(triples=[q.triple for q in ox.parse(response.body,
                                                               format=ox.RdfFormat.N_TRIPLES)])
    except (SyntaxError, ValueError) as exc:
        raise QueryError(f"{endpoint}: unreadable answer ({exc})") from None
    raise QueryError(f"{endpoint}: unexpected answer type {content_type or 'none'!r}")


def run_query(
    spec: str,
    params: Mapping[str, Any] | None = None,
    *,
    store: GraphStore | None = None,
    endpoint: str | None = None,
    library: Mapping[str, QueryFile] | None = None,
) -> tuple[Result, QueryFile | None]:
    """Resolve ``spec``, bind ``params`` and run it on ``store`` or ``endpoint``."""
    text, query = resolve_query(spec, library)
    terms = bind_params(query, params or {})
    if endpoint is not None:
        return run_remote(endpoint, text, terms), query
    if store is None:
        raise QueryError("no store to run on (give a build folder or an endpoint)")
    return run_local(store, text, terms), query


__all__ = ["QueryError", "QuerySyntaxError", "Result", "resolve_query", "run_local",
           "run_query", "run_remote"]
