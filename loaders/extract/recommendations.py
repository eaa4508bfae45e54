"""Recommendations: what a report recommends, proposes, suggests, urges or hopes a body does.

Sentence shapes read (each one general, none tied to a page):
- '... recommends that X do Y', 'we recommend doing A, doing B, and doing C',
  'we recommend the Government do A, do B, and do C', 'advocates for doing A';
- 'puts forward the recommendation of doing A';
- '<body or place> should do A' (not 'we should': that is exhortation, not advice);
- 'hopes <body> can do A';
- 'N <strategies|directions|aspects> ..., namely "A"; "B"; and "C"' and numbered lists
  '(1) A; (2) B' or one numbered item per line, whose run-together 'To ...' sub-items
  are split.
Lists are split only where they are lists: comma- or semicolon-separated pieces that
start with the same verb form, the last one introduced by 'and', 'or' or 'as well as'.
"""

import re
from dataclasses import dataclass, field
from itertools import pairwise

from loaders.model import Mention, Span
from loaders.registry import GOVERNMENT_CLASSES, ORGANISATION_CLASSES
from loaders.sentences import Sentence
from loaders.words import SENTENCE_OPENERS

NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
COUNT = r"(?P<count>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
ITEM_NOUNS = (
    r"(?:recommendations?|strategies|directions|aspects|areas|measures|proposals|"
    r"suggestions|initiatives|priorities|policy recommendations|key recommendations)"
)
CLAIM = re.compile(rf"\b{COUNT}\s+(?:[\w-]+\s+){{0,3}}?{ITEM_NOUNS}\b", re.IGNORECASE)
VERB = (
    r"(?:recommends?|recommended|suggests?|suggested|proposes?|proposed|advocates?(?:\s+for)?|"
    r"advocated(?:\s+for)?|urges?|urged|calls?\s+(?:for|on)|called\s+(?:for|on))"
)
TRIGGER = re.compile(
    rf"\b(?:also\s+|further\s+|strongly\s+)?{VERB}\s+(?P<rest>.+)$", re.IGNORECASE | re.DOTALL
)
RECOMMENDATION_OF = re.compile(
    r"\b(?:puts?|put|putting)\s+forw(?:ar)?d\s+(?:the|a|its)\s+(?:recommendations?|proposals?|suggestions?)"
    r"\s+(?:of|to|that)\s+(?P<rest>.+)$",
    re.IGNORECASE | re.DOTALL,
)
SHOULD = re.compile(
    r"\b(?P<subject>[^,;:]*?)\s+should\s+(?:also\s+|further\s+|therefore\s+)?(?P<rest>.+)$",
    re.DOTALL,
)
HOPES = re.compile(r"\bhopes?\s+(?:that\s+)?(?P<rest>.+)$", re.IGNORECASE | re.DOTALL)
NAMELY = re.compile(
    r"(?:,\s*|\b)(?:namely|as follows|including)\s*[:,]?\s*(?P<rest>.+)$",
    re.IGNORECASE | re.DOTALL,
)
INLINE_NUMBERED = re.compile(r"\(\d{1,2}\)\s*")
NOT_SUBJECTS = re.compile(
    r"^(?:we|i|you|it|they|this|that|there|one|he|she|everyone|people)$", re.IGNORECASE
)
INSTITUTIONAL = re.compile(
    r"\b(?:government|governments|authorities|authority|bodies|regulators?|"
    r"universities|institutions|operators|agencies|departments|bureaux|"
    r"policymakers|policy-makers|administration)$",
    re.IGNORECASE,
)
FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "for",
        "to",
        "with",
        "by",
        "as",
        "at",
        "from",
        "into",
        "its",
        "their",
        "our",
        "this",
        "that",
        "these",
        "those",
        "and",
        "or",
        "but",
        "not",
        "be",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "must",
        "also",
        "more",
        "most",
        "such",
        "than",
        "then",
        "there",
        "which",
        "who",
        "whom",
        "whose",
        "while",
        "very",
    ]
)
CJK_TEXT = re.compile(r"[\u3400-\u9fff]{4,}")
MODALS = re.compile(r"^(?:to\s+|can\s+|could\s+|will\s+|would\s+|may\s+|shall\s+)")


@dataclass
class Found:
    """A recommendation found in one sentence: its phrase span and who it is addressed to."""

    span: Span
    addressees: list[Mention] = field(default_factory=list)
    prefix: str = ""
    suffix: str = ""


