"""Bad input at the command line: a real ``gbakg build`` over many bad files at once.

Every bad file is reported in the same run, one line each naming the file and the
problem; the build exits 2 and the previous build stays byte for byte. Unusual but good
input (UTF-16, Big5 and GB18030 Chinese, mixed line endings, markup in an HTML title)
builds. Oversized input is refused fast, naming the setting that raises the limit.
(tests/loaders/test_inputs.py covers each case at the loader level.)
"""

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from gbakg.config import DEFAULT_REGISTRY, DEFAULT_SOURCES
from graph.build import build
from graph.layout import DUMPS, MANIFEST

USER_PAGE = DEFAULT_SOURCES / "ohkf-science-tech-innovation.txt"
SECOND = (
    "Bridging the Talent Gap in the Greater Bay Area\n\n[Download Full Report]\n\n"
    "Our Hong Kong Foundation has published its new report. We recommend building a "
    "one-stop service platform in Shenzhen, and training interdisciplinary talents.\n"
)
CHINESE = (
    "香港與深圳生物科技合作\n\n2021年7月26日\n\n團結香港基金聯同中國國際經濟交流中心發表報告。"
    "報告建議香港與深圳以生物科技為切入點，推動河套深港科技創新合作區發展。\n"
)
SIMPLIFIED = CHINESE.translate(str.maketrans("與團結聯國際經濟髮報告建議為點動創區發",
                                             "与团结联国际经济发报告建议为点动创区发"))
LIMITS = {"GBAKG_MAX_LINE_CHARS": "2000", "GBAKG_MAX_SOURCE_BYTES": "100000"}


def peak_rss(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, float, int]:
    """Run ``gbakg`` and measure it: (exit code, stderr, wall seconds, peak RSS in MiB)."""
    command = Path(sys.executable).with_name("gbakg")
    argv = [str(command)] if command.exists() else [sys.executable, "-m", "gbakg.cli"]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GBAKG_")}
    environment.update(env or {})
    start = time.perf_counter()
    process = subprocess.Popen([*argv, *args], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               env=environment)
    assert process.stderr is not None
    err = process.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    return process.returncode, err, time.perf_counter() - start, usage.ru_maxrss // 1024


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    command = Path(sys.executable).with_name("gbakg")
    argv = [str(command)] if command.exists() else [sys.executable, "-m", "gbakg.cli"]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GBAKG_")}
    environment.update(env or {})
    done = subprocess.run([*argv, *args], capture_output=True, text=True, check=False,
                          env=environment, stdin=subprocess.DEVNULL, timeout=300)
    return done.returncode, done.stdout, done.stderr


def state(out: Path) -> dict[str, str]:
    """The previous build as a reader sees it: current target and every file's sha256."""
    seen = {"current ->": os.readlink(out / "current")}
    generation = (out / "current").resolve()
    for path in sorted(generation.rglob("*")):
        if path.is_file():
            seen[path.relative_to(generation).as_posix()] = hashlib.sha256(
                path.read_bytes()).hexdigest()
    return seen


