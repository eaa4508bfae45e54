"""graph/validation.py: the interface the build calls, its report text, the union checks."""

import dataclasses
from collections.abc import Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from graph import shacl_sparql
from graph.validation import (
    GBASH,
    ValidationReport,
    Violation,
    related_union_quads,
    union_quads,
    validate_changed_union,
    validate_graph,
    validate_graphs_fast,
    validate_union,
    validate_union_quads,
)
from ontology.namespace import GBA, GRAPH, ID, OA

DATA = Path(__file__).resolve().parents[1] / "ontology" / "data"

PREFIXES = """
@prefix gba:     <https://w3id.org/gbakg/ontology#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa:      <http://www.w3.org/ns/oa#> .
@prefix id:      <https://w3id.org/gbakg/id/> .
"""


def report_graph(slug: str, title: str, sha: str, extra: str = "") -> Graph:
    """A minimal valid report graph read from the file whose SHA-256 starts with ``sha``."""
    sha256 = (sha * 64)[:64]
    turtle = f"""
        <https://w3id.org/gbakg/id/report/{slug}> a gba:Report ;
            dcterms:title "{title}"@en ; rdfs:label "{title}"@en ;
            gba:sourceFile <https://w3id.org/gbakg/id/source/{sha256[:16]}> ;
            gba:passage <https://w3id.org/gbakg/id/source/{sha256[:16]}/passage/0-10> .
        <https://w3id.org/gbakg/id/source/{sha256[:16]}> a gba:SourceFile ;
            dcterms:identifier "{slug}.txt" ; gba:sha256 "{sha256}" ;
            dcterms:format "text/plain" .
        <https://w3id.org/gbakg/id/source/{sha256[:16]}/passage/0-10> a gba:Passage ;
            oa:exact "{title[:10]}" ; gba:inFile <https://w3id.org/gbakg/id/source/{sha256[:16]}> ;
            oa:start "0"^^xsd:nonNegativeInteger ; oa:end "10"^^xsd:nonNegativeInteger .
        {extra}
    """
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


HK = ID["place/hong-kong"]


def place(label: str, cls: str = "gba:City") -> str:
    return f'id:place\\/hong-kong a {cls} ; rdfs:label "{label}"@en .'


# --- the per-graph interface ---------------------------------------------------------------


def test_valid_graph_report() -> None:
    report = validate_graph(Graph().parse(DATA / "valid_report_fund.ttl"), "fund")
    assert report == ValidationReport(conforms=True, violations=[])
    assert report.format() == "Conforms: no violations."


def test_violation_is_a_frozen_record_of_strings() -> None:
    fields = [f.name for f in dataclasses.fields(Violation)]
    assert fields == ["graph", "focus", "path", "message", "severity", "shape"]
    v = Violation("g", "f", "p", "m", "Violation", "s")
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.focus = "other"  # type: ignore[misc]
    assert dataclasses.asdict(v)["message"] == "m"


def broken() -> Graph:
    """The fund example without its report's title and with a currency symbol."""
    g = Graph().parse(DATA / "valid_report_fund.ttl")
    report = next(g.subjects(RDF.type, GBA.Report))
    g.remove((report, DCTERMS.title, None))
    amount = next(g.subjects(RDF.type, URIRef("https://schema.org/MonetaryAmount")))
    g.set((amount, URIRef("https://schema.org/currency"), Literal("HK$")))
    return g


def test_broken_graph_report() -> None:
    name = str(GRAPH["the-ecosystem-of-innovation-and-technology-in-hong-kong"])
    report = validate_graph(broken(), name)
    assert not report.conforms
    report_iri = str(ID["report/the-ecosystem-of-innovation-and-technology-in-hong-kong"])
    found = {(v.focus, v.path, v.shape) for v in report.violations}
    assert found == {
        (report_iri, str(DCTERMS.title), str(GBASH["Report-title"])),
        (report_iri, str(RDFS.label), str(GBASH["Report-label"])),
        (f"{report_iri}/amount/1", "https://schema.org/currency",
         str(GBASH["MonetaryAmount-currency"])),
    }
    assert {v.graph for v in report.violations} == {name}
    assert {v.severity for v in report.violations} == {"Violation"}
    assert report.violations == sorted(report.violations)


def test_report_format_lists_focus_path_and_message() -> None:
    name = str(GRAPH["the-ecosystem-of-innovation-and-technology-in-hong-kong"])
    text = validate_graph(broken(), name).format()
    lines = text.splitlines()
    assert lines[0] == "Does not conform: 3 violations in 1 graph."
    assert lines[1] == "graph:the-ecosystem-of-innovation-and-technology-in-hong-kong:"
    focus = "id:report/the-ecosystem-of-innovation-and-technology-in-hong-kong"
    assert lines[2].startswith(f"  {focus}  dcterms:title  A report needs exactly one title")
    assert lines[2].endswith("(gbash:Report-title)")
    assert lines[3].startswith(f"  {focus}  rdfs:label  ")
    assert lines[4].startswith(f"  {focus}/amount/1  schema:currency  A monetary amount needs")
    assert "ISO 4217" in lines[4] and lines[4].endswith("(gbash:MonetaryAmount-currency)")
    assert len(lines) == 5


