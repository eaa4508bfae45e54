"""The build pipeline: sources -> cached extractions -> validation -> a new generation.

Steps: read the registry; for each source, reuse its cached extraction when nothing it
depends on changed, else run the loaders, validate each report graph and cache the result
(in ``jobs`` worker processes, merged in source order so the output does not depend on
``jobs``; validation on the fast path, the shapes compiled to SPARQL, pySHACL being the
reference behind ``gbakg validate --reference``); check the union across reports (only the
changed graphs against the previous generation's store, when there is one); write the dumps,
manifest and store into a private folder; publish it by swapping ``DIR/current``. Every problem with the input is collected (one line
each, naming the file) before giving up, and a failed build publishes nothing, so the
previous build stays exactly as it was.

Crash safety: every file is written aside and published by one ``rename``, so a build killed
at any instant leaves the previous build (dumps, manifest, store, ``current``) as it was, or,
once ``current`` has moved, the new one complete; the next build removes what the killed
one left (:meth:`graph.layout.BuildDir.clean_stale`).

Test instrumentation (never set it in real use): ``GBAKG_FAULT=<point>`` makes the build
SIGKILL itself at that point (:func:`graph.layout.fault`; unset, a string comparison):

* ``after-extract``: every source read, new cache entries written, nothing checked yet;
* ``during-validate``: in the cross-report check, while it reads the report graphs;
* ``during-dumps``: ``generations/.tmp-<pid>/gbakg.nq`` open and partly written;
* ``during-store``: the store being patched (changed graphs removed, none added yet);
* ``before-swap``: the generation renamed to ``generations/<n>``, ``current`` not moved;
* ``after-swap``: ``current`` moved, stable links and old generations not yet tidied;
* ``before-prune``: published and the cache index written, old cache entries not pruned.

tests/graph/test_faults.py kills a real ``gbakg build`` at each point.
"""

import contextlib
import hashlib
import json
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

import loaders
from gbakg import __version__
from gbakg.config import BUILD_JOBS, SOURCE_SUFFIXES
from graph.cache import Cache, CachedGraph, Entry, code_digest, entry_key
from graph.export import DumpInfo, Placed, dump_sizes, write_dumps
from graph.layout import FAULT, MANIFEST, RUN, STORE, BuildDir, LayoutError, fault
from graph.serialise import GraphChunks, SerialiseError, from_ox, render_graph
from graph.store import write_store
from graph.validation import (
    ValidationReport,
    Violation,
    union_quads_from_nquads,
    validate_changed_union,
    validate_nquads_fast,
    validate_union_quads,
)

MANIFEST_FORMAT = 1
PARALLEL_MIN_SOURCES = 8
"""Fewer sources to extract than this are extracted in the build's own process: starting
worker processes (each imports the loaders and parses the shapes) costs about a second."""
BATCH_SOURCES = 32
"""Sources a worker extracts per task; their graphs are validated in one batch (fewer,
larger batches: each validation store costs 75 compiled checks; 32 saves ~7 % of the
worker CPU over 8, and `len(todo) // (jobs * 4)` keeps small builds balanced)."""
START_METHOD = "fork" if sys.platform == "linux" else "spawn"
"""How workers start. The workers need nothing inherited (a module-level task function,
the registry sent once to each by the initializer), so any method works; ``fork`` starts
them in milliseconds and, unlike ``spawn``, does not re-run the caller's ``__main__``
script in each worker (a script without ``if __name__ == "__main__":`` would run its build
again there). Workers are started before the build opens any store."""


class Progress:
    """Receives progress events; the default ignores them (the CLI prints them)."""

    def source(self, done: int, total: int, path: Path) -> None:
        """Called before each source is read (``done`` sources finished so far)."""

    def stage(self, text: str) -> None:
        """Called when the build moves to its next step."""


