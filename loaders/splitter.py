"""Split a page into report sections: title, date, download links and body.

A page of summaries (the user's page) marks each report by a heading followed by a
block of ``[Download ...]`` links; a page without such blocks is one article, titled by
its most title-like heading line. Lines repeated on the page or shaped like
``Section | Series`` are page furniture, not report text.
"""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from loaders.extract.dates import find_date, is_date_line
from loaders.model import Span
from loaders.script import cjk_share
from loaders.sentences import LIST_MARKER, strip_span
from loaders.source import SourceText

LINK = re.compile(r"^\s*\[[^\]\n]{2,200}\]\s*$")
CJK = re.compile(r"[\u3400-\u9fff]")
BYLINE = re.compile(
    r"^(?:written by|by|first published|source|photo|image|tags?|share)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Line:
    text: str
    span: Span

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Section:
    span: Span
    title: str = ""
    title_span: Span | None = None
    date: dt.date | None = None
    date_span: Span | None = None
    links: list[Line] = field(default_factory=list)
    chinese_titles: list[Line] = field(default_factory=list)
    paragraphs: list[Span] = field(default_factory=list)


def lines_of(text: str, start: int) -> list[Line]:
    out = []
    pos = start
    for raw in text[start:].splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        a, b = strip_span(text, pos, pos + len(body))
        out.append(Line(text[a:b], Span(a, b)))
        pos += len(raw)
    return out


def is_headingish(line: str) -> bool:
    """Short, unpunctuated at the end, with letters: a heading or title line."""
    words = line.split()
    return (
        0 < len(words) <= 30
        and len(line) <= 240
        and not re.search(r"[.;,:。；，：]$", line)
        and bool(re.search(r"[A-Za-z\u3400-\u9fff]", line))
        and not LINK.match(line)
        and not is_date_line(line)
        and not BYLINE.match(line)
    )


def is_chinese_line(line: str) -> bool:
    """Over 60% of the non-space characters are Chinese (counted in C: it runs on every line)."""
    chinese = len(CJK.findall(line))
    return bool(chinese) and chinese / (len(line) - sum(map(str.isspace, line))) > 0.6


def furniture(lines: list[Line]) -> set[str]:
    """Lines that are page furniture: repeated headings, 'A | B' series lines."""
    counts = Counter(line.text for line in lines if not line.blank)
    out = {text for text, n in counts.items() if n > 1 and is_headingish(text)}
    out |= {line.text for line in lines if " | " in line.text and is_headingish(line.text)}
    return out


def _standalone(lines: list[Line], i: int) -> bool:
    """A line with blank lines (or a date/link line) around it, not part of a paragraph."""
    before = i == 0 or lines[i - 1].blank or is_date_line(lines[i - 1].text)
    after = (
        i + 1 >= len(lines)
        or lines[i + 1].blank
        or is_date_line(lines[i + 1].text)
        or bool(LINK.match(lines[i + 1].text))
    )
    return before and after


def split_page(source: SourceText) -> list[Section]:
    lines = lines_of(source.text, source.body_start)
    skip = furniture(lines)
    starts: list[tuple[int, int]] = []  # (index of first line of the section, title index)
    i = 0
    while i < len(lines):
        if LINK.match(lines[i].text):
            j = i - 1
            while j >= 0 and (lines[j].blank or is_date_line(lines[j].text)):
                j -= 1
            if j >= 0 and is_headingish(lines[j].text) and lines[j].text not in skip:
                first = j
                k = j - 1
                while k >= 0 and lines[k].blank:
                    k -= 1
                if k >= 0 and is_date_line(lines[k].text):
                    first = k
                if not starts or starts[-1][1] != j:
                    starts.append((first, j))
            while i < len(lines) and (LINK.match(lines[i].text) or lines[i].blank):
                i += 1
            continue
        i += 1
    if not starts:
        return [_single_article(source, lines, skip)]
    sections = []
    chinese_page = cjk_share(source.body) > 0.5
    for n, (first, title_index) in enumerate(starts):
        last = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        chunk = lines[first:last]
        title = lines[title_index]
        section = Section(
            span=Span(chunk[0].span.start, chunk[-1].span.end),
            title=title.text,
            title_span=title.span,
        )
        _fill(section, chunk, skip, {title_index - first}, chinese_page)
        sections.append(section)
    return sections


def _single_article(source: SourceText, lines: list[Line], skip: set[str]) -> Section:
    section = Section(span=Span(source.body_start, len(source.text)))
    chinese_page = cjk_share(source.body) > 0.5
    # the prelude: lines before the first real paragraph (a line of 20+ words)
    prelude_end = next((i for i, line in enumerate(lines) if _long(line.text)), len(lines))
    best: tuple[float, int] | None = None
    for i, line in enumerate(lines[:prelude_end]):
        if line.blank or line.text in skip or not is_headingish(line.text):
            continue
        if (is_chinese_line(line.text) and not chinese_page) or not _standalone(lines, i):
            continue
        words = len(line.text.split()) if not chinese_page else max(1, len(line.text) // 3)
        score = float(words)
        near = lines[max(0, i - 2) : i + 3]
        if any(is_date_line(other.text) for other in near):
            score += 6
        if words <= 3:
            score -= 4
        if best is None or score > best[0]:
            best = (score, i)
    exclude = set()
    if best is not None and best[0] > 2:
        title = lines[best[1]]
        section.title, section.title_span = title.text, title.span
        exclude.add(best[1])
    _fill(section, lines, skip, exclude, chinese_page)
    if section.title_span is not None:
        # category lines above the title are furniture, not text
        section.paragraphs = [
            p
            for p in section.paragraphs
            if p.start > section.title_span.start or _long(source.text[p.start : p.end])
        ]
    return section


def _long(text: str) -> bool:
    """A line of running text: 20+ words, or 60+ characters of Chinese."""
    return len(text.split()) >= 20 or (is_chinese_line(text) and len(text) >= 60)


def _fill(
    section: Section,
    chunk: list[Line],
    skip: set[str],
    exclude: set[int],
    chinese_page: bool = False,
) -> None:
    """Collect the section's links, date, Chinese title lines and text paragraphs (on a
    Chinese page, Chinese lines are its text, not title lines)."""
    para_start: int | None = None
    para_end = 0
    for i, line in enumerate(chunk):
        special = (
            i in exclude
            or line.blank
            or line.text in skip
            or bool(LINK.match(line.text))
            or is_date_line(line.text)
            or (is_chinese_line(line.text) and not chinese_page)
        )
        if special or BYLINE.match(line.text):
            if para_start is not None:
                section.paragraphs.append(Span(para_start, para_end))
                para_start = None
            if LINK.match(line.text):
                section.links.append(line)
            elif is_date_line(line.text) and section.date is None:
                found = find_date(line.text)
                if found:
                    section.date = found[0]
                    section.date_span = Span(line.span.start + found[1], line.span.start + found[2])
            elif is_chinese_line(line.text) and i not in exclude and not chinese_page:
                section.chinese_titles.append(line)
            if BYLINE.match(line.text) and not special:
                section.paragraphs.append(line.span)
            continue
        if para_start is None:
            para_start = line.span.start
        para_end = line.span.end
        if LIST_MARKER.match(chunk[i + 1].text if i + 1 < len(chunk) else ""):
            section.paragraphs.append(Span(para_start, para_end))
            para_start = None
    if para_start is not None:
        section.paragraphs.append(Span(para_start, para_end))
