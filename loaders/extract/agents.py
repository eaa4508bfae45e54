"""Who published a report and with whom: publisher and partners (co-publishers)."""

import re

from loaders.model import Mention
from loaders.registry import ORGANISATION_CLASSES
from loaders.sentences import Sentence

PARTNERED = re.compile(
    r"\b(?:has\s+|have\s+)?(?:partnered|collaborated|teamed up|joined hands|worked)\s+with\s+(?P<list>.+?)"
    r"\s+(?:to|in)\s+(?:publish|release|launch|produce|co-publish|prepare|conduct|write)",
    re.IGNORECASE,
)
IN_PARTNERSHIP = re.compile(
    r"\b(?:in\s+(?:partnership|collaboration|association)\s+with|jointly\s+with|co-published\s+with|"
    r"together\s+with)\s+(?P<list>[^.;]+?)(?=[,.;]|\s+(?:has|have|to|published|released)\b|$)",
    re.IGNORECASE,
)
PUBLISHED = re.compile(
    r"\b(?:has\s+|have\s+|had\s+)?(?:published|released|launched|issued|unveiled|promulgated|"
    r"announced|compiled|prepared|produced)\b",
    re.IGNORECASE,
)
PASSIVE_BY = re.compile(
    r"\b(?:was|were|has been|have been|is|are)\s+(?:published|released|launched|issued|unveiled|"
    r"promulgated|announced|compiled|prepared|produced)\s+by\s+(?:the\s+)?$",
    re.IGNORECASE,
)
POSSESSIVE_WORK = re.compile(
    r"^['’]s?\s+(?:[\w-]+\s+){0,3}(?:report|study|paper|research|survey)\b", re.IGNORECASE
)
SAID = re.compile(
    r"^(?:\s*\([^)]*\))?\s+(?:said|says|stated|found|argued|recommended|suggested|"
    r"urged|proposed|warned|noted)\b"
)
WE = re.compile(r"\bwe\s+(?:have\s+)?(?:launched|published|released|put)\b", re.IGNORECASE)
WRITTEN_BY = re.compile(r"^(?:written|authored|prepared)\s+by\b", re.IGNORECASE)


def organisations(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.entity.cls in ORGANISATION_CLASSES]


def _in(sentence: Sentence, mentions: list[Mention], start: int, end: int) -> list[Mention]:
    a, b = sentence.span.start + start, sentence.span.start + end
    return [m for m in organisations(mentions) if a <= m.span.start and m.span.end <= b]


CHINESE_PUBLISHED = re.compile(
    r"(?:聯同|联同|與|与|和)(?P<list>.*?)(?:共同|合作)?(?:發表|发表|發布|发布|公布|出版)"
)
CHINESE_VERB = re.compile(r"發表|发表|發布|发布|公布|出版|推出")


def partners_in(
    sentence: Sentence, mentions: list[Mention]
) -> tuple[Mention | None, list[Mention]]:
    """(publisher, partners) from 'X has partnered with Y and Z to publish ...', or
    '甲聯同乙發表報告' on a Chinese page."""
    if CHINESE_VERB.search(sentence.text):
        orgs = organisations(mentions)
        chinese = CHINESE_PUBLISHED.search(sentence.text)
        if orgs and chinese:
            return orgs[0], _in(sentence, mentions, chinese.start("list"), chinese.end("list"))
        if orgs:
            return orgs[0], []
    m = PARTNERED.search(sentence.text)
    if m:
        publisher = _in(sentence, mentions, 0, m.start())
        partners = _in(sentence, mentions, m.start("list"), m.end("list"))
        return (publisher[-1] if publisher else None), partners
    m = IN_PARTNERSHIP.search(sentence.text)
    if m:
        partners = _in(sentence, mentions, m.start("list"), m.end("list"))
        rest = [x for x in _in(sentence, mentions, 0, len(sentence.text)) if x not in partners]
        return (rest[0] if rest else None), partners
    return None, []


def publisher_in(
    sentence: Sentence, mentions: list[Mention], recent: Mention | None
) -> Mention | None:
    """The organisation that publishes: 'X has published its report', 'X's advocacy study',
    'was promulgated by X', 'we have launched' (we = the last organisation named)."""
    text = sentence.text
    orgs = organisations(mentions)
    for mention in orgs:
        rel_end = mention.span.end - sentence.span.start
        rel_start = mention.span.start - sentence.span.start
        if POSSESSIVE_WORK.match(text[rel_end:]):
            return mention
        if PASSIVE_BY.search(text[:rel_start]):
            return mention
    m = PUBLISHED.search(text)
    if m:
        before = _in(sentence, mentions, 0, m.start())
        if before:
            return before[-1]
        for mention in _in(sentence, mentions, m.end(), len(text)):
            after = text[mention.span.end - sentence.span.start :]
            if SAID.match(after):
                return mention  # 'In a report released on Friday, X said ...'

    if WE.search(text) and recent is not None:
        return recent
    if WRITTEN_BY.match(text) and orgs:
        return orgs[-1]
    return None
