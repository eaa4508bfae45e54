"""The build directory: generations, the ``current`` symlink, stable links and the marker.

``DIR/generations/<n>/`` holds one complete build; ``DIR/current`` is a relative symlink to
the newest, replaced atomically (temp symlink + ``os.replace``), and ``DIR/gbakg.nq`` etc.
point through ``current/``, so a reader who resolves ``current`` once sees one generation.
The previous generation is kept for readers who still have it open; older ones are
deleted. ``DIR/.gbakg-build`` marks folders we own: we never write into, or delete from,
a non-empty folder without it.

A build killed at any moment leaves at most: a private ``generations/.tmp-<pid>`` folder,
a ``.tmp-link-<pid>-<name>`` symlink, ``cache/.tmp-<pid>-<file>`` files, or a numbered
generation that ``current`` never pointed at. :meth:`BuildDir.clean_stale` removes exactly
those (names only we write) at the start of the next build.
"""

import contextlib
import fcntl
import os
import re
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

MARKER = ".gbakg-build"
MARKER_TEXT = "This folder is written by `gbakg build`; everything in it can be rebuilt.\n"
CURRENT = "current"
GENERATIONS = "generations"
CACHE = "cache"
STORE = "store"
DUMPS = ("gbakg.trig", "gbakg.nq", "gbakg.ttl", "gbakg.jsonld")
MANIFEST = "manifest.json"
RUN = "run.json"
LINKS = (*DUMPS, MANIFEST, RUN, STORE)
"""Names in ``DIR`` that are stable symlinks into ``current/``."""
_TMP_GENERATION = re.compile(r"\.tmp-\d+")
_TMP_LINK = re.compile(r"\.tmp-link-\d+-(?:{})".format("|".join(map(re.escape, (CURRENT, *LINKS)))))
_TMP_CACHE = re.compile(r"\.tmp-\d+-(?:[0-9a-f]{64}(?:\.[a-z]+)+|index\.json)")

FAULT = os.environ.get("GBAKG_FAULT", "")
"""Test instrumentation, see :func:`fault`; empty (the only value in real use) = no faults."""


def fault(point: str) -> None:
    """Test instrumentation: SIGKILL this process at ``point`` when ``$GBAKG_FAULT`` names it.

    A SIGKILL is the harshest crash there is (no ``finally``, no clean-up, no flush), as a
    power cut or the OOM killer would do it; tests/graph/test_faults.py uses it to prove a
    killed build never damages the previous one. With the variable unset this is one string
    comparison. The points are listed in graph/build.py's docstring.
    """
    if point == FAULT:
        os.kill(os.getpid(), signal.SIGKILL)


class LayoutError(Exception):
    """A build folder cannot be used; the message is one line naming it."""


