"""Work the benchmark runs in a child process, so its peak RSS and CPU are its own.

Why a child: ``ru_maxrss`` only grows, so a build measured inside the benchmark process
would carry the previous size's peak (and the rdflib baseline's). Each command prints one
JSON object on stdout:

* ``build SOURCES OUT`` — ``graph.build.build`` with a stopwatch around each stage, timed
  by wrapping the functions ``graph.build`` calls, so the build code is unchanged. Stages of
  the build process (the parallel extraction as a whole, cross-report checks, dumps, store)
  are wall seconds; stages that run in the forked worker processes (reading and extracting,
  rendering, per-report SHACL) inherit the wrappers and append their CPU seconds to a
  spool folder, summed over the workers (wall time there would count the other workers'
  turns on a shared core).
  CPU and peak RSS count the workers too (``RUSAGE_CHILDREN``).
* ``shacl FILE`` — the naive baseline: pySHACL over the whole union graph at once (same
  shapes and options as ``graph.validation.validate_graph``).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
STAGES = (
    ("extract_wall", "_collect"),
    ("union_checks", "_check_union"),
    ("dumps", "write_dumps"),
    ("store", "write_store"),
)
"""(stage, function ``graph.build`` calls by that name) timed in the build process."""
WORKER_STAGES = (
    ("render", "render_graph"),
    ("shacl", "validate_nquads_fast"),
)
"""(stage, function) ``graph.build`` calls in the workers (besides ``loaders.load_source``)."""


class Stopwatch:
    """Seconds and calls per stage name, accumulated by :meth:`wrap`ped functions.

    A wrapped function called in a forked worker appends its time to ``spool/<pid>.tsv``
    instead (the worker's memory is not the build process's): see :meth:`worker_seconds`.
    """

    def __init__(self, spool: Path) -> None:
        self.owner = os.getpid()
        self.spool = spool
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.cpu: dict[str, float] = {}
        self.rss_growth_mib: dict[str, float] = {}
        """How much each stage raised the process's peak RSS: where the peak comes from."""

    def wrap(self, name: str, func: F) -> F:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start, cpu = time.perf_counter(), time.process_time()
            peak = _peak_mib()
            try:
                return func(*args, **kwargs)
            finally:
                seconds = time.perf_counter() - start
                if os.getpid() == self.owner:
                    self.seconds[name] = self.seconds.get(name, 0.0) + seconds
                    self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu
                    self.calls[name] = self.calls.get(name, 0) + 1
                    self.rss_growth_mib[name] = (self.rss_growth_mib.get(name, 0.0)
                                                 + _peak_mib() - peak)
                else:  # CPU, not wall: workers share the cores with each other
                    with (self.spool / f"{os.getpid()}.tsv").open("a", encoding="utf-8") as out:
                        out.write(f"{name}\t{time.process_time() - cpu}\n")

        return timed  # type: ignore[return-value]

    def worker_seconds(self) -> tuple[dict[str, float], dict[str, int]]:
        """CPU seconds and calls per stage, summed over every worker's spool file."""
        seconds: dict[str, float] = {}
        calls: dict[str, int] = {}
        for path in sorted(self.spool.glob("*.tsv")):
            for line in path.read_text("utf-8").splitlines():
                name, value = line.split("\t")
                seconds[name] = seconds.get(name, 0.0) + float(value)
                calls[name] = calls.get(name, 0) + 1
        return seconds, calls


