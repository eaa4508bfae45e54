"""gbakg: the Greater Bay Area innovation-policy knowledge graph.

The code lives in the client's folders: ``loaders`` (sources -> triples), ``graph``
(assembly, store, validation, export, networks, views), ``ontology`` and ``queries``.
This package is the front door: configuration, the ``gbakg`` command and the notebook API.
"""

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gbakg.api import Build, open_build


def __getattr__(name: str) -> Any:
    """``gbakg.open_build`` and ``gbakg.Build``, imported on first use (keeps imports light)."""
    if name in ("Build", "open_build"):
        from gbakg import api

        return getattr(api, name)
    raise AttributeError(f"module 'gbakg' has no attribute {name!r}")


__all__ = ["Build", "__version__", "open_build"]