def _pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    if text:
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def bad_sources(folder: Path) -> dict[str, tuple[str, ...]]:
    """Write one file per kind of bad input; file name -> words its error must contain."""
    files: dict[str, tuple[bytes, tuple[str, ...]]] = {
        "empty.txt": (b"", ("is empty",)),
        "blank.md": (b"  \n\t \r\n   \n", ("is empty",)),
        "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, ("binary",)),
        "nul.txt": (SECOND.encode().replace(b" the ", b" \x00 "), ("binary",)),
        "latin1.txt": ("Caf\xe9 r\xe9sum\xe9 ".encode("latin-1") * 20,
                       ("not valid UTF-8", "byte")),
        "bad-bom.txt": (b"\xff\xfe" + "Title".encode("utf-16-le") + b"\x00", ("byte-order mark",)),
        "not-a-pdf.pdf": (SECOND.encode(), ("not a PDF",)),
        "no-text.pdf": (_pdf(""), ("no text layer",)),
        "long-line.txt": (("Title\n\n" + "word " * 600 + "\n").encode(),
                          ("line of 3,000 characters", "limit of 2,000", "GBAKG_MAX_LINE_CHARS")),
        "huge.txt": ((SECOND * 600).encode(),
                     ("over the limit of 100,000", "GBAKG_MAX_SOURCE_BYTES")),
        "no-report.txt": (b"ok.\n", ("holds no report",)),
        "no-report.html": (b"<html><body><p>ok.</p></body></html>", ("holds no report",)),
    }
    good = _pdf(SECOND)
    files["truncated.pdf"] = (good[: len(good) // 2], ("damaged or truncated PDF",))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good)))
    writer.encrypt("pw")
    locked = io.BytesIO()
    writer.write(locked)
    files["encrypted.pdf"] = (locked.getvalue(), ("encrypted PDF",))
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: words for name, (_, words) in files.items()}


def test_every_bad_file_is_reported_in_one_run_and_nothing_is_lost(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(USER_PAGE, src / USER_PAGE.name)
    (src / "second.txt").write_text(SECOND, "utf-8")
    out = tmp_path / "build"
    assert build([src], out, DEFAULT_REGISTRY).exit_code == 0
    before = state(out)
    expected = bad_sources(src)
    code, stdout, stderr = run("build", str(src), "--out", str(out), env=LIMITS)
    assert code == 2, stderr
    lines = stderr.splitlines()
    assert lines[-1].startswith(f"build failed: {len(expected)} errors in "
                                f"{len(expected) + 2} sources; previous build unchanged")
    errors = lines[:-1]
    assert len(errors) == len(expected), stderr
    for name, words in expected.items():
        (line,) = [e for e in errors if e.startswith(f"{src / name}: ")]
        for word in words:
            assert word in line, (name, line)
    assert not any(USER_PAGE.name in e or "second.txt" in e for e in errors)
    assert stdout == ""
    assert state(out) == before


def test_unusual_but_good_input_builds(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "utf16.txt").write_bytes("\ufeff".encode("utf-16-le") + SECOND.encode("utf-16-le"))
    (src / "zh-big5.txt").write_bytes(CHINESE.encode("big5"))
    (src / "zh-gb18030.txt").write_bytes(SIMPLIFIED.encode("gb18030"))
    mixed = SECOND.replace("Bridging the Talent Gap", "Closing the Data Gap")
    (src / "mixed.txt").write_bytes(mixed.replace("\n", "\r\n", 2).replace("\n\n", "\r\r", 1)
                                    .encode())
    (src / "script.html").write_text(
        "<html><head><title>Reports | &lt;script&gt;alert(3)&lt;/script&gt;</title>"
        "<script>alert('real script')</script></head><body>"
        "<h1>Bay Area &lt;script&gt;alert(1)&lt;/script&gt; Report</h1>"
        "<p>[Download Full Report]</p><p>Our Hong Kong Foundation has published its report. "
        "We recommend building a platform for Hong Kong, and training talents.</p>"
        "<script>document.title = 'x'</script></body></html>", "utf-8")
    out = tmp_path / "build"
    code, _, stderr = run("build", str(src), "--out", str(out), "--quiet")
    assert code == 0, stderr
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    encodings = {s["file"]: s["encoding"] for s in manifest["sources"]}
    assert encodings == {"mixed.txt": "utf-8", "script.html": "utf-8", "utf16.txt": "utf-16-le",
                         "zh-big5.txt": "big5", "zh-gb18030.txt": "gb18030"}
    assert all(s["graphs"] for s in manifest["sources"])
    code, titles, stderr = run("query", "SELECT ?t WHERE { ?r a gba:Report ; gba:sourceFile ?f ;"
                               " dcterms:title ?t } ORDER BY ?t", "--format", "csv",
                               "--build", str(out))
    assert code == 0, stderr
    found = titles.splitlines()[1:]
    assert "Bay Area <script>alert(1)</script> Report" in found
    assert "Bridging the Talent Gap in the Greater Bay Area" in found
    assert "Closing the Data Gap in the Greater Bay Area" in found
    assert any(t.startswith("香港與深圳") for t in found)
    assert any(t.startswith("香港与深圳") for t in found)
    for name in DUMPS:
        text = (out / name).read_text("utf-8")
        assert "real script" not in text and "document.title" not in text


def test_a_report_copied_under_two_names_fails_naming_both(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a-original.txt").write_text(SECOND, "utf-8")
    (src / "b-copy.txt").write_text(SECOND, "utf-8")
    code, _, stderr = run("build", str(src), "--out", str(tmp_path / "build"))
    assert code == 2
    (line,) = stderr.splitlines()[:-1]
    assert line.startswith(f"{src / 'b-copy.txt'}: report <")
    assert f"is also in {src / 'a-original.txt'}" in line
    assert not (tmp_path / "build" / "current").exists()


@pytest.mark.parametrize(("rows", "problem"), [
    ("a\tCity\tAlpha\t\t\t\t\t\t\nb\tCity\tBeta\n", "line 5: expected 9 tab-separated columns"),
    ("a\tCity\tAlpha\tAL\t\t\t\t\t\nb\tCity\tBeta\tal\t\t\t\t\t\n",
     "line 5: name 'al' of 'b' is already used by 'a' on line 4"),
])
def test_a_bad_registry_fails_naming_the_line(tmp_path: Path, rows: str, problem: str) -> None:
    registry = tmp_path / "entities.tsv"
    header = "\t".join(["key", "class", "label", "aliases", "zh-Hant", "zh-Hans", "wikidata",
                        "part_of", "sites"])
    registry.write_text(f"# my registry\n# second comment\n{header}\n{rows}", "utf-8")
    code, _, stderr = run("build", str(USER_PAGE), "--out", str(tmp_path / "build"),
                          "--registry", str(registry))
    assert code == 2
    assert stderr.splitlines()[0].startswith(f"{registry}: {problem}"), stderr


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "limit"), [
    ("50 MB page", "GBAKG_MAX_TEXT_CHARS"),
    # a 10 MB line is also more text than a page may hold: whichever limit trips first is named
    ("10 MB line", "GBAKG_MAX_(?:LINE|TEXT)_CHARS")])
def test_oversized_input_is_refused_fast(tmp_path: Path, kind: str, limit: str) -> None:
    page = tmp_path / "big.txt"
    with page.open("w", encoding="utf-8") as handle:
        if kind == "50 MB page":
            handle.write("A Report on Everything\n\n")
            sentence = "Hong Kong and Shenzhen should deepen co-operation in technology.\n"
            handle.write(sentence * (50_000_000 // len(sentence) + 1))
        else:
            handle.write("A Report on Everything\n\n" + "word " * 2_000_000 + "\n")
    code, stderr, seconds, peak = peak_rss("build", str(page), "--out", str(tmp_path / "b"))
    print(f"\n{kind} ({page.stat().st_size:,} bytes): exit {code} in {seconds:.2f} s, "
          f"peak RSS {peak} MiB: {stderr.splitlines()[0]}")
    assert code == 2
    assert stderr.startswith(f"{page}: ") and re.search(limit, stderr.splitlines()[0])
    assert "over the limit of" in stderr
    assert seconds < 30 and peak < 1024
