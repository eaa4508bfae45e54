"""The entity network matches the RDF it was projected from (counted with SPARQL)."""

import csv
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from gbakg.cli import main
from gbakg.config import DEFAULT_REGISTRY, DEFAULT_SOURCES
from graph import analytics, network
from graph.build import build
from graph.network_export import csv_paths, export
from graph.store import GraphStore, open_store

ENTITY_CLASSES = (
    "gba:Report gba:PolicyDocument gba:Organisation gba:ThinkTank gba:GovernmentBody "
    "gba:Regulator gba:University gba:ResearchInstitute gba:Company gba:MediaOutlet gba:Post "
    "gba:Place gba:City gba:Region gba:Zone gba:Country gba:Fund gba:Recommendation "
    "gba:Collaboration"
)
"""Spelt out here, independently of graph.network, so the test checks the projection."""
HETAO = ("https://w3id.org/gbakg/id/place/"
         "hetao-shenzhen-hong-kong-science-and-technology-innovation-co-59ed7061")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("network") / "build"
    result = build([DEFAULT_SOURCES], out, DEFAULT_REGISTRY)
    assert result.exit_code == 0, result.errors
    return out


@pytest.fixture(scope="module")
def store(built: Path) -> GraphStore:
    return open_store(built)


@pytest.fixture(scope="module")
def whole(store: GraphStore) -> nx.MultiDiGraph:
    return network.project(store)


def test_nodes_are_the_entities_with_their_most_specific_class(
    store: GraphStore, whole: nx.MultiDiGraph
) -> None:
    rows = store.select(
        f"SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?t {{ {ENTITY_CLASSES} }} "
        "?e a ?t } GROUP BY ?t"
    )
    expected = {network.curie(str(r["t"])): int(str(r["n"])) for r in rows}
    assert Counter(d["class"] for _, d in whole.nodes(data=True)) == expected
    assert whole.number_of_nodes() == sum(expected.values())


def test_edges_are_the_entity_to_entity_triples(
    store: GraphStore, whole: nx.MultiDiGraph
) -> None:
    rows = store.select(
        f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ "
        f"VALUES ?ts {{ {ENTITY_CLASSES} }} VALUES ?to {{ {ENTITY_CLASSES} }} "
        "?s ?p ?o . ?s a ?ts . ?o a ?to . FILTER(?p != rdf:type) } } GROUP BY ?p"
    )
    expected = {str(r["p"]): int(str(r["n"])) for r in rows}
    assert Counter(k for _, _, k in whole.edges(keys=True)) == expected


def test_edges_carry_the_graphs_they_came_from(
    store: GraphStore, whole: nx.MultiDiGraph
) -> None:
    for u, v, key, data in whole.edges(keys=True, data=True):
        assert data["graph"] == data["graphs"][0]
        for g in data["graphs"]:
            assert store.query(f"ASK {{ GRAPH <{g}> {{ <{u}> <{key}> <{v}> }} }}", union=False)
        assert data["report"] in data["reports"]


def test_provenance_is_an_attribute_not_a_node(whole: nx.MultiDiGraph) -> None:
    classes = {d["class"] for _, d in whole.nodes(data=True)}
    assert not classes & {"gba:Passage", "gba:Evidence", "gba:SourceFile", "gba:Edition"}
    hk = whole.nodes[network.HONG_KONG]
    assert (hk["label"], hk["wikidata"], hk["zh_hant"], hk["class"]) == (
        "Hong Kong", "Q8646", "香港", "gba:City")
    assert "Hong Kong" in hk["passage"]
    quoted = [d for *_, d in whole.edges(data=True) if d["predicate"] == "gba:addressedTo"]
    assert quoted and all(d["passage"] for d in quoted)


def test_hk_sz_view_has_the_zone_the_cities_and_the_collaborations(
    store: GraphStore, whole: nx.MultiDiGraph
) -> None:
    view = network.hk_sz(whole)
    zone = store.select('SELECT ?z WHERE { ?z a gba:Zone ; skos:altLabel "Hetao zone"@en }')
    assert [str(r["z"]) for r in zone] == [HETAO]
    assert {HETAO, network.HONG_KONG, network.SHENZHEN} <= set(view)
    collaborations = store.select(
        "SELECT DISTINCT ?c WHERE { ?c a gba:Collaboration ; gba:participant "
        f"<{network.HONG_KONG}>, <{network.SHENZHEN}> }}"
    )
    assert {str(r["c"]) for r in collaborations} == {
        n for n, d in view.nodes(data=True) if d["class"] == "gba:Collaboration"}
    assert view.has_edge(network.HONG_KONG, network.SHENZHEN) is False
    assert all(view.nodes[n]["class"] != "gba:Country" for n in view)


def test_ego_report_and_co_mention_views(store: GraphStore, whole: nx.MultiDiGraph) -> None:
    near = network.ego(whole, HETAO, 1)
    assert set(near) == {HETAO} | set(nx.all_neighbors(whole, HETAO))
    assert len(network.ego(whole, HETAO, 2)) > len(near)
    report = network.view(store, "report", "FinTech Advocacy Study")
    assert all("fintech-advocacy-study" in "".join(d["reports"])
               for _, d in report.nodes(data=True))
    co = network.co_mention(whole)
    shared = store.select(
        "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { VALUES ?p { gba:mentions dcterms:publisher "
        "gba:partner } VALUES ?q { gba:mentions dcterms:publisher gba:partner } "
        f"?r ?p <{network.HONG_KONG}> ; ?q <{network.SHENZHEN}> }}"
    )
    assert co[network.HONG_KONG][network.SHENZHEN]["weight"] == int(str(shared[0]["n"]))


