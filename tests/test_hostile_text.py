"""Hostile text stays text: HTML, SPARQL, Turtle and CSV/JSON-breaking characters and
terminal escapes in a report's title, its publisher's name, its recommendations and its
passages go through the build, every dump, every query output format, the notebook API and
the views as data, exactly as written. (The views are drawn in a browser by
tests/graph/test_views.py; here their source is checked for these labels too.)
"""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDFS

from gbakg import open_build
from gbakg.cli import main
from gbakg.config import DEFAULT_REGISTRY
from graph import network, views
from graph.build import build
from graph.sparql import run_query
from graph.store import open_store

HTML = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(2)</script>"
SPARQL = '"} ; DROP ALL #'
TURTLE = '"""> . <x> <y> <z> .'
TERMINAL = "\x1b[2J\x1b]0;pwned\x07"
TITLE = (f'Bridging {HTML} Hong Kong and Shenzhen {SCRIPT} {SPARQL} {TURTLE} Report, "quoted", '
         f"with\ttabs {TERMINAL}")
ORG = f'{SCRIPT} "Quoted, Ltd" | {SPARQL} Institute'
RECOMMENDATION = (f"setting up a joint fund {HTML} for Hong Kong {SCRIPT} and Shenzhen {SPARQL} "
                  f"start-ups {TURTLE[:-2]}")
PAGE = f"""# publisher: {ORG}

{TITLE}

[Download Full Report]

Hong Kong and Shenzhen should deepen co-operation in innovation and technology through \
the Hetao Shenzhen-Hong Kong Science and Technology Innovation Co-operation Zone. Our Hong \
Kong Foundation recommends that the Hong Kong Government work with the Shenzhen Government.

We recommend setting up a joint fund {HTML} for Hong Kong {SCRIPT} and Shenzhen {SPARQL} \
start-ups {TURTLE}
"""
STORED = TITLE.translate({0x1B: 0xFFFD, 0x07: 0xFFFD})
"""The loaders show control characters as U+FFFD, one for one (offsets stay true)."""
EXPECTED = {
    ("title", " ".join(STORED.split())),  # titles are one line: whitespace runs become a space
    ("org", ORG),
    ("rec", RECOMMENDATION),
    ("passage", STORED),  # passages are the exact text: the tab stays, escapes are U+FFFD
    ("passage", f"# publisher: {ORG}\n"),  # the header passage ends with its newline
}
TEXTS = """SELECT ?kind ?text WHERE {
  { ?r a gba:Report ; dcterms:title ?text BIND("title" AS ?kind) }
  UNION { ?r a gba:Report ; dcterms:publisher/rdfs:label ?text BIND("org" AS ?kind) }
  UNION { ?r gba:recommends/rdfs:label ?text BIND("rec" AS ?kind) }
  UNION { ?p oa:exact ?text BIND("passage" AS ?kind) }
} ORDER BY ?kind ?text"""
RDFLIB_FORMATS = {"gbakg.nq": "nquads", "gbakg.trig": "trig", "gbakg.ttl": "turtle",
                  "gbakg.jsonld": "json-ld"}
RAPPER_SYNTAX = {"gbakg.nq": "nquads", "gbakg.trig": "trig", "gbakg.ttl": "turtle"}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "src").mkdir()
    (folder / "src" / "hostile.txt").write_text(PAGE, "utf-8")
    result = build([folder / "src"], folder / "build", DEFAULT_REGISTRY)
    assert result.exit_code == 0, result.errors or (result.report and result.report.format())
    return folder / "build"


def _union(path: Path, fmt: str) -> Graph:
    union = Graph()
    if fmt == "turtle":
        union.parse(path, format=fmt)
        return union
    ds = Dataset()
    ds.parse(path, format=fmt)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _texts(graph: Graph) -> set[str]:
    return {str(o) for o in graph.objects() if isinstance(o, Literal)}


def test_the_hostile_strings_are_in_the_graph_as_literals(out: Path) -> None:
    result, _ = run_query(TEXTS, store=open_store(out))
    found = {(str(kind.value), str(text.value)) for kind, text in result.rows if kind and text}
    assert found >= EXPECTED, EXPECTED - found


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own Dataset internals
def test_every_dump_parses_back_to_the_same_triples(out: Path) -> None:
    unions = {name: _union(out / name, fmt) for name, fmt in RDFLIB_FORMATS.items()}
    reference = unions.pop("gbakg.nq")
    assert len(reference) == json.loads((out / "manifest.json").read_text())["totals"][
        "distinct_triples"]
    for name, union in unions.items():
        assert isomorphic(union, reference), name
    texts = _texts(reference)
    for _, text in EXPECTED:
        assert text in texts
    assert Literal(" ".join(STORED.split()), lang="en") in set(reference.objects(None,
                                                                                DCTERMS.title))
    assert Literal(ORG, lang="en") in set(reference.objects(None, RDFS.label))