def claimed_count(sentence: Sentence) -> int | None:
    """'we put forth seven major recommendations' -> 7; the last claim in a sentence wins
    ('under four directions, the Blueprint lays out eight strategies' -> 8). Areas,
    aspects and directions count only beside a recommending verb."""
    claims = [
        m
        for m in CLAIM.finditer(sentence.text)
        if not re.search(r"(?:aspects|areas|directions)\b", m.group(0), re.IGNORECASE)
        or TRIGGER.search(sentence.text)
        or NAMELY.search(sentence.text)
    ]
    if not claims:
        return None
    m = claims[-1]
    word = m.group("count").lower()
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _top_level_splits(text: str) -> list[tuple[int, int]]:
    """Offsets of ', ' / '; ' separators outside brackets and quotes."""
    out = []
    depth = 0
    quote = False
    for i, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char in '“”"':
            quote = not quote if char == '"' else char == "“"
        elif char in ",;" and depth == 0 and not quote:
            j = i + 1
            while j < len(text) and text[j] == " ":
                j += 1
            out.append((i, j))
    return out


def _first_word(text: str) -> str:
    m = re.match(r"\s*[\"“‘']?([A-Za-z][\w-]*)", text)
    return m.group(1) if m else ""


def _form(word: str) -> str:
    low = word.lower()
    if low.endswith("ing") and len(low) > 4:
        return "gerund"
    if low == "to":
        return "to"
    if low in FUNCTION_WORDS or not word[:1].islower():
        return "other"
    return "base"


CONJUNCTION = re.compile(r"^(?:and|or|as well as|and also|and to)\s+", re.IGNORECASE)


def split_list(text: str, start: int) -> list[tuple[int, int]]:
    """Split a list of verb phrases; (start, end) offsets of each item within ``text``."""
    seps = _top_level_splits(text[start:])
    pieces = []
    pos = start
    for a, b in seps:
        pieces.append((pos, start + a))
        pos = start + b
    pieces.append((pos, len(text)))
    as_well = [m for m in re.finditer(r",?\s+as well as\s+", text[start:])]
    if len(pieces) == 1 and as_well:
        m = as_well[0]
        pieces = [(start, start + m.start()), (start + m.end(), len(text))]
        if _form(_first_word(text[pieces[1][0] :])) in ("base", "gerund"):
            return pieces
        return [(start, len(text))]
    if len(pieces) == 1:
        and_to = re.search(r"\s+and\s+to\s+(?=[a-z])", text[start:])
        if and_to:  # 'provide tax incentives and to expand the scheme'
            return [(start, start + and_to.start()), (start + and_to.end() - 0, len(text))]
        return pieces
    semicolons = ";" in text[start:]
    conj = [i for i, (a, b) in enumerate(pieces) if i > 0 and CONJUNCTION.match(text[a:b])]
    if conj:
        last = conj[-1]
        pieces = [*pieces[:last], (pieces[last][0], pieces[-1][1])]
    elif not semicolons:
        return [(start, len(text))]
    form = _form(_first_word(MODALS.sub("", text[pieces[0][0] :])))
    if form in ("other",) and not semicolons:
        return [(start, len(text))]
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        piece = text[a:b]
        stripped = CONJUNCTION.sub("", piece)
        a2 = a + (len(piece) - len(stripped))
        word_form = _form(_first_word(MODALS.sub("", stripped)))
        if merged and not semicolons and word_form != form:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a2, b))
    return merged


def _clean(text: str, a: int, b: int) -> tuple[int, int]:
    """Trim spaces, quotes, a leading 'also'/'to', and the closing period of an item."""
    while a < b and text[a] in " \"“”‘’'(":
        a += 1
    while b > a and text[b - 1] in " .;,\"“”’'":
        b -= 1
    tail = re.search(
        r",\s+(?:saying|adding|noting|citing|arguing|explaining|stressing|warning)\b", text[a:b]
    )
    if tail:
        b = a + tail.start()
    trail = re.search(r"[,;]?\s*\b(?:and|or)$", text[a:b])
    if trail and trail.start() > 8:
        b = a + trail.start()
    lead = re.match(r"(?:also|further|to|To|and|or)\s+", text[a:b])
    if lead and b - a - lead.end() > 8:
        a += lead.end()
    return a, b


def _org_at(mentions: list[Mention], sentence: Sentence, offset: int) -> Mention | None:
    """An organisation mention starting at ``offset`` of the sentence (after 'the')."""
    text = sentence.text
    m = re.match(r"\s*(?:the\s+)?", text[offset:])
    spaces = re.match(r"\s*", text[offset:])
    starts = {
        sentence.span.start + offset + (m.end() if m else 0),
        sentence.span.start + offset + (spaces.end() if spaces else 0),
    }
    for mention in mentions:
        if mention.span.start in starts and mention.entity.cls in ORGANISATION_CLASSES:
            return mention
    return None


