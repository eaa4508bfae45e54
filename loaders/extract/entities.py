"""Organisations, places, funds and posts named in text.

Registry names (labels, aliases, Chinese labels) are matched first, longest first;
multi-word names ignore case, single words and acronyms do not. Names the registry
does not know are still found by shape: a run of capitalised words ending in an
institutional head (Authority, Commission, Office, Institute, Fund, Scheme, Zone ...),
and ``Full Name (ACRONYM)`` definitions, whose acronym then counts as an alias.
"""

import re
from dataclasses import replace

from loaders.model import Mention, Span
from loaders.registry import Entity, Registry, fold
from loaders.words import SENTENCE_OPENERS

HEADS: dict[str, str] = {
    "Authority": "GovernmentBody",
    "Commission": "GovernmentBody",
    "Bureau": "GovernmentBody",
    "Office": "GovernmentBody",
    "Department": "GovernmentBody",
    "Council": "GovernmentBody",
    "Committee": "GovernmentBody",
    "Ministry": "GovernmentBody",
    "Agency": "GovernmentBody",
    "Administration": "GovernmentBody",
    "Board": "GovernmentBody",
    "Government": "GovernmentBody",
    "Institute": "ResearchInstitute",
    "Academy": "ResearchInstitute",
    "Centre": "ResearchInstitute",
    "Center": "ResearchInstitute",
    "Laboratory": "ResearchInstitute",
    "Laboratories": "ResearchInstitute",
    "Foundation": "Organisation",
    "Association": "Organisation",
    "Federation": "Organisation",
    "Chamber": "Organisation",
    "Society": "Organisation",
    "Alliance": "Organisation",
    "University": "University",
    "College": "University",
    "Corporation": "Company",
    "Company": "Company",
    "Limited": "Company",
    "Group": "Company",
    "Zone": "Zone",
    "Park": "Zone",
    "Technopole": "Zone",
    "Corridor": "Zone",
    "District": "Zone",
    "Area": "Zone",
    "Port": "Zone",
    "Fund": "Fund",
    "Scheme": "Fund",
    "Programme": "Fund",
    "Program": "Fund",
    "Endowment": "Fund",
}
CONNECTORS = frozenset({"of", "and", "for", "on", "&", "in", "de"})
NOT_NAME_START = SENTENCE_OPENERS | frozenset(
    {
        "The",
        "A",
        "An",
        "And",
        "Any",
        "Both",
        "Each",
        "From",
        "Major",
        "Many",
        "Namely",
        "New",
        "Of",
        "On",
        "Several",
        "Such",
        "Two",
        "Three",
        "Four",
        "Five",
        "Six",
        "Seven",
        "Eight",
        "Nine",
        "Ten",
    }
)
"""Capitalised words that start a sentence or a noun phrase but never a name."""
WEAK_HEADS = frozenset(
    {
        "Area",
        "Port",
        "Group",
        "Board",
        "Park",
        "Program",
        "Programme",
        "Center",
        "Centre",
        "District",
        "Limited",
        "Government",
    }
)
WORD = re.compile(r"[A-Za-z0-9][\w’'&.-]*|&")
DASHES = "-‐‑‒–—"
CJK_CHAR = re.compile(r"[\u3400-\u9fff]")


def _name_regex(name: str) -> str:
    """A name as a pattern: any dash for a dash, either apostrophe, '&' for ' and '."""
    if CJK_CHAR.search(name):
        return re.escape(name)
    parts = []
    for word_or_space in re.split(r"(\s+and\s+|\s+&\s+)", name):
        if word_or_space.strip() in ("and", "&"):
            parts.append(r"\s+(?:and|&)\s+")
            continue
        parts.append(_chars(word_or_space))
    return "".join(parts)


def _chars(name: str) -> str:
    parts = []
    for char in name:
        if char in DASHES:
            parts.append(f"[{DASHES}]")
        elif char in "'’":
            parts.append("['’]")
        elif char.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _case_sensitive(name: str) -> bool:
    return len(name.split()) == 1


