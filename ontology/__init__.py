"""The gbakg vocabulary: OWL/RDFS terms, SHACL shapes and the topic scheme, as Turtle files.

Python code refers to terms through :mod:`ontology.namespace` and mints instance IRIs
through :mod:`ontology.iris`; nothing else spells an IRI.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
ONTOLOGY_FILE = HERE / "gba.ttl"
SHAPES_FILE = HERE / "shapes.ttl"
TOPICS_FILE = HERE / "topics.ttl"

__all__ = ["ONTOLOGY_FILE", "SHAPES_FILE", "TOPICS_FILE"]