def _items(sentence: Sentence, start: int, mentions: list[Mention]) -> list[Found]:
    """Recommendations in sentence.text[start:], which follows a recommending verb."""
    text = sentence.text
    addressees: list[Mention] = []
    rest = text[start:]
    lead = re.match(r"that\s+", rest)
    if lead:
        start += lead.end()
    urged = re.match(r"(?:the\s+)?([a-z][\w\s-]{2,80}?)\s+to\s+(?=[a-z])", text[start:])
    if (
        urged
        and not _org_at(mentions, sentence, start)
        and re.search(r"\b(?:urg\w*|call\w*\s+on|ask\w*|press\w*)\s*$", text[:start], re.IGNORECASE)
    ):
        start += urged.end()  # 'urged authorities on both sides to speed up ...'

    org = _org_at(mentions, sentence, start)
    if org is not None:
        after = org.span.end - sentence.span.start
        follow = re.match(
            r"\s+(?:to\s+|should\s+|can\s+|could\s+|will\s+|must\s+)?(?:also\s+)?", text[after:]
        )
        nxt = _first_word(text[after + (follow.end() if follow else 0) :])
        if nxt and _form(nxt) in ("base", "to"):
            addressees = [org]
            start = after + (follow.end() if follow else 0)
    found = []
    for a, b in split_list(text, start):
        a, b = _clean(text, a, b)
        if b - a >= 6:
            found.append(Found(sentence.sub(a, b), list(addressees)))
    return found


def _quoted_items(sentence: Sentence, start: int) -> list[Found]:
    text = sentence.text
    quoted = list(re.finditer(r"[\"“]([^\"”]{6,})[\"”]", text[start:]))
    if len(quoted) >= 2:
        out = []
        for q in quoted:
            a, b = _clean(text, start + q.start(1), start + q.end(1))
            out.append(Found(sentence.sub(a, b)))
        return out
    if ";" in text[start:]:
        out = []
        for a, b in split_list(text, start):
            a, b = _clean(text, a, b)
            if b - a >= 6:
                out.append(Found(sentence.sub(a, b)))
        return out
    return []


def numbered_items(sentence: Sentence, frame: str = "") -> list[Found]:
    """'(1) collaboration; (2) inclusivity' inline, or one '(1) To A To B' item a line."""
    text = sentence.text
    marks = list(INLINE_NUMBERED.finditer(text))
    if not marks:
        return []
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        chunk_start = m.end()
        # run-together sub-items: 'To A ... sectors To B ...'
        cuts = [
            c.start() for c in re.finditer(r"(?<=[a-z\)”\"’]) (?=To [a-z])", text[chunk_start:end])
        ]
        bounds = [chunk_start] + [chunk_start + c + 1 for c in cuts] + [end]
        for a, b in pairwise(bounds):
            a, b = _clean(text, a, b)
            if b - a < 3:
                continue
            item = text[a:b]
            if re.match(r"^(?:and\s+)", item):
                a += 4
            trail = re.search(r"[;,]?\s*(?:and|or)$", text[a:b])
            if trail:
                b = a + trail.start()
            out.append(Found(sentence.sub(a, b), prefix=frame if len(item.split()) <= 3 else ""))
    return out


CHINESE_TRIGGER = re.compile(
    r"(?:建議|建议|倡議|倡议|促請|促请|呼籲|呼吁|提出)(?:[^，,。：:]{0,12}?(?:建議|建议))?[：:，,]?\s*"
    r"(?P<rest>[^。！？]{4,})"
)


def find_in_sentence(sentence: Sentence, mentions: list[Mention]) -> list[Found]:
    text = sentence.text
    if CJK_TEXT.search(text):
        m = CHINESE_TRIGGER.search(text)
        if not m:
            return []
        a, b = m.start("rest"), m.end("rest")
        while b > a and text[b - 1] in "。；;，, ":
            b -= 1
        return [Found(sentence.sub(a, b))]
    m = RECOMMENDATION_OF.search(text)
    if m:
        return _items(sentence, m.start("rest"), mentions)
    m = TRIGGER.search(text)
    if m and not re.match(r"\s*(?:that\s+)?(?:we|I)\b", m.group("rest")):
        if NAMELY.search(text[m.start() :]) and CLAIM.search(text):
            pass
        else:
            found = _items(sentence, m.start("rest"), mentions)
            before = SHOULD.search(text[: m.start()])
            if before:
                clause = Sentence(
                    text[: m.start()], Span(sentence.span.start, sentence.span.start + m.start())
                )
                found = _should(clause, before, mentions) + found
            return found
    m = NAMELY.search(text)
    if m and CLAIM.search(text[: m.start()] or ""):
        items = _quoted_items(sentence, m.start("rest"))
        if items:
            return items
    m = HOPES.search(text)
    if m:
        org = _org_at(mentions, sentence, m.start("rest"))
        if org is not None:
            after = org.span.end - sentence.span.start
            verb = re.match(r"\s+(?:can|could|will|would|may)\s+(?:also\s+)?", text[after:])
            if verb:
                found = _items(sentence, after + verb.end(), mentions)
                for f in found:
                    f.addressees = [org]
                return found
    m = SHOULD.search(text)
    if m:
        return _should(sentence, m, mentions)
    return []


