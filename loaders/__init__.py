"""Loaders: source documents -> triples, one named graph per report.

``load_source(path, registry)`` reads one file (text page, saved web page or PDF),
splits it into reports, extracts entities, funds, statistics and recommendations, and
returns an :class:`Extraction` whose ``triples`` map named-graph IRIs to plain triples
(:mod:`loaders.terms`; the build renders them directly) and whose ``graphs`` are the same
as rdflib graphs, made on first use.
Every problem with the input is a :class:`LoaderError` naming the file.
"""

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph, URIRef

from gbakg.config import MAX_SOURCE_BYTES
from loaders.errors import LoaderError
from loaders.formats import reader_for
from loaders.formats.text import check_size
from loaders.registry import Registry, load_registry
from loaders.source import SourceText
from loaders.terms import Triple, to_rdflib

HERE = Path(__file__).resolve().parent


@dataclass
class Extraction:
    """Everything read from one source file."""

    source: SourceText
    triples: dict[str, set[Triple]] = field(default_factory=dict)
    """Named-graph IRI -> the graph's triples, in plain terms."""
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def graphs(self) -> dict[URIRef, Graph]:
        """The named graphs as rdflib graphs (for tests and notebooks; the build does
        not need them, and making them costs more than extracting the page)."""
        return {URIRef(iri): to_rdflib(triples) for iri, triples in self.triples.items()}


def read_source(path: Path) -> SourceText:
    """Read and decode one file with the reader for its format."""
    reader = reader_for(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise LoaderError(path, "does not exist", "check the path") from None
    except OSError as exc:
        raise LoaderError(path, f"cannot be read: {exc.strerror}") from exc
    if path.is_dir():
        raise LoaderError(path, "is a folder, not a file")
    if size > MAX_SOURCE_BYTES:
        raise LoaderError(
            path,
            f"is {size:,} bytes, over the limit of {MAX_SOURCE_BYTES:,}",
            "split it, or raise GBAKG_MAX_SOURCE_BYTES",
        )
    if size == 0:
        raise LoaderError(path, "is empty (0 bytes)", "give a page with at least one report")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoaderError(path, f"cannot be read: {exc.strerror}") from exc
    source = reader(path, data)
    check_size(path, source.text)  # PDFs: the text extracted from them
    return source


def load_source(path: Path, registry: Registry) -> Extraction:
    """Read, split and extract one source file into per-report named graphs."""
    from loaders.pipeline import extract

    source = read_source(path)
    return extract(source, registry)


def fingerprint() -> str:
    """A hash of the loaders' own code: cached extractions are stale when it changes."""
    digest = hashlib.sha256()
    for module in sorted(HERE.rglob("*.py")):
        digest.update(module.relative_to(HERE).as_posix().encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()


__all__ = [
    "Extraction",
    "LoaderError",
    "Registry",
    "SourceText",
    "fingerprint",
    "load_registry",
    "load_source",
    "read_source",
]
