"""The pyoxigraph store of a build: written once per generation, then read-only.

Readers call :func:`open_store`, which resolves ``DIR/current`` once, so every query of one
:class:`GraphStore` sees the same generation even while a new build is swapped in. SPARQL
goes straight to pyoxigraph (``Store.query``), with the report graphs' union as the default
graph and the project's prefixes predeclared; rdflib code gets a ``Dataset`` over the same
store through oxrdflib (oxrdflib's own SPARQL path can fall back to rdflib's slow engine,
so use :meth:`GraphStore.query` for SPARQL).

:func:`write_store` makes a generation's store: bulk-loaded from ``gbakg.nq``, or, when
only a few graphs changed, a hard-linked checkpoint of the previous generation's store with
the changed graphs swapped.
"""

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from gbakg.config import DEFAULT_BUILD
from graph.cache import Cache
from graph.export import Placed
from graph.layout import MANIFEST, STORE, resolve_current
from graph.serialise import NAMESPACES, from_ox

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
INCREMENTAL_SHARE = 0.5
"""Above this share of changed triples a fresh bulk load beats patching a checkpoint."""


class GraphStore:
    """One generation of a build, opened read-only."""

    def __init__(self, generation: Path) -> None:
        self.generation = generation
        self.store = ox.Store.read_only(str(generation / STORE))

    def query(
        self, sparql: str, *, union: bool = True, substitutions: Mapping[str, Any] | None = None
    ) -> QueryResult:
        """Run SPARQL on pyoxigraph; the default graph is the union of all report graphs."""
        subs = None
        if substitutions:
            subs = {ox.Variable(k): v for k, v in substitutions.items()}
        return self.store.query(
            sparql, prefixes=NAMESPACES, use_default_graph_as_union=union, substitutions=subs
        )

    def select(self, sparql: str, **kwargs: Any) -> list[dict[str, Node | None]]:
        """A SELECT query's rows as dicts of rdflib terms (None when unbound)."""
        result = self.query(sparql, **kwargs)
        if not isinstance(result, ox.QuerySolutions):
            raise ValueError("select() needs a SELECT query")
        names = [v.value for v in result.variables]
        return [
            {name: None if row[name] is None else from_ox(row[name]) for name in names}
            for row in result
        ]

    def named_graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self.store.named_graphs()
                      if isinstance(g, ox.NamedNode))

    def graph(self, iri: URIRef) -> Graph:
        """An in-memory rdflib copy of one named graph, read from the store.

        The store keeps values, not every datatype: it returns derived integer types such as
        ``xsd:nonNegativeInteger`` as ``xsd:integer``. Use :meth:`graphs` for exact triples.
        """
        g = Graph(identifier=iri)
        for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(str(iri))):
            g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return g

    def graphs(self) -> dict[URIRef, Graph]:
        """Every report graph exactly as published, read from the generation's N-Quads dump."""
        graphs: dict[URIRef, Graph] = {}
        for q in ox.parse(path=str(self.generation / "gbakg.nq"), format=ox.RdfFormat.N_QUADS):
            if not isinstance(q.graph_name, ox.NamedNode):
                continue
            iri = URIRef(q.graph_name.value)
            g = graphs.get(iri)
            if g is None:
                g = graphs[iri] = Graph(identifier=iri)
            g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return graphs

    def dataset(self) -> Dataset:
        """An rdflib Dataset over the store (read-only; its default graph is the union).

        For one named graph use ``Graph(store=ds.store, identifier=iri)``: ``ds.graph(iri)``
        tries to create the graph and fails on a read-only store.
        """
        ds = Dataset(store=OxigraphStore(store=self.store), default_union=True)
        for prefix, namespace in NAMESPACES.items():
            ds.bind(prefix, namespace, override=True)
        return ds

    def manifest(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.generation / MANIFEST).read_text("utf-8"))
        return data

    def __len__(self) -> int:
        return len(self.store)


def open_store(build: Path = DEFAULT_BUILD) -> GraphStore:
    """Open the current generation of the build in ``build`` (raises LayoutError)."""
    return GraphStore(resolve_current(build))


def _digests(manifest: Path) -> dict[str, str] | None:
    try:
        data = json.loads(manifest.read_text("utf-8"))
        return {g["iri"]: g["digest"] for g in data["graphs"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_store(
    folder: Path,
    graphs: Sequence[Placed],
    cache: Cache,
    previous: Path | None,
) -> str:
    """Create ``folder/store`` for the graphs just dumped; return how ("bulk"/"incremental").

    ``previous`` is the last published generation; changed graphs are read back from their
    cached N-Quads chunks.
    """
    total = sum(graph.triples for _, graph in graphs)
    old = _digests(previous / MANIFEST) if previous else None
    if previous is not None and old is not None and (previous / STORE).is_dir():
        new = {graph.iri: graph.digest for _, graph in graphs}
        stale = [iri for iri, digest in old.items() if new.get(iri) != digest]
        added = [(e, g) for e, g in graphs if old.get(g.iri) != g.digest]
        if sum(g.triples for _, g in added) <= INCREMENTAL_SHARE * total:
            try:
                if _patch(folder / STORE, previous / STORE, stale, added, cache, total):
                    return "incremental"
            except OSError:
                pass
    _remove_tree(folder / STORE)
    store = ox.Store(str(folder / STORE))
    store.bulk_load(path=str(folder / "gbakg.nq"), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return "bulk"


def _patch(
    target: Path,
    source: Path,
    stale: Sequence[str],
    added: Sequence[Placed],
    cache: Cache,
    total: int,
) -> bool:
    ox.Store.read_only(str(source)).backup(str(target))
    store = ox.Store(str(target))
    for iri in stale:
        store.remove_graph(ox.NamedNode(iri))
    for entry, graph in added:
        chunk = cache.read_chunk(entry, graph, "nquads")
        store.extend(ox.parse(chunk, format=ox.RdfFormat.N_QUADS))
    # Only the graphs touched are counted (counting the whole store takes seconds at a
    # million quads): the unchanged ones are the previous generation's, checked when made.
    expected = {iri: 0 for iri in stale} | {graph.iri: graph.triples for _, graph in added}
    ok = all(_count(store, iri) == n for iri, n in expected.items())
    store.flush()
    del store
    if not ok:
        _remove_tree(target)
    return ok


def _count(store: ox.Store, iri: str) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


__all__ = ["GraphStore", "QueryResult", "open_store", "write_store"]