def _should(sentence: Sentence, m: re.Match[str], mentions: list[Mention]) -> list[Found]:
    """'<subject> should <do>': advice when the subject is a body, a place or an
    institutional noun; 'we should' is exhortation and is skipped."""
    text = sentence.text
    head = text[: m.start("rest")]
    head = head[: head.rfind("should")].rstrip()
    cut = max(head.rfind(";"), head.rfind(":"))
    that = list(
        re.finditer(
            r"\b(?:that|which|whereby|because|so|where|how|why|whether|if|said|says|"
            r"argued|argues|believes|believed|stated|noted|added|wrote)\s+",
            head,
        )
    )
    begin = max(cut + 1, that[-1].end() if that else 0)
    pieces = [p for p in re.split(r",\s*", head[begin:])]
    kept: list[str] = []
    for piece in reversed(pieces):
        first = piece.strip().split(" ")[0] if piece.strip() else ""
        if kept and (not first[:1].isupper() or first in SENTENCE_OPENERS):
            break
        kept.insert(0, piece)
        if not first[:1].isupper():
            break
    full_subject = ", ".join(kept).strip()
    subject = re.sub(r"^(?:the|The)\s+", "", full_subject)
    words = subject.split()
    if not words or NOT_SUBJECTS.match(words[-1]) or len(words) > 10:
        return []
    if words[0] in SENTENCE_OPENERS:
        return []
    subject_start = head.rfind(subject)
    lo = sentence.span.start + head.rfind(full_subject) if full_subject else subject_start
    hi = sentence.span.start + len(head)
    subj_mentions = [x for x in mentions if lo <= x.span.start < hi]
    orgs = [x for x in subj_mentions if x.entity.cls in ORGANISATION_CLASSES]
    if not INSTITUTIONAL.search(subject) and not (
        subj_mentions and subj_mentions[-1].span.end >= hi - 1
    ):
        return []  # the subject must be a named body or place, or a body of some kind
    if orgs and len(orgs) == len(subj_mentions) and len(words) <= 4:
        a, b = _clean(text, m.start("rest"), len(text))
        return [Found(sentence.sub(a, b), orgs)]
    a, b = _clean(text, subject_start, len(text))
    return [Found(sentence.sub(a, b), orgs)]


def list_item(sentence: Sentence, start: int, mentions: list[Mention]) -> list[Found]:
    """One item of a marked list after a cue ('makes the following recommendations:'):
    '1. The Government should set up X;' or '2. increase R&D spending to 2% of GDP;'."""
    text = sentence.text
    rest = Sentence(text[start:], Span(sentence.span.start + start, sentence.span.end))
    found = find_in_sentence(rest, mentions)
    if found:
        return found
    org = _org_at(mentions, rest, 0)
    addressees: list[Mention] = []
    if org is not None:
        after = org.span.end - rest.span.start
        verb = re.match(r"\s+(?:to\s+|should\s+|will\s+|must\s+)?", rest.text[after:])
        if verb and _form(_first_word(rest.text[after + verb.end() :])) == "base":
            addressees = [org]
            start += after + verb.end()
    a, b = _clean(text, start, len(text))
    return [Found(sentence.sub(a, b), addressees)] if b - a >= 6 else []


WILL = re.compile(r"\s+will\s+(?:also\s+|further\s+|continue\s+to\s+)?(?=[a-z])")


def measures(sentence: Sentence, mentions: list[Mention]) -> list[Found]:
    """'the Government will set up X and will earmark Y': a government's own measures,
    read only on a government's page or plan (the caller decides)."""
    text = sentence.text
    for mention in mentions:
        if mention.entity.cls not in GOVERNMENT_CLASSES:
            continue
        end = mention.span.end - sentence.span.start
        will = WILL.match(text, end)
        if will is None:
            continue
        found = []
        parts = re.split(r"\s+and\s+will\s+(?:also\s+)?", text[will.end() :])
        pos = will.end()
        for part in parts:
            a, b = _clean(text, pos, pos + len(part))
            if b - a >= 6:
                found.append(Found(sentence.sub(a, b), [mention]))
            pos += len(part)
            gap = re.match(r"\s+and\s+will\s+(?:also\s+)?", text[pos:])
            pos += gap.end() if gap else 0
        return found
    return []
