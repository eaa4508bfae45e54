"""Interactive HTML for a network view: one self-contained, offline, deterministic file.

pyvis draws it (vis-network inlined with ``cdn_resources="in_line"``); we then remove what
pyvis 0.3.2 still fetches from a CDN (Bootstrap) and the empty headings, and add a legend,
a search box and a class filter. Positions come from networkx's spring layout with a fixed
seed and physics is off, so the same build gives the same bytes and opens instantly.

Everything taken from the graph is escaped: tooltips are built here as escaped HTML (the
page turns them into elements, vis-network 9 shows plain strings as text), page text goes
through :func:`html.escape`, and data for scripts through :func:`js_json`.
"""

import html
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from pyvis.edge import Edge
from pyvis.network import Network

from graph.analytics import SEED, degree_centrality, simple

MAX_NODES = 1500
"""Above this many nodes a page shows only the most central ones (and says so)."""
LAYOUT_SCALE = 1000.0


@dataclass(frozen=True)
class Style:
    colour: str
    shape: str


STYLES: dict[str, Style] = {
    "gba:Report": Style("#4e79a7", "square"),
    "gba:PolicyDocument": Style("#a0cbe8", "square"),
    "gba:Organisation": Style("#ffbe7d", "dot"),
    "gba:ThinkTank": Style("#f28e2b", "dot"),
    "gba:GovernmentBody": Style("#e15759", "dot"),
    "gba:Regulator": Style("#ff9d9a", "dot"),
    "gba:University": Style("#b07aa1", "dot"),
    "gba:ResearchInstitute": Style("#d4a6c8", "dot"),
    "gba:Company": Style("#9c755f", "dot"),
    "gba:MediaOutlet": Style("#bab0ac", "dot"),
    "gba:Post": Style("#f1ce63", "dot"),
    "gba:Place": Style("#b6992d", "triangle"),
    "gba:City": Style("#59a14f", "triangle"),
    "gba:Region": Style("#8cd17d", "triangle"),
    "gba:Zone": Style("#499894", "diamond"),
    "gba:Country": Style("#86bcb6", "triangle"),
    "gba:Fund": Style("#edc948", "star"),
    "gba:Recommendation": Style("#79706e", "triangleDown"),
    "gba:Collaboration": Style("#d37295", "hexagon"),
}
"""Colour and vis-network shape per class; a class not listed gets :data:`OTHER`."""
OTHER = Style("#999999", "dot")
_EXTERNAL = re.compile(
    r"""<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//[^>]*>"""
    r"""|<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script>""",
    re.IGNORECASE,
)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)
_DEAD_COMMENT = re.compile(r"<!--(?:(?!-->).)*node_modules(?:(?!-->).)*-->", re.DOTALL)
"""pyvis's commented-out links to a local vis copy: dead weight that looks like a fetch."""