def test_rapper_reads_the_dumps_as_rdflib_does(out: Path) -> None:
    if shutil.which("rapper") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("rapper (raptor2-utils) is missing; CI must install it")
        pytest.skip("rapper (Debian package raptor2-utils) is not installed")
    reference = _union(out / "gbakg.ttl", "turtle")
    for name, syntax in RAPPER_SYNTAX.items():
        run = subprocess.run(["rapper", "-q", "-i", syntax, "-o", "ntriples", str(out / name)],
                             capture_output=True, check=False)
        assert run.returncode == 0, run.stderr
        parsed = Graph().parse(data=run.stdout.decode("utf-8"), format="nt")
        assert isomorphic(parsed, reference), name
        assert {t for _, t in EXPECTED} <= _texts(parsed)


def _cli(capsys: pytest.CaptureFixture[str], out: Path, fmt: str) -> str:
    assert main(["query", TEXTS, "--format", fmt, "--build", str(out)]) == 0
    return capsys.readouterr().out


def test_query_outputs_keep_the_strings_as_data(out: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    result, _ = run_query(TEXTS, store=open_store(out))
    values = [[term.value if term else "" for term in row] for row in result.rows]
    assert list(csv.reader(io.StringIO(_cli(capsys, out, "csv")))) == [result.variables,
                                                                       *values]
    document = json.loads(_cli(capsys, out, "json"))
    assert [[b[v]["value"] for v in result.variables] for b in
            document["results"]["bindings"]] == values
    tsv = ox.parse_query_results(_cli(capsys, out, "tsv").encode(),
                                 format=ox.QueryResultsFormat.TSV)
    assert isinstance(tsv, ox.QuerySolutions)
    assert [[row[v] for v in result.variables] for row in tsv] == [list(r) for r in result.rows]
    for fmt in ("table", "markdown"):
        text = _cli(capsys, out, fmt)
        controls = {c for c in text if unicodedata.category(c) == "Cc" and c != "\n"}
        assert controls == set(), (fmt, controls)
        if fmt == "markdown":  # the loaders' U+FFFD, never the escape itself
            assert "\ufffd[2J\ufffd]0;pwned\ufffd" in text
        assert len(text.splitlines()) == len(result.rows) + (3 if fmt == "table" else 2)
    markdown = _cli(capsys, out, "markdown").splitlines()
    for line in markdown:
        cells = re.split(r"(?<!\\)\|", line)
        assert len(cells) == len(result.variables) + 2, line  # pipes in values are escaped
        assert "<" not in re.sub(r"\\<", "", line), line  # no raw HTML when rendered
    escaped = ORG.replace("|", "\\|").replace("<", "\\<")
    assert "| org | " + escaped + " |" in markdown


def test_the_notebook_api_gives_plain_strings(out: Path) -> None:
    frame = open_build(out).query(TEXTS)
    assert all(type(v) is str for v in frame.text)
    assert set(zip(frame.kind, frame.text, strict=True)) >= EXPECTED


@pytest.mark.parametrize("value", [" ".join(STORED.split()), ORG])
def test_a_hostile_value_as_a_parameter_matches_itself_only(out: Path, value: str) -> None:
    query = "SELECT ?s ?text WHERE { ?s dcterms:title|rdfs:label ?v FILTER(str(?v) = ?text) }"
    result, _ = run_query(query, {"text": value}, store=open_store(out))
    assert len(result.rows) == 1
    before = len(open_store(out))
    result, _ = run_query(query, {"text": value[:-1] + '" } ; DROP ALL #'},
                          store=open_store(out))
    assert result.rows == [] and len(open_store(out)) == before


def test_the_views_hold_the_labels_as_escaped_data(out: Path) -> None:
    store = open_store(out)
    whole = network.project(store)
    labels = {str(d.get("label")) for _, d in whole.nodes(data=True)}
    assert {" ".join(STORED.split()), ORG, RECOMMENDATION} <= labels
    report = next(n for n, d in whole.nodes(data=True) if d["class"] == "gba:Report")
    for name in ("overview", "report"):
        g = network.view(store, name, report if name == "report" else None)
        page = views.render(g, f"{name} {SCRIPT}")
        for raw in (HTML, SCRIPT, "<img", "\x1b", "\x07"):
            assert raw not in page, (name, raw)
        data = page[page.index("new vis.DataSet("):]
        assert json.dumps(ORG)[1:-1].replace("<", "\\u003c").replace(">", "\\u003e") in data
