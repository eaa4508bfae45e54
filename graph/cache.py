"""Per-source cache of extractions under ``DIR/cache/``, so a rebuild re-reads only changes.

An entry is keyed by everything its content depends on: the source's bytes and file name,
the registry, the loaders' code, the ontology and shapes, and the code that renders and
validates graphs. A hit therefore reuses the extraction, its per-graph validation result and
every rendered chunk. Each entry is ``<key>.json`` (index with byte spans) beside one file
per format (``<key>.nq`` holds the sorted N-Quads); the index is written last, so an index
on disk means a complete entry.
"""

import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import loaders
from graph.serialise import GraphChunks
from graph.validation import Violation

CACHE_FORMAT = 1
"""Bump when the layout of cache entries changes."""
EXTENSIONS = {"nquads": ".nq", "turtle_lines": ".lines", "trig": ".trig", "jsonld": ".jsonld"}
_ENTRY_FILE = re.compile(r"[0-9a-f]{64}(\.json|\.nq|\.lines|\.trig|\.jsonld|\.union\.json)")
_GRAPH_CODE = ("serialise.py", "cache.py", "validation.py")
"""Modules under graph/ whose code shapes what an entry holds."""


def _hash_files(digest: "hashlib._Hash", root: Path, paths: Iterable[Path]) -> None:
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())


def code_digest() -> str:
    """One hash of the loaders, the ontology/shapes and the graph code entries depend on."""
    import ontology

    graph_dir = Path(__file__).resolve().parent
    ontology_dir = Path(ontology.__file__).resolve().parent
    digest = hashlib.sha256(f"gbakg-cache-{CACHE_FORMAT}\0{loaders.fingerprint()}\0".encode())
    _hash_files(digest, ontology_dir, [*ontology_dir.glob("*.ttl"), *ontology_dir.glob("*.py")])
    _hash_files(digest, graph_dir, [p for n in _GRAPH_CODE if (p := graph_dir / n).exists()])
    return digest.hexdigest()


def entry_key(source_sha256: str, file_name: str, registry_digest: str, code: str) -> str:
    """The cache key of one source file's extraction."""
    text = f"{source_sha256}\0{file_name}\0{registry_digest}\0{code}"
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class CachedGraph:
    """One named graph in an entry: where each format's chunk lies in the entry's files."""

    iri: str
    triples: int
    digest: str
    spans: dict[str, tuple[int, int]]