def js_json(value: object) -> str:
    """JSON safe inside a <script> element (no ``</script>``, ``<!--`` or ``&`` surprises)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def node_tooltip(data: dict[str, object]) -> str:
    """Escaped HTML: type, English and Chinese labels, Wikidata link, IRI, source passage."""
    parts = [f"<b>{_e(data.get('label', ''))}</b>",
             f"<i>{_e(data.get('class_label') or data.get('class', ''))}</i>"]
    chinese = " / ".join(dict.fromkeys(
        str(data[k]) for k in ("zh_hant", "zh_hans") if data.get(k)))
    if chinese:
        parts.append(f"中文: {_e(chinese)}")
    qid = str(data.get("wikidata") or "")
    if re.fullmatch(r"Q[0-9]+", qid):
        parts.append(f'Wikidata: <a href="https://www.wikidata.org/wiki/{qid}" '
                     f'target="_blank" rel="noopener noreferrer">{qid}</a>')
    if data.get("iri"):
        parts.append(f"<code>{_e(data['iri'])}</code>")
    passage = str(data.get("passage") or "")
    if passage:
        parts.append(f"<q>{_e(_shorten(passage))}</q>")
    return "<br>".join(parts)


def edge_tooltip(data: dict[str, object]) -> str:
    """Escaped HTML: predicate, weight, source passage."""
    parts = [f"<b>{_e(data.get('predicate', ''))}</b>"]
    if "weight" in data:
        parts.append(f"shared reports: {_e(data['weight'])}")
    passage = str(data.get("passage") or "")
    if passage:
        parts.append(f"<q>{_e(_shorten(passage))}</q>")
    return "<br>".join(parts)


def _shorten(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reduce(g: nx.Graph, max_nodes: int = MAX_NODES) -> nx.Graph:
    """The ``max_nodes`` most central nodes of ``g`` (degree, then id), or ``g`` itself."""
    if g.number_of_nodes() <= max_nodes:
        return g
    centrality = degree_centrality(g)
    keep = sorted(g, key=lambda n: (-centrality[n], n))[:max_nodes]
    kept = set(keep)
    # Explicitly in g's order: a subgraph view of few nodes iterates them in set order,
    # which differs between processes (string hashing), and so would the layout.
    sub = g.__class__()
    sub.graph.update(g.graph)
    sub.add_nodes_from((n, dict(d)) for n, d in g.nodes(data=True) if n in kept)
    if g.is_multigraph():
        sub.add_edges_from((u, v, k, dict(d)) for u, v, k, d in g.edges(keys=True, data=True)
                           if u in kept and v in kept)
    else:
        sub.add_edges_from((u, v, dict(d)) for u, v, d in g.edges(data=True)
                           if u in kept and v in kept)
    return sub


def layout(g: nx.Graph, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Force-directed positions (fixed seed, rounded) so pages are stable and open at once.

    Large graphs get fewer iterations: each is quadratic in the number of nodes.
    """
    und = simple(g)
    if und.number_of_nodes() == 0:
        return {}
    iterations = 100 if und.number_of_nodes() < 500 else 50
    adjacency = nx.to_numpy_array(und, nodelist=list(und), weight="weight", dtype=np.float32)
    pos = nx.rescale_layout(_spring(adjacency, seed, iterations), scale=LAYOUT_SCALE)
    return {str(n): (round(float(x), 1), round(float(y), 1))
            for n, (x, y) in zip(und, pos, strict=True)}


def _spring(adjacency: "np.ndarray[Any, np.dtype[np.float32]]", seed: int,
            iterations: int) -> "np.ndarray[Any, np.dtype[np.float32]]":
    """Fruchterman-Reingold, dense and in float32 (numpy only).

    networkx's ``spring_layout`` needs scipy from 500 nodes on (not a dependency) and its
    dense solver is several times slower; this is the same algorithm, so a 1,500-node page
    is laid out in a few seconds.
    """
    n = adjacency.shape[0]
    pos = np.random.RandomState(seed).rand(n, 2).astype(np.float32)
    if n == 1:
        return pos
    k = np.float32(1.0 / math.sqrt(n))
    step = np.float32(0.1)
    cooling = step / np.float32(iterations + 1)
    for _ in range(iterations):
        dx = pos[:, 0, None] - pos[None, :, 0]
        dy = pos[:, 1, None] - pos[None, :, 1]
        dist = np.sqrt(dx * dx + dy * dy)
        np.maximum(dist, np.float32(0.01), out=dist)
        force = k * k / (dist * dist) - adjacency * dist / k
        moved = np.stack(((dx * force).sum(axis=1), (dy * force).sum(axis=1)), axis=1)
        length = np.maximum(np.sqrt((moved * moved).sum(axis=1)), np.float32(0.01))
        pos += moved * (step / length)[:, None]
        step -= cooling
    return pos