@dataclass
class BuildResult:
    """What a build did; ``exit_code`` is 0 (conforms), 1 (SHACL violations) or 2 (error)."""

    errors: list[str] = field(default_factory=list)
    report: ValidationReport | None = None
    generation: Path | None = None
    warnings: list[str] = field(default_factory=list)
    sources: int = 0
    graphs: int = 0
    triples: int = 0
    distinct_triples: int = 0
    extracted: int = 0
    cached: int = 0
    store_mode: str = ""
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if self.report is not None and not self.report.conforms else 0

    def summary(self) -> str:
        """One line: what was built (or why not), how fast, how much came from the cache."""
        work = (f"{_n(self.extracted, 'source')} extracted, {self.cached:,} cached, "
                f"{self.seconds:.1f} s")
        if self.errors:
            return (f"build failed: {_n(len(self.errors), 'error')} in "
                    f"{_n(self.sources, 'source')}; previous build unchanged ({work})")
        if self.exit_code == 1:
            assert self.report is not None
            bad = [v for v in self.report.violations if v.severity == "Violation"]
            return (f"build failed: {_n(len(bad), 'SHACL violation')} in "
                    f"{_n(self.graphs, 'report graph')}; previous build unchanged ({work})")
        return (f"built {self.generation}: {_n(self.graphs, 'report')}, "
                f"{_n(self.triples, 'triple')} ({self.distinct_triples:,} distinct) in "
                f"{_n(self.graphs, 'graph')} from {_n(self.sources, 'source')} ({work})")


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def find_sources(paths: Sequence[Path], skip: Path | None = None) -> tuple[
    list[tuple[Path, str]], list[str]
]:
    """Source files under ``paths`` with their manifest names, and one error per bad path.

    Folders are scanned recursively for ``SOURCE_SUFFIXES`` (hidden files, README files and
    anything under ``skip``, the build folder, are left out) in sorted order.
    """
    found: list[tuple[Path, str]] = []
    errors: list[str] = []
    seen: set[Path] = set()
    skip = skip.resolve() if skip is not None else None
    for arg in paths:
        if not arg.exists():
            errors.append(f"{arg}: does not exist (check the path)")
            continue
        if arg.is_dir():
            files = sorted(_scan(arg, skip), key=lambda file: file[1])
            if not files:
                errors.append(f"{arg}: holds no source files (looked for "
                              f"{', '.join(SOURCE_SUFFIXES)})")
            candidates = files
        else:
            candidates = [(arg, arg.name, arg.resolve())]
        for path, name, real in candidates:
            if real not in seen:
                seen.add(real)
                found.append((path, name))
    return found, errors


def _scan(folder: Path, skip: Path | None) -> Iterator[tuple[Path, str, Path]]:
    """Each source file under ``folder``: path, name relative to ``folder``, real path.

    Each file is resolved once (it was three times: a third of a 10,000-report rebuild's
    0.5 CPU-s scan of 3,332 files), and only after the cheap tests.
    """
    for path in folder.rglob("*"):
        if path.suffix.lower() not in SOURCE_SUFFIXES or path.name.lower().startswith("readme"):
            continue
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        real = path.resolve()
        if skip is None or not real.is_relative_to(skip):
            yield path, relative.as_posix(), real


def conforms(violations: Sequence[Violation]) -> bool:
    """Warnings and infos are reported but do not fail a build; violations do."""
    return not any(v.severity == "Violation" for v in violations)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def extract_source(path: Path, name: str, registry: loaders.Registry, code: str,
                   cache: Cache) -> Entry:
    """Run the loaders on one file, validate and render its graphs, cache the result.

    Raises LoaderError for bad input (including a page with no report in it).
    """
    [outcome] = extract_sources([(path, name)], registry, code, cache)
    if isinstance(outcome, str):
        raise loaders.LoaderError(path, outcome.removeprefix(f"{path}: "))
    return outcome


@dataclass
class _Loaded:
    path: Path
    name: str
    extraction: loaders.Extraction
    chunks: list[GraphChunks]


def _load(path: Path, registry: loaders.Registry) -> _Loaded:
    extraction = loaders.load_source(path, registry)
    if not extraction.triples:
        raise loaders.LoaderError(path, "holds no report",
                                  "give a page with at least one report summary")
    chunks = []
    for iri in sorted(extraction.triples):
        try:
            chunks.append(render_graph(iri, extraction.triples[iri]))
        except SerialiseError as exc:
            raise loaders.LoaderError(path, f"report graph <{iri}>: {exc}") from exc
    return _Loaded(path, "", extraction, chunks)


