from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph

from gbakg.config import DEFAULT_REGISTRY, DEFAULT_SOURCES
from loaders import Extraction, load_registry, load_source
from loaders.registry import Registry

FIXTURES = Path(__file__).parent / "fixtures"
USER_PAGE = DEFAULT_SOURCES / "ohkf-science-tech-innovation.txt"


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry(DEFAULT_REGISTRY)


@pytest.fixture(scope="session")
def user_page(registry: Registry) -> Extraction:
    return load_source(USER_PAGE, registry)


@pytest.fixture
def extract_text(tmp_path: Path, registry: Registry) -> Callable[[str, str], Extraction]:
    """Write a page to a file and load it, as a user dropping a page in would."""

    def run(text: str, name: str = "page.txt") -> Extraction:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return load_source(path, registry)

    return run


def union(extraction: Extraction) -> Graph:
    g = Graph()
    for graph in extraction.graphs.values():
        g += graph
    return g
