"""Copy a build's named graphs to another triple store (SPARQL 1.1 Graph Store Protocol).

Each report graph is sent whole as N-Triples with ``PUT …?graph=<graph IRI>``, which
replaces that graph on the server: named graphs are kept, and pushing the same build twice
leaves the server as one push did. Graphs the server holds but the build does not are left
alone (a report removed from the sources is not deleted remotely).
"""

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from graph.remote import graph_store_url, put_graph
from graph.store import GraphStore


@dataclass(frozen=True)
class PushResult:
    url: str
    graphs: int
    triples: int


def graph_ntriples(store: GraphStore, graph: ox.NamedNode) -> tuple[bytes, int]:
    """One named graph as N-Triples bytes, with its triple count."""
    triples = [q.triple for q in store.store.quads_for_pattern(None, None, None, graph)]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return (data or b""), len(triples)


def push_build(
    store: GraphStore,
    endpoint: str,
    kind: str = "oxigraph",
    progress: Callable[[str, int], None] | None = None,
) -> PushResult:
    """PUT every named graph of ``store`` to the graph store behind ``endpoint``."""
    url = graph_store_url(endpoint, kind)
    graphs = triples = 0
    for graph in sorted(store.store.named_graphs(), key=str):
        if not isinstance(graph, ox.NamedNode):
            continue
        data, count = graph_ntriples(store, graph)
        put_graph(url, graph.value, data)
        graphs += 1
        triples += count
        if progress:
            progress(graph.value, count)
    return PushResult(url, graphs, triples)


__all__ = ["PushResult", "graph_ntriples", "push_build"]
