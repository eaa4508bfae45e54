"""``gbakg query`` / ``queries`` / ``serve`` / ``push`` from the command line, in-process."""

import csv
import io
import json
import socket
from pathlib import Path

import pyoxigraph as ox
import pytest

from gbakg.cli import main
from graph.querylib import load_library
from graph.results import lexical
from graph.sparql import run_query
from graph.store import open_store

LIBRARY = load_library()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.parametrize("name", ["hk-sz-links", "funds", "provenance", "recommendations-to"])
def test_csv_and_json_round_trip(capsys: pytest.CaptureFixture[str], built: Path,
                                 name: str) -> None:
    expected, _ = run_query(name, store=open_store(built), library=LIBRARY)
    code, out, _ = run(capsys, "query", name, "--format", "csv", "--build", str(built))
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [
        expected.variables, *[[lexical(t) for t in row] for row in expected.rows]]
    code, out, _ = run(capsys, "query", name, "--format", "json", "--build", str(built))
    assert code == 0
    document = json.loads(out)
    assert document["head"]["vars"] == expected.variables
    parsed = ox.parse_query_results(out.encode(), format=ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions)
    assert [tuple(row[v] for v in expected.variables) for row in parsed] == expected.rows


def test_hk_sz_links_csv(capsys: pytest.CaptureFixture[str], built: Path) -> None:
    code, out, _ = run(capsys, "query", "hk-sz-links", "--format", "csv", "--build", str(built))
    assert code == 0
    reports = {row["report"] for row in csv.DictReader(io.StringIO(out))}
    assert reports == {
        "Strategic Collaborations between Hong Kong and Shenzhen in Biotechnology – "
        "Capitalising opportunities in the Loop for Policy Innovations",
        "The Ecosystem of Innovation and Technology in Hong Kong",
    }


def test_table_markdown_tsv(capsys: pytest.CaptureFixture[str], built: Path) -> None:
    code, out, _ = run(capsys, "query", "data-quality", "--build", str(built))
    assert code == 0 and out.splitlines()[0].split() == ["report", "claimed", "extracted"]
    assert out.rstrip().endswith("(1 row)")
    code, out, _ = run(capsys, "query", "data-quality", "--format", "markdown",
                       "--build", str(built))
    assert out.splitlines()[:2] == ["| report | claimed | extracted |", "|---|---|---|"]
    assert out.splitlines()[2].endswith("| 7 | 9 |")
    code, out, _ = run(capsys, "query", "data-quality", "--format", "tsv", "--build", str(built))
    assert out.splitlines()[0] == "?report\t?claimed\t?extracted"


def test_params_from_the_command_line(capsys: pytest.CaptureFixture[str], built: Path) -> None:
    code, out, _ = run(capsys, "query", "recommendations-to", "--param", "body=Shenzhen Government",
                       "--format", "csv", "--build", str(built))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 8 and {r["organisation"] for r in rows} == {"Shenzhen Government"}
    code, out, _ = run(capsys, "query", "provenance", "--param", "entity=id:place/hong-kong",
                       "--format", "csv", "--build", str(built))
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 11


@pytest.mark.parametrize("attack", ['x" } ; DROP ALL #', 'Central Government" } UNION { ?s ?p ?o } #'])
def test_injection_through_param_is_harmless(capsys: pytest.CaptureFixture[str], built: Path,
                                             attack: str) -> None:
    before = len(open_store(built))
    code, out, _ = run(capsys, "query", "recommendations-to", "--param", f"body={attack}",
                       "--format", "csv", "--build", str(built))
    assert code == 0
    assert out.splitlines() == ["body,organisation,report,order,recommendation"]
    assert len(open_store(built)) == before


def test_errors_exit_2_with_a_message(capsys: pytest.CaptureFixture[str], built: Path,
                                      tmp_path: Path) -> None:
    code, _, err = run(capsys, "query", "SELECT ?x WHERE {\n  ?x ?y \"open }", "--build",
                       str(built))
    assert code == 2 and "line 2, column" in err and "^" in err
    code, _, err = run(capsys, "query", "funds", "--param", "nope=1", "--build", str(built))
    assert code == 2 and "no parameter 'nope'" in err
    code, _, err = run(capsys, "query", "provenance", "--param", "entity=not an iri",
                       "--build", str(built))
    assert code == 2 and "IRI" in err
    code, _, err = run(capsys, "query", "no-such-query", "--build", str(built))
    assert code == 2 and "gbakg queries" in err
    code, _, err = run(capsys, "query", "funds", "--build", str(tmp_path / "none"))
    assert code == 2 and "no gbakg build" in err
    code, _, err = run(capsys, "query", "funds", "--endpoint",
                       f"http://127.0.0.1:{closed_port()}/query")
    assert code == 2 and "cannot connect" in err
    code, _, err = run(capsys, "push", "--endpoint", "ftp://example.org/", "--build", str(built))
    assert code == 2 and "http" in err


def test_queries_lists_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "queries")
    assert code == 0
    for query in LIBRARY.values():
        assert f"{query.name}  —  {query.title}" in out
    assert "--param body=…" in out


def test_serve_refuses_a_public_host_without_allow_remote(
        capsys: pytest.CaptureFixture[str], built: Path) -> None:
    code, _, err = run(capsys, "serve", "--build", str(built), "--host", "0.0.0.0")
    assert code == 2 and "--allow-remote" in err
    code, _, err = run(capsys, "serve", "--build", str(built), "--port", "0")
    assert code == 2