def test_report_format_is_deterministic_and_grouped_by_graph() -> None:
    violations = [
        Violation("https://w3id.org/gbakg/graph/b", str(HK), str(RDFS.label), "m2", "Violation",
                  "s"),
        Violation("https://w3id.org/gbakg/graph/a", str(HK), "", "m1", "Warning", "s"),
        Violation("", "_:b0", "^" + str(GBA.recommends), "m3", "Violation", "s"),
    ]
    texts = {ValidationReport(False, v).format() for v in (violations, violations[::-1])}
    assert len(texts) == 1
    assert texts.pop().splitlines() == [
        "Does not conform: 3 violations in 3 graphs.",
        "(unnamed graph):",
        "  _:b0  ^gba:recommends  m3  (<s>)",
        "graph:a:",
        "  id:place/hong-kong  -  [warning] m1  (<s>)",
        "graph:b:",
        "  id:place/hong-kong  rdfs:label  m2  (<s>)",
    ]


def test_evidence_violation_names_the_evidence_node() -> None:
    g = Graph().parse(DATA / "valid_report.ttl")
    evidence = sorted(g.subjects(RDF.type, GBA.Evidence))[0]
    s, p, o = (g.value(evidence, RDF[x]) for x in ("subject", "predicate", "object"))
    g.remove((s, p, o))
    found = {(v.focus, v.path, v.shape) for v in validate_graph(g).violations}
    assert (str(evidence), "", str(GBASH.EvidenceTripleShape)) in found


# --- across graphs -----------------------------------------------------------------------


def test_union_of_the_valid_examples_conforms() -> None:
    graphs = {
        GRAPH[name]: Graph().parse(DATA / f"{name}.ttl")
        for name in ("valid_report", "valid_report_fund")
    }
    report = validate_union(graphs)
    assert report.conforms, report.format()


def test_union_conflicting_english_labels() -> None:
    a = report_graph("a", "Report A", "a", place("Hong Kong"))
    b = report_graph("b", "Report B", "b", place("Hongkong"))
    c = report_graph("c", "Report C", "c", place("Hong Kong"))
    report = validate_union({GRAPH.a: a, GRAPH.b: b, GRAPH.c: c})
    assert not report.conforms
    [v] = report.violations
    assert (v.focus, v.path, v.shape) == (str(HK), str(RDFS.label), str(GBASH["union-english-label"]))
    assert v.graph == f"{GRAPH.a} + {GRAPH.b} + {GRAPH.c}"
    assert '"Hong Kong" in graph:a, graph:c; "Hongkong" in graph:b' in v.message
    assert "graph:a + graph:b + graph:c:" in report.format()


def test_union_same_label_in_other_languages_is_fine() -> None:
    a = report_graph("a", "Report A", "a", place("Hong Kong") + ' id:place\\/hong-kong rdfs:label "香港"@zh-Hant .')
    b = report_graph("b", "Report B", "b", place("Hong Kong"))
    assert validate_union({GRAPH.a: a, GRAPH.b: b}).conforms


def test_union_place_and_organisation() -> None:
    a = report_graph("a", "Report A", "a", place("Hong Kong"))
    b = report_graph("b", "Report B", "b", place("Hong Kong", "gba:GovernmentBody"))
    [v] = validate_union({GRAPH.a: a, GRAPH.b: b}).violations
    assert (v.focus, v.path) == (str(HK), str(RDF.type))
    assert "place (in graph:a) and as an organisation (in graph:b)" in v.message


def test_union_duplicate_report_from_two_files() -> None:
    a = report_graph("same", "Same Report", "a")
    b = report_graph("same", "Same Report", "b")
    [v] = validate_union({GRAPH.a: a, GRAPH.b: b}).violations
    assert (v.focus, v.path) == (str(ID["report/same"]), str(GBA.sourceFile))
    assert v.graph == f"{GRAPH.a} + {GRAPH.b}"
    assert "2 different source files" in v.message


def test_union_same_report_from_the_same_file_is_not_a_duplicate() -> None:
    a = report_graph("same", "Same Report", "a")
    assert validate_union({GRAPH.a: a, GRAPH.b: report_graph("same", "Same Report", "a")}).conforms