def render(g: nx.Graph, title: str, *, max_nodes: int = MAX_NODES, seed: int = SEED) -> str:
    """The HTML page of ``g`` (reduced to ``max_nodes`` if larger).

    ``g.graph["total_nodes"]``, when set (a view already capped before projection, see
    :func:`graph.network.view`), is the size of the whole network the page says it shows
    part of.
    """
    total = max(int(g.graph.get("total_nodes", 0)), g.number_of_nodes())
    shown = reduce(g, max_nodes)
    centrality = degree_centrality(shown)
    top = max(centrality.values(), default=0.0) or 1.0
    pos = layout(shown, seed)
    net = Network(height="720px", width="100%", directed=shown.is_directed(),
                  cdn_resources="in_line", bgcolor="#ffffff", heading="")
    counts: dict[str, int] = {}
    for node, data in shown.nodes(data=True):
        cls = str(data.get("class", ""))
        counts[cls] = counts.get(cls, 0) + 1
        style = STYLES.get(cls, OTHER)
        search = " ".join(str(x) for x in (
            data.get("label", ""), data.get("zh_hant", ""), data.get("zh_hans", ""),
            *data.get("aliases", ()), node) if x)
        x, y = pos[str(node)]
        net.add_node(
            str(node), label=_shorten(str(data.get("label", node)), 60), tip=node_tooltip(data),
            color=style.colour, shape=style.shape, x=x, y=y, physics=False,
            size=round(10 + 25 * math.sqrt(centrality[node] / top), 2), cls=cls,
            name=str(data.get("label", node)), search=search.casefold(),
        )
    edges = (shown.edges(keys=True, data=True) if shown.is_multigraph()
             else ((u, v, None, d) for u, v, d in shown.edges(data=True)))
    for i, (u, v, _key, data) in enumerate(edges):
        weight = data.get("weight")
        # What Network.add_edge appends, without its O(nodes + edges) checks per edge.
        net.edges.append(Edge(str(u), str(v), shown.is_directed(), id=f"e{i}",
                              tip=edge_tooltip(data), color="#b0b0b0",
                              width=min(1 + (float(weight) - 1) / 2, 8) if weight else 1).options)
    net.options = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": shown.is_directed(),
                                                     "scaleFactor": 0.5}}},
        "nodes": {"font": {"size": 14}},
    }
    page = net.generate_html()
    page = _EXTERNAL.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = _DEAD_COMMENT.sub("", page)
    note = ""
    if shown.number_of_nodes() < total:
        note = (f"Showing the {shown.number_of_nodes():,} most central of {total:,} nodes "
                "(degree centrality); export GraphML or GEXF for the whole network.")
    info = {"view": title, "nodes": shown.number_of_nodes(), "edges": shown.number_of_edges(),
            "total_nodes": total, "reduced": bool(note)}
    header = _header(title, note, counts, shown.number_of_nodes(), shown.number_of_edges())
    page = page.replace("<body>", f"<body>\n{header}", 1)
    page = page.replace("<head>", "<head>\n<title>" + _e(title) + "</title>\n"
                        f"<style>{_CSS}</style>", 1)
    script = f"<script>\nvar GBAKG = {js_json(info)};\n{_JS}\n</script>\n"
    page = page.replace("</body>", script + "</body>", 1)
    return page


def _header(title: str, note: str, counts: dict[str, int], nodes: int, edges: int) -> str:
    rows = []
    for cls in sorted(counts, key=lambda c: (list(STYLES).index(c) if c in STYLES else 99, c)):
        style = STYLES.get(cls, OTHER)
        rows.append(
            f'<label class="gbakg-class"><input type="checkbox" checked data-class="{_e(cls)}">'
            f' <span class="gbakg-swatch" style="background:{style.colour}"></span>'
            f' {_e(cls.removeprefix("gba:"))} ({counts[cls]}, {_e(style.shape)})</label>'
        )
    warning = f'<p class="gbakg-note" id="gbakg-note">{_e(note)}</p>' if note else ""
    return (
        f'<div id="gbakg-header"><h2>{_e(title)}</h2>'
        f'<p>{nodes:,} nodes, {edges:,} edges. Hover for details; scroll to zoom.</p>{warning}'
        '<form id="gbakg-search" onsubmit="return false;">'
        '<input id="gbakg-query" type="search" placeholder="Find a node by name…" '
        'aria-label="Find a node by name"> <button id="gbakg-find" type="submit">Find</button>'
        ' <span id="gbakg-status" aria-live="polite"></span></form>'
        f'<div id="gbakg-legend">{"".join(rows)}</div></div>'
    )


