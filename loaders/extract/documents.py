"""Documents a page names: plans, blueprints, policy addresses, strategies, white papers.

'the Outline Development Plan (ODP) for the Guangdong-Hong Kong-Macao Greater Bay Area'
becomes a report titled 'Outline Development Plan for the Guangdong-Hong Kong-Macao
Greater Bay Area' with the alias ODP; 'this year's Policy Address' takes the page's year.
Later references ('the plan', 'the Blueprint', 'ODP') resolve to the same document.
"""

import re
from dataclasses import dataclass, field

from loaders.model import Span
from loaders.sentences import Sentence

HEADS = (
    "Plan",
    "Blueprint",
    "Address",
    "Outline",
    "Strategy",
    "White Paper",
    "Green Paper",
    "Agenda",
    "Framework",
    "Guidelines",
    "Roadmap",
    "Budget",
    "Ordinance",
    "Vision",
    "Action Plan",
    "Programme Plan",
    "Opinions",
    "Report",
)
YEARISH = r"\d{1,4}(?:[-–/]\d{2,4})?(?:st|nd|rd|th)?"
TOKEN = rf"(?:[A-Z][\w’'&-]*|{YEARISH}|I&T|R&D|of|and|for|on|the|&)"
DOC = re.compile(
    rf"(?P<name>(?:[A-Z][\w’'&-]*|{YEARISH})(?:\s+{TOKEN})*?\s+(?:{'|'.join(HEADS)}))"
    r"(?P<acr>\s+\((?P<acronym>[A-Z][A-Za-z]{1,8})\))?"
    r"(?P<tail>\s+(?:for|of|on)\s+the\s+(?:[A-Z][\w’'&-]*)(?:[\s-]+(?:[A-Z][\w’'&-]*|and|of))*)?"
)
SMALL_WORDS = frozenset({"of", "and", "for", "on", "the", "&"})
THIS_YEARS = re.compile(r"(?:this|last|next) year['’]s\s+$", re.IGNORECASE)
LEADING = re.compile(
    r"^(?:The|In|On|Under|As|By|Having|With|From|At|Its|Their|Our|This|That|"
    r"These|While|When|After|Before)\s+"
)


@dataclass
class DocumentRef:
    title: str
    span: Span
    aliases: list[str] = field(default_factory=list)
    head: str = ""


def find_documents(sentence: Sentence, year: int | None) -> list[DocumentRef]:
    out: list[DocumentRef] = []
    for m in DOC.finditer(sentence.text):
        name = m.group("name")
        start = m.start("name")
        while (lead := LEADING.match(name)) is not None:
            name, start = name[lead.end() :], start + lead.end()
        words = name.split()
        if len(words) < 2 or all(w in SMALL_WORDS for w in words[:-1]):
            continue
        if words[0] in SMALL_WORDS:
            continue
        title = name + (m.group("tail") or "")
        aliases = []
        if m.group("acronym"):
            aliases.append(m.group("acronym"))
        if m.group("tail"):
            aliases.append(name)
        before = sentence.text[:start]
        if year and THIS_YEARS.search(before) and not re.match(r"\d{4}\b", title):
            aliases.append(title)
            title = f"{year} {title}"
        head = next(h for h in sorted(HEADS, key=len, reverse=True) if name.endswith(h))
        end = m.end()
        out.append(
            DocumentRef(title=title, span=sentence.sub(start, end), aliases=aliases, head=head)
        )
    return out


def anaphor_pattern(head: str) -> re.Pattern[str]:
    """'the plan' / 'the Blueprint' / 'this Plan' referring back to a document."""
    return re.compile(rf"\b(?:the|this|that)\s+{re.escape(head.split()[-1])}\b", re.IGNORECASE)
