"""Paragraphs and sentences with their character offsets into the source text."""

import re
from dataclasses import dataclass

from loaders.model import Span

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "no",
        "nos",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "co",
        "ltd",
        "inc",
        "st",
        "approx",
        "fig",
    ]
)
SENTENCE_END = re.compile(
    r"[。！？][」』”’）)]*|"
    r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9\u4e00-\u9fff(])|[.!?][\"'”’)\]]*\s*$"
)
LIST_MARKER = re.compile(
    r"^[ \t]*(?:\(\d{1,2}\)|\d{1,2}[.)]|\((?:[a-h]|[ivx]{1,4})\)|[a-h][.)]|[•·▪●◦*–-])\s+"
)
"""A list item's marker at the start of a line: (1), 1., 1), (a), a), (iv), or a bullet."""


@dataclass(frozen=True)
class Sentence:
    text: str
    span: Span

    def sub(self, start: int, end: int) -> Span:
        """Span of text[start:end] of this sentence, in source offsets."""
        return Span(self.span.start + start, self.span.start + end)


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str, start: int, end: int) -> list[Span]:
    """Blank-line separated blocks of text[start:end]; a line of its own is a block too
    when it is indented like a heading or a numbered item."""
    spans: list[Span] = []
    pos = start
    for match in re.finditer(
        r"\n[ \t]*\n|\n(?=[ \t]*(?:\(\d{1,2}\)|\d{1,2}[.)]|\((?:[a-h]|[ivx]{1,4})\)|[•·▪●◦*–-])\s)",
        text[start:end],
    ):
        a, b = strip_span(text, pos, start + match.start())
        if a < b:
            spans.append(Span(a, b))
        pos = start + match.end()
    a, b = strip_span(text, pos, end)
    if a < b:
        spans.append(Span(a, b))
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[:dot])
    if not word:
        return False
    token = word.group(1).lower().strip(".")
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def sentences(text: str, span: Span) -> list[Sentence]:
    """Split text[span] into sentences; a line break inside a paragraph is a space."""
    chunk = text[span.start : span.end]
    out: list[Sentence] = []
    pos = 0
    marker = LIST_MARKER.match(chunk)
    for match in SENTENCE_END.finditer(chunk):
        if marker and match.start() < marker.end():
            continue
        if chunk[match.start()] == "." and _is_abbreviation(chunk, match.start()):
            continue
        a, b = strip_span(chunk, pos, match.end())
        if a < b:
            out.append(Sentence(chunk[a:b], Span(span.start + a, span.start + b)))
        pos = match.end()
    a, b = strip_span(chunk, pos, len(chunk))
    if a < b:
        out.append(Sentence(chunk[a:b], Span(span.start + a, span.start + b)))
    return out


_SPACES = re.compile(r"\s+")


def flat(text: str) -> str:
    """Collapse whitespace (line breaks inside a sentence) to single spaces."""
    return _SPACES.sub(" ", text).strip()
