"""Network analytics over the entity network: centrality, communities, HK–SZ bridges.

Everything runs on the undirected simple projection (:func:`simple`), where parallel
edges become one edge whose ``weight`` counts them: "who is connected to whom" is what a
policy reader asks, not the direction of ``gba:mentions``. Community detection is Louvain
with a fixed seed so that a notebook re-run gives the same groups.
"""

from dataclasses import dataclass

import networkx as nx

from graph.network import HONG_KONG, SHENZHEN

SEED = 42
"""Seed for Louvain (and anything else random), so results are repeatable."""
EXACT_BETWEENNESS_MAX = 2000
"""Up to this many nodes betweenness is exact; above, it is estimated from
:data:`BETWEENNESS_SAMPLES` source nodes drawn with :data:`SEED` (exact is O(nodes x edges))."""
BETWEENNESS_SAMPLES = 500


def simple(g: nx.Graph) -> nx.Graph:
    """Undirected, one edge per linked pair, ``weight`` = number of links (sorted order)."""
    result = nx.Graph()
    result.add_nodes_from(sorted(g.nodes(data=True)))
    for u, v, data in g.edges(data=True):
        if u == v:
            continue
        a, b = sorted((u, v))
        weight = int(data.get("weight", 1))
        if result.has_edge(a, b):
            result[a][b]["weight"] += weight
        else:
            result.add_edge(a, b, weight=weight)
    return result


def degree_centrality(g: nx.Graph) -> dict[str, float]:
    """Share of the other nodes each node is linked to."""
    result: dict[str, float] = nx.degree_centrality(simple(g))
    return result


def _betweenness(und: nx.Graph) -> dict[str, float]:
    n = und.number_of_nodes()
    k = BETWEENNESS_SAMPLES if n > EXACT_BETWEENNESS_MAX else None
    result: dict[str, float] = nx.betweenness_centrality(und, k=k, normalized=True, seed=SEED)
    return result


def betweenness_centrality(g: nx.Graph) -> dict[str, float]:
    """How often a node lies on shortest paths between others (unweighted, normalised);
    estimated from a fixed-seed sample of sources above :data:`EXACT_BETWEENNESS_MAX` nodes."""
    return _betweenness(simple(g))


def communities(g: nx.Graph, seed: int = SEED) -> list[list[str]]:
    """Louvain communities, largest first; each a sorted list of node ids."""
    found = nx.community.louvain_communities(simple(g), weight="weight", seed=seed)
    groups = [sorted(group) for group in found]
    return sorted(groups, key=lambda group: (-len(group), group))


@dataclass(frozen=True)
class Bridge:
    """An entity that links Hong Kong and Shenzhen."""

    iri: str
    label: str
    cls: str
    paths: int
    """Number of shortest Hong Kong–Shenzhen paths through this entity."""
    betweenness: float
    """Betweenness centrality in the graph it was computed on."""


def bridges(g: nx.Graph, a: str = HONG_KONG, b: str = SHENZHEN) -> list[Bridge]:
    """Entities on shortest paths between ``a`` and ``b`` (most paths, then betweenness).

    Meant for the ``hk-sz`` view; returns [] when either city is absent or unreachable.
    """
    und = simple(g)
    if a not in und or b not in und or not nx.has_path(und, a, b):
        return []
    through: dict[str, int] = {}
    for path in nx.all_shortest_paths(und, a, b):
        for node in path[1:-1]:
            through[node] = through.get(node, 0) + 1
    between = _betweenness(und)
    found = [
        Bridge(node, str(und.nodes[node].get("label", node)), str(und.nodes[node].get("class", "")),
               count, round(float(between[node]), 6))
        for node, count in through.items()
    ]
    return sorted(found, key=lambda x: (-x.paths, -x.betweenness, x.label, x.iri))


__all__ = [
    "BETWEENNESS_SAMPLES", "EXACT_BETWEENNESS_MAX", "SEED", "Bridge", "betweenness_centrality", "bridges", "communities", "degree_centrality",
    "simple",
]