@pytest.mark.parametrize("text", [
    "Hetao zone", "hetao", "Lok Ma Chau Loop", HETAO, "河套深港科技創新合作區",
    "id:place/hetao-shenzhen-hong-kong-science-and-technology-innovation-co-59ed7061",
])
def test_focus_by_label_alias_or_iri(whole: nx.MultiDiGraph, text: str) -> None:
    assert network.resolve(whole, text) == HETAO


def test_unknown_focus_suggests_close_matches(whole: nx.MultiDiGraph) -> None:
    with pytest.raises(network.UnknownEntity, match="did you mean: Shenzhen"):
        network.resolve(whole, "Shenzen")


def test_analytics_are_repeatable(whole: nx.MultiDiGraph) -> None:
    groups = analytics.communities(whole)
    assert groups == analytics.communities(whole)
    assert sorted(n for group in groups for n in group) == sorted(whole)
    assert set(analytics.degree_centrality(whole)) == set(whole)
    assert set(analytics.betweenness_centrality(whole)) == set(whole)
    found = analytics.bridges(network.hk_sz(whole))
    assert found and {b.cls for b in found} >= {"gba:Report", "gba:Collaboration"}
    assert network.HONG_KONG not in {b.iri for b in found}


def test_exports_round_trip(whole: nx.MultiDiGraph, tmp_path: Path) -> None:
    view = network.hk_sz(whole)
    export(view, tmp_path / "v.graphml", "graphml")
    back = nx.read_graphml(tmp_path / "v.graphml")
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        view.number_of_nodes(), view.number_of_edges())
    assert back.nodes[HETAO]["class"] == "gba:Zone"
    export(view, tmp_path / "v.gexf", "gexf")
    assert nx.read_gexf(tmp_path / "v.gexf").number_of_nodes() == view.number_of_nodes()
    export(view, tmp_path / "v.csv", "csv")
    nodes_csv, edges_csv = csv_paths(tmp_path / "v.csv")
    with nodes_csv.open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == view.number_of_nodes()
    with edges_csv.open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == view.number_of_edges()


def test_cli_viz(built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "hk.gexf"
    assert main(["viz", "hk-sz", "--build", str(built), "--format", "gexf", "-o", str(out)]) == 0
    assert out.is_file() and "nodes" in capsys.readouterr().out
    assert main(["viz", "ego", "--focus", "Shenzen", "--build", str(built)]) == 2
    assert "did you mean: Shenzhen" in capsys.readouterr().err
    assert main(["viz", "ego", "--build", str(built)]) == 2
    assert main(["viz", "overview", "--build", str(tmp_path / "missing")]) == 2


def test_views_read_only_what_they_show(store: GraphStore, whole: nx.MultiDiGraph) -> None:
    """hk-sz projects only its SPARQL-selected neighbourhood and a capped overview or hk-sz
    only its most central nodes; each equals the view cut from the whole network, page for
    page."""
    from graph import views

    def same(a: nx.Graph, b: nx.Graph) -> bool:
        return (list(a.nodes(data=True)) == list(b.nodes(data=True))
                and list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True)))

    assert same(network.view(store, "hk-sz"), network.hk_sz(whole))
    capped = network.view(store, "overview", max_nodes=20)
    assert capped.number_of_nodes() == 20 and capped.graph["total_nodes"] == len(whole)
    assert same(capped, views.reduce(whole, 20))
    assert views.render(capped, "o", max_nodes=20) == views.render(whole, "o", max_nodes=20)
    assert same(network.view(store, "overview", max_nodes=len(whole)), whole)
    hk_sz = network.hk_sz(whole)
    assert hk_sz.number_of_nodes() > 10
    capped = network.view(store, "hk-sz", max_nodes=10)
    assert capped.number_of_nodes() == 10 and capped.graph["total_nodes"] == len(hk_sz)
    assert same(capped, views.reduce(hk_sz, 10))
    assert views.render(capped, "h", max_nodes=10) == views.render(hk_sz, "h", max_nodes=10)
    assert same(network.view(store, "hk-sz", max_nodes=len(hk_sz)), hk_sz)


def test_large_betweenness_is_sampled_and_repeatable(monkeypatch: pytest.MonkeyPatch) -> None:
    g = nx.relabel_nodes(nx.barabasi_albert_graph(300, 2, seed=5), str)
    monkeypatch.setattr(analytics, "EXACT_BETWEENNESS_MAX", 100)
    monkeypatch.setattr(analytics, "BETWEENNESS_SAMPLES", 40)
    sampled = analytics.betweenness_centrality(g)
    assert sampled == analytics.betweenness_centrality(g) and set(sampled) == set(g)
    exact = nx.betweenness_centrality(g, normalized=True)
    top = max(exact, key=lambda n: exact[n])
    assert sampled[top] > 0 and sampled != exact
