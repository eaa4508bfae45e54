"""Every library query parses, declares a valid header, runs on the user's page and answers
what the user's page says (so a query, or its header, never rots)."""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from graph.querylib import QUERIES_DIR, HeaderError, load_library, parse_header
from graph.results import to_python
from graph.sparql import run_query
from graph.store import GraphStore, open_store

LIBRARY = load_library()
REQUIRED = {
    "hk-sz-links", "recommendations-by-report", "recommendations-to", "funds",
    "organisation-roles", "places", "statistics", "provenance", "co-mentions", "data-quality",
}
BIOTECH = ("Strategic Collaborations between Hong Kong and Shenzhen in Biotechnology – "
           "Capitalising opportunities in the Loop for Policy Innovations")
ECOSYSTEM = "The Ecosystem of Innovation and Technology in Hong Kong"
BRIDGE = ("Building the Technology Bridge for Scientific Breakthroughs: Developing an "
          "Innovation Hub of the Future")
FINTECH = "FinTech Advocacy Study"
UNLEASH = ("Unleash the Potential in Science and Technology Innovation: Develop Hong Kong "
           "into an International R&D Powerhouse")
HETAO = "Hetao Shenzhen-Hong Kong Science and Technology Innovation Co-operation Zone"
USER_PAGE_TEXT = (Path(__file__).resolve().parents[2] / "data" / "sources" /
                  "ohkf-science-tech-innovation.txt")


@pytest.fixture(scope="module")
def store(built: Path) -> GraphStore:
    return open_store(built)


def rows(store: GraphStore, name: str, **params: Any) -> list[dict[str, Any]]:
    result, _ = run_query(name, params, store=store, library=LIBRARY)
    return [
        {v: to_python(t) for v, t in zip(result.variables, row, strict=True)}
        for row in result.rows
    ]


def test_library_holds_the_required_questions() -> None:
    assert set(LIBRARY) >= REQUIRED
    assert sorted(p.name for p in QUERIES_DIR.glob("*.rq")) == sorted(f"{n}.rq" for n in LIBRARY)


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_header_and_example_match_the_query(store: GraphStore, name: str) -> None:
    query = LIBRARY[name]
    assert query.title and query.question.endswith("?")
    result, _ = run_query(name, store=store, library=LIBRARY)
    assert result.kind == "select"
    assert query.example_columns() == result.variables, "example table is stale"
    for param in query.params:
        # A parameter must be projected (pyoxigraph substitution) and have a default.
        assert param.name in result.variables
        assert param.default is not None
    assert result.rows, f"{name} answers nothing on the user's page"


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_query_declares_its_prefixes(name: str) -> None:
    """Library files run unchanged in any SPARQL UI: no reliance on predeclared prefixes."""
    text = LIBRARY[name].text
    for prefix in ("gba", "dcterms", "rdfs", "skos", "schema", "rdf", "oa"):
        if f"{prefix}:" in text.split("PREFIX", 1)[-1].split("SELECT", 1)[-1]:
            assert f"PREFIX {prefix}:" in text, f"{name} uses {prefix}: undeclared"


def test_hk_sz_links(store: GraphStore) -> None:
    found = rows(store, "hk-sz-links")
    assert {r["report"] for r in found} == {BIOTECH, ECOSYSTEM}
    assert not {r["report"] for r in found} & {BRIDGE, FINTECH, UNLEASH}
    biotech = [r for r in found if r["report"] == BIOTECH]
    assert {(r["field"], r["zone"]) for r in biotech} == {("biotechnology", HETAO)}
    assert [r["order"] for r in biotech] == [1]
    ecosystem = [r for r in found if r["report"] == ECOSYSTEM]
    assert [r["order"] for r in ecosystem] == [3, 8]
    assert {r["field"] for r in ecosystem} == {"innovation and technology"}
    assert "promote collaboration with Shenzhen" in ecosystem[1]["recommendation"]


def test_recommendations_by_report(store: GraphStore) -> None:
    found = rows(store, "recommendations-by-report")
    assert len(found) == 29
    by_report: dict[str, list[int]] = {}
    for r in found:
        by_report.setdefault(r["report"], []).append(r["order"])
    assert {k: len(v) for k, v in by_report.items()} == {
        BIOTECH: 9, ECOSYSTEM: 8, BRIDGE: 7, FINTECH: 4, UNLEASH: 1}
    assert all(v == list(range(1, len(v) + 1)) for v in by_report.values())
    second = next(r for r in found if r["report"] == BIOTECH and r["order"] == 2)
    assert set(second["addressedTo"].split("; ")) == {
        "Central Government", "Hong Kong Government", "Shenzhen Government"}


