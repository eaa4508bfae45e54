"""HTTP to other triple stores: the SPARQL 1.1 Protocol (query) and Graph Store Protocol.

Stdlib ``urllib`` only. Query: ``POST`` with ``Content-Type: application/sparql-query``,
answers read as SPARQL JSON results (SELECT/ASK) or N-Triples (CONSTRUCT/DESCRIBE). Upload:
``PUT <graph store>?graph=<iri>`` with an N-Triples body, which replaces the graph, so a
second push leaves the store as the first did.

Accepted URL forms (see the README "For analysts" section):

* query endpoint: the store's SPARQL query URL (Oxigraph ``http://host:7878/query``,
  Fuseki ``http://host:3030/DATASET/sparql``, GraphDB ``http://host:7200/repositories/REPO``,
  Virtuoso ``http://host:8890/sparql``); a bare ``http://host:port`` means Oxigraph's
  ``/query``.
* graph store, by ``kind``: ``oxigraph`` – the server base (``/query``, ``/update`` or
  ``/store`` are stripped) + ``/store``; ``fuseki`` – the dataset base
  (``http://host:3030/DATASET``; ``/sparql``, ``/query``, ``/update``, ``/data``, ``/get``
  stripped) + ``/data``; ``gsp`` – the Graph Store endpoint exactly as given (GraphDB
  ``http://host:7200/repositories/REPO/rdf-graphs/service``); a URL ending in ``=`` gets
  the graph IRI appended (Virtuoso ``http://host:8890/sparql-graph-crud-auth?graph-uri=``).
"""

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from gbakg.config import QUERY_TIMEOUT_S

KINDS = ("oxigraph", "fuseki", "gsp")
RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


class RemoteError(Exception):
    """The endpoint could not be reached or answered with an error (message has the body)."""

    def __init__(self, message: str, status: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


@dataclass(frozen=True)
class Response:
    content_type: str
    body: bytes


def _check_url(url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RemoteError(f"{url!r}: expected an http:// or https:// URL")
    return parts


def query_url(endpoint: str) -> str:
    """The SPARQL query URL for ``--endpoint`` (a bare server URL means Oxigraph's /query)."""
    parts = _check_url(endpoint)
    if parts.path in ("", "/"):
        return urllib.parse.urlunsplit(parts._replace(path="/query"))
    return endpoint


def graph_store_url(endpoint: str, kind: str = "oxigraph") -> str:
    """The Graph Store Protocol URL (without ``?graph=``) for ``push --kind``."""
    parts = _check_url(endpoint)
    path = parts.path.rstrip("/")
    if kind == "oxigraph":
        for suffix in ("/query", "/update", "/store"):
            path = path.removesuffix(suffix)
        path += "/store"
    elif kind == "fuseki":
        for suffix in ("/sparql", "/query", "/update", "/data", "/get"):
            path = path.removesuffix(suffix)
        if not path:
            raise RemoteError(f"{endpoint!r}: a Fuseki URL names its dataset, e.g. /gbakg")
        path += "/data"
    elif kind == "gsp":
        return endpoint
    else:
        raise RemoteError(f"unknown store kind {kind!r} (one of {', '.join(KINDS)})")
    return urllib.parse.urlunsplit(parts._replace(path=path or "/", query="", fragment=""))


def _send(request: urllib.request.Request, timeout: float) -> Response:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return Response(answer.headers.get("Content-Type", ""), answer.read())
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace").strip()
        raise RemoteError(f"{request.full_url}: HTTP {exc.code}: {body[:500] or exc.reason}",
                          exc.code, body) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RemoteError(f"{request.full_url}: cannot connect ({reason})") from None


def post_query(endpoint: str, sparql: str, timeout: float = QUERY_TIMEOUT_S) -> Response:
    """Send one query by the SPARQL 1.1 Protocol (POST, direct body)."""
    request = urllib.request.Request(
        query_url(endpoint),
        data=sparql.encode("utf-8"),
        method="POST",
        headers={
            "Content-Type": "application/sparql-query; charset=utf-8",
            "Accept": f"{RESULTS_JSON}, {N_TRIPLES};q=0.9",
        },
    )
    return _send(request, timeout)


def put_graph(store_url: str, graph: str, ntriples: bytes, timeout: float = 300.0) -> None:
    """Replace one named graph (Graph Store Protocol ``PUT ?graph=``).

    A URL ending in ``=`` names its own parameter (Virtuoso: ``…?graph-uri=``); the graph
    IRI is appended to it, percent-encoded.
    """
    if store_url.endswith("="):
        url = store_url + urllib.parse.quote(graph, safe="")
    else:
        separator = "&" if "?" in store_url else "?"
        url = f"{store_url}{separator}{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(
        url, data=ntriples, method="PUT", headers={"Content-Type": N_TRIPLES}
    )
    _send(request, timeout)


__all__ = ["KINDS", "RemoteError", "Response", "graph_store_url", "post_query", "put_graph",
           "query_url"]
