"""HTML views: offline, deterministic, escaped; and drawn by a real browser (Chromium)."""

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from gbakg.config import DEFAULT_REGISTRY, DEFAULT_SOURCES
from graph import network, views
from graph.build import build
from graph.network_export import export
from graph.store import GraphStore, open_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
HOSTILE_TITLE = ("Bridging <img src=x onerror=alert(1)> Hong Kong and Shenzhen "
                 "<script>alert(2)</script> Report")
HOSTILE_PAGE = f"""    Science & Tech Innovation | Policy Research Series

    {HOSTILE_TITLE}

    [Download Full Report]

    Hong Kong and Shenzhen should deepen co-operation in innovation and technology through \
the Hetao Shenzhen-Hong Kong Science and Technology Innovation Co-operation Zone. Our Hong \
Kong Foundation recommends that the Hong Kong Government work with the Shenzhen Government.

    We recommend setting up a joint fund for Hong Kong and Shenzhen start-ups \
<b onmouseover=alert(3)>now</b>.
"""
FOCUS = {"ego": "Hetao zone", "report": "FinTech Advocacy Study"}


def _build(sources: Path, out: Path) -> GraphStore:
    result = build([sources], out, DEFAULT_REGISTRY)
    assert result.exit_code == 0, result.errors
    return open_store(out)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    return _build(DEFAULT_SOURCES, tmp_path_factory.mktemp("views") / "build")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "sources").mkdir()
    (folder / "sources" / "hostile.txt").write_text(HOSTILE_PAGE, "utf-8")
    return _build(folder / "sources", folder / "build")


def test_page_is_offline_and_deterministic(store: GraphStore) -> None:
    page = views.render(network.view(store, "hk-sz"), "HK–SZ")
    assert page == views.render(network.view(store, "hk-sz"), "HK–SZ")
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link[^>]*\bhref\s*=", page, re.IGNORECASE)
    assert "bootstrap" not in page.lower()
    assert "new vis.Network" in page and '"physics": {"enabled": false}' in page


def test_tooltips_and_script_data_are_escaped() -> None:
    tip = views.node_tooltip({"label": "<script>x</script>", "class": "gba:City",
                              "wikidata": "Q1\"><img>", "passage": "a & <b>"})
    assert "<script>" not in tip and "&lt;script&gt;" in tip and "&amp; &lt;b&gt;" in tip
    assert "wikidata.org" not in tip  # a malformed id is not made into a link
    data = views.js_json({"x": "</script><!--&"})
    assert "<" not in data and ">" not in data and "&" not in data
    assert json.loads(data) == {"x": "</script><!--&"}
    frame = views.iframe('<p title="a">x</p>')
    assert frame.count('"') == 8 and "&quot;a&quot;" in frame


def test_large_graphs_are_reduced_and_say_so() -> None:
    g = nx.barabasi_albert_graph(60, 2, seed=1)
    g = nx.relabel_nodes(g, {n: f"n{n}" for n in g})
    nx.set_node_attributes(g, "gba:Organisation", "class")
    page = views.render(g, "big", max_nodes=20)
    assert "Showing the 20 most central of 60 nodes" in page
    assert '"reduced": true' in page


def test_layout_of_large_graphs_is_stable_without_scipy() -> None:
    g = nx.relabel_nodes(nx.barabasi_albert_graph(520, 2, seed=3), str)
    pos = views.layout(g)
    assert set(pos) == set(g) and pos == views.layout(g)
    assert len(set(pos.values())) == len(g)


# --- real browser -------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (Debian package chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must run the browser tests")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One page load with every http(s) request aborted and counted, errors collected."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.external: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("typeof network === 'object' && network !== null")

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(("http:", "https:")):
            self.external.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def painted_pixels(self) -> int:
        return int(self.page.evaluate("""() => {
            const c = document.querySelector('#mynetwork canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } }
            return n; }"""))

    def hover(self, node: str) -> str:
        """Move the mouse onto ``node`` and return the tooltip's text."""
        point = self.page.evaluate(
            "(id) => network.canvasToDOM(network.getPositions([id])[id])", node)
        box = self.page.locator("#mynetwork").bounding_box()
        self.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5000)
        return str(tooltip.text_content())


