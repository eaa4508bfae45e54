"""Write the dumps of a generation from per-graph chunks, byte for byte reproducible.

Graphs are written in IRI order. ``gbakg.nq``, ``gbakg.trig`` and ``gbakg.jsonld`` are
concatenations of each graph's chunk, with a fixed separator between chunks. Nothing is
re-serialised: a graph extracted in this run comes from its cache entry, and a run of
graphs unchanged since the previous generation is copied from that generation's dump in
one kernel-side copy (``chunks.json`` records where each graph's chunk lies in each
dump). ``gbakg.ttl``, the union of all graphs, sorts the distinct Turtle lines of every
graph (a triple repeated across graphs is written once); when few graphs changed it is
spliced from the previous generation's copy instead (:func:`_splice_union`): only the
subject blocks that gain or lose a line are re-rendered, the rest is copied.
"""

import json
import mmap
import os
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from graph.cache import Cache, CachedGraph, Entry
from graph.layout import STORE
from graph.serialise import (
    RDF_TYPE,
    from_ox,
    jsonld_context,
    prefix_header,
    render_term,
    turtle_blocks,
)

UNION = "gbakg.ttl"
SPLICE_SHARE = 0.1
"""Above this share of changed triples ``gbakg.ttl`` is rewritten in full, not spliced."""
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
    union_triples: int | None = None
    """Distinct triples in its ``gbakg.ttl`` (None: unknown, so it cannot be spliced)."""

    @classmethod
    def load(cls, folder: Path | None) -> "Previous | None":
        if folder is None:
            return None
        try:
            data = json.loads((folder / CHUNKS).read_text("utf-8"))
            spans = {name: {iri: (s[0], s[1]) for iri, s in by_graph.items()}
                     for name, by_graph in data["spans"].items()}
            sizes_ok = all((folder / name).stat().st_size == data["bytes"][name]
                           for name in [*spans, UNION] if name in data["bytes"])
            union = data.get("union_triples")
            return cls(folder, dict(data["digests"]), spans,
                       union if isinstance(union, int) else None) if sizes_ok else None
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
    """Sorted, distinct Turtle lines of the union of all graphs (one set, one C sort).

    The set is emptied into a list before sorting, not copied by ``sorted``: at 3.6 million
    triples its table alone is over 100 MiB of the build's peak.
    """
    distinct: set[str] = set()
    for entry in entries:
        distinct.update(cache.path(entry.key, "turtle_lines").read_text("utf-8").split("\n"))
    distinct.discard("")
    lines = list(distinct)
    del distinct
    lines.sort()
    return lines


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

    ``graphs`` are in IRI order; ``previous`` is the last published generation (built by
    the same code), whose dumps supply the chunks of graphs that did not change and whose
    ``gbakg.ttl`` is spliced when few did.
    """
    quads = sum(graph.triples for _, graph in graphs)
    before = Previous.load(previous)
    infos: dict[str, DumpInfo] = {}
    spans: dict[str, dict[str, tuple[int, int]]] = {}
    for name, layout in _layouts().items():
        size, spans[name] = _concatenate(folder / name, layout, graphs, cache, before)
        infos[name] = DumpInfo(name, size, quads)
    spliced = _splice_union(folder / UNION, graphs, cache, before) if before else None
    if spliced is None:
        entries = list({id(entry): entry for entry, _ in graphs}.values())
        lines = union_lines(entries, cache)
        spliced = _write_union(folder / UNION, lines), len(lines)
        del lines
    infos[UNION] = DumpInfo(UNION, *spliced)
    index = {
        "bytes": {name: info.bytes for name, info in infos.items()},
        "digests": {graph.iri: graph.digest for _, graph in graphs},
        "spans": spans,
        "union_triples": infos[UNION].triples,
    }
    (folder / CHUNKS).write_text(json.dumps(index, sort_keys=True), "utf-8")
    return infos


def _splice_union(path: Path, graphs: Sequence[Placed], cache: Cache,
                  before: Previous) -> tuple[int, int] | None:
    """Write ``gbakg.ttl`` from the previous one; return (bytes, distinct triples), or
    None (nothing written) when it cannot be spliced exactly or too much changed.

    The new union is the old one, minus the lines only the changed or removed graphs held,
    plus the lines of the new or changed graphs. A changed graph's old lines are rendered
    from its chunk in the previous ``gbakg.nq`` (and must equal those of its chunk in the
    previous ``gbakg.trig``, else we give up); whether an unchanged graph also holds one
    is asked of the previous store, and confirmed in that graph's cached lines. Blocks are
    found by bisection in the old file, which is sorted by subject; only the blocks of
    subjects that gain or lose a line are re-rendered, the bytes between them are copied.
    """
    total = sum(graph.triples for _, graph in graphs)
    now = {graph.iri: graph.digest for _, graph in graphs}
    gone = sorted(iri for iri, digest in before.digests.items() if now.get(iri) != digest)
    fresh = [(e, g) for e, g in graphs if before.digests.get(g.iri) != g.digest]
    if (before.union_triples is None or not (before.folder / STORE).is_dir()
            or sum(g.triples for _, g in fresh) > SPLICE_SHARE * total
            or not all(iri in before.spans.get(name, {}) for iri in gone
                       for name in ("gbakg.nq", "gbakg.trig"))):
        return None
    lines = _Chunks(cache, "turtle_lines")
    added: set[str] = set()
    for entry, graph in fresh:
        added.update(lines(entry, graph).decode("utf-8").split("\n"))
    added.discard("")
    candidates = _old_lines(before, gone)
    if candidates is None:
        return None
    removed = _removed(before, {k: q for k, q in candidates.items() if k not in added},
                       set(gone), {g.iri: (e, g) for e, g in graphs}, lines)
    changes: dict[str, tuple[set[str], set[str]]] = {}
    for line in removed:
        changes.setdefault(line.split("\t", 1)[0], (set(), set()))[0].add(line)
    for line in added:
        changes.setdefault(line.split("\t", 1)[0], (set(), set()))[1].add(line)
    return _rewrite_union(path, before.folder / UNION, before.union_triples, changes)


def _old_lines(before: Previous, gone: Sequence[str]) -> dict[str, ox.Quad] | None:
    """The Turtle lines of the previous versions of ``gone`` graphs, each with its quad."""
    found: dict[str, ox.Quad] = {}
    with (before.folder / "gbakg.nq").open("rb") as nq, \
            (before.folder / "gbakg.trig").open("rb") as trig:
        for iri in gone:
            quads = {_turtle_line(q): q
                     for q in ox.parse(_read(nq, *before.spans["gbakg.nq"][iri]),
                                       format=ox.RdfFormat.N_QUADS)}
            text = _read(trig, *before.spans["gbakg.trig"][iri]).decode("utf-8")
            head = text.find(" {\n")
            if head < 0 or not text.endswith("}\n"):
                return None
            if set(block_lines(text[head + 3 : -2], "    ")) != set(quads):
                return None
            found.update(quads)
    return found


def _removed(before: Previous, candidates: Mapping[str, ox.Quad], gone: set[str],
             placed: Mapping[str, Placed], lines: "_Chunks") -> set[str]:
    """The ``candidates`` no unchanged graph holds (asked of the previous store)."""
    if not candidates:
        return set()
    held: dict[str, set[str]] = {}
    removed: set[str] = set()
    store = ox.Store.read_only(str(before.folder / STORE))
    try:
        for line, quad in candidates.items():
            for hit in store.quads_for_pattern(quad.subject, quad.predicate, quad.object):
                name = hit.graph_name
                if not isinstance(name, ox.NamedNode) or name.value in gone \
                        or name.value not in placed:
                    continue
                if name.value not in held:
                    held[name.value] = set(
                        lines(*placed[name.value]).decode("utf-8").split("\n"))
                if line in held[name.value]:
                    break
            else:
                removed.add(line)
    finally:
        del store
    return removed


def _turtle_line(quad: ox.Quad) -> str:
    """The ``S\tP\tO`` line :func:`graph.serialise.render_graph` writes for ``quad``."""
    subject, predicate, obj = (render_term(from_ox(t))
                               for t in (quad.subject, quad.predicate, quad.object))
    verb = "a" if quad.predicate.value == RDF_TYPE else predicate.turtle
    return f"{subject.turtle}\t{verb}\t{obj.turtle}"


def _read(handle: BinaryIO, start: int, length: int) -> bytes:
    handle.seek(start)
    return handle.read(length)


def block_lines(text: str, indent: str = "") -> list[str]:
    """The ``S\tP\tO`` lines of Turtle written by :func:`graph.serialise.turtle_blocks`.

    Its layout is fixed: a subject on a line of its own, each predicate on an indented line
    with its first object, further objects on lines indented twice as far, and every such
    line ending in " ;", " ," or " ." (literals never hold a raw line break).
    """
    found: list[str] = []
    subject = predicate = ""
    cut = len(indent)
    for raw in text.split("\n"):
        if not raw:
            continue
        body = raw[cut:]
        if not body.startswith(" "):
            subject = body
        elif body.startswith("        "):
            found.append(f"{subject}\t{predicate}\t{body[8:-2]}")
        else:
            predicate, _, obj = body[4:].partition(" ")
            found.append(f"{subject}\t{predicate}\t{obj[:-2]}")
    return found


def _rewrite_union(path: Path, old: Path, triples: int,
                   changes: Mapping[str, tuple[set[str], set[str]]]) -> tuple[int, int] | None:
    """Copy ``old`` to ``path`` with the blocks of ``changes`` (subject -> lines removed,
    lines added) re-rendered; return (bytes, distinct triples) or None if ``old`` is not
    a union Turtle file with today's header."""
    header = (HEADER + prefix_header() + "\n").encode()
    with old.open("rb") as source:
        size = os.fstat(source.fileno()).st_size
        if size <= len(header) or _read(source, 0, len(header)) != header:
            return None
        with mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ) as data, \
                path.open("wb") as out:
            pieces: list[tuple[int, int] | bytes] = []  # old spans and new blocks, in order
            position = len(header)
            for subject in sorted(changes, key=lambda s: s + "\t"):
                start = _block_at(data, position, (subject + "\t").encode())
                if start > position:  # whole blocks, without the blank line after them
                    pieces.append((position, (start - 1 if start < size else size) - position))
                position = start
                gone, new = changes[subject]
                lines = set(new)
                if start < size and data[start : data.find(b"\n", start)] == subject.encode():
                    separator = data.find(b"\n\n", start)
                    end = size if separator < 0 else separator + 1
                    kept = block_lines(data[start:end].decode("utf-8"))
                    triples -= len(kept)
                    lines.update(line for line in kept if line not in gone)
                    position = min(end + 1, size)
                triples += len(lines)
                if lines:
                    pieces.append(turtle_blocks(sorted(lines)).encode())
            if position < size:
                pieces.append((position, size - position))
            out.write(header if pieces else header[:-1])
            for index, piece in enumerate(pieces):
                if index:
                    out.write(b"\n")
                if isinstance(piece, bytes):
                    out.write(piece)
                else:
                    _copy(source, out, *piece)
            out.flush()
            written = out.tell()
    return written, triples


def _block_at(data: mmap.mmap, low: int, key: bytes) -> int:
    """Where the first subject block at or after ``low`` whose ``subject + "\t"`` is not
    below ``key`` starts (the file's size if none): a bisection over byte offsets."""
    size, first = len(data), low

    def block(offset: int) -> int:  # the first block starting at or after offset
        if offset <= first:
            return first
        found = data.find(b"\n\n", offset - 2)
        return size if found < 0 else found + 2

    high = size
    while low < high:
        middle = (low + high) // 2
        start = block(middle)
        if start < size and data[start : data.find(b"\n", start)] + b"\t" < key:
            low = start + 1
        else:
            high = middle
    return block(low)


def dump_sizes(infos: Mapping[str, DumpInfo]) -> dict[str, dict[str, int]]:
    """The manifest's view of the dumps."""
    return {name: {"bytes": d.bytes, "triples": d.triples} for name, d in sorted(infos.items())}


__all__ = [
    "CHUNKS", "UNION", "DumpInfo", "Placed", "block_lines", "dump_sizes", "union_lines",
    "write_dumps",
]
