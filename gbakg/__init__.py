"""gbakg: the Greater Bay Area innovation-policy knowledge graph.

The code lives in the client's folders: ``loaders`` (sources -> triples), ``graph``
(assembly, store, validation, export, networks, views), ``ontology`` and ``queries``.
This package is the front door: configuration, the ``gbakg`` command and the notebook API.
"""

__version__ = "0.1.0"
