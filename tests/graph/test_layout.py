"""The build folder: marker, relative symlinks swapped atomically, two generations kept."""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.build import BuildResult
from graph.layout import LINKS, MARKER, BuildDir, LayoutError, resolve_current

Builder = Callable[..., BuildResult]


def test_links_are_relative_and_point_into_current(built: Path) -> None:
    assert (built / MARKER).is_file()
    assert os.readlink(built / "current").startswith("generations/")
    for name in LINKS:
        assert os.readlink(built / name) == f"current/{name}"
        assert (built / name).exists()
    assert sorted(p.name for p in built.glob("*.nq")) == ["gbakg.nq"]


def test_previous_generation_is_kept_and_older_ones_deleted(
    out: Path, sources: Path, run_build: Builder
) -> None:
    for _ in range(3):
        assert run_build(out, sources).exit_code == 0
    assert sorted(p.name for p in (out / "generations").iterdir()) == ["2", "3"]
    assert resolve_current(out).name == "3"


def test_publish_swaps_current_and_cleans_crashed_builds(tmp_path: Path) -> None:
    build_dir = BuildDir.prepare(tmp_path / "b")
    crashed = build_dir.generations_dir / ".tmp-999999"
    crashed.mkdir(parents=True)
    first = build_dir.new_generation()
    (first / "gbakg.nq").write_text("", encoding="utf-8")
    assert build_dir.publish(first).name == "1"
    assert not crashed.exists()
    second = build_dir.new_generation()
    assert build_dir.publish(second).name == "2"
    assert build_dir.current() == build_dir.generations_dir / "2"


def test_a_foreign_folder_is_never_adopted(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("x", encoding="utf-8")
    with pytest.raises(LayoutError, match="not a gbakg build folder"):
        BuildDir.prepare(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert (BuildDir.prepare(empty).root / MARKER).is_file()
    file = tmp_path / "mine.txt"
    with pytest.raises(LayoutError, match="is not a folder"):
        BuildDir.prepare(file)


def test_two_builds_cannot_write_one_folder_at_once(tmp_path: Path) -> None:
    """The lock is per process (a POSIX record lock): a second process is refused."""
    import subprocess
    import sys

    build_dir = BuildDir.prepare(tmp_path / "b")
    other = (
        "import sys; from pathlib import Path; from graph.layout import BuildDir, LayoutError\n"
        "try:\n    BuildDir(Path(sys.argv[1])).lock().__enter__()\n"
        "except LayoutError as exc:\n    print(exc); sys.exit(3)\n"
    )
    with build_dir.lock():
        held = subprocess.run([sys.executable, "-c", other, str(build_dir.root)],
                              capture_output=True, text=True, check=False)
    assert held.returncode == 3 and "another gbakg build is running here" in held.stdout
    free = subprocess.run([sys.executable, "-c", other, str(build_dir.root)],
                          capture_output=True, text=True, check=False)
    assert free.returncode == 0, free.stdout + free.stderr


def test_reading_a_folder_without_a_build(tmp_path: Path) -> None:
    BuildDir.prepare(tmp_path / "b")
    with pytest.raises(LayoutError, match="no finished build"):
        resolve_current(tmp_path / "b")
