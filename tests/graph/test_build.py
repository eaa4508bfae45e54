"""The build pipeline end to end: real loaders, real shapes, real store, no mocks."""

import importlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fpdf import FPDF

from gbakg.config import DEFAULT_REGISTRY, DEFAULT_SOURCES
from graph.build import BuildResult, find_sources
from graph.cache import Cache, CachedGraph, Entry
from graph.store import open_store

Builder = Callable[..., BuildResult]
Snapshot = Callable[[Path], dict[str, bytes]]
USER_PAGE = DEFAULT_SOURCES / "ohkf-science-tech-innovation.txt"
SECOND_PAGE = (  # one report in the user's page's style, with a title of its own
    "Bridging the Talent Gap in the Greater Bay Area\n\n[Download Full Report]\n\n"
    "Our Hong Kong Foundation has published its new report. We recommend building a "
    "one-stop service platform in Shenzhen, and training interdisciplinary talents.\n"
)


def _pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def test_user_page_gives_five_validated_reports(out: Path, run_build: Builder) -> None:
    result = run_build(out, USER_PAGE)
    assert result.errors == []
    assert result.report is not None and result.report.conforms, result.report.format()
    assert result.exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["totals"]["reports"] == 5
    assert [s["file"] for s in manifest["sources"]] == [USER_PAGE.name]
    assert len(open_store(out).named_graphs()) == 5


def test_same_input_gives_byte_identical_dumps(
    tmp_path: Path, sources: Path, run_build: Builder, snapshot: Snapshot
) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    assert run_build(first, sources).exit_code == 0
    assert run_build(second, sources).exit_code == 0
    assert snapshot(first) == snapshot(second)
    again = run_build(first, sources)  # same folder: served from the cache
    assert again.exit_code == 0 and again.cached == 1
    assert snapshot(first) == snapshot(second)


def test_second_build_without_changes_extracts_nothing(
    out: Path, sources: Path, run_build: Builder
) -> None:
    assert run_build(out, sources).extracted == 1
    result = run_build(out, sources)
    assert (result.extracted, result.cached) == (0, 1)
    assert "0 sources extracted, 1 cached" in result.summary()
    assert json.loads((out / "run.json").read_text())["extracted"] == []


def test_cache_index_written_back_from_its_records_is_unchanged(
    out: Path, sources: Path, run_build: Builder
) -> None:
    """Entries served from index.json are written back from their records, not rebuilt:
    the same bytes as the fresh entries gave."""
    (sources / "second.txt").write_text(SECOND_PAGE, encoding="utf-8")
    assert run_build(out, sources).exit_code == 0
    index = out / "cache" / "index.json"
    fresh = index.read_bytes()
    result = run_build(out, sources)
    assert (result.extracted, result.cached) == (0, 2)
    assert index.read_bytes() == fresh


def test_changed_source_is_the_only_one_extracted(
    tmp_path: Path, out: Path, sources: Path, run_build: Builder, snapshot: Snapshot
) -> None:
    second = sources / "second.txt"
    second.write_text(SECOND_PAGE, encoding="utf-8")
    first = run_build(out, sources)
    assert first.exit_code == 0 and first.graphs == 6
    before = snapshot(out)
    second.write_text(SECOND_PAGE.replace("in Shenzhen", "in Qianhai"), encoding="utf-8")
    result = run_build(out, sources)
    assert result.exit_code == 0, result.errors
    assert (result.extracted, result.cached, result.graphs) == (1, 1, 6)
    assert result.store_mode == "incremental"
    after = snapshot(out)
    assert after["gbakg.nq"] != before["gbakg.nq"]
    assert b"place/qianhai" in after["gbakg.nq"]
    fresh = tmp_path / "fresh"  # dumps spliced from the previous generation = a fresh build
    assert run_build(fresh, sources).exit_code == 0
    assert snapshot(fresh) == after
    store = open_store(out)  # the patched store holds exactly the dump's quads
    assert len(store) == json.loads(after["manifest.json"])["totals"]["triples"]
    assert sorted(map(str, store.named_graphs())) == sorted(
        g["iri"] for g in json.loads(after["manifest.json"])["graphs"]
    )


