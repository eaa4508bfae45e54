"""Write the dumps of a generation from cached per-graph chunks, byte for byte reproducible.

Graphs are written in IRI order. ``gbakg.nq``, ``gbakg.trig`` and ``gbakg.jsonld`` are
concatenations of each graph's cached chunk (nothing is re-serialised for unchanged
sources); ``gbakg.ttl``, the union of all graphs, sorts the distinct Turtle lines of
every graph (a triple repeated across graphs is written once).
"""

import hashlib
import json
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from graph.cache import Cache, CachedGraph, Entry
from graph.serialise import jsonld_context, prefix_header, turtle_blocks

HEADER = "# gbakg: Greater Bay Area innovation-policy knowledge graph, written by `gbakg build`\n"
Placed = tuple[Entry, CachedGraph]
"""A graph and the cache entry (source) it comes from."""


@dataclass(frozen=True)
class DumpInfo:
    """What the manifest records about one dump file."""

    name: str
    bytes: int
    sha256: str
    triples: int


class _HashingWriter:
    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.digest.update(data)
        self.size += len(data)


class _Chunks:
    """Reads graph chunks of one format, loading each entry's file once."""

    def __init__(self, cache: Cache, fmt: str) -> None:
        self.cache, self.fmt = cache, fmt
        self.files: dict[str, bytes] = {}

    def __call__(self, entry: Entry, graph: CachedGraph) -> bytes:
        data = self.files.get(entry.key)
        if data is None:
            data = self.files[entry.key] = self.cache.path(entry.key, self.fmt).read_bytes()
        start, length = graph.spans[self.fmt]
        return data[start : start + length]


def _write(path: Path, parts: Iterable[bytes], triples: int) -> DumpInfo:
    with path.open("wb") as handle:
        out = _HashingWriter(handle)
        for part in parts:
            out.write(part)
    return DumpInfo(path.name, out.size, out.digest.hexdigest(), triples)


def _nquads(graphs: Sequence[Placed], chunks: _Chunks) -> Iterator[bytes]:
    for entry, graph in graphs:
        yield chunks(entry, graph)


def _trig(graphs: Sequence[Placed], chunks: _Chunks) -> Iterator[bytes]:
    yield (HEADER + prefix_header()).encode()
    for entry, graph in graphs:
        yield b"\n" + chunks(entry, graph)


def _jsonld(graphs: Sequence[Placed], chunks: _Chunks) -> Iterator[bytes]:
    context = textwrap.indent(json.dumps(jsonld_context(), indent=2, sort_keys=True), "  ")
    yield ('{\n  "@context": ' + context.lstrip() + ',\n  "@graph": [').encode()
    for index, (entry, graph) in enumerate(graphs):
        yield (b",\n" if index else b"\n") + chunks(entry, graph).rstrip(b"\n")
    yield b"\n  ]\n}\n"


def union_lines(entries: Iterable[Entry], cache: Cache) -> list[str]:
    """Sorted, distinct Turtle lines of the union of all graphs (one set, one C sort)."""
    lines: set[str] = set()
    for entry in entries:
        lines.update(cache.path(entry.key, "turtle_lines").read_text("utf-8").split("\n"))
    lines.discard("")
    return sorted(lines)


def write_dumps(folder: Path, graphs: Sequence[Placed], cache: Cache) -> dict[str, DumpInfo]:
    """Write gbakg.nq, .trig, .jsonld and .ttl into ``folder``; ``graphs`` in IRI order."""
    quads = sum(graph.triples for _, graph in graphs)
    infos = [
        _write(folder / "gbakg.nq", _nquads(graphs, _Chunks(cache, "nquads")), quads),
        _write(folder / "gbakg.trig", _trig(graphs, _Chunks(cache, "trig")), quads),
        _write(folder / "gbakg.jsonld", _jsonld(graphs, _Chunks(cache, "jsonld")), quads),
    ]
    entries = list({id(entry): entry for entry, _ in graphs}.values())
    lines = union_lines(entries, cache)
    text = (HEADER + prefix_header() + ("\n" if lines else "") + turtle_blocks(lines)).encode()
    infos.append(_write(folder / "gbakg.ttl", [text], len(lines)))
    return {info.name: info for info in infos}


__all__ = ["DumpInfo", "Placed", "union_lines", "write_dumps"]
