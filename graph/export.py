"""Write the dumps of a generation from per-graph chunks, byte for byte reproducible.

Graphs are written in IRI order. ``gbakg.nq``, ``gbakg.trig`` and ``gbakg.jsonld`` are
concatenations of each graph's chunk, with a fixed separator between chunks. Nothing is
re-serialised: a graph extracted in this run comes from its cache entry, and a run of
graphs unchanged since the previous generation is copied from that generation's dump in
one kernel-side copy (``chunks.json`` records where each graph's chunk lies in each
dump). ``gbakg.ttl``, the union of all graphs, sorts the distinct Turtle lines of every
graph (a triple repeated across graphs is written once).
"""

import json
import os
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from graph.cache import Cache, CachedGraph, Entry
from graph.serialise import jsonld_context, prefix_header, turtle_blocks

HEADER = "# gbakg: Greater Bay Area innovation-policy knowledge graph, written by `gbakg build`\n"
CHUNKS = "chunks.json"
"""Per generation: each graph's digest and its chunk's byte span in each dump."""
Placed = tuple[Entry, CachedGraph]
"""A graph and the cache entry (source) it comes from."""


@dataclass(frozen=True)
class Layout:
    """How one concatenated dump is laid out around its chunks."""

    fmt: str
    header: bytes
    first: bytes
    separator: bytes
    footer: bytes


def _layouts() -> dict[str, Layout]:
    context = textwrap.indent(json.dumps(jsonld_context(), indent=2, sort_keys=True), "  ")
    turtle_header = (HEADER + prefix_header()).encode()
    return {
        "gbakg.nq": Layout("nquads", b"", b"", b"", b""),
        "gbakg.trig": Layout("trig", turtle_header, b"\n", b"\n", b""),
        "gbakg.jsonld": Layout(
            "jsonld", ('{\n  "@context": ' + context.lstrip() + ',\n  "@graph": [').encode(),
            b"\n", b",\n", b"\n  ]\n}\n",
        ),
    }


@dataclass(frozen=True)
class DumpInfo:
    """What the manifest records about one dump file."""

    name: str
    bytes: int
    triples: int


@dataclass(frozen=True)
class Previous:
    """The previous generation's dumps, as a source of unchanged chunks."""

    folder: Path
    digests: dict[str, str]
    spans: dict[str, dict[str, tuple[int, int]]]
    """Dump name -> graph IRI -> (start, length) of its chunk (without separators)."""

    @classmethod
    def load(cls, folder: Path | None) -> "Previous | None":
        if folder is None:
            return None
        try:
            data = json.loads((folder / CHUNKS).read_text("utf-8"))
            spans = {name: {iri: (s[0], s[1]) for iri, s in by_graph.items()}
                     for name, by_graph in data["spans"].items()}
            sizes_ok = all((folder / name).stat().st_size == data["bytes"][name]
                           for name in spans)
            return cls(folder, dict(data["digests"]), spans) if sizes_ok else None
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None


class _Chunks:
    """Reads graph chunks of one format from the cache, loading each entry's file once."""

    def __init__(self, cache: Cache, fmt: str) -> None:
        self.cache, self.fmt = cache, fmt
        self.files: dict[str, bytes] = {}

    def __call__(self, entry: Entry, graph: CachedGraph) -> bytes:
        data = self.files.get(entry.key)
        if data is None:
            data = self.files[entry.key] = self.cache.path(entry.key, self.fmt).read_bytes()
        start, length = graph.spans[self.fmt]
        return data[start : start + length]


def _copy(source: BinaryIO, out: BinaryIO, start: int, length: int) -> None:
    """Copy a byte range between files in the kernel (falls back to read/write)."""
    out.flush()
    try:
        while length > 0:
            copied = os.copy_file_range(source.fileno(), out.fileno(), length, start)
            if copied <= 0:
                break
            start, length = start + copied, length - copied
    except OSError:
        pass
    if length > 0:
        source.seek(start)
        out.write(source.read(length))
        out.flush()


