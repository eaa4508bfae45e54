"""What the extractors find, before it becomes triples: plain dataclasses, no RDF.

Every record carries the character span of the passage it came from, so the triples
writer can tie each fact to its evidence.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from loaders.registry import Entity


@dataclass(frozen=True, order=True)
class Span:
    """Character offsets [start, end) into SourceText.text."""

    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """An entity named at ``span``; ``context`` is the sentence around it (the evidence)."""

    entity: Entity
    span: Span
    context: Span | None = None


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str
    span: Span


@dataclass
class FundRecord:
    entity: Entity
    span: Span
    proposed: bool = False
    amount: Amount | None = None


@dataclass
class StatisticRecord:
    label: str
    span: Span
    value: Decimal | None = None
    unit: str = ""
    qualifier: str = ""
    place: Entity | None = None
    measures: str = ""


@dataclass
class RecommendationRecord:
    label: str
    span: Span
    addressees: list[Mention] = field(default_factory=list)
    concerns: list[Mention] = field(default_factory=list)


@dataclass
class CollaborationRecord:
    participants: list[Entity]
    span: Span
    through: list[Mention] = field(default_factory=list)
    evidence: list[Mention] = field(default_factory=list)


@dataclass(frozen=True)
class EditionRecord:
    label: str
    kind: str
    span: Span
    language: str = ""
    media_type: str = ""


@dataclass
class ReportRecord:
    """One report: a summary on a page, or a document a page names (``cited_in`` set)."""

    title: str
    title_span: Span
    body: Span
    policy_document: bool = False
    aliases: list[str] = field(default_factory=list)
    alternative_titles: list[tuple[str, str]] = field(default_factory=list)
    issued: dt.date | None = None
    issued_span: Span | None = None
    publisher: Mention | None = None
    partners: list[Mention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    recommendations: list[RecommendationRecord] = field(default_factory=list)
    claimed_count: int | None = None
    funds: list[FundRecord] = field(default_factory=list)
    statistics: list[StatisticRecord] = field(default_factory=list)
    collaborations: list[CollaborationRecord] = field(default_factory=list)
    editions: list[EditionRecord] = field(default_factory=list)
    topic: str = ""
    cited: list["ReportRecord"] = field(default_factory=list)
    cited_in: "ReportRecord | None" = None
