"""Shared fixtures: a source folder with the user's page, and build helpers.

Builds are real (real loaders, shapes and store) and write under pytest's tmp_path; the
one build most read-only tests share is made once per session. Test modules get these
through fixtures, never ``import conftest`` (several conftest.py share that module name).
"""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from gbakg.config import DEFAULT_REGISTRY, DEFAULT_SOURCES
from graph.build import BuildResult, build
from graph.layout import DUMPS, MANIFEST

USER_PAGE = DEFAULT_SOURCES / "ohkf-science-tech-innovation.txt"
"""The user's page: Our Hong Kong Foundation's Science & Tech Innovation summaries (5 reports)."""

Builder = Callable[..., BuildResult]
Snapshot = Callable[[Path], dict[str, bytes]]


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A source folder holding a copy of the user's page."""
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(USER_PAGE, folder / USER_PAGE.name)
    return folder


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Where a test's build goes (not created yet)."""
    return tmp_path / "build"


@pytest.fixture
def run_build() -> Builder:
    """``run_build(out, *sources)``: a real build with the bundled registry."""

    def run(out: Path, *sources: Path, registry: Path = DEFAULT_REGISTRY) -> BuildResult:
        return build(list(sources), out, registry)

    return run


@pytest.fixture
def snapshot() -> Snapshot:
    """The bytes of a build's dumps and manifest, read through its stable links."""

    def read(out: Path) -> dict[str, bytes]:
        return {name: (out / name).read_bytes() for name in (*DUMPS, MANIFEST)}

    return read


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the user's page, shared by tests that only read it."""
    out = tmp_path_factory.mktemp("shared") / "build"
    result = build([USER_PAGE], out, DEFAULT_REGISTRY)
    assert result.exit_code == 0, "\n".join(result.errors) or (
        result.report.format() if result.report else ""
    )
    return out