Patterns = tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]
_PATTERNS: dict[str, Patterns] = {}


def _patterns(registry: Registry) -> Patterns:
    """(Chinese, case-sensitive, case-insensitive) name patterns, compiled once per registry
    (by content digest): a build reads thousands of pages with one registry."""
    key = registry.digest or f"id:{id(registry)}"
    if key not in _PATTERNS:
        names = registry.names()
        chinese = [n for n, _ in names if CJK_CHAR.search(n)]
        sensitive = [n for n, _ in names if _case_sensitive(n) and not CJK_CHAR.search(n)]
        insensitive = [n for n, _ in names if not _case_sensitive(n) and not CJK_CHAR.search(n)]
        edge_l, edge_r = r"(?<![\w’'-])", r"(?![\w$-]|['’]\w\w)"
        _PATTERNS[key] = (
            re.compile("|".join(map(re.escape, chinese)) or r"(?!)"),
            re.compile(edge_l + "(?:" + "|".join(map(_name_regex, sensitive)) + ")" + edge_r),
            re.compile(
                edge_l + "(?:" + "|".join(map(_name_regex, insensitive)) + ")" + edge_r,
                re.IGNORECASE,
            ),
        )
    return _PATTERNS[key]


class EntityFinder:
    """Finds entity mentions in sentences; one finder per source (it learns acronyms)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.learned: dict[str, Entity] = {}
        self.by_label: dict[str, Entity] = {}
        self.chinese, self.sensitive, self.insensitive = _patterns(registry)

    # -- identity ---------------------------------------------------------------------
    def resolve(self, name: str) -> Entity | None:
        key = fold(name)
        return self.registry.by_name.get(key) or self.learned.get(key)

    def discovered(self, name: str, cls: str, aliases: tuple[str, ...] = ()) -> Entity:
        """An entity the registry does not know, one object per label within a source."""
        known = self.resolve(name)
        if known is not None:
            return known
        label = re.sub(r"\s+", " ", name).strip()
        entity = Entity(label=label, cls=cls, aliases=aliases, in_registry=False)
        self.by_label[fold(label)] = entity
        self.learned[fold(label)] = entity
        for alias in aliases:
            self.learned.setdefault(fold(alias), entity)
        return entity

    def learn_acronym(self, entity: Entity, acronym: str) -> Entity:
        if self.resolve(acronym) is not None:
            return entity
        if not entity.in_registry and acronym not in entity.aliases:
            updated = replace(entity, aliases=(*entity.aliases, acronym))
            for key, value in list(self.learned.items()):
                if value is entity:
                    self.learned[key] = updated
            entity = updated
        self.learned[fold(acronym)] = entity
        return entity

    # -- finding ----------------------------------------------------------------------
    def find(self, text: str, offset: int = 0) -> list[Mention]:
        """Mentions in ``text`` (offsets shifted by ``offset``), longest first, no overlaps."""
        candidates: list[tuple[int, int, Entity]] = []
        coordinated = self._coordinated_governments(text)
        for pattern in (self.insensitive, self.sensitive, self.chinese):
            for m in pattern.finditer(text):
                entity = self.resolve(m.group(0))
                if entity is not None:
                    candidates.append((m.start(), m.end(), entity))
        candidates += self._by_shape(text)
        candidates += self._learned(text)
        chosen: list[tuple[int, int, Entity]] = list(coordinated)
        for start, end, entity in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
            if all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, entity))
        return [
            Mention(e, Span(offset + s, offset + t))
            for s, t, e in sorted(chosen, key=lambda c: c[0])
        ]

    def _learned(self, text: str) -> list[tuple[int, int, Entity]]:
        out = []
        for key, entity in self.learned.items():
            if key.isupper() or any(a == key.upper() for a in entity.aliases):
                pattern = r"(?<![\w-])" + re.escape(key.upper()) + r"(?![\w-])"
                out += [(m.start(), m.end(), entity) for m in re.finditer(pattern, text)]
        return out

    def _coordinated_governments(self, text: str) -> list[tuple[int, int, Entity]]:
        """'the Hong Kong, Shenzhen, and Central Government(s)': one body per conjunct."""
        out = []
        pattern = re.compile(
            r"\b((?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s*,\s*)+(?:and\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*"
            r"|[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s+and\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)"
            r"\s+[Gg]overnments?\b"
        )
        for m in pattern.finditer(text):
            conjuncts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group(1))
            for number, conjunct in enumerate(conjuncts):
                conjunct = re.sub(r"^(?:the|The)\s+", "", conjunct.strip())
                if not conjunct:
                    continue
                entity = self.resolve(f"{conjunct} Government")
                if entity is None:
                    continue
                start = m.start(1) + m.group(1).rfind(conjunct)
                # the span is the conjunct itself; the last one takes the shared head
                end = m.end() if number == len(conjuncts) - 1 else start + len(conjunct)
                out.append((start, end, entity))
        return out

    def _by_shape(self, text: str) -> list[tuple[int, int, Entity]]:
        words = [(m.group(0), m.start(), m.end()) for m in WORD.finditer(text)]
        out = []
        for i, (word, _start, _end) in enumerate(words):
            bare = word.rstrip(".,’'s") if word.endswith(("’s", "'s")) else word.rstrip(".")
            if bare not in HEADS or (i > 0 and words[i - 1][0] in ("the", "The") and i < 2):
                continue
            j = i
            while j > 0:
                prev = words[j - 1][0]
                gap = text[words[j - 1][2] : words[j][1]]
                if gap.strip() and not (gap == ", " and prev[0].isupper()):
                    break
                if (prev[0].isupper() and prev not in NOT_NAME_START) or prev in CONNECTORS:
                    j -= 1
                    continue
                break
            while j < i and (words[j][0] in CONNECTORS or words[j][0] in NOT_NAME_START):
                j += 1
            # 'Research, Academic and Industry Sectors Scheme' keeps its commas only when an
            # 'and' follows the last one; otherwise the name starts after the last comma
            last_comma = max(
                (n for n in range(j + 1, i + 1) if text[words[n - 1][2] : words[n][1]] == ", "),
                default=None,
            )
            if last_comma is not None and not any(
                w[0] in ("and", "&") for w in words[last_comma:i]
            ):
                j = last_comma
                while j < i and (words[j][0] in CONNECTORS or words[j][0] in NOT_NAME_START):
                    j += 1
            k = i
            # rightward: 'Institute of Technology', 'Scheme for Universities'
            if (
                k + 2 < len(words)
                and not word.endswith(".")
                and words[k + 1][0] in ("of", "for", "on")
                and words[k + 2][0][0].isupper()
                and words[k + 2][0] not in NOT_NAME_START
            ):
                k += 2
                while (
                    not words[k][0].endswith(".")
                    and k + 1 < len(words)
                    and words[k + 1][0][0].isupper()
                    and words[k + 1][0] not in NOT_NAME_START
                    and not text[words[k][2] : words[k + 1][1]].strip()
                ):
                    k += 1
            if j == i and k == i:
                continue
            name = text[words[j][1] : words[k][2]].rstrip(".")
            if name.endswith(("’s", "'s")):
                name = name[:-2]
            if bare in WEAK_HEADS and k == i and i - j < 2:
                continue
            cls = HEADS[bare]
            acronym = re.match(r"\s*\(([A-Z][A-Za-z&]{1,9})\)", text[words[k][2] :])
            entity = self.discovered(name, cls)
            if acronym:
                entity = self.learn_acronym(entity, acronym.group(1))
            out.append((words[j][1], words[j][1] + len(name), entity))
        return out