def test_union_cited_policy_document_in_two_reports_is_not_a_duplicate() -> None:
    def citing(slug: str, sha: str) -> Graph:
        plan = f"""id:report\\/plan a gba:PolicyDocument ;
            dcterms:title "Outline Plan"@en ; rdfs:label "Outline Plan"@en ;
            gba:citedIn id:report\\/{slug} ;
            gba:sourceFile <https://w3id.org/gbakg/id/source/{(sha * 16)[:16]}> ."""
        return report_graph(slug, f"Report {slug}", sha, plan)

    assert validate_union({GRAPH.a: citing("a", "a"), GRAPH.b: citing("b", "b")}).conforms


def test_union_recommendation_of_two_reports() -> None:
    rec = "<https://w3id.org/gbakg/id/report/a/recommendation/1>"
    a = report_graph("a", "Report A", "a", f"id:report\\/a gba:recommends {rec} .")
    b = report_graph("b", "Report B", "b", f"id:report\\/b gba:recommends {rec} .")
    [v] = validate_union({GRAPH.a: a, GRAPH.b: b}).violations
    assert (v.focus, v.path) == (rec[1:-1], "^" + str(GBA.recommends))
    assert "id:report/a, id:report/b" in v.message


class CountingGraphs(Mapping[URIRef, Graph]):
    """A lazy mapping like the build's: counts how often each graph is parsed."""

    def __init__(self, graphs: dict[URIRef, Graph]) -> None:
        self.graphs = graphs
        self.reads: dict[URIRef, int] = dict.fromkeys(graphs, 0)

    def __getitem__(self, key: URIRef) -> Graph:
        self.reads[key] += 1
        return self.graphs[key]

    def __iter__(self) -> Iterator[URIRef]:
        return iter(self.graphs)

    def __len__(self) -> int:
        return len(self.graphs)


def test_union_reads_each_graph_once() -> None:
    graphs = CountingGraphs({GRAPH[f"r{i}"]: report_graph(f"r{i}", f"R {i}", str(i % 10))
                             for i in range(30)})
    assert validate_union(graphs).conforms
    assert set(graphs.reads.values()) == {1}


def test_union_of_nothing() -> None:
    assert validate_union({}) == ValidationReport(conforms=True, violations=[])


# --- the fast path: the same shapes as SPARQL, all graphs at once ----------------------------


def _key(v: Violation) -> tuple[str, str, str, str, str]:
    return (v.graph, v.focus, v.path, v.shape, v.message)


def test_fast_path_accepts_the_valid_examples() -> None:
    graphs = {GRAPH[n]: Graph().parse(DATA / f"{n}.ttl") for n in ("valid_report", "valid_report_fund")}
    assert validate_graphs_fast(graphs) == ValidationReport(conforms=True, violations=[])


def mutants() -> dict[URIRef, Graph]:
    """The fund example, broken one triple at a time (every fourth triple, to stay quick):
    deleted, or its object replaced."""
    base = Graph().parse(DATA / "valid_report_fund.ttl")
    graphs = {}
    for i, (s, p, o) in enumerate(sorted(base)):
        if i % 4:
            continue
        g = Graph()
        for triple in base:
            g.add(triple)
        g.remove((s, p, o))
        if i % 8 == 4:
            g.add((s, p, Literal("") if isinstance(o, Literal) else HK))
        graphs[GRAPH[f"mutant-{i}"]] = g
    return graphs


def test_fast_path_reports_what_pyshacl_reports_on_broken_graphs() -> None:
    """Triples of a valid graph deleted or corrupted, each mutant in its own graph; the
    graphs share their nodes, so this also checks the fast path keeps graphs apart."""
    graphs = mutants()
    reference = {_key(v) for name, g in graphs.items() for v in validate_graph(g, str(name)).violations}
    fast = {_key(v) for v in validate_graphs_fast(graphs).violations}
    assert len({graph for graph, *_ in reference}) > 20  # most mutants break a rule
    assert fast == reference


def test_fast_path_known_difference_derived_integer_types() -> None:
    """pyoxigraph stores xsd:nonNegativeInteger as xsd:integer, so the fast path cannot
    tell an xsd:integer offset from a valid one (graph.shacl_sparql says so)."""
    g = Graph().parse(DATA / "valid_report_fund.ttl")
    passage = sorted(g.subjects(RDF.type, GBA.Passage))[0]
    start = g.value(passage, OA.start)
    g.set((passage, OA.start, Literal(int(start))))
    assert {(v.focus, v.path) for v in validate_graph(g).violations} == {(str(passage), str(OA.start))}
    assert validate_graphs_fast({GRAPH.x: g}).conforms


