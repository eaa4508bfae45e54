"""Running SPARQL locally: parameters bound as terms (injection-proof), syntax errors with
line and column, result formats and Python values, the notebook API."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from gbakg import open_build
from graph.params import ParamError, bind_params, parse_value, split_assignments, values_clause
from graph.querylib import load_library
from graph.results import FORMATS, format_result, lexical, to_python
from graph.sparql import QueryError, QuerySyntaxError, resolve_query, run_query
from graph.store import GraphStore, open_store

LIBRARY = load_library()
INJECTIONS = [
    'x" } ; DROP ALL #',
    'Central Government" } UNION { ?s ?p ?o } #',
    "Central Government\" . ?org ?p ?body } #\n}",
    "'; DROP ALL ; '",
    "Central Government\\",
    ">\"\"\" } } #",
]


@pytest.fixture(scope="module")
def store(built: Path) -> GraphStore:
    return open_store(built)


def test_parse_value_kinds() -> None:
    shenzhen = "https://w3id.org/gbakg/id/place/shenzhen"
    assert parse_value("id:place/shenzhen", "iri") == ox.NamedNode(shenzhen)
    assert parse_value(f"<{shenzhen}>") == ox.NamedNode(shenzhen)
    assert parse_value(shenzhen) == ox.NamedNode(shenzhen)
    assert parse_value("Central Government") == ox.Literal("Central Government")
    assert parse_value("id:place/shenzhen", "string") == ox.Literal("id:place/shenzhen")
    assert parse_value("42", "integer").value == "42"
    for bad, kind in (("http://a> b", "iri"), ("not an iri", "iri"), ("4x", "integer"),
                      ("x", "decimal")):
        with pytest.raises(ParamError):
            parse_value(bad, kind)


def test_bind_params_checks_names_and_fills_defaults() -> None:
    query = LIBRARY["recommendations-to"]
    assert bind_params(query, {}) == {"body": ox.Literal("Central Government")}
    assert bind_params(query, {"body": "HKMA"}) == {"body": ox.Literal("HKMA")}
    with pytest.raises(ParamError, match="no parameter"):
        bind_params(query, {"nobody": "x"})
    with pytest.raises(ParamError, match="variable name"):
        bind_params(None, {"a b": "x"})
    assert bind_params(None, {"?n": 3}) == {"n": parse_value("3", "integer")}
    assert split_assignments(["body=a=b", "x= y"]) == {"body": "a=b", "x": " y"}
    with pytest.raises(ParamError):
        split_assignments(["novalue"])


def test_python_values_become_terms() -> None:
    terms = bind_params(None, {"a": Decimal("1.50"), "b": dt.date(2021, 7, 26), "c": True,
                               "d": URIRef("http://e/x"), "e": Literal("hi", lang="en")})
    assert str(terms["a"]) == '"1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    assert str(terms["b"]) == '"2021-07-26"^^<http://www.w3.org/2001/XMLSchema#date>'
    assert str(terms["c"]) == '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    assert terms["d"] == ox.NamedNode("http://e/x")
    assert terms["e"] == ox.Literal("hi", language="en")


@pytest.mark.parametrize("attack", INJECTIONS)
def test_values_clause_keeps_a_value_one_literal(attack: str) -> None:
    clause = values_clause({"body": ox.Literal(attack)})
    # The clause parses, and binds exactly the attack text: nothing leaks into the query.
    store = ox.Store()
    answer = store.query("SELECT ?body WHERE {}" + clause)
    assert isinstance(answer, ox.QuerySolutions)
    assert [row["body"] for row in answer] == [ox.Literal(attack)]


@pytest.mark.parametrize("attack", INJECTIONS)
def test_injection_through_a_parameter_changes_nothing(store: GraphStore, attack: str) -> None:
    before = len(store)
    result, _ = run_query("recommendations-to", {"body": attack}, store=store, library=LIBRARY)
    assert result.rows == []
    assert len(store) == before
    normal, _ = run_query("recommendations-to", store=store, library=LIBRARY)
    assert len(normal.rows) == 8


def test_syntax_error_names_line_and_column(store: GraphStore) -> None:
    text = "SELECT ?x\nWHERE {\n  ?x ?y \"open }\n"
    with pytest.raises(QuerySyntaxError) as caught:
        run_query(text, store=store)
    error = caught.value
    assert error.line == 3 and error.column > 1
    assert "line 3, column" in str(error)
    assert error.excerpt().splitlines()[0].strip() == '?x ?y "open }'


def test_resolve_query_by_name_path_and_text(tmp_path: Path) -> None:
    text, query = resolve_query("funds", LIBRARY)
    assert query is not None and query.name == "funds" and text == query.text
    assert resolve_query("funds.rq", LIBRARY) == (text, query)
    with pytest.raises(QueryError, match="no such query file"):
        resolve_query("missing.rq", LIBRARY)
    plain = tmp_path / "mine.rq"
    plain.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1\n", "utf-8")
    assert resolve_query(str(plain), LIBRARY) == (plain.read_text("utf-8"), None)
    assert resolve_query("ASK { ?s ?p ?o }", LIBRARY) == ("ASK { ?s ?p ?o }", None)
    with pytest.raises(QueryError, match="gbakg queries"):
        resolve_query("no-such-query", LIBRARY)


def test_ask_and_construct(store: GraphStore) -> None:
    ask, _ = run_query("ASK { ?s a gba:Fund }", store=store)
    assert ask.boolean is True and format_result(ask, "table") == "true\n"
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": True}
    graph, _ = run_query("CONSTRUCT { ?f a gba:Fund } WHERE { ?f a gba:Fund }", store=store)
    assert graph.triples is not None and len(graph.triples) >= 3
    assert format_result(graph, "csv").count(" .\n") == len(graph.triples)


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_formats_round_trip(store: GraphStore, name: str) -> None:
    result, _ = run_query(name, store=store, library=LIBRARY)
    plain = [[lexical(t) for t in row] for row in result.rows]
    table = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert table == [result.variables, *plain]
    parsed = ox.parse_query_results(format_result(result, "json").encode(),
                                    format=ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions)
    assert [[row[v] for v in result.variables] for row in parsed] == [list(r) for r in
                                                                      result.rows]
    tsv = ox.parse_query_results(format_result(result, "tsv").encode(),
                                 format=ox.QueryResultsFormat.TSV)
    assert isinstance(tsv, ox.QuerySolutions)
    assert [[row[v] for v in result.variables] for row in tsv] == [list(r) for r in result.rows]
    markdown = format_result(result, "markdown").splitlines()
    assert markdown[0] == "| " + " | ".join(result.variables) + " |"
    assert len(markdown) == len(result.rows) + 2
    for fmt in FORMATS:
        assert format_result(result, fmt).endswith("\n")


def test_table_is_aligned_and_shortens_iris(store: GraphStore) -> None:
    result, _ = run_query("provenance", store=store, library=LIBRARY)
    lines = format_result(result, "table").splitlines()
    assert lines[-1] == f"({len(result.rows)} rows)"
    starts = [line.index("id:report/") for line in lines[2:-1]]
    assert len(set(starts)) == 1  # the subject column starts at the same place on every row
    assert "id:place/shenzhen" in lines[2] and "gba:participant" in format_result(result)


def test_to_python() -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert to_python(ox.Literal("7", datatype=ox.NamedNode(xsd + "integer"))) == 7
    assert to_python(ox.Literal("1.5", datatype=ox.NamedNode(xsd + "decimal"))) == Decimal("1.5")
    assert to_python(ox.Literal("2.5E0", datatype=ox.NamedNode(xsd + "double"))) == 2.5
    assert to_python(ox.Literal("2021-07-26", datatype=ox.NamedNode(xsd + "date"))) == \
        dt.date(2021, 7, 26)
    assert to_python(ox.Literal("hi", language="en")) == "hi"
    assert to_python(ox.NamedNode("http://e/x")) == "http://e/x"
    assert to_python(None) is None


def test_notebook_api(built: Path) -> None:
    build = open_build(built)
    frame = build.query("funds")
    endowment = frame[frame.fund == "endowment fund on applied research"].iloc[0]
    assert endowment.value == Decimal("50000000000") and endowment.currency == "HKD"
    assert type(endowment.value) is Decimal
    reports = build.query("reports")
    assert dt.date(2021, 7, 26) in set(reports.issued)
    assert all(type(n) is int for n in reports.recommendations)
    shenzhen = build.query("provenance", entity="id:place/shenzhen")
    assert len(shenzhen) == 6 and all(type(n) is int for n in shenzhen.start)
    assert list(build.query("recommendations-to", body="Chinese Government").order) == \
        list(range(2, 10))
    assert set(build.queries().name) == set(LIBRARY)
    adhoc = build.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a gba:Report }")
    assert adhoc.n[0] == 5
