"""Deterministic serialisation: every dump parses back to the same quads, byte-stable."""

import json
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from graph.serialise import (
    NAMESPACES,
    SerialiseError,
    prefix_header,
    render_graph,
    turtle_blocks,
)
from ontology.namespace import GBA, GRAPH, ID

G = GRAPH["example"]


def _graph(*literals: Literal) -> Graph:
    g = Graph()
    report = ID["report/example"]
    g.add((report, RDF.type, GBA.Report))
    for n, literal in enumerate(literals):
        g.add((report, RDFS.label if n == 0 else GBA.measures, literal))
    return g


def _quads(text: str, fmt: ox.RdfFormat) -> set[str]:
    return {str(q) for q in ox.parse(text, format=fmt)}


def test_insertion_order_does_not_change_the_bytes() -> None:
    triples = list(_graph(Literal("a", lang="en"), Literal("b"), Literal(2)))
    forward, backward = Graph(), Graph()
    for t in triples:
        forward.add(t)
    for t in reversed(triples):
        backward.add(t)
    assert render_graph(G, forward) == render_graph(G, backward)


def test_nquads_are_sorted_and_every_format_agrees() -> None:
    g = _graph(Literal('He said "hi"\n\tthen left \\ 香港', lang="zh-Hant"),
               Literal("2021-07-26", datatype=XSD.date), Literal("x", datatype=XSD.string))
    chunks = render_graph(G, g)
    lines = chunks.nquads.splitlines()
    assert lines == sorted(lines) and chunks.triples == len(lines) == 4
    nq = _quads(chunks.nquads, ox.RdfFormat.N_QUADS)
    assert _quads(prefix_header() + chunks.trig, ox.RdfFormat.TRIG) == nq
    document = {"@context": NAMESPACES, "@graph": [json.loads(chunks.jsonld)]}
    assert _quads(json.dumps(document), ox.RdfFormat.JSON_LD) == nq


def test_blank_nodes_get_stable_labels() -> None:
    def graph() -> Graph:
        g = Graph()
        node = BNode()
        g.add((ID["report/x"], GBA.amount, node))
        g.add((node, RDF.value, Literal(3)))
        return g

    first, second = render_graph(G, graph()), render_graph(G, graph())
    assert first == second and "_:" in first.nquads


def test_invalid_iri_is_a_serialise_error() -> None:
    g = Graph()
    g.add((URIRef("https://w3id.org/gbakg/id/bad iri"), RDF.type, GBA.Report))
    with pytest.raises(SerialiseError, match="invalid IRI"):
        render_graph(G, g)


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
       lang=st.sampled_from([None, "en", "zh-Hant"]))
def test_any_string_literal_round_trips(text: str, lang: str | None) -> None:
    g = _graph(Literal(text, lang=lang))
    chunks = render_graph(G, g)
    quads = list(ox.parse(prefix_header() + chunks.trig, format=ox.RdfFormat.TRIG))
    label = next(q.object for q in quads if q.predicate.value == str(RDFS.label))
    assert isinstance(label, ox.Literal) and label.value == text
    assert label.language == (lang.lower() if lang else None)
    lines = chunks.turtle_lines.split("\n")[:-1]  # not splitlines(): U+0085 is no line end
    union = Graph().parse(data=prefix_header() + turtle_blocks(lines), format="turtle")
    assert isomorphic(union, _graph(Literal(text, lang=lang.lower() if lang else None)))


def test_dumps_agree_with_each_other(built: Path) -> None:
    nq = _quads((built / "gbakg.nq").read_text(), ox.RdfFormat.N_QUADS)
    assert _quads((built / "gbakg.trig").read_text(), ox.RdfFormat.TRIG) == nq
    assert _quads((built / "gbakg.jsonld").read_text(), ox.RdfFormat.JSON_LD) == nq
    union = {str(ox.Triple(q.subject, q.predicate, q.object))
             for q in ox.parse((built / "gbakg.nq").read_bytes(), format=ox.RdfFormat.N_QUADS)}
    ttl = {str(q.triple) for q in ox.parse((built / "gbakg.ttl").read_bytes(),
                                            format=ox.RdfFormat.TURTLE)}
    assert ttl == union
    manifest = json.loads((built / "manifest.json").read_text())
    assert manifest["totals"]["distinct_triples"] == len(union)


def test_dumps_use_the_project_prefixes_and_sorted_json(built: Path) -> None:
    ttl = (built / "gbakg.ttl").read_text()
    assert "@prefix gba: <https://w3id.org/gbakg/ontology#> ." in ttl
    data = json.loads((built / "gbakg.jsonld").read_text())
    assert data["@context"]["gba"] == str(GBA)
    graphs = [g["@id"] for g in data["@graph"]]
    assert graphs == sorted(graphs)
    for named in data["@graph"]:
        ids = [node["@id"] for node in named["@graph"]]
        assert ids == sorted(ids)
        assert all(list(node) == sorted(node) for node in named["@graph"])


@pytest.mark.skipif(shutil.which("rapper") is None, reason="raptor2-utils not installed")
@pytest.mark.parametrize(("name", "syntax"), [("gbakg.ttl", "turtle"), ("gbakg.trig", "trig"),
                                              ("gbakg.nq", "nquads")])
def test_raptor_parses_the_dumps(built: Path, name: str, syntax: str) -> None:
    run = subprocess.run(["rapper", "-q", "-i", syntax, "-c", str(built / name)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


@pytest.mark.parametrize("block", [1, 2, 7, 50_000])
def test_union_turtle_written_in_blocks_is_the_whole_text(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """gbakg.ttl is rendered a run of subjects at a time (peak memory); the bytes are those
    of the whole text rendered at once."""
    import importlib

    from graph.cache import Cache, Entry
    from graph.serialise import prefix_header, turtle_blocks

    export = importlib.import_module("graph.export")
    index = json.loads((built / "cache" / "index.json").read_text("utf-8"))["entries"]
    entries = [Entry.from_json(e) for e in index.values()]
    lines = export.union_lines(entries, Cache(built / "cache"))
    assert len({line.split("\t")[0] for line in lines}) > 10
    whole = (export.HEADER + prefix_header() + "\n" + turtle_blocks(lines)).encode()
    monkeypatch.setattr(export, "UNION_BLOCK_LINES", block)
    size = export._write_union(tmp_path / "u.ttl", lines)
    assert (tmp_path / "u.ttl").read_bytes() == whole and size == len(whole)
    assert (built / "gbakg.ttl").read_bytes() == whole


@given(st.lists(st.tuples(st.sampled_from(["<urn:a>", "gba:b", "_:c"]),
                          st.sampled_from(["a", "rdfs:label", "<urn:p>"]),  # IRIs hold no spaces
                          st.text(alphabet="ab ;,.\"", min_size=1, max_size=5)),
                min_size=1, unique=True))
@settings(max_examples=50)
def test_block_lines_read_back_what_turtle_blocks_wrote(
    rows: list[tuple[str, str, str]]
) -> None:
    from graph.export import block_lines

    lines = sorted(f"{s}\t{p}\t{o}" for s, p, o in rows)
    for indent in ("", "    "):
        assert block_lines(turtle_blocks(lines, indent), indent) == lines