def _bug(path: Path, exc: Exception) -> str:
    return _one_line(f"{path}: the loaders failed ({type(exc).__name__}: {exc}) "
                     "(a bug in gbakg: please report it with this file)")


def extract_sources(batch: Sequence[tuple[Path, str]], registry: loaders.Registry, code: str,
                    cache: Cache) -> list[Entry | str]:
    """Extract, render, validate and cache each source of ``batch``, in order.

    Each outcome is the source's cache entry or its error line (bad input, or a loader bug,
    which must not hide the other files' errors). The graphs of the whole batch are
    validated together on the fast path (:func:`graph.validation.validate_nquads_fast`, on
    the rendered N-Quads);
    ``OSError`` (writing the cache: a full disk) is the build's problem and is raised.
    """
    outcomes: list[Entry | str | _Loaded] = []
    for path, name in batch:
        try:
            loaded = _load(path, registry)
        except loaders.LoaderError as exc:
            outcomes.append(_one_line(str(exc)))
            continue
        except OSError:
            raise
        except Exception as exc:
            outcomes.append(_bug(path, exc))
            continue
        loaded.name = name
        outcomes.append(loaded)
    found = _validate_batch([o for o in outcomes if isinstance(o, _Loaded)])
    done: list[Entry | str] = []
    for outcome in outcomes:
        if not isinstance(outcome, _Loaded):
            done.append(outcome)
            continue
        checked = found.get(id(outcome))
        if isinstance(checked, str):
            done.append(checked)
            continue
        extraction, source = outcome.extraction, outcome.extraction.source
        entry = Entry(
            key=entry_key(source.sha256, outcome.path.name, registry.digest, code),
            file=outcome.name, sha256=source.sha256, media_type=source.media_type,
            encoding=source.encoding, graphs=[], violations=checked or [],
            warnings=[_one_line(w) for w in extraction.warnings],
        )
        done.append(cache.store(entry, outcome.chunks))
    return done


def _validate_batch(batch: Sequence[_Loaded]) -> dict[int, list[Violation] | str]:
    """Each source's SHACL violations (by ``id``), its graphs validated in one batch.

    A graph IRI in two sources (an error the build reports later) gets its own batch; a
    batch that cannot be validated is retried source by source.
    """
    groups: list[list[_Loaded]] = []
    for loaded in batch:
        for group in groups:
            if not any(loaded.extraction.triples.keys() & o.extraction.triples.keys()
                       for o in group):
                group.append(loaded)
                break
        else:
            groups.append([loaded])
    found: dict[int, list[Violation] | str] = {}
    for group in groups:
        try:
            report = validate_nquads_fast(c.nquads.encode() for o in group for c in o.chunks)
        except Exception as exc:
            if len(group) == 1:
                found[id(group[0])] = _bug(group[0].path, exc)
            else:
                for one in group:
                    found.update(_validate_batch([one]))
            continue
        by_graph: dict[str, list[Violation]] = {}
        for v in report.violations:
            by_graph.setdefault(v.graph, []).append(v)
        for o in group:
            found[id(o)] = sorted(v for iri in o.extraction.triples for v in by_graph.get(iri, []))
    return found


_WORKER: tuple[loaders.Registry, str, Cache] | None = None


def _start_worker(registry: loaders.Registry, code: str, cache_root: Path,
                  parent: int) -> None:
    """A worker's initializer: the registry arrives once per worker, not once per task."""
    global _WORKER
    _die_with(parent)
    logging.getLogger("pypdf").addHandler(logging.NullHandler())
    _WORKER = (registry, code, Cache(cache_root))


