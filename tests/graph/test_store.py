"""Reading a build: SPARQL on pyoxigraph, rdflib through oxrdflib, one generation per reader."""

import json
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from gbakg.config import DEFAULT_SOURCES
from graph.build import BuildResult
from graph.layout import LayoutError
from graph.store import open_store
from ontology.namespace import GBA

Builder = Callable[..., BuildResult]


def test_sparql_default_graph_is_the_union(built: Path) -> None:
    store = open_store(built)
    manifest = json.loads((built / "manifest.json").read_text())
    rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert rows[0]["n"] == Literal(manifest["totals"]["triples"])
    reports = store.select("SELECT DISTINCT ?r WHERE { ?r a gba:Report ; gba:sourceFile ?f }")
    assert len(reports) == 5 and all(isinstance(r["r"], URIRef) for r in reports)
    assert len(store) == manifest["totals"]["triples"]


def test_query_substitutions_and_ask(built: Path) -> None:
    store = open_store(built)
    asked = store.query("ASK { ?r a ?class }", substitutions={"class": ox.NamedNode(GBA.Report)})
    assert isinstance(asked, ox.QueryBoolean) and bool(asked)


# rdflib 7.6 warns inside its own Dataset.triples (it reads its deprecated default_context).
@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
def test_rdflib_dataset_over_the_store(built: Path) -> None:
    store = open_store(built)
    ds = store.dataset()
    assert isinstance(ds, Dataset)
    assert len(set(ds.subjects(RDF.type, GBA.Report))) >= 5
    graph = store.named_graphs()[0]
    assert len(Graph(store=ds.store, identifier=graph)) == len(store.graph(graph))


def test_graphs_from_the_dump_are_exact(built: Path) -> None:
    graphs = open_store(built).graphs()
    assert len(graphs) == 5
    datatypes = {o.datatype for g in graphs.values() for o in g.objects() if isinstance(o, Literal)}
    # The store would return these as xsd:integer; the dump keeps them.
    assert URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger") in datatypes


def test_store_is_read_only(built: Path) -> None:
    store = open_store(built)
    quad = ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                   ox.Literal("o"), ox.NamedNode("http://example.org/g"))
    with pytest.raises(RuntimeError, match="read-write"):
        store.store.add(quad)


def test_a_reader_keeps_its_generation_across_a_rebuild(
    tmp_path: Path, run_build: Builder
) -> None:
    out = tmp_path / "build"
    page = DEFAULT_SOURCES / "ohkf-science-tech-innovation.txt"
    assert run_build(out, page).exit_code == 0
    reader = open_store(out)
    generation = reader.generation
    assert run_build(out, page).exit_code == 0
    assert open_store(out).generation != generation
    assert reader.generation == generation and generation.is_dir()  # previous one is kept
    assert len(reader.named_graphs()) == 5


def test_missing_build_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match="no gbakg build here"):
        open_store(tmp_path / "nowhere")
