"""Faults lose nothing: a real ``gbakg build`` killed (SIGKILL) at every step of the build.

The build has test-only fault points (``GBAKG_FAULT=<point>``, see graph/build.py): the
process kills itself there, as a power cut or the OOM killer would, with no clean-up. After
each kill the previous build (dumps, manifest, run record, every file of its generation
including the store, and the ``current`` target) must be byte-for-byte as it was; or, once
``current`` has moved (``after-swap``, ``before-prune``), exactly the new build. The store
must open and answer, and the next build must succeed, equal a fresh build, and leave none
of the killed build's temporary files behind. Readers see one whole generation, never a mix.
"""

import contextlib
import hashlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gbakg.config import DEFAULT_REGISTRY, DEFAULT_SOURCES
from graph.build import BuildResult, build
from graph.layout import DUMPS, MANIFEST, RUN
from graph.store import GraphStore, open_store

USER_PAGE = DEFAULT_SOURCES / "ohkf-science-tech-innovation.txt"
SECOND = (
    "Bridging the Talent Gap in the Greater Bay Area\n\n[Download Full Report]\n\n"
    "Our Hong Kong Foundation has published its new report. We recommend building a "
    "one-stop service platform in Shenzhen, and training interdisciplinary talents.\n"
)
CHANGED = SECOND.replace("in Shenzhen", "in Qianhai")
BEFORE_SWAP = ["after-extract", "during-validate", "during-dumps", "during-store", "before-swap"]
AFTER_SWAP = ["after-swap", "before-prune"]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def gbakg(*args: str, fault: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed ``gbakg`` command as its own process."""
    command = Path(sys.executable).with_name("gbakg")
    argv = [str(command)] if command.exists() else [sys.executable, "-m", "gbakg.cli"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GBAKG_")}
    if fault is not None:
        env["GBAKG_FAULT"] = fault
    return subprocess.run([*argv, *args], capture_output=True, text=True, check=False, env=env,
                          stdin=subprocess.DEVNULL, timeout=120)


def state(out: Path) -> dict[str, bytes]:
    """Everything a reader can see: the current target, the files through the stable
    links, and the sha256 of every file of the current generation (the store included)."""
    seen = {"current ->": os.readlink(out / "current").encode()}
    seen.update({name: (out / name).read_bytes() for name in (*DUMPS, MANIFEST, RUN)})
    generation = out / "current"
    for path in sorted(generation.resolve().rglob("*")):
        if path.is_file():
            relative = path.relative_to(generation.resolve()).as_posix()
            seen[f"sha256 {relative}"] = hashlib.sha256(path.read_bytes()).hexdigest().encode()
    return seen


def published(out: Path) -> dict[str, bytes]:
    """What two builds of the same input share: the dumps and the manifest."""
    return {name: (out / name).read_bytes() for name in (*DUMPS, MANIFEST)}


def leftovers(out: Path) -> list[str]:
    """Temporary files of a killed build, and generations current never pointed at."""
    current = int(os.readlink(out / "current").rsplit("/", 1)[1])
    found = [p.name for p in (out / "generations").iterdir()
             if p.name.startswith(".tmp-") or (p.name.isdigit() and int(p.name) > current)]
    found += [p.name for p in out.iterdir() if p.name.startswith(".tmp-")]
    found += [p.name for p in (out / "cache").iterdir() if p.name.startswith(".tmp-")]
    return sorted(found)


def answers(out: Path) -> int:
    """Open the build's store, check it answers SPARQL consistently, return its size."""
    store = open_store(out)
    rows = store.select(COUNT)
    count = rows[0]["n"]
    assert count is not None and int(str(count)) == len(store)
    return len(store)


def ok(result: BuildResult) -> BuildResult:
    assert result.exit_code == 0, result.errors or (result.report and result.report.format())
    return result


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A fresh build (new folder, empty cache) of the changed sources."""
    folder = tmp_path_factory.mktemp("fresh")
    (folder / "src").mkdir()
    shutil.copy(USER_PAGE, folder / "src" / USER_PAGE.name)
    (folder / "src" / "second.txt").write_text(CHANGED, "utf-8")
    ok(build([folder / "src"], folder / "build", DEFAULT_REGISTRY))
    return published(folder / "build")


@pytest.fixture
def previous(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(sources, build folder): a good build of two pages, then one page edited so the next
    build re-extracts it, re-checks the union, splices the dumps and patches the store."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(USER_PAGE, src / USER_PAGE.name)
    (src / "second.txt").write_text(SECOND, "utf-8")
    out = tmp_path / "build"
    ok(build([src], out, DEFAULT_REGISTRY))
    (src / "second.txt").write_text(CHANGED, "utf-8")
    yield src, out


@pytest.mark.slow
@pytest.mark.parametrize("point", BEFORE_SWAP + AFTER_SWAP)
def test_a_build_killed_at_any_point_loses_nothing(
    previous: tuple[Path, Path], fresh: dict[str, bytes], point: str
) -> None:
    src, out = previous
    before = state(out)
    killed = gbakg("build", str(src), "--out", str(out), "--quiet", fault=point)
    assert killed.returncode == -9, (point, killed.returncode, killed.stderr)
    if point in BEFORE_SWAP:
        assert state(out) == before, f"killed {point}: the previous build changed"
    else:
        assert os.readlink(out / "current") != before["current ->"].decode()
        assert published(out) == fresh, f"killed {point}: current is not the new build"
    assert answers(out) > 0
    # The next build, of the first sources, whatever the killed build left in the cache:
    (src / "second.txt").write_text(SECOND, "utf-8")
    ok(build([src], out, DEFAULT_REGISTRY))
    assert leftovers(out) == []
    assert published(out) == {name: before[name] for name in (*DUMPS, MANIFEST)}
    # and of the changed ones: equal to a fresh build.
    (src / "second.txt").write_text(CHANGED, "utf-8")
    again = ok(build([src], out, DEFAULT_REGISTRY))
    assert published(out) == fresh
    assert leftovers(out) == []
    assert answers(out) == again.triples
    assert len(list((out / "generations").iterdir())) == 2  # current and the previous one


@pytest.mark.parametrize(("step", "kib"), [("caching the extraction", 4),
                                         ("writing the dumps", 100)])
def test_a_full_disk_loses_nothing(
    previous: tuple[Path, Path], fresh: dict[str, bytes], step: str, kib: int
) -> None:
    """A file-size limit (``ulimit -f``) makes writes fail as a full disk does (EFBIG)."""
    src, out = previous
    before = state(out)
    command = Path(sys.executable).with_name("gbakg")
    argv = [str(command)] if command.exists() else [sys.executable, "-m", "gbakg.cli"]
    line = " ".join(shlex.quote(a) for a in [*argv, "build", str(src), "--out", str(out)])
    full = subprocess.run(["bash", "-c", f"ulimit -f {kib} && exec {line}"], capture_output=True,
                          text=True, check=False, timeout=120, stdin=subprocess.DEVNULL)
    assert full.returncode == 2, (step, full.stderr)
    error, summary = full.stderr.splitlines()
    assert error == f"{out}: cannot write the build ([Errno 27] File too large)", step
    assert summary.startswith("build failed: 1 error in 2 sources; previous build unchanged")
    assert state(out) == before
    if step == "writing the dumps":  # the generation being written was removed
        assert leftovers(out) == []
    else:  # the cache file being written when the disk filled: cleaned up next time
        assert all(re.fullmatch(r"\.tmp-\d+-[0-9a-f]{64}\.[a-z]+", n) for n in leftovers(out))
    ok(build([src], out, DEFAULT_REGISTRY))
    assert published(out) == fresh and leftovers(out) == []


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its new parent to reap it is not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _running_with(argument: str) -> list[int]:
    """Processes (not this one) whose command line holds ``argument``: forked workers."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            if argument in cmdline.read_bytes().decode("utf-8", "replace").split("\0"):
                found.append(int(cmdline.parent.name))
    return [pid for pid in found if pid != os.getpid()]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_a_killed_parallel_build_leaves_no_worker_and_no_lock(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "build"
    src.mkdir()
    pages = 16  # enough for worker processes (graph.build.PARALLEL_MIN_SOURCES)
    for i in range(pages):
        (src / f"p{i:02}.txt").write_text(
            SECOND.replace("Bridging the Talent Gap", f"Report number {i} on the Talent Gap"),
            "utf-8")
    ok(build([src], out, DEFAULT_REGISTRY, jobs=1))
    before = state(out)
    for i in range(pages):  # every page changes: the next build extracts them all
        with (src / f"p{i:02}.txt").open("a", encoding="utf-8") as handle:
            handle.write(f"More text number {i}.\n")
    command = Path(sys.executable).with_name("gbakg")
    argv = [str(command)] if command.exists() else [sys.executable, "-m", "gbakg.cli"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GBAKG_")}
    process = subprocess.Popen([*argv, "build", str(src), "--out", str(out), "-j", "2",
                                "--quiet"], env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while not workers and process.poll() is None and time.monotonic() < deadline:
            workers = _children(process.pid)
            time.sleep(0.01)
        assert workers, "the build ended before its worker processes were seen"
        time.sleep(0.2)  # let the pool start its other workers
        workers = sorted(set(workers) | set(_children(process.pid)))
        process.kill()  # SIGKILL, while the workers extract
        assert process.wait(timeout=30) == -9
        deadline = time.monotonic() + 10
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(_alive, workers)), "workers outlived the killed build"
        assert state(out) == before
        again = build([src], out, DEFAULT_REGISTRY, jobs=1)  # the lock is free
        assert again.errors == [] and again.exit_code == 0
        assert leftovers(out) == []
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in {*workers, *_running_with(str(out))}:  # never leave one behind
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_next_build_removes_only_what_a_killed_build_left(
    previous: tuple[Path, Path]
) -> None:
    src, out = previous
    generations, cache = out / "generations", out / "cache"
    stale = [generations / ".tmp-4242", generations / "99"]  # a private and an unpublished one
    for folder in stale:
        (folder / "store").mkdir(parents=True)
        (folder / "gbakg.nq").write_text("partial", "utf-8")
    os.symlink("generations/99", out / ".tmp-link-4242-current")
    (cache / ".tmp-4242-index.json").write_text("{", "utf-8")
    (generations / ".tmp-notes").mkdir()
    foreign = [generations / ".tmp-notes" / "a.txt", generations / "notes.txt",
               out / "notes.txt", cache / "notes.txt"]
    for path in foreign:  # not names gbakg writes: never deleted
        path.write_text("keep me", "utf-8")
    ok(build([src], out, DEFAULT_REGISTRY))
    assert not any(p.exists() or p.is_symlink() for p in
                   [*stale, out / ".tmp-link-4242-current", cache / ".tmp-4242-index.json"])
    assert all(p.read_text("utf-8") == "keep me" for p in foreign)
    assert os.readlink(out / "current") == "generations/2"


def test_a_refused_publish_moves_nothing(previous: tuple[Path, Path]) -> None:
    src, out = previous
    before = state(out)
    (out / "run.json").unlink()
    (out / "run.json").write_text("a file in the way of the stable link", "utf-8")
    before["run.json"] = (out / "run.json").read_bytes()
    result = build([src], out, DEFAULT_REGISTRY)
    assert result.exit_code == 2 and "is in the way" in result.errors[0]
    assert state(out) == before
    assert leftovers(out) == []


def test_out_folder_that_is_not_a_build_is_refused_and_kept(tmp_path: Path) -> None:
    foreign = tmp_path / "looks-like-a-build"
    (foreign / "generations" / "1").mkdir(parents=True)
    (foreign / "generations" / ".tmp-1").mkdir()
    (foreign / "cache").mkdir()
    (foreign / "cache" / ".tmp-1-index.json").write_text("{}", "utf-8")
    (foreign / "gbakg.nq").write_text("my own data", "utf-8")
    os.symlink("generations/1", foreign / "current")

    def tree() -> dict[str, str]:
        return {p.relative_to(foreign).as_posix(): p.read_text("utf-8") if p.is_file() else ""
                for p in foreign.rglob("*")}

    before = tree()
    run = gbakg("build", str(USER_PAGE), "--out", str(foreign))
    assert run.returncode == 2
    assert run.stderr.splitlines()[0] == (
        f"{foreign}: is not empty and is not a gbakg build folder (no .gbakg-build marker); "
        "choose another --out or empty it")
    assert tree() == before


def test_an_open_store_keeps_its_generation_while_a_rebuild_swaps(
    previous: tuple[Path, Path]
) -> None:
    src, out = previous
    old = open_store(out)
    old_count = answers(out)
    (src / "third.txt").write_text(SECOND.replace("Talent Gap", "Data Gap"), "utf-8")
    new_count = ok(build([src], out, DEFAULT_REGISTRY)).triples
    assert new_count > old_count
    assert len(old) == old_count and int(str(old.select(COUNT)[0]["n"])) == old_count
    assert len(old.named_graphs()) == 6
    assert answers(out) == new_count and len(open_store(out).named_graphs()) == 7


@pytest.mark.slow
def test_readers_during_rebuilds_see_one_generation_or_the_other(tmp_path: Path) -> None:
    src_a, src_b = tmp_path / "a", tmp_path / "b"
    src_a.mkdir()
    src_b.mkdir()
    shutil.copy(USER_PAGE, src_a / USER_PAGE.name)
    shutil.copy(USER_PAGE, src_b / USER_PAGE.name)
    (src_b / "second.txt").write_text(SECOND, "utf-8")
    out = tmp_path / "build"
    count_b = ok(build([src_b], out, DEFAULT_REGISTRY)).triples
    count_a = ok(build([src_a], out, DEFAULT_REGISTRY)).triples
    assert count_a != count_b
    failures: list[BaseException] = []
    done = threading.Event()

    def rebuild() -> None:
        try:
            for source in (src_b, src_a, src_b, src_a):
                ok(build([source], out, DEFAULT_REGISTRY))
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)
        finally:
            done.set()

    seen: list[int] = []
    builder = threading.Thread(target=rebuild)
    builder.start()
    try:
        while not done.is_set():
            store: GraphStore = open_store(out)
            graphs = len(store.named_graphs())
            count = int(str(store.select(COUNT)[0]["n"]))
            assert (count, graphs) in {(count_a, 5), (count_b, 6)}, (count, graphs)
            assert len(store) == count
            seen.append(count)
    finally:
        builder.join()
    assert failures == []
    assert {count_a, count_b} <= set(seen), "the reader never saw a rebuild land"

