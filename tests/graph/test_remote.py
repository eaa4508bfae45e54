"""Remote stores, with real servers: push the user's page to an ``oxigraph serve`` process,
get the same rows from every library query as locally, and serve a build read-only."""

import re
import shutil
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from gbakg.cli import main
from graph.querylib import load_library
from graph.remote import graph_store_url, query_url
from graph.server import oxigraph_binary
from graph.sparql import QuerySyntaxError, run_query
from graph.store import GraphStore, open_store
from tests.graph.servers import free_port, http, running

LIBRARY = load_library()
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def get(url: str, **headers: str) -> tuple[int, str, bytes]:
    return http(url, timeout=10, **headers)


def port_closed(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture(scope="module")
def store(built: Path) -> GraphStore:
    return open_store(built)


@pytest.fixture(scope="module")
def endpoint(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A writable oxigraph server (tmp location) holding the pushed build.

    Started without ``--union-default-graph``, like most shared stores: library queries
    name their graphs (``GRAPH ?g``) and must not depend on the default graph.
    """
    folder = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    argv = [oxigraph_binary(), "serve", "--location", str(folder / "db"),
            "--bind", f"127.0.0.1:{port}"]
    with running(argv, port, folder / "server.log"):
        base = f"http://127.0.0.1:{port}"
        assert main(["push", "--endpoint", base, "--build", str(built)]) == 0
        yield base + "/query"


def remote_count(endpoint: str) -> int:
    result, _ = run_query(COUNT, endpoint=endpoint)
    value = result.rows[0][0]
    assert value is not None
    return int(value.value)


def test_url_forms() -> None:
    assert query_url("http://h:7878") == "http://h:7878/query"
    assert query_url("http://h:3030/ds/sparql") == "http://h:3030/ds/sparql"
    assert graph_store_url("http://h:7878/query") == "http://h:7878/store"
    assert graph_store_url("http://h:7878/") == "http://h:7878/store"
    assert graph_store_url("http://h:3030/ds/sparql", "fuseki") == "http://h:3030/ds/data"
    assert graph_store_url("http://h:3030/ds", "fuseki") == "http://h:3030/ds/data"
    service = "http://h:7200/repositories/r/rdf-graphs/service"
    assert graph_store_url(service, "gsp") == service
    virtuoso = "http://h:8890/sparql-graph-crud-auth?graph-uri="
    assert graph_store_url(virtuoso, "gsp") == virtuoso


@pytest.mark.server
def test_push_to_a_gsp_url_with_its_own_parameter(built: Path, store: GraphStore,
                                                 endpoint: str) -> None:
    base = endpoint.removesuffix("/query")
    assert main(["push", "--kind", "gsp", "--endpoint", base + "/store?graph=",
                 "--build", str(built)]) == 0
    assert remote_count(endpoint) == len(store)


@pytest.mark.server
def test_push_keeps_named_graphs_and_is_idempotent(
        built: Path, store: GraphStore, endpoint: str) -> None:
    graphs, _ = run_query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
                          endpoint=endpoint)
    assert [str(row[0].value) for row in graphs.rows if row[0]] == [
        str(g) for g in store.named_graphs()]
    assert remote_count(endpoint) == len(store)
    assert main(["push", "--endpoint", endpoint, "--build", str(built)]) == 0  # /query form
    assert remote_count(endpoint) == len(store)


@pytest.mark.server
@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_library_query_gives_the_same_rows_remotely(
        store: GraphStore, endpoint: str, name: str) -> None:
    local, _ = run_query(name, store=store, library=LIBRARY)
    remote, _ = run_query(name, endpoint=endpoint, library=LIBRARY)
    assert remote.variables == local.variables
    assert remote.rows == local.rows
    assert local.rows


@pytest.mark.server
def test_remote_params_and_injection(store: GraphStore, endpoint: str) -> None:
    for params in ({"body": "Shenzhen Government"}, {"body": "Chinese Government"}):
        local, _ = run_query("recommendations-to", params, store=store, library=LIBRARY)
        remote, _ = run_query("recommendations-to", params, endpoint=endpoint, library=LIBRARY)
        assert remote.rows == local.rows and len(local.rows) == 8
    entity = {"entity": "id:place/hong-kong"}
    local, _ = run_query("provenance", entity, store=store, library=LIBRARY)
    remote, _ = run_query("provenance", entity, endpoint=endpoint, library=LIBRARY)
    assert remote.rows == local.rows and len(local.rows) == 11
    before = remote_count(endpoint)
    for attack in ('x" } ; DROP ALL #', 'Central Government" } UNION { ?s ?p ?o } #',
                   "x\"\n}\nDROP ALL #"):
        result, _ = run_query("recommendations-to", {"body": attack}, endpoint=endpoint,
                              library=LIBRARY)
        assert result.rows == []
    assert remote_count(endpoint) == before


@pytest.mark.server
def test_remote_syntax_error_has_line_and_column(endpoint: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        run_query("SELECT ?x\nWHERE { ?x ?y \"open }", endpoint=endpoint)
    assert caught.value.line == 2


@pytest.mark.server
def test_gbakg_serve_is_read_only_and_serves_the_ui(
        built: Path, store: GraphStore, tmp_path: Path) -> None:
    port = free_port()
    argv = [sys.executable, "-m", "gbakg.cli", "serve", "--build", str(built),
            "--port", str(port)]
    base = f"http://127.0.0.1:{port}"
    with running(argv, port, tmp_path / "serve.log"):
        status, kind, page = get(base + "/")
        assert status == 200 and kind.startswith("text/html")
        html = page.decode("utf-8")
        assert "yasgui" in html.lower()
        # Everything the page loads comes from the server itself.
        for link in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not re.match(r"(?i)(https?:)?//", link), link
            assert get(urllib.parse.urljoin(base + "/", link))[0] == 200, link
        ask = "ASK { ?r a <https://w3id.org/gbakg/ontology#Report> }"
        query = urllib.parse.urlencode({"query": ask})
        status, _, body = get(f"{base}/query?{query}", Accept="application/sparql-results+json")
        assert status == 200 and b'"boolean":true' in body.replace(b" ", b"")
        update = urllib.request.Request(
            base + "/update", data=b"DROP ALL", method="POST",
            headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=10)
        refused.value.close()
        assert 400 <= refused.value.code < 500
        put = urllib.request.Request(
            base + "/store?graph=http%3A%2F%2Fexample.org%2Fg", data=b"<a:a> <a:b> <a:c> .",
            method="PUT", headers={"Content-Type": "application/n-triples"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(put, timeout=10)
        refused.value.close()
        assert 400 <= refused.value.code < 500
        # The union default graph: library queries answer as they do locally.
        for name in ("hk-sz-links", "funds"):
            local, _ = run_query(name, store=store, library=LIBRARY)
            remote, _ = run_query(name, endpoint=base, library=LIBRARY)
            assert remote.rows == local.rows
        assert remote_count(base) == len(store)
    log = (tmp_path / "serve.log").read_text("utf-8", "replace")
    assert f"http://127.0.0.1:{port}/" in log
    deadline = time.monotonic() + 10
    while not port_closed(port) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert port_closed(port), "the oxigraph child outlived `gbakg serve`"


@pytest.mark.server
@pytest.mark.browser
def test_ui_works_offline(built: Path, tmp_path: Path) -> None:
    """The query page renders with every non-loopback request blocked."""
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("needs Debian's chromium")
    port = free_port()
    argv = [sys.executable, "-m", "gbakg.cli", "serve", "--build", str(built),
            "--port", str(port)]
    base = f"http://127.0.0.1:{port}/"
    outside: list[str] = []
    with running(argv, port, tmp_path / "serve.log"), sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()

            def route(handle: object) -> None:
                url = handle.request.url  # type: ignore[attr-defined]
                if url.startswith(base):
                    handle.continue_()  # type: ignore[attr-defined]
                else:
                    outside.append(url)
                    handle.abort()  # type: ignore[attr-defined]

            page.route("**/*", route)
            page.goto(base, wait_until="load")
            page.wait_for_selector(".yasqe .CodeMirror", timeout=15000)
        finally:
            browser.close()
    # YASGUI asks prefix.cc for prefix autocompletion; it is optional and fails quietly.
    assert all("prefix.cc/" in url for url in outside), outside