def _concatenate(path: Path, layout: Layout, graphs: Sequence[Placed], cache: Cache,
                 previous: Previous | None) -> tuple[int, dict[str, tuple[int, int]]]:
    """Write one dump; return its size and each graph's chunk span in it."""
    chunks = _Chunks(cache, layout.fmt)
    old = previous.spans.get(path.name, {}) if previous else {}
    spans: dict[str, tuple[int, int]] = {}
    with path.open("wb") as out, _PreviousDump(previous, path.name) as source:
        out.write(layout.header)
        position = len(layout.header)
        run: list[str] = []  # consecutive graphs also consecutive (and unchanged) before

        def flush() -> None:
            nonlocal position
            if not run:
                return
            first_start = old[run[0]][0]
            last_start, last_length = old[run[-1]]
            if source is None:  # unreachable: runs only start when the old dump is open
                raise OSError(f"{path}: previous dump vanished")
            _copy(source, out, first_start, last_start + last_length - first_start)
            for iri in run:
                spans[iri] = (position + old[iri][0] - first_start, old[iri][1])
            position += last_start + last_length - first_start
            run.clear()

        for index, (entry, graph) in enumerate(graphs):
            unchanged = (source is not None and graph.iri in old
                         and previous is not None
                         and previous.digests.get(graph.iri) == graph.digest)
            if unchanged and run and _adjacent(old[run[-1]], old[graph.iri], layout.separator):
                run.append(graph.iri)
                continue
            flush()
            glue = layout.separator if index else layout.first
            out.write(glue)
            position += len(glue)
            if unchanged:
                run.append(graph.iri)
                continue
            data = chunks(entry, graph)
            out.write(data)
            spans[graph.iri] = (position, len(data))
            position += len(data)
        flush()
        out.write(layout.footer)
        position += len(layout.footer)
    return position, spans


def _adjacent(before: tuple[int, int], after: tuple[int, int], separator: bytes) -> bool:
    return before[0] + before[1] + len(separator) == after[0]


class _PreviousDump:
    """The previous generation's copy of a dump, open for reading (None if unavailable)."""

    def __init__(self, previous: Previous | None, name: str) -> None:
        self.path = previous.folder / name if previous else None
        self.handle: BinaryIO | None = None

    def __enter__(self) -> BinaryIO | None:
        if self.path is not None:
            try:
                self.handle = self.path.open("rb")
            except OSError:
                self.handle = None
        return self.handle

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


def union_lines(entries: Iterable[Entry], cache: Cache) -> list[str]:
    """Sorted, distinct Turtle lines of the union of all graphs (one set, one C sort)."""
    lines: set[str] = set()
    for entry in entries:
        lines.update(cache.path(entry.key, "turtle_lines").read_text("utf-8").split("\n"))
    lines.discard("")
    return sorted(lines)


UNION_BLOCK_LINES = 50_000
"""``gbakg.ttl`` is rendered and written this many lines at a time (cut at a subject), so
the whole text is never in memory (at 3.6 million triples it was 1.7 GiB of peak RSS)."""


def _write_union(path: Path, lines: Sequence[str]) -> int:
    """Write the union Turtle of sorted distinct ``lines``; return its size in bytes.

    The bytes are those of ``HEADER + prefixes + "\n" + turtle_blocks(lines)``: blocks end
    with " .\n" and are separated by a blank line, so rendering runs of whole subjects and
    writing "\n" between them gives the same text.
    """
    with path.open("wb") as out:
        size = out.write((HEADER + prefix_header() + ("\n" if lines else "")).encode())
        start = 0
        while start < len(lines):
            end = min(start + UNION_BLOCK_LINES, len(lines))
            subject = lines[end - 1].split("\t", 1)[0] + "\t"
            while end < len(lines) and lines[end].startswith(subject):
                end += 1
            if start:
                size += out.write(b"\n")
            size += out.write(turtle_blocks(lines[start:end]).encode())
            start = end
    return size


def write_dumps(folder: Path, graphs: Sequence[Placed], cache: Cache,
                previous: Path | None = None) -> dict[str, DumpInfo]:
    """Write gbakg.nq, .trig, .jsonld and .ttl (and chunks.json) into ``folder``.

    ``graphs`` are in IRI order; ``previous`` is the last published generation, whose
    dumps supply the chunks of graphs that did not change.
    """
    quads = sum(graph.triples for _, graph in graphs)
    before = Previous.load(previous)
    infos: dict[str, DumpInfo] = {}
    spans: dict[str, dict[str, tuple[int, int]]] = {}
    for name, layout in _layouts().items():
        size, spans[name] = _concatenate(folder / name, layout, graphs, cache, before)
        infos[name] = DumpInfo(name, size, quads)
    entries = list({id(entry): entry for entry, _ in graphs}.values())
    lines = union_lines(entries, cache)
    size = _write_union(folder / "gbakg.ttl", lines)
    infos["gbakg.ttl"] = DumpInfo("gbakg.ttl", size, len(lines))
    del lines
    index = {
        "bytes": {name: info.bytes for name, info in infos.items()},
        "digests": {graph.iri: graph.digest for _, graph in graphs},
        "spans": spans,
    }
    (folder / CHUNKS).write_text(json.dumps(index, sort_keys=True), "utf-8")
    return infos


def dump_sizes(infos: Mapping[str, DumpInfo]) -> dict[str, dict[str, int]]:
    """The manifest's view of the dumps."""
    return {name: {"bytes": d.bytes, "triples": d.triples} for name, d in sorted(infos.items())}


__all__ = ["CHUNKS", "DumpInfo", "Placed", "dump_sizes", "union_lines", "write_dumps"]