class TreeRss:
    """The peak of the build's RSS plus its workers', sampled every 50 ms (Linux ``/proc``).

    ``ru_maxrss`` gives each process's own peak, not when it happened: their sum is only an
    upper bound. Pages a forked worker still shares with the build process count twice
    here, so this too errs high, by less. Elsewhere (no ``/proc``) it stays at 0.
    """

    INTERVAL_S = 0.05

    def __init__(self) -> None:
        self.peak_mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="rss-sampler", daemon=True)
        self._page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

    def __enter__(self) -> TreeRss:
        if Path("/proc/self/statm").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _watch(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self.INTERVAL_S):
            pids = [me, *self._children(me)]
            total = sum(self._resident(pid) for pid in pids)
            self.peak_mib = max(self.peak_mib, total / 2**20)

    @staticmethod
    def _children(pid: int) -> list[int]:
        """Processes started by any thread of ``pid`` (each thread lists its own)."""
        children: list[int] = []
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                children += [int(child) for child in task.read_text().split()]
            except OSError:
                continue
        return children

    def _resident(self, pid: int) -> int:
        try:
            return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self._page
        except (OSError, IndexError, ValueError):
            return 0  # the worker has just exited


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _usage() -> dict[str, float]:
    """CPU of this process and its finished workers; peak RSS of each (they run together)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu_s": own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime,
            "main_cpu_s": own.ru_utime + own.ru_stime,
            "peak_rss_mib": own.ru_maxrss / 1024,
            "worker_peak_rss_mib": workers.ru_maxrss / 1024}


def timed_build(sources: Path, out: Path) -> dict[str, Any]:
    """One real build of ``sources`` into ``out``, with per-stage times."""
    import graph.build as build_module
    import loaders
    from gbakg.config import DEFAULT_REGISTRY
    from graph.cache import code_digest

    with tempfile.TemporaryDirectory(prefix="gbakg-bench-") as spool:
        watch = Stopwatch(Path(spool))
        loaders.load_source = watch.wrap("extract", loaders.load_source)
        for stage, name in (*STAGES, *WORKER_STAGES):
            if hasattr(build_module, name):  # a stage the build no longer has is absent
                setattr(build_module, name, watch.wrap(stage, getattr(build_module, name)))
        start = time.perf_counter()
        with TreeRss() as tree:
            result = build_module.build([sources], out, DEFAULT_REGISTRY)
        wall = time.perf_counter() - start
        in_workers, worker_calls = watch.worker_seconds()
        workers = len(list(Path(spool).glob("*.tsv")))
    # Work done in the build process itself (few sources, or --jobs 1) counts there too.
    for name in ("extract", *(stage for stage, _ in WORKER_STAGES)):
        if name in watch.seconds:
            in_workers[name] = in_workers.get(name, 0.0) + watch.cpu[name]
            del watch.seconds[name]
            worker_calls[name] = worker_calls.get(name, 0) + watch.calls.pop(name)
    staged = sum(watch.seconds.values())
    return {
        "code": code_digest()[:12],
        "code_path": str(Path(build_module.__file__).parent.parent),
        "exit_code": result.exit_code,
        "errors": result.errors[:5],
        "violations": len(result.report.violations) if result.report else 0,
        "sources": result.sources,
        "reports": result.graphs,
        "triples": result.triples,
        "distinct_triples": result.distinct_triples,
        "extracted": result.extracted,
        "cached": result.cached,
        "store_mode": result.store_mode,
        "wall_s": wall,
        "stages_s": {**watch.seconds, "other": max(wall - staged, 0.0)},
        "calls": watch.calls,
        "worker_stages_s": in_workers,
        "worker_calls": worker_calls,
        "jobs": workers,
        "tree_peak_rss_mib": tree.peak_mib,
        "rss_growth_mib": watch.rss_growth_mib,
        **_usage(),
    }


def shacl_union(path: Path) -> dict[str, Any]:
    """pySHACL over every triple of the build at once (the baseline to per-report SHACL)."""
    from rdflib import Graph

    from graph.validation import validate_graph

    start = time.perf_counter()
    union = Graph().parse(path, format="turtle")
    parsed = time.perf_counter()
    report = validate_graph(union)
    done = time.perf_counter()
    return {"parse_s": parsed - start, "validate_s": done - parsed, "triples": len(union),
            "violations": len(report.violations), **_usage()}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks.child build SOURCES OUT`` or ``... shacl FILE``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) == 3 and args[0] == "build":
        data = timed_build(Path(args[1]), Path(args[2]))
    elif len(args) == 2 and args[0] == "shacl":
        data = shacl_union(Path(args[1]))
    else:
        print("usage: python -m benchmarks.child build SOURCES OUT | shacl FILE",
              file=sys.stderr)
        return 2
    print(json.dumps(data))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
