"""Minting of instance IRIs: stable, readable, derived from canonical names.

The same canonical name always gives the same IRI, so an entity named in two reports is
one node. Passages are keyed by the source file's content hash and character offsets,
so a rebuild of unchanged input mints exactly the same IRIs.
"""

import hashlib
import re
import unicodedata

from rdflib import URIRef

from ontology.namespace import GRAPH, ID

MAX_SLUG = 64


def short_hash(text: str, length: int = 10) -> str:
    """A short, stable hex digest of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def slug(text: str) -> str:
    """A lowercase ASCII slug of ``text``; long or non-Latin names get a hash suffix.

    >>> slug("Our Hong Kong Foundation")
    'our-hong-kong-foundation'
    """
    folded = unicodedata.normalize("NFKD", text.replace("&", " and "))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(base) > MAX_SLUG:
        base = base[:MAX_SLUG].rsplit("-", 1)[0] + "-" + short_hash(text, 8)
    elif not base or len(base) * 2 < len(text.strip()):
        base = (base + "-" if base else "") + short_hash(text, 8)
    return base


def entity_iri(kind: str, name: str) -> URIRef:
    """IRI of a named entity; ``kind`` is a path segment such as 'organisation' or 'place'."""
    return ID[f"{kind}/{slug(name)}"]


def report_iri(title: str) -> URIRef:
    return ID[f"report/{slug(title)}"]


def graph_iri(report: URIRef, cited_in: URIRef | None = None) -> URIRef:
    """The named graph holding everything extracted for ``report``.

    A document that a report names (a plan, a policy address) may be named by many
    pages: each naming gets its own graph under the naming report's graph.
    """
    name = GRAPH[str(report).removeprefix(str(ID)).removeprefix("report/")]
    return (
        URIRef(f"{graph_iri(cited_in)}/cites/{name.removeprefix(str(GRAPH))}") if cited_in else name
    )


def part_iri(report: URIRef, part: str, number: int) -> URIRef:
    """IRI of the ``number``-th part (recommendation, statistic, amount, ...) of a report."""
    return URIRef(f"{report}/{part}/{number}")


def source_iri(sha256: str) -> URIRef:
    return ID[f"source/{sha256[:16]}"]


def passage_iri(sha256: str, start: int, end: int) -> URIRef:
    return ID[f"source/{sha256[:16]}/passage/{start}-{end}"]


def evidence_iri(report: URIRef, subject: str, predicate: str, obj: str) -> URIRef:
    return URIRef(f"{report}/evidence/{short_hash(subject + ' ' + predicate + ' ' + obj, 16)}")


def topic_iri(name: str) -> URIRef:
    return ID[f"topic/{slug(name)}"]


__all__ = [
    "entity_iri",
    "evidence_iri",
    "graph_iri",
    "part_iri",
    "passage_iri",
    "report_iri",
    "short_hash",
    "slug",
    "source_iri",
    "topic_iri",
]