@dataclass
class Entry:
    """Everything one source contributed to a build."""

    key: str
    file: str
    sha256: str
    media_type: str
    encoding: str
    graphs: list[CachedGraph]
    violations: list[Violation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """``asdict(self)`` plus the format, written out: ``asdict`` deep-copies every field
        recursively, and the cache index of a large build holds thousands of entries."""
        return {
            "key": self.key, "file": self.file, "sha256": self.sha256,
            "media_type": self.media_type, "encoding": self.encoding,
            "graphs": [{"iri": g.iri, "triples": g.triples, "digest": g.digest,
                        "spans": {k: (v[0], v[1]) for k, v in g.spans.items()}}
                       for g in self.graphs],
            "violations": [v.__dict__.copy() for v in self.violations],
            "warnings": list(self.warnings),
            "format": CACHE_FORMAT,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Entry":
        graphs = [
            CachedGraph(g["iri"], g["triples"], g["digest"],
                        {k: (v[0], v[1]) for k, v in g["spans"].items()})
            for g in data["graphs"]
        ]
        return cls(
            key=data["key"], file=data["file"], sha256=data["sha256"],
            media_type=data["media_type"], encoding=data["encoding"], graphs=graphs,
            violations=[Violation(**v) for v in data["violations"]],
            warnings=list(data["warnings"]),
        )


class Cache:
    """The ``DIR/cache`` folder: entries, their chunk files and cached union checks.

    ``index.json`` repeats the indexes of the last successful build's entries in one
    file, so a rebuild of thousands of sources reads one file, not thousands.
    """

    INDEX = "index.json"

    def __init__(self, root: Path) -> None:
        self.root = root
        self._combined: dict[str, Any] | None = None
        self._served: dict[str, dict[str, Any]] = {}
        """Index records :meth:`load` turned into entries, by key: written back as they are."""

    def _index(self) -> dict[str, Any]:
        if self._combined is None:
            try:
                data = json.loads((self.root / self.INDEX).read_text("utf-8"))
                ok = isinstance(data, dict) and data.get("format") == CACHE_FORMAT
                self._combined = data["entries"] if ok else {}
            except (OSError, ValueError, KeyError):
                self._combined = {}
        return self._combined

    def write_index(self, entries: Iterable[Entry]) -> None:
        """Record the entries of a successful build in ``index.json``.

        An entry served from the index (under the same file name) is written back from its
        record: rebuilding thousands of records with :meth:`Entry.to_json` took a second
        of an incremental build at 10,000 reports, for the same bytes.
        """
        def record(entry: Entry) -> dict[str, Any]:
            known = self._served.get(entry.key)
            return known if known is not None and known["file"] == entry.file \
                else entry.to_json()

        data = {"format": CACHE_FORMAT, "entries": {e.key: record(e) for e in entries}}
        _write_atomic(self.root / self.INDEX, json.dumps(data, sort_keys=True).encode("utf-8"))

    def path(self, key: str, fmt: str) -> Path:
        return self.root / f"{key}{EXTENSIONS[fmt]}"

    def load(self, key: str) -> Entry | None:
        """The entry for ``key``, or None when absent, stale or damaged."""
        known = self._index().get(key)
        if known is not None:
            try:
                entry = Entry.from_json(known)
            except (ValueError, KeyError, TypeError):
                pass
            else:
                self._served[key] = known
                return entry
        try:
            data = json.loads((self.root / f"{key}.json").read_text("utf-8"))
            if data.get("format") != CACHE_FORMAT or data.get("key") != key:
                return None
            entry = Entry.from_json(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not all(self.path(key, fmt).is_file() for fmt in EXTENSIONS):
            return None
        return entry

    def store(self, entry: Entry, chunks: Sequence[GraphChunks]) -> Entry:
        """Write an entry's chunk files, then its index; return it with spans filled in."""
        self.root.mkdir(parents=True, exist_ok=True)
        spans: dict[str, dict[str, tuple[int, int]]] = {c.iri: {} for c in chunks}
        for fmt in EXTENSIONS:
            offset = 0
            parts = []
            for chunk in chunks:
                data = getattr(chunk, fmt).encode("utf-8")
                spans[chunk.iri][fmt] = (offset, len(data))
                offset += len(data)
                parts.append(data)
            _write_atomic(self.path(entry.key, fmt), b"".join(parts))
        entry.graphs = [CachedGraph(c.iri, c.triples, c.digest, spans[c.iri]) for c in chunks]
        text = json.dumps(entry.to_json(), sort_keys=True, ensure_ascii=False, indent=1)
        _write_atomic(self.root / f"{entry.key}.json", text.encode("utf-8"))
        return entry

    def read_chunk(self, entry: Entry, graph: CachedGraph, fmt: str) -> bytes:
        start, length = graph.spans[fmt]
        with self.path(entry.key, fmt).open("rb") as handle:
            handle.seek(start)
            return handle.read(length)

    def load_union(self, key: str) -> list[Violation] | None:
        """A cached cross-report check result (a list of violations), or None."""
        try:
            data = json.loads((self.root / f"{key}.union.json").read_text("utf-8"))
            return [Violation(**v) for v in data]
        except (OSError, ValueError, TypeError):
            return None

    def store_union(self, key: str, violations: Sequence[Violation]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        text = json.dumps([asdict(v) for v in violations], sort_keys=True, ensure_ascii=False)
        _write_atomic(self.root / f"{key}.union.json", text.encode("utf-8"))

    def prune(self, keep: set[str]) -> int:
        """Delete entries whose key is not in ``keep``; never touch files we did not write."""
        removed = 0
        if not self.root.is_dir():
            return removed
        for path in self.root.iterdir():
            if _ENTRY_FILE.fullmatch(path.name) and path.name[:64] not in keep:
                path.unlink(missing_ok=True)
                removed += 1
            elif path.name.startswith(".tmp-") and path.is_file():
                path.unlink(missing_ok=True)
        return removed


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


__all__ = ["CACHE_FORMAT", "Cache", "CachedGraph", "Entry", "code_digest", "entry_key"]