def test_fast_path_refuses_what_it_cannot_compile() -> None:
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .
    """, format="turtle")
    with pytest.raises(shacl_sparql.Unsupported):
        shacl_sparql.compile_shapes(shapes, Graph())


def test_fast_path_compiles_every_property_shape() -> None:
    from rdflib.namespace import SH

    from ontology import ONTOLOGY_FILE, SHAPES_FILE

    shapes = Graph().parse(SHAPES_FILE)
    checks = shacl_sparql.compile_shapes(shapes, Graph().parse(ONTOLOGY_FILE))
    compiled = {c.shape for c in checks}
    assert {str(s) for s in shapes.subjects(SH.path, None)} <= compiled
    assert str(GBASH.EvidenceTripleShape) in compiled


# --- incremental cross-report checks: changed graphs against the previous store -----------


def _ox_quads(name: URIRef, g: Graph) -> list[ox.Quad]:
    data = g.serialize(format="nt").encode()
    return [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(name))
            for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


@pytest.mark.parametrize("case", ["label", "place-organisation", "duplicate", "recommendation",
                                  "replaced", "fine"])
def test_incremental_union_finds_what_the_full_check_finds(case: str) -> None:
    rec = "<https://w3id.org/gbakg/id/report/a/recommendation/1>"
    before = {
        GRAPH.a: report_graph("a", "Report A", "a", place("Hong Kong")
                              + f" id:report\\/a gba:recommends {rec} ."),
        GRAPH.b: report_graph("b", "Report B", "b", place("Hong Kong")),
        GRAPH.x: report_graph("x", "Report X", "c", place("Hong Kong")),
    }
    changed = {
        "label": {GRAPH.c: report_graph("c", "Report C", "d", place("Hongkong"))},
        "place-organisation": {GRAPH.c: report_graph("c", "C", "d", place("Hong Kong", "gba:GovernmentBody"))},
        "duplicate": {GRAPH.c: report_graph("a", "Report A", "d")},
        "recommendation": {GRAPH.c: report_graph("c", "C", "d", f"id:report\\/c gba:recommends {rec} .")},
        # the old graph a is gone: its recommendation is no longer shared
        "replaced": {GRAPH.a: report_graph("a2", "Report A2", "a", place("Hong Kong")
                                           + f" id:report\\/a2 gba:recommends {rec} .")},
        "fine": {GRAPH.c: report_graph("c", "Report C", "d")},
    }[case]
    previous = before  # a previous build conformed
    store = ox.Store()
    for name, g in previous.items():
        store.extend(_ox_quads(name, g))
    assert validate_union(previous).conforms
    new = {k: g for k, g in previous.items() if k not in changed} | changed
    full = validate_union(new)
    quads = [q for name, g in changed.items() for q in union_quads(_ox_quads(name, g))]
    related = list(related_union_quads(store, quads, {str(k) for k in changed}))
    assert validate_union_quads([*quads, *related]) == full
    assert validate_changed_union(store, quads, {str(k) for k in changed}) == full
    assert full.conforms == (case in ("replaced", "fine"))


def test_fast_path_on_rendered_nquads_reports_what_it_reports_on_graphs() -> None:
    """The build validates its rendered N-Quads chunks (no rdflib terms on the way): the
    same findings as on the rdflib graphs, also with instance IRIs inside literals."""
    from graph.serialise import render_graph
    from graph.validation import validate_nquads_fast

    graphs = mutants()
    tricky = Graph().parse(DATA / "valid_report_fund.ttl")
    report = next(iter(tricky.subjects(RDF.type, GBA.Report)))
    tricky.set((report, RDFS.label, Literal(f"x <{ID}place/x> <{ID}y> .", lang="en")))
    graphs[GRAPH.tricky] = tricky
    chunks = [render_graph(iri, g).nquads.encode() for iri, g in graphs.items()]
    fast = validate_graphs_fast(graphs)
    assert {_key(v) for v in validate_nquads_fast(chunks).violations} == {
        _key(v) for v in fast.violations}
    assert not fast.conforms


def test_union_quads_from_nquads_parses_only_what_it_needs_and_misses_nothing() -> None:
    from graph.serialise import render_graph
    from graph.validation import union_quads_from_nquads

    g = report_graph("a", "Report A", "a", place("Hong Kong"))
    report = ID["report/a"]
    # a literal holding the text the line filter looks for, and a bare type line
    g.add((report, DCTERMS.description, Literal(f"x> <{RDFS.label}> <{RDF.type}> y", lang="en")))
    g.add((report, RDF.type, GBA.Organisation))
    chunk = render_graph(GRAPH.a, g).nquads.encode()
    expected = list(union_quads(ox.parse(chunk, format=ox.RdfFormat.N_QUADS)))
    assert len(expected) >= 4
    assert union_quads_from_nquads(chunk) == expected
    assert union_quads_from_nquads(chunk.rstrip(b"\n")) == expected
    assert union_quads_from_nquads(b"") == []