def test_recommendations_to_central_government(store: GraphStore) -> None:
    found = rows(store, "recommendations-to")  # default "Central Government"
    assert {r["report"] for r in found} == {BIOTECH}
    assert [r["order"] for r in found] == list(range(2, 10))
    assert {r["organisation"] for r in found} == {"Central Government"}
    by_alias = rows(store, "recommendations-to", body="Chinese Government")
    assert [(r["report"], r["order"]) for r in by_alias] == [(r["report"], r["order"])
                                                              for r in found]
    assert rows(store, "recommendations-to", body="No Such Body") == []


def test_funds(store: GraphStore) -> None:
    found = {r["fund"]: r for r in rows(store, "funds")}
    endowment = found["endowment fund on applied research"]
    assert endowment["value"] == Decimal("50000000000")
    assert isinstance(endowment["value"], Decimal)
    assert endowment["currency"] == "HKD"
    assert endowment["status"] == "proposed"
    assert endowment["report"] == ECOSYSTEM and endowment["relation"] == "proposes"
    assert found["Future Fund"]["status"] == "existing"
    assert found["Future Fund"]["report"] == BRIDGE
    assert found["Future Fund"]["value"] is None


def test_organisation_roles(store: GraphStore) -> None:
    found = {(r["organisation"], r["role"]): r["reports"] for r in rows(store, "organisation-roles")}
    assert found[("Our Hong Kong Foundation", "publisher")] == 5
    assert found[("China Development Institute", "partner")] == 1
    assert found[("China Center for International Economic Exchanges", "partner")] == 1
    assert found[("Central Government", "addressee")] == 1
    assert found[("Hong Kong Government", "addressee")] == 3
    assert ("Hong Kong", "mentioned") not in found  # a place, not an organisation


def test_places(store: GraphStore) -> None:
    found = rows(store, "places")
    kowloon = [r for r in found if r["place"] == "Kowloon Bay Action Area"]
    assert [(r["kind"], r["report"], r["order"]) for r in kowloon] == [("Zone", BRIDGE, 7)]
    hetao = [r for r in found if r["place"] == HETAO]
    assert [(r["kind"], r["recommendation"]) for r in hetao] == [("Zone", None)]
    shenzhen = {(r["report"], r["order"]) for r in found if r["place"] == "Shenzhen"}
    assert shenzhen == {(BIOTECH, 1), (ECOSYSTEM, 8)}
    assert len({(r["place"], r["report"], r["order"]) for r in found}) == len(found)


def test_statistics(store: GraphStore) -> None:
    found = {(r["place"], r["value"]): r for r in rows(store, "statistics")}
    assert set(found) == {("Hong Kong", Decimal(50)), ("Hong Kong", Decimal(1)),
                          ("United Kingdom", Decimal("23.6")),
                          ("United States", Decimal("12.9"))}
    assert found[("Hong Kong", Decimal(50))]["qualifier"] == "over"
    assert found[("Hong Kong", Decimal(1))]["unit"] == "percent of GDP"


def test_provenance_quotes_are_the_source_text(store: GraphStore) -> None:
    text = USER_PAGE_TEXT.read_text("utf-8")
    shenzhen = "https://w3id.org/gbakg/id/place/shenzhen"
    found = rows(store, "provenance")  # default: Shenzhen
    assert len(found) == 6
    assert {r["entity"] for r in found} == {shenzhen}
    assert {r["predicate"].rsplit("#", 1)[1] for r in found} == {
        "participant", "mentions", "concerns"}
    for r in found:
        assert r["file"] == "ohkf-science-tech-innovation.txt"
        assert text[r["start"]:r["end"]] == r["quote"]
        assert shenzhen in (r["subject"], r["object"])
    recommendation = ("https://w3id.org/gbakg/id/report/the-ecosystem-of-innovation-and-"
                      "technology-in-hong-kong/recommendation/8")
    own = rows(store, "provenance", entity=recommendation)
    assert any(r["predicate"].endswith("#passage") and "promote collaboration" in r["quote"]
               for r in own)