def _bad_inputs(folder: Path) -> dict[str, Path]:
    """One file per kind of bad input, named for what is wrong with it."""
    folder.mkdir(exist_ok=True)
    files = {
        "empty": folder / "empty.txt",
        "binary": folder / "binary.txt",
        "no report": folder / "nothing.txt",
        "big5": folder / "zh-big5.txt",
        "truncated pdf": folder / "truncated.pdf",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    files["no report"].write_text("ok.\n", encoding="utf-8")
    files["big5"].write_bytes("香港與深圳的創新科技合作\n\n團結香港基金發表報告。\n".encode("big5"))
    pdf = _pdf(SECOND_PAGE)
    files["truncated pdf"].write_bytes(pdf[: len(pdf) // 2])
    return files


@pytest.mark.parametrize("kind", ["empty", "binary", "no report", "truncated pdf", "missing"])
def test_bad_input_fails_in_one_line_and_keeps_previous_build(
    tmp_path: Path, out: Path, sources: Path, run_build: Builder, snapshot: Snapshot, kind: str
) -> None:
    assert run_build(out, sources).exit_code == 0
    before, current = snapshot(out), os.readlink(out / "current")
    bad = tmp_path / "missing.txt" if kind == "missing" else _bad_inputs(tmp_path / "bad")[kind]
    result = run_build(out, sources, bad)
    assert result.exit_code == 2
    assert len(result.errors) == 1
    assert result.errors[0].startswith(f"{bad}: ") and "\n" not in result.errors[0]
    assert snapshot(out) == before
    assert os.readlink(out / "current") == current


def test_big5_page_decodes_or_fails_clearly(tmp_path: Path, out: Path, run_build: Builder) -> None:
    page = _bad_inputs(tmp_path / "bad")["big5"]
    result = run_build(out, page)
    if result.exit_code == 2:
        assert result.errors == [result.errors[0]]
        assert result.errors[0].startswith(f"{page}: ")
        assert "UTF-8" not in result.errors[0], "Big5 should decode; any error is about content"
    else:
        manifest = json.loads((out / "manifest.json").read_text())
        assert manifest["sources"][0]["encoding"] == "big5"


def test_every_bad_source_is_reported_in_one_run(
    tmp_path: Path, out: Path, sources: Path, run_build: Builder
) -> None:
    files = _bad_inputs(sources)  # dropped beside the good page
    missing = tmp_path / "missing.txt"
    result = run_build(out, sources, missing)
    assert result.exit_code == 2
    named = {line.split(": ", 1)[0] for line in result.errors}
    expected = {str(p) for k, p in files.items() if k != "big5"} | {str(missing)}
    assert expected <= named
    assert len(result.errors) == len(named)
    assert not (out / "current").exists()


def test_shacl_violation_exits_1_and_keeps_previous_build(
    tmp_path: Path, out: Path, sources: Path, run_build: Builder, snapshot: Snapshot
) -> None:
    assert run_build(out, sources).exit_code == 0
    before = snapshot(out)
    page = tmp_path / "zero" / USER_PAGE.name
    page.parent.mkdir()
    text = USER_PAGE.read_text(encoding="utf-8")
    assert "we put forward seven recommendations" in text
    # A claimed count of 0 breaks gbash:Report-claimedRecommendationCount (at least 1).
    page.write_text(text.replace("we put forward seven", "we put forward 0"), encoding="utf-8")
    result = run_build(out, page.parent)
    assert result.exit_code == 1, result.errors
    assert result.report is not None
    assert any("claimedRecommendationCount" in v.path for v in result.report.violations)
    assert "claimedRecommendationCount" in result.report.format()
    assert snapshot(out) == before


def test_a_report_in_two_sources_is_an_error(
    out: Path, sources: Path, run_build: Builder
) -> None:
    copy = sources / "copy-of-page.txt"
    shutil.copy(USER_PAGE, copy)
    result = run_build(out, sources)
    assert result.exit_code == 2
    assert len(result.errors) == 5  # one per report of the duplicated page
    assert all("is also in" in line for line in result.errors)


def test_out_folder_that_is_not_ours_is_refused(
    tmp_path: Path, sources: Path, run_build: Builder
) -> None:
    foreign = tmp_path / "precious"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("do not delete", encoding="utf-8")
    result = run_build(foreign, sources)
    assert result.exit_code == 2
    assert "not a gbakg build folder" in result.errors[0]
    assert sorted(p.name for p in foreign.iterdir()) == ["thesis.txt"]


def test_missing_registry_is_one_error(out: Path, sources: Path, run_build: Builder) -> None:
    result = run_build(out, sources, registry=out.parent / "nope.tsv")
    assert result.exit_code == 2
    assert result.errors[0].startswith(str(out.parent / "nope.tsv"))


def test_find_sources_scans_folders_sorted_and_skips_noise(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    (folder / "sub").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    for name in ("b.txt", "a.html", "sub/c.pdf", "README.md", "notes.docx", ".hidden/d.txt"):
        (folder / name).write_text("x", encoding="utf-8")
    found, errors = find_sources([folder, folder / "b.txt", tmp_path / "nope"])
    assert [name for _, name in found] == ["a.html", "b.txt", "sub/c.pdf"]
    assert errors == [f"{tmp_path / 'nope'}: does not exist (check the path)"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "holds no source files" in find_sources([empty])[1][0]


def test_registry_change_invalidates_the_cache(
    tmp_path: Path, out: Path, sources: Path, run_build: Builder
) -> None:
    assert run_build(out, sources).extracted == 1
    registry = tmp_path / "entities.tsv"
    registry.write_text(DEFAULT_REGISTRY.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert run_build(out, sources, registry=registry).extracted == 1


# --- scale: worker processes, the fast validation path, incremental union checks -----------


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_jobs_do_not_change_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, snapshot: Snapshot, start: str
) -> None:
    """Sources extracted in worker processes (forked or spawned) give byte-identical dumps
    and manifest, and the same errors in the same order (one line per bad file)."""
    from benchmarks.corpus import generate
    build_module = importlib.import_module("graph.build")

    monkeypatch.setattr(build_module, "PARALLEL_MIN_SOURCES", 2)
    monkeypatch.setattr(build_module, "START_METHOD", start)
    corpus = tmp_path / "corpus"
    generate(12, 3, corpus)
    bad = {"empty": corpus / "0-empty.txt", "none": corpus / "zz-nothing.txt"}
    bad["empty"].write_bytes(b"")
    bad["none"].write_text("ok.\n", encoding="utf-8")
    failed = {jobs: build_module.build([corpus], tmp_path / f"bad{jobs}", DEFAULT_REGISTRY,
                                       jobs=jobs) for jobs in (1, 2)}
    assert failed[1].exit_code == failed[2].exit_code == 2
    assert failed[1].errors == failed[2].errors
    assert [line.split(": ", 1)[0] for line in failed[2].errors] == [str(bad["empty"]),
                                                                    str(bad["none"])]
    for path in bad.values():
        path.unlink()
    results = {jobs: build_module.build([corpus], tmp_path / f"jobs{jobs}", DEFAULT_REGISTRY,
                                        jobs=jobs) for jobs in (1, 2)}
    assert results[1].exit_code == results[2].exit_code == 0, results[2].errors
    assert results[2].extracted == results[2].sources > 2
    assert snapshot(tmp_path / "jobs1") == snapshot(tmp_path / "jobs2")


def test_build_refuses_a_broken_graph_on_the_fast_path(
    tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The build validates with the shapes compiled to SPARQL (pySHACL is not called) and
    still refuses a broken graph: exit 1, a readable report, nothing published."""
    import pyshacl

    from gbakg.cli import main

    def no_pyshacl(*args: object, **kwargs: object) -> None:
        raise AssertionError("the build must not run pySHACL")

    monkeypatch.setattr(pyshacl, "validate", no_pyshacl)
    page = tmp_path / "zero" / USER_PAGE.name
    page.parent.mkdir()
    text = USER_PAGE.read_text(encoding="utf-8")
    page.write_text(text.replace("we put forward seven", "we put forward 0"), encoding="utf-8")
    assert main(["build", str(page.parent), "--out", str(out), "--jobs", "2"]) == 1
    printed = capsys.readouterr()
    assert "Does not conform: 1 violation in 1 graph." in printed.out
    assert "gba:claimedRecommendationCount" in printed.out
    assert "build failed: 1 SHACL violation" in printed.err
    assert not (out / "current").exists()


def test_validate_reference_uses_pyshacl(
    out: Path, sources: Path, run_build: Builder, capsys: pytest.CaptureFixture[str]
) -> None:
    from gbakg.cli import main

    assert run_build(out, sources).exit_code == 0
    for extra in ([], ["--reference"]):
        assert main(["validate", "--build", str(out), *extra]) == 0
        assert "5 report graphs conform" in capsys.readouterr().out


def test_incremental_union_check_reads_only_changed_graphs(
    tmp_path: Path, out: Path, sources: Path, run_build: Builder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After one source changed, the cross-report checks read that source's graphs and
    look the rest up in the previous store; a fresh build reads every graph."""
    build_module = importlib.import_module("graph.build")

    second = sources / "second.txt"
    second.write_text(SECOND_PAGE, encoding="utf-8")
    read: list[str] = []
    real = build_module._chunk_union_quads

    def counting(cache: Cache, entry: Entry, graph: CachedGraph) -> object:
        read.append(graph.iri)
        return real(cache, entry, graph)

    monkeypatch.setattr(build_module, "_chunk_union_quads", counting)
    assert run_build(out, sources).exit_code == 0
    assert len(read) == 6
    read.clear()
    second.write_text(SECOND_PAGE.replace("in Shenzhen", "in Qianhai"), encoding="utf-8")
    result = run_build(out, sources)
    assert result.exit_code == 0 and result.report is not None, result.errors
    assert len(read) == 1 and "bridging-the-talent-gap" in read[0]


def test_spliced_union_turtle_equals_a_fresh_build(
    tmp_path: Path, out: Path, sources: Path, run_build: Builder, snapshot: Snapshot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """gbakg.ttl is spliced from the previous generation when few graphs change: lines only
    a changed or removed graph held go, lines another graph still holds stay."""
    export = importlib.import_module("graph.export")
    monkeypatch.setattr(export, "SPLICE_SHARE", 1.0)  # splice even this small build
    full: list[int] = []
    union_lines = export.union_lines
    monkeypatch.setattr(export, "union_lines", lambda *a: full.append(1) or union_lines(*a))
    second, third = sources / "second.txt", sources / "third.txt"
    second.write_text(SECOND_PAGE, encoding="utf-8")
    third.write_text(SECOND_PAGE.replace("Talent Gap", "Data Gap"), encoding="utf-8")
    assert run_build(out, sources).exit_code == 0
    steps = [
        lambda: second.write_text(SECOND_PAGE.replace("in Shenzhen", "in Qianhai"), "utf-8"),
        lambda: third.unlink(),
        lambda: third.write_text(SECOND_PAGE.replace("Talent", "Water"), encoding="utf-8"),
    ]
    for number, step in enumerate(steps):
        step()
        full.clear()
        result = run_build(out, sources)
        assert result.exit_code == 0, result.errors
        assert not full, "gbakg.ttl was rewritten in full, not spliced"
        fresh = tmp_path / f"fresh-{number}"
        assert run_build(fresh, sources).exit_code == 0
        assert snapshot(out) == snapshot(fresh)