def _die_with(parent: int) -> None:
    """End this worker when the build process ``parent`` dies (killed, out of memory).

    Left running, the workers of a killed build would never exit (they wait for tasks
    forever) and, forked, would keep holding the build folder's lock, so every later build
    would be refused ("another gbakg build is running here"). On Linux the kernel kills the
    worker at once (``PR_SET_PDEATHSIG``); elsewhere a thread notices within half a second.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, int(signal.SIGKILL))  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the build died before this worker got here
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="gbakg-parent-watch", daemon=True).start()


def _work(batch: Sequence[tuple[Path, str]]) -> list[Entry | str]:
    assert _WORKER is not None, "not started by _start_worker"
    return extract_sources(batch, *_WORKER)


def _extract_all(todo: Sequence[tuple[Path, str]], registry: loaders.Registry, code: str,
                 cache: Cache, jobs: int) -> Iterator[Entry | str]:
    """The outcome of each of ``todo``, in order: in ``jobs`` worker processes (see
    ``START_METHOD``) when there are enough sources to pay for them."""
    size = max(1, min(BATCH_SOURCES, len(todo) // max(jobs * 4, 1)))
    batches = [todo[i:i + size] for i in range(0, len(todo), size)]
    if jobs <= 1 or len(todo) < PARALLEL_MIN_SOURCES:
        for batch in batches:
            yield from extract_sources(batch, registry, code, cache)
        return
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(batches)), mp_context=multiprocessing.get_context(START_METHOD),
        initializer=_start_worker, initargs=(registry, code, cache.root, os.getpid()),
    ) as pool:
        for outcomes in pool.map(_work, batches):
            yield from outcomes


class CachedGraphs(Mapping[URIRef, Graph]):
    """Every report graph of the build, parsed from the cache only when asked for."""

    def __init__(self, placed: Sequence[Placed], cache: Cache) -> None:
        self._placed = {URIRef(graph.iri): (entry, graph) for entry, graph in placed}
        self._cache = cache

    def __getitem__(self, iri: URIRef) -> Graph:
        fault("during-validate")
        entry, cached = self._placed[iri]
        g = Graph(identifier=iri)
        chunk = self._cache.read_chunk(entry, cached, "nquads")
        for q in ox.parse(chunk, format=ox.RdfFormat.N_QUADS):
            g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return g

    def __iter__(self) -> Iterator[URIRef]:
        return iter(self._placed)

    def __len__(self) -> int:
        return len(self._placed)


def build(
    sources: Sequence[Path],
    out: Path,
    registry_path: Path,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> BuildResult:
    """Build ``sources`` into the build folder ``out``; see the module docstring.

    ``jobs`` worker processes extract the sources (default ``BUILD_JOBS``, the CPU count);
    the output does not depend on it.
    """
    start = time.perf_counter()
    result = BuildResult()
    try:
        build_dir = BuildDir.prepare(out)
        with build_dir.lock():
            build_dir.clean_stale()
            _build(build_dir, sources, registry_path, progress or Progress(), result, start,
                   BUILD_JOBS if jobs is None else max(1, jobs))
    except LayoutError as exc:
        result.errors.append(str(exc))
    except OSError as exc:
        result.errors.append(f"{out}: cannot write the build ({exc})")
    result.seconds = time.perf_counter() - start
    return result


def _build(build_dir: BuildDir, sources: Sequence[Path], registry_path: Path,
           progress: Progress, result: BuildResult, start: float, jobs: int) -> None:
    found, result.errors = find_sources(sources, skip=build_dir.root)
    result.sources = len(found)
    try:
        registry = loaders.load_registry(registry_path)
    except loaders.LoaderError as exc:
        result.errors.append(str(exc))
        return
    cache = Cache(build_dir.cache_dir)
    code = code_digest()
    entries, extracted = _collect(found, registry, code, cache, progress, result, jobs)
    fault("after-extract")
    placed = _place(entries, found, result)
    if result.errors:
        return
    result.graphs = len(placed)
    result.triples = sum(graph.triples for _, graph in placed)
    progress.stage(f"checking {len(placed):,} report graphs together")
    union_key = _union_key(code, placed)
    union = cache.load_union(union_key)
    if union is None:
        union = _check_union(placed, cache, build_dir.current(), code)
        cache.store_union(union_key, union)
    violations = [v for e in entries for v in e.violations] + union
    result.report = ValidationReport(conforms=conforms(violations), violations=violations)
    if not result.report.conforms:
        return
    progress.stage("writing dumps and store")
    manifest = {"registry": registry_path.name, "registry_sha256": registry.digest, "code": code}
    _publish(build_dir, entries, placed, cache, manifest, extracted, result, start)
    # The index first: pruning first and dying before the index is rewritten would leave
    # an index naming entries whose files are gone, and break the next build.
    cache.write_index(entries)
    fault("before-prune")
    cache.prune({entry.key for entry in entries} | {union_key})


def _collect(found: Sequence[tuple[Path, str]], registry: loaders.Registry, code: str,
             cache: Cache, progress: Progress, result: BuildResult,
             jobs: int) -> tuple[list[Entry], list[str]]:
    """Each source's entry, from the cache or freshly extracted; errors go to ``result``.

    Outcomes are merged in source order, so the build does not depend on ``jobs``.
    """
    outcomes: list[Entry | str | None] = []
    todo: list[tuple[Path, str]] = []
    for path, name in found:
        try:
            with path.open("rb") as handle:
                sha = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as exc:
            outcomes.append(f"{path}: cannot be read ({exc.strerror})")
            continue
        entry = cache.load(entry_key(sha, path.name, registry.digest, code))
        if entry is not None:
            entry.file = name
            result.cached += 1
        else:
            todo.append((path, name))
        outcomes.append(entry)
    fresh = _extract_all(todo, registry, code, cache, jobs)
    entries: list[Entry] = []
    extracted: list[str] = []
    for done, ((path, name), outcome) in enumerate(zip(found, outcomes, strict=True)):
        progress.source(done, len(found), path)
        if outcome is None:
            outcome = next(fresh)
            if isinstance(outcome, Entry):
                result.extracted += 1
                extracted.append(name)
        if isinstance(outcome, str):
            result.errors.append(outcome)
            continue
        result.warnings.extend(f"{path}: {w}" for w in outcome.warnings)
        entries.append(outcome)
    progress.source(len(found), len(found), Path())
    return entries, extracted


def _check_union(placed: Sequence[Placed], cache: Cache, previous: Path | None,
                 code: str) -> list[Violation]:
    """The cross-report checks, reading only what they need.

    With a previous generation built by the same code, only the graphs that are new or
    changed since are read, and checked against the previous store
    (:func:`graph.validation.validate_changed_union`); else every graph's cached N-Quads.
    """
    fault("during-validate")
    old = _previous_digests(previous, code)
    changed = [(e, g) for e, g in placed if old is None or old.get(g.iri) != g.digest]
    quads = [q for entry, graph in changed for q in _chunk_union_quads(cache, entry, graph)]
    if old is None or previous is None:
        return validate_union_quads(quads).violations
    new = {graph.iri: graph.digest for _, graph in placed}
    gone = {iri for iri, digest in old.items() if new.get(iri) != digest}
    store = ox.Store.read_only(str(previous / STORE))
    try:
        return validate_changed_union(store, quads, gone).violations
    finally:
        del store


def _chunk_union_quads(cache: Cache, entry: Entry, graph: CachedGraph) -> list[ox.Quad]:
    fault("during-validate")
    return union_quads_from_nquads(cache.read_chunk(entry, graph, "nquads"))


def _previous_digests(previous: Path | None, code: str) -> dict[str, str] | None:
    """The graph digests of the previous generation, if its store can serve as the base."""
    if previous is None or not (previous / STORE).is_dir():
        return None
    try:
        data = json.loads((previous / MANIFEST).read_text("utf-8"))
        if data.get("code") != code:
            return None
        return {str(g["iri"]): str(g["digest"]) for g in data["graphs"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _publish(build_dir: BuildDir, entries: Sequence[Entry], placed: Sequence[Placed],
             cache: Cache, provenance: Mapping[str, str], extracted: Sequence[str],
             result: BuildResult, start: float) -> None:
    """Write the generation aside, then swap it in; on any failure remove it."""
    tmp = build_dir.new_generation()
    chunks = _FaultyCache(cache.root) if FAULT else cache
    previous = build_dir.current()
    # The dumps reuse the previous generation's chunks only if the same code rendered them:
    # equal N-Quads (the digest) do not imply equal Turtle or JSON-LD from other code.
    same_code = _previous_digests(previous, provenance["code"]) is not None
    try:
        dumps = write_dumps(tmp, placed, chunks, previous if same_code else None)
        result.distinct_triples = dumps["gbakg.ttl"].triples
        result.store_mode = write_store(tmp, placed, chunks, previous)
        (tmp / MANIFEST).write_text(_json(_manifest(provenance, entries, placed, dumps)), "utf-8")
        run = {"extracted": list(extracted), "cached": result.cached, "store": result.store_mode,
               "seconds": round(time.perf_counter() - start, 3)}
        (tmp / RUN).write_text(_json(run), "utf-8")
        result.generation = build_dir.publish(tmp)
    except BaseException:
        build_dir.discard(tmp)
        raise


class _FaultyCache(Cache):
    """Test instrumentation: the cache as the dumps and store read it, with fault points.

    The dumps read chunk files by ``path``, the store patch by ``read_chunk``: the first
    such read is a moment when that file or store is half written.
    """

    def path(self, key: str, fmt: str) -> Path:
        fault("during-dumps")
        return super().path(key, fmt)

    def read_chunk(self, entry: Entry, graph: CachedGraph, fmt: str) -> bytes:
        fault("during-store")
        return super().read_chunk(entry, graph, fmt)


def _place(entries: Sequence[Entry], found: Sequence[tuple[Path, str]],
           result: BuildResult) -> list[Placed]:
    """All graphs in IRI order; a graph produced by two sources is an error."""
    owner: dict[str, Placed] = {}
    paths = {name: path for path, name in found}
    for entry in entries:
        for graph in entry.graphs:
            first, _ = owner.setdefault(graph.iri, (entry, graph))
            if first is not entry:
                result.errors.append(
                    f"{paths.get(entry.file, entry.file)}: report <{graph.iri}> is also in "
                    f"{paths.get(first.file, first.file)} (each report must come from one "
                    "source: remove the duplicate)"
                )
    return [owner[iri] for iri in sorted(owner)]


def _union_key(code: str, placed: Sequence[Placed]) -> str:
    digest = hashlib.sha256(f"union\0{code}\0".encode())
    for _, graph in placed:
        digest.update(f"{graph.iri} {graph.digest}\n".encode())
    return digest.hexdigest()


def _manifest(provenance: Mapping[str, str], entries: Sequence[Entry],
              placed: Sequence[Placed], dumps: Mapping[str, DumpInfo]) -> dict[str, Any]:
    """What was built from what: deterministic (no times, no absolute paths)."""
    def source(entry: Entry) -> dict[str, Any]:
        return {
            "file": entry.file, "sha256": entry.sha256, "media_type": entry.media_type,
            "encoding": entry.encoding, "graphs": [g.iri for g in entry.graphs],
            "triples": sum(g.triples for g in entry.graphs), "warnings": entry.warnings,
        }

    def graph(entry: Entry, g: CachedGraph) -> dict[str, Any]:
        return {"iri": g.iri, "source": entry.file, "triples": g.triples, "digest": g.digest}

    return {
        "format": MANIFEST_FORMAT,
        "generator": f"gbakg {__version__}",
        "code": provenance["code"],
        "registry": {"file": provenance["registry"], "sha256": provenance["registry_sha256"]},
        "sources": sorted((source(e) for e in entries), key=lambda s: (s["file"], s["sha256"])),
        "graphs": [graph(e, g) for e, g in placed],
        "dumps": dump_sizes(dumps),
        "totals": {
            "sources": len(entries),
            "reports": len(placed),
            "graphs": len(placed),
            "triples": sum(g.triples for _, g in placed),
            "distinct_triples": dumps["gbakg.ttl"].triples,
        },
    }


def _json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


__all__ = [
    "BuildResult", "CachedGraphs", "Progress", "build", "conforms", "extract_source",
    "extract_sources", "find_sources",
]
