"""Collaboration between places that a report calls for: Hong Kong-Shenzhen links.

A sentence with a co-operation cue (co-operation, collaboration, bridging, synergy ...)
naming two or more cities or regions makes them participants; 'collaboration with
Shenzhen' in a Hong Kong report counts Hong Kong (the report's home city) in. Zones
named in those sentences, or next to them, are what the collaboration goes through.
"""

import re

from loaders.model import CollaborationRecord, Mention, ReportRecord, Span
from loaders.registry import Entity
from loaders.sentences import Sentence

CUE = re.compile(
    r"\b(?:co-?operat\w*|collaborat\w*|partnership|jointly|together|bridg\w*|"
    r"synerg\w*|integrat\w*|common development|cross-boundary|cross-border)\b",
    re.IGNORECASE,
)
WITH = re.compile(r"\b(?:with|between)\s+(?:the\s+)?$", re.IGNORECASE)
PARTICIPANT_CLASSES = frozenset({"City", "Region"})


def collect(
    record: ReportRecord, sentence: Sentence, mentions: list[Mention], home: Entity | None
) -> None:
    if not CUE.search(sentence.text):
        return
    places = [m for m in mentions if m.entity.cls == "City"]
    if len({m.entity for m in places}) + (1 if home is not None else 0) < 2:
        places = [m for m in mentions if m.entity.cls in PARTICIPANT_CLASSES]
    participants: list[Entity] = []
    for m in places:
        if m.entity not in participants:
            participants.append(m.entity)
    if len(participants) == 1 and home is not None and home not in participants:
        only = places[0]
        before = sentence.text[: only.span.start - sentence.span.start]
        if WITH.search(before):
            participants.insert(0, home)
    if len(participants) < 2:
        return
    key = frozenset(participants)
    zones = [m for m in mentions if m.entity.cls == "Zone"]
    for existing in record.collaborations:
        if frozenset(existing.participants) == key:
            existing.through += zones
            existing.evidence += places
            return
    record.collaborations.append(
        CollaborationRecord(
            participants=sorted(participants, key=lambda e: e.label),
            span=sentence.span,
            through=zones,
            evidence=places,
        )
    )


def finish(
    record: ReportRecord, sentences: list[tuple[int, Sentence]], mentions: dict[Span, list[Mention]]
) -> None:
    """Zones named in the sentence right after a collaboration sentence go through it too
    ('... cooperation. By taking advantage of the Hetao ... Zone, ...')."""
    for collab in record.collaborations:
        for i, (_, sentence) in enumerate(sentences):
            if sentence.span == collab.span and i + 1 < len(sentences):
                following = mentions.get(sentences[i + 1][1].span, [])
                collab.through += [m for m in following if m.entity.cls == "Zone"]
        seen: set[Entity] = set()
        unique = []
        for m in collab.through:
            if m.entity not in seen:
                seen.add(m.entity)
                unique.append(m)
        collab.through = unique
