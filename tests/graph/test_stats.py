"""Counts over a build, following the ontology's subclasses."""

from pathlib import Path

from rdflib import Graph

from graph.stats import compute_stats, format_table, superclasses
from graph.store import open_store
from ontology import ONTOLOGY_FILE


def test_subclasses_count_for_their_superclasses(built: Path) -> None:
    stats = compute_stats(open_store(built))
    by_class = {c.cls: c for c in stats.classes}
    organisation = by_class["gba:Organisation"]
    below = [c for name, c in by_class.items()
             if name in ("gba:ThinkTank", "gba:GovernmentBody", "gba:University", "gba:Company")]
    assert organisation.total >= organisation.direct + max(c.direct for c in below)
    assert by_class["gba:Report"].total >= 5


def test_per_report_counts(built: Path) -> None:
    stats = compute_stats(open_store(built))
    assert stats.reports == 5 == len(stats.per_report)
    assert all(r.title and r.triples > 0 for r in stats.per_report)
    assert sum(r.recommendations for r in stats.per_report) > 0
    assert stats.triples == sum(r.triples for r in stats.per_report)
    table = format_table(stats)
    assert "with subclasses" in table and "gba:Organisation" in table


def test_closure_is_transitive() -> None:
    closure = superclasses(Graph().parse(ONTOLOGY_FILE))
    regulator = closure["https://w3id.org/gbakg/ontology#Regulator"]
    assert "https://w3id.org/gbakg/ontology#GovernmentBody" in regulator
    assert "https://w3id.org/gbakg/ontology#Organisation" in regulator