@pytest.mark.browser
@pytest.mark.parametrize("name", network.VIEW_NAMES)
def test_views_draw_offline_in_chromium(
    browser: Any, store: GraphStore, tmp_path: Path, name: str
) -> None:
    g = network.view(store, name, FOCUS.get(name), 1)
    path = tmp_path / f"{name}.html"
    export(g, path, "html", name)
    visit = Visit(browser, path)
    visit.page.wait_for_timeout(200)
    assert visit.page.evaluate("nodes.length") == g.number_of_nodes()
    assert visit.page.evaluate("edges.length") == g.number_of_edges()
    assert visit.painted_pixels() > 1000
    if name == "hk-sz":
        text = visit.hover(network.HONG_KONG)
        assert "Hong Kong" in text and "香港" in text and "Q8646" in text
        visit.page.fill("#gbakg-query", "hetao")
        visit.page.press("#gbakg-query", "Enter")
        assert visit.page.text_content("#gbakg-status") == (
            "found: Hetao Shenzhen-Hong Kong Science and Technology Innovation Co-operation Zone")
        visit.page.uncheck("input[data-class='gba:Recommendation']")
        hidden = visit.page.evaluate("nodes.get({filter: n => n.hidden}).length")
        assert hidden == sum(1 for _, d in g.nodes(data=True)
                             if d["class"] == "gba:Recommendation")
    visit.page.screenshot(path=str(tmp_path / f"{name}.png"))
    assert (tmp_path / f"{name}.png").stat().st_size > 0
    assert visit.errors == []
    assert visit.external == []
    visit.page.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", ["overview", "report"])
def test_hostile_title_is_shown_as_text(
    browser: Any, hostile: GraphStore, tmp_path: Path, name: str
) -> None:
    whole = network.project(hostile)
    report = next(n for n, d in whole.nodes(data=True) if d["class"] == "gba:Report")
    assert whole.nodes[report]["label"] == HOSTILE_TITLE
    g = network.view(hostile, name, report if name == "report" else None)
    path = tmp_path / f"hostile-{name}.html"
    export(g, path, "html", f"{name} <script>alert(4)</script>")
    visit = Visit(browser, path)
    assert visit.page.evaluate("(id) => nodes.get(id).label", report).startswith("Bridging <img")
    text = visit.hover(report)
    assert "<img src=x onerror=alert(1)>" in text and "<script>alert(2)</script>" in text
    visit.page.fill("#gbakg-query", "onerror")
    visit.page.press("#gbakg-query", "Enter")
    assert "<img src=x onerror=alert(1)>" in str(visit.page.text_content("#gbakg-status"))
    assert "<script>alert(4)</script>" in str(visit.page.text_content("#gbakg-header h2"))
    visit.page.wait_for_timeout(300)
    assert visit.page.evaluate("document.querySelectorAll('img').length") == 0
    visit.page.screenshot(path=str(tmp_path / f"hostile-{name}.png"))
    assert visit.dialogs == []
    assert visit.errors == []
    assert visit.external == []
    visit.page.close()


@pytest.mark.browser
def test_notebook_iframe_draws(browser: Any, store: GraphStore, tmp_path: Path) -> None:
    g = network.view(store, "hk-sz")
    path = tmp_path / "notebook-cell.html"
    path.write_text(f"<html><body>{views.iframe(views.render(g, 'hk-sz'))}</body></html>",
                    "utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    frame = page.frames[1]
    frame.wait_for_function("typeof network === 'object' && network !== null")
    assert frame.evaluate("nodes.length") == g.number_of_nodes()
    page.close()