def test_co_mentions(store: GraphStore) -> None:
    found = rows(store, "co-mentions")
    pairs = {frozenset((r["entity1"], r["entity2"])): r["reports"] for r in found}
    assert pairs[frozenset(("Hong Kong", "Shenzhen"))] == 2
    assert pairs[frozenset(("Our Hong Kong Foundation", "Hong Kong"))] == 5
    assert len(pairs) == len(found)  # each unordered pair once
    assert [r["reports"] for r in found] == sorted((r["reports"] for r in found), reverse=True)


def test_data_quality(store: GraphStore) -> None:
    assert rows(store, "data-quality") == [
        {"report": BIOTECH, "claimed": 7, "extracted": 9}]


def test_reports(store: GraphStore) -> None:
    found = {r["report"]: r for r in rows(store, "reports")}
    assert set(found) == {BIOTECH, ECOSYSTEM, BRIDGE, FINTECH, UNLEASH}
    assert found[BIOTECH]["issued"] == dt.date(2021, 7, 26)
    assert found[BIOTECH]["recommendations"] == 9


def test_header_parser_rejects_rot() -> None:
    good = ("# title: T\n# question: Q?\n# param: (none)\n# example:\n# | a |\n"
            "SELECT ?a WHERE {}\n")
    header = parse_header(good)
    assert header is not None and header.title == "T" and header.example == ("| a |",)
    assert parse_header("SELECT * WHERE {}") is None
    for bad in (
        good.replace("# question: Q?\n", ""),                       # missing key
        good.replace("# param: (none)", "# param: x y z"),          # malformed param
        good.replace("# param: (none)", "# parm: (none)"),          # unknown key
        good.replace("# param: (none)", "# param: x — d (default nope)"),  # bad default
        good.replace("# title: T\n", "# title: T\n# title: U\n"),    # twice
    ):
        with pytest.raises(HeaderError):
            parse_header(bad, "bad.rq")


def test_param_kinds_come_from_defaults() -> None:
    header = parse_header(
        "# title: T\n# question: Q?\n"
        "# param: a — text (default \"x y\")\n# param: b — iri (default <http://e/x>)\n"
        "# param: c — number (default 5)\n# param: d — free\n# example:\n")
    assert header is not None
    assert [(p.name, p.kind, p.default) for p in header.params] == [
        ("a", "string", "x y"), ("b", "iri", "http://e/x"), ("c", "integer", "5"),
        ("d", "auto", None)]


def test_sort_keys_order_titles_as_the_store_orders_them() -> None:
    """The 15-character keys the queries sort on (instead of whole strings, read back from
    the store at every comparison) give the store's own order: shared long prefixes, a
    title that is a prefix of another, non-ASCII text and one text in two languages."""
    import pyoxigraph as ox

    from graph.serialise import NAMESPACES

    gba, dct = NAMESPACES["gba"], "http://purl.org/dc/terms/"
    common = "Aerospace Engineering Advocacy Study on the Innovation Corridor of "
    titles = [(common + "Zhuhai", "en"), (common + "Foshan", "en"), (common, "en"),
              (common + "Foshan and Zhuhai, once more", "en"), ("Ecosystem", "en"),
              ("Écosystème", "en"), ("創新及科技局的報告", "zh-hant"), ("Ecosystem", "zh-hant"),
              ("Ecosystem’s “Future”", "en"), ("E", "en")]
    store = ox.Store()
    for n, (title, lang) in enumerate(titles):
        report, graph = ox.NamedNode(f"https://example.org/r{n}"), ox.NamedNode(f"https://example.org/g{n}")
        store.add(ox.Quad(report, ox.NamedNode(NAMESPACES["rdf"] + "type"),
                          ox.NamedNode(gba + "Report"), graph))
        store.add(ox.Quad(report, ox.NamedNode(dct + "title"), ox.Literal(title, language=lang),
                          graph))
    text = LIBRARY["reports"].text
    keyed = text[: text.rindex("ORDER BY")] + "ORDER BY ?k1 ?k2 ?k3 ?k4 ?k5 ?kl"
    plain = text[: text.rindex("ORDER BY")] + "ORDER BY ?report"
    assert keyed.strip() == text.strip()

    def order(query: str) -> list[str]:
        answer = store.query(query, prefixes=NAMESPACES, use_default_graph_as_union=True)
        assert isinstance(answer, ox.QuerySolutions)
        return [str(row["report"]) for row in answer]

    assert order(keyed) == order(plain)
    # One 15-character key alone would not do (so this data can tell the keys apart).
    assert order(keyed.replace("?k2 ?k3 ?k4 ?k5 ", "")) != order(plain)
    assert len(order(plain)) == len(titles)
