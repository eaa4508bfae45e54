"""The synthetic corpus: reproducible from its seed, and every page builds cleanly.

Why: benchmark numbers are only comparable across runs if the same seed gives the same
bytes, and a corpus the build rejects would measure the error path, not the pipeline.
"""

from pathlib import Path

from benchmarks.corpus import generate, main
from gbakg.cli import main as gbakg
from gbakg.config import DEFAULT_REGISTRY
from graph.build import build


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    generate(40, 7, tmp_path / "a")
    assert main(["--reports", "40", "--seed", "7", "--out", str(tmp_path / "b")]) == 0
    assert _contents(tmp_path / "a") == _contents(tmp_path / "b")


def test_other_seed_other_corpus(tmp_path: Path) -> None:
    generate(40, 7, tmp_path / "a")
    generate(40, 8, tmp_path / "b")
    assert _contents(tmp_path / "a") != _contents(tmp_path / "b")


def test_pages_hold_one_to_five_reports(tmp_path: Path) -> None:
    pages = generate(200, 1, tmp_path)
    links = [p.read_text("utf-8").count("\n\n    [") for p in pages]
    assert sum(links) == 200
    assert all(1 <= n <= 5 for n in links)


def test_corpus_builds_without_violations(tmp_path: Path) -> None:
    sources, out = tmp_path / "sources", tmp_path / "build"
    generate(20, 11, sources)
    assert gbakg(["build", str(sources), "--out", str(out), "--quiet"]) == 0
    result = build([sources], out, DEFAULT_REGISTRY)  # all cached: the report is cheap
    assert result.exit_code == 0
    assert result.graphs == 20
    assert result.report is not None and result.report.violations == []
    assert result.cached == len(list(sources.iterdir()))