_CSS = """
body { font-family: system-ui, sans-serif; margin: 8px; }
#gbakg-header h2 { margin: 0 0 4px 0; font-size: 1.2em; }
#gbakg-header p { margin: 2px 0; }
.gbakg-note { color: #9a3412; font-weight: bold; }
#gbakg-legend { margin: 6px 0; display: flex; flex-wrap: wrap; gap: 4px 14px; }
.gbakg-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; }
.card { width: 100%; }
.gbakg-tip { max-width: 420px; white-space: normal; }
.gbakg-tip q { display: block; color: #444; margin-top: 4px; }
"""

_JS = r"""
(function () {
  function asElement(markup) {
    // Tooltip markup was escaped in Python; vis-network 9 shows plain strings as text.
    var box = document.createElement("div");
    box.className = "gbakg-tip";
    box.innerHTML = markup;
    return box;
  }
  nodes.update(nodes.get().map(function (n) { return {id: n.id, title: asElement(n.tip)}; }));
  edges.update(edges.get().map(function (e) { return {id: e.id, title: asElement(e.tip)}; }));
  var status = document.getElementById("gbakg-status");
  function find() {
    var q = document.getElementById("gbakg-query").value.trim().toLowerCase();
    if (!q) { return; }
    var all = nodes.get({filter: function (n) { return !n.hidden; }});
    var hit = all.find(function (n) { return String(n.name).toLowerCase() === q; })
      || all.find(function (n) { return String(n.name).toLowerCase().indexOf(q) >= 0; })
      || all.find(function (n) { return String(n.search).indexOf(q) >= 0; });
    if (hit) {
      network.selectNodes([hit.id]);
      network.focus(hit.id, {scale: 1.2, animation: false});
      status.textContent = "found: " + hit.name;
    } else {
      status.textContent = "no node matches";
    }
  }
  document.getElementById("gbakg-find").addEventListener("click", find);
  document.getElementById("gbakg-query").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); find(); }
  });
  var boxes = document.querySelectorAll("#gbakg-legend input[data-class]");
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      var cls = box.getAttribute("data-class");
      nodes.update(nodes.get({filter: function (n) { return n.cls === cls; }})
        .map(function (n) { return {id: n.id, hidden: !box.checked}; }));
    });
  });
})();
"""


def write(g: nx.Graph, path: Path, title: str, *, max_nodes: int = MAX_NODES) -> Path:
    """Write the page of ``g`` to ``path`` (UTF-8)."""
    path.write_text(render(g, title, max_nodes=max_nodes), "utf-8")
    return path


def iframe(page: str, height: int = 640) -> str:
    """The page inside ``<iframe srcdoc>``, for ``IPython.display.HTML`` in any notebook UI.

    Wrapped in a ``<div>`` so IPython does not warn that a bare iframe should be an IFrame.

    pyvis's own notebook display points an IFrame at a file, which VS Code and many
    setups cannot load; srcdoc carries the page itself (escaped as an attribute value).
    """
    return (f'<div class="gbakg-view"><iframe srcdoc="{html.escape(page, quote=True)}" '
            f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
            'sandbox="allow-scripts allow-popups"></iframe></div>')


__all__ = [
    "MAX_NODES", "STYLES", "Style", "edge_tooltip", "iframe", "js_json", "layout",
    "node_tooltip", "reduce", "render", "write",
]
