"""The ``gbakg`` command, in-process through ``main([...])`` and once as a real process."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from gbakg.cli import main
from gbakg.commands.build import StderrProgress


def test_build_validate_stats_in_process(
    out: Path, sources: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(sources), "--out", str(out), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"built {out}/generations/1: 5 reports")
    assert captured.err == ""
    assert main(["validate", "--build", str(out)]) == 0
    assert "conform" in capsys.readouterr().out
    assert main(["stats", "--build", str(out), "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["reports"] == 5 and stats["graphs"] == 5


def test_errors_are_one_line_each_and_exit_2(
    tmp_path: Path, out: Path, sources: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "nope"
    assert main(["build", str(sources), str(empty), str(missing), "--out", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3
    assert f"{missing}: does not exist (check the path)" in err
    assert any(line.startswith(f"{empty}: is empty") for line in err)
    assert err[-1].startswith("build failed: 2 errors")


def test_reading_commands_without_a_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("validate", "stats"):
        assert main([command, "--build", str(tmp_path / "none")]) == 2
        assert "no gbakg build here" in capsys.readouterr().err


def test_usage_errors_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["stats", "--format", "xml"]) == 2
    assert main(["--help"]) == 0
    assert "build" in capsys.readouterr().out


def test_default_paths_from_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--quiet"]) == 0  # the bundled data/sources into ./build
    assert (tmp_path / "build" / "gbakg.nq").is_file()
    assert main(["stats"]) == 0
    assert "gba:Organisation" in capsys.readouterr().out


def test_real_process(out: Path, sources: Path) -> None:
    command = Path(sys.executable).with_name("gbakg")
    argv = [str(command)] if command.exists() else [sys.executable, "-m", "gbakg.cli"]
    run = subprocess.run([*argv, "build", str(sources), "--out", str(out)],
                         capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stderr
    assert "5 reports" in run.stdout
    run = subprocess.run([*argv, "stats", "--build", str(out)], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0 and "with subclasses" in run.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_and_in_a_log() -> None:
    log = io.StringIO()
    progress = StderrProgress(log)
    for done in range(60):
        progress.source(done, 60, Path(f"f{done}.txt"))
    progress.source(60, 60, Path())
    assert log.getvalue().splitlines() == ["[25/60] f24.txt", "[50/60] f49.txt"]
    terminal = _Terminal()
    progress = StderrProgress(terminal)
    progress.source(0, 2, Path("a.txt"))
    progress.source(2, 2, Path())
    progress.stage("writing")
    assert "\r\x1b[K[1/2] a.txt" in terminal.getvalue()
    assert terminal.getvalue().endswith("writing…\n")