class BuildDir:
    """A build folder we own (it carries the marker)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def prepare(cls, root: Path) -> "BuildDir":
        """Create ``root`` or adopt it; refuse a non-empty folder that is not ours."""
        if root.exists() and not root.is_dir():
            raise LayoutError(f"{root}: is not a folder (choose another --out)")
        if root.is_dir() and not (root / MARKER).is_file() and any(root.iterdir()):
            raise LayoutError(
                f"{root}: is not empty and is not a gbakg build folder (no {MARKER} marker); "
                "choose another --out or empty it"
            )
        try:
            root.mkdir(parents=True, exist_ok=True)
            if not (root / MARKER).is_file():
                (root / MARKER).write_text(MARKER_TEXT, "utf-8")
        except OSError as exc:
            raise LayoutError(f"{root}: cannot create the build folder ({exc.strerror})") from exc
        return cls(root)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold an exclusive lock so two builds never write one folder at once."""
        # A POSIX record lock (lockf), not flock: it belongs to this process alone, so
        # forked extraction workers never inherit it and a killed build always releases it.
        with (self.root / MARKER).open("ab") as handle:
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise LayoutError(f"{self.root}: another gbakg build is running here") from None
            try:
                yield
            finally:
                fcntl.lockf(handle, fcntl.LOCK_UN)

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE

    @property
    def generations_dir(self) -> Path:
        return self.root / GENERATIONS

    def current(self) -> Path | None:
        """The generation ``current`` points at, or None before the first build."""
        link = self.root / CURRENT
        if not link.is_symlink() or not link.resolve().is_dir():
            return None
        return self.generations_dir / Path(os.readlink(link)).name

    def _numbers(self) -> list[int]:
        if not self.generations_dir.is_dir():
            return []
        return [int(p.name) for p in self.generations_dir.iterdir() if p.name.isdigit()]

    def new_generation(self) -> Path:
        """A private folder to write the next generation into (published by ``publish``)."""
        self.generations_dir.mkdir(exist_ok=True)
        tmp = self.generations_dir / f".tmp-{os.getpid()}"
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
        return tmp

    def discard(self, tmp: Path) -> None:
        shutil.rmtree(tmp, ignore_errors=True)

    def clean_stale(self) -> list[Path]:
        """Remove what a killed build left behind; return what was removed.

        Only names this module and the cache write are touched: ``generations/.tmp-<pid>``,
        numbered generations newer than ``current`` (renamed into place, never published),
        ``.tmp-link-<pid>-<link>`` and ``cache/.tmp-<pid>-<entry file>``. Call it while
        holding :meth:`lock`, so no running build's files are mistaken for stale ones.
        """
        removed: list[Path] = []
        current = self.current()
        newest = int(current.name) if current is not None and current.name.isdigit() else 0
        if self.generations_dir.is_dir():
            for path in self.generations_dir.iterdir():
                unpublished = path.name.isdigit() and int(path.name) > newest
                if path.is_dir() and not path.is_symlink() and (
                        _TMP_GENERATION.fullmatch(path.name) or unpublished):
                    shutil.rmtree(path, ignore_errors=True)
                    removed.append(path)
        for path in self.root.iterdir():
            if _TMP_LINK.fullmatch(path.name) and path.is_symlink():
                path.unlink(missing_ok=True)
                removed.append(path)
        if self.cache_dir.is_dir():
            for path in self.cache_dir.iterdir():
                if _TMP_CACHE.fullmatch(path.name) and path.is_file() and not path.is_symlink():
                    path.unlink(missing_ok=True)
                    removed.append(path)
        return removed

    def publish(self, tmp: Path) -> Path:
        """Move ``tmp`` into place, swap ``current`` to it atomically, prune old generations.

        Everything that could refuse (a file in the way of a stable link) is checked before
        anything moves, so a refused publish leaves the previous build current.
        """
        for name in LINKS:
            link = self.root / name
            if link.exists() and not link.is_symlink():
                raise LayoutError(f"{link}: is in the way of the build's link; move it away")
        previous = self.current()
        number = max(self._numbers(), default=0) + 1
        final = self.generations_dir / str(number)
        os.rename(tmp, final)
        fault("before-swap")
        _symlink_atomic(self.root / CURRENT, Path(GENERATIONS) / str(number))
        fault("after-swap")
        for name in LINKS:
            link = self.root / name
            target = Path(CURRENT) / name
            if link.is_symlink() and Path(os.readlink(link)) == target:
                continue
            _symlink_atomic(link, target)
        keep = {final.name} | ({previous.name} if previous else set())
        for path in self.generations_dir.iterdir():
            if path.name not in keep and (path.name.isdigit()
                                          or _TMP_GENERATION.fullmatch(path.name)):
                shutil.rmtree(path, ignore_errors=True)
        return final


def _symlink_atomic(link: Path, target: Path) -> None:
    tmp = link.with_name(f".tmp-link-{os.getpid()}-{link.name}")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)


def resolve_current(root: Path) -> Path:
    """The generation folder a reader should use, resolved once (raises LayoutError)."""
    if not (root / MARKER).is_file():
        raise LayoutError(f"{root}: no gbakg build here (run `gbakg build --out {root}` first)")
    current = BuildDir(root).current()
    if current is None:
        raise LayoutError(f"{root}: has no finished build yet (run `gbakg build --out {root}`)")
    return current


__all__ = [
    "DUMPS", "FAULT", "LINKS", "MANIFEST", "MARKER", "RUN", "BuildDir", "LayoutError", "fault",
    "resolve_current",
]
