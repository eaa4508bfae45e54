"""Cited statistics: percentages and fractions with the place they describe.

'23.6% in the United Kingdom' takes its place from 'in <Place>' and, when the sentence
says no more, what it measures from the statistic before it ('Over half of Hong Kong's
R&D expenditure occurred in the higher education sector').
"""

import re
from decimal import Decimal

from loaders.model import Mention, StatisticRecord
from loaders.registry import PLACE_CLASSES, Entity
from loaders.sentences import Sentence, flat

PERCENT = re.compile(
    r"(?P<qual>\b(?:over|more than|about|around|nearly|almost|just|at least|up to|less than|"
    r"under|approximately|some)\s+)?(?P<num>\d+(?:\.\d+)?)\s?(?:%|per\s?cent\b)"
    r"(?P<of>\s+of\s+(?P<base>GDP|gross domestic product|[\w&’' -]{3,60}?)"
    r"(?=\s+(?:in|are|is|was|were|have|has|had|and|to|come|came)\b|[,.;)]|$))?(?=[\s,.;)]|$)",
    re.IGNORECASE,
)
FRACTION = re.compile(
    r"(?P<qual>\b(?:over|more than|about|around|nearly|almost|less than|under)\s+)?"
    r"\b(?P<frac>half|a third|one[- ]third|two[- ]thirds|a quarter|one[- ]quarter|three[- ]quarters)"
    r"\s+of\s+(?P<rest>[^,.;]+)",
    re.IGNORECASE,
)
FRACTIONS = {
    "half": "50",
    "a third": "33.3",
    "one-third": "33.3",
    "one third": "33.3",
    "two-thirds": "66.7",
    "two thirds": "66.7",
    "a quarter": "25",
    "one-quarter": "25",
    "one quarter": "25",
    "three-quarters": "75",
    "three quarters": "75",
}
QUALIFIERS = {
    "more than": "over",
    "just": "",
    "some": "about",
    "approximately": "about",
    "around": "about",
    "almost": "nearly",
    "less than": "under",
}


def _places(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.entity.cls in PLACE_CLASSES]


def _place_near(sentence: Sentence, end: int, mentions: list[Mention]) -> Entity | None:
    """'... 23.6% in the United Kingdom': the place right after the figure."""
    for m in _places(mentions):
        gap = sentence.text[end : m.span.start - sentence.span.start]
        if 0 <= m.span.start - sentence.span.start - end <= 12 and re.fullmatch(
            r"\s*(?:in|for|of)\s+(?:the\s+)?", gap
        ):
            return m.entity
    return None


def _possessive_place(
    rest: str, mentions: list[Mention], sentence: Sentence
) -> tuple[Entity | None, str]:
    for m in _places(mentions):
        name = sentence.text[m.span.start - sentence.span.start : m.span.end - sentence.span.start]
        match = re.match(re.escape(name) + r"['’]s?\s+(.*)", rest)
        if match:
            return m.entity, match.group(1)
    return None, rest


def find_statistics(
    sentence: Sentence,
    mentions: list[Mention],
    previous: StatisticRecord | None,
    home: Entity | None,
    in_recommendation: bool,
) -> list[StatisticRecord]:
    out: list[StatisticRecord] = []
    text = sentence.text
    for m in FRACTION.finditer(text):
        qual = (m.group("qual") or "").strip().lower()
        place, measures = _possessive_place(m.group("rest").strip(), mentions, sentence)
        out.append(
            StatisticRecord(
                label="",
                span=sentence.sub(m.start(), m.end()),
                value=Decimal(FRACTIONS[m.group("frac").lower().replace("  ", " ")]),
                unit="percent",
                qualifier=QUALIFIERS.get(qual, qual),
                place=place or home,
                measures=flat(measures),
            )
        )
    for m in PERCENT.finditer(text):
        qual = (m.group("qual") or "").strip().lower()
        base = (m.group("base") or "").strip()
        unit = "percent of GDP" if base.lower() in ("gdp", "gross domestic product") else "percent"
        place = _place_near(sentence, m.end(), mentions)
        if place is None and base:
            place = _place_near(sentence, m.end("of"), mentions)
        measures = ""
        before = text[: m.start()]
        target = re.search(r"(?:increas|rais|boost|lift|grow)\w*\s+([\w&’' -]+?)\s+to\s+$", before)
        if target:
            measures = target.group(1)
            qual = "target"
            place = place or home
        elif base and unit == "percent":
            measures = base
        elif (previous is not None and re.match(r"^\s*(?:and|in|,)", text[m.end() :] or " ")) or (
            previous is not None and place is not None
        ):
            measures = previous.measures if previous else ""
        if place is None and in_recommendation:
            place = home
        out.append(
            StatisticRecord(
                label="",
                span=sentence.sub(m.start(), m.end()),
                value=Decimal(m.group("num")),
                unit=unit,
                qualifier=QUALIFIERS.get(qual, qual),
                place=place,
                measures=flat(measures),
            )
        )
    for stat in out:
        figure = (
            f"{stat.qualifier + ' ' if stat.qualifier and stat.qualifier != 'target' else ''}"
            f"{stat.value:f}% "
            if stat.value is not None
            else ""
        )
        if stat.unit == "percent of GDP":
            figure = figure.rstrip() + " of GDP "
        where = f" ({stat.place.label})" if stat.place else ""
        what = stat.measures or "share"
        stat.label = flat(f"{figure}{what}{where}")[:300]
    out.sort(key=lambda s: s.span)
    return out
