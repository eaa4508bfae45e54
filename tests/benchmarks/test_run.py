"""The benchmark script runs end to end at N=10, so it never rots.

Why: it is run by hand before a release, rarely; this executes every step (corpus, child
build, queries, views, rdflib and pySHACL baselines, incremental rebuild, results files).
Timings are printed by the script, never asserted: the machine is shared.
"""

import json
from pathlib import Path

import pytest

from benchmarks.run import SNAPSHOT, exponent, main, percentile, snapshot


@pytest.mark.slow
def test_small_run_writes_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "results"
    code = main(["--sizes", "10", "--repeat", "2", "--work", str(tmp_path / "work"),
                 "--results", str(results), "--live"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "## Targets" in printed
    doc = json.loads((results / "results.json").read_text("utf-8"))
    size = doc["sizes"]["10"]
    assert size["build"]["reports"] == 10
    assert size["incremental"]["extracted"] == 1
    assert set(size["queries"]) == set(size["baseline"]["queries"])
    assert all(q["rows"] == size["baseline"]["queries"][name]["rows"]
               for name, q in size["queries"].items() if not size["baseline"]["queries"][name]["error"])
    assert (results / "results.md").read_text("utf-8") in printed
    assert main(["--render", "--results", str(results)]) == 0


def test_percentile_is_nearest_rank() -> None:
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.5) == 3.0
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.95) == 5.0
    assert percentile([2.0], 0.95) == 2.0


def test_exponent_reads_growth() -> None:
    linear = exponent((100, 1.0), (10000, 100.0))
    assert linear is not None and abs(linear - 1.0) < 1e-9
    assert exponent((100, 1.0), (100, 2.0)) is None


def test_snapshot_copies_the_code(tmp_path: Path) -> None:
    code = snapshot(tmp_path)
    for name in SNAPSHOT:
        assert (code / name).is_dir()
    assert (code / "graph" / "build.py").is_file()
    assert not list(code.rglob("__pycache__"))
