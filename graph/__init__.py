"""Graph assembly: build a validated, versioned store and dumps from the loaders' graphs.

``build`` runs the pipeline (cache, validation, dumps, store, atomic publish);
``open_store`` opens the current build read-only for SPARQL and rdflib code;
``compute_stats`` counts what a build holds. Modules, one job each: ``serialise``
(deterministic per-graph chunks), ``cache``, ``export`` (dump files), ``store``,
``layout`` (build folder, generations, symlinks), ``stats`` and ``validation``.

Names are imported lazily, so ``import graph.<module>`` stays cheap and cycle-free.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.build import BuildResult, Progress, build
    from graph.layout import LayoutError
    from graph.stats import Stats, compute_stats
    from graph.store import GraphStore, open_store

_EXPORTS = {
    "BuildResult": "graph.build",
    "Progress": "graph.build",
    "build": "graph.build",
    "LayoutError": "graph.layout",
    "Stats": "graph.stats",
    "compute_stats": "graph.stats",
    "GraphStore": "graph.store",
    "open_store": "graph.store",
}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)


__all__ = [
    "BuildResult",
    "GraphStore",
    "LayoutError",
    "Progress",
    "Stats",
    "build",
    "compute_stats",
    "open_store",
]
