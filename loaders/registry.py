"""The curated entity registry: who is who, never what a report says.

``data/registry/entities.tsv`` has one entity a line: key, class, English label,
aliases (``|``-separated), Traditional and Simplified Chinese labels, Wikidata id, the
organisation a post belongs to, and the web sites (domains) that speak for it, which a
source's metadata header may name. Errors name the file and line.
"""

import csv
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import URIRef

from loaders.errors import LoaderError
from ontology.iris import entity_iri

COLUMNS = ("key", "class", "label", "aliases", "zh-Hant", "zh-Hans", "wikidata", "part_of", "sites")

ORGANISATION_CLASSES = frozenset(
    {
        "Organisation",
        "ThinkTank",
        "GovernmentBody",
        "Regulator",
        "University",
        "ResearchInstitute",
        "Company",
        "MediaOutlet",
    }
)
GOVERNMENT_CLASSES = frozenset({"GovernmentBody", "Regulator"})
PLACE_CLASSES = frozenset({"Place", "City", "Region", "Zone", "Country"})
FUND_CLASSES = frozenset({"Fund"})
POST_CLASSES = frozenset({"Post"})


def kind_of(cls: str) -> str:
    """The IRI path segment for an ontology class local name."""
    if cls in ORGANISATION_CLASSES:
        return "organisation"
    if cls in PLACE_CLASSES:
        return "place"
    if cls in FUND_CLASSES:
        return "fund"
    if cls in POST_CLASSES:
        return "post"
    raise ValueError(f"unknown entity class {cls!r}")


@dataclass(frozen=True)
class Entity:
    """One canonical entity: identity only."""

    label: str
    cls: str
    aliases: tuple[str, ...] = ()
    zh_hant: str = ""
    zh_hans: str = ""
    wikidata: str = ""
    part_of: str = ""
    key: str = ""
    in_registry: bool = True

    def __hash__(self) -> int:  # cheap: entities are hashed for every mention
        return hash((self.label, self.cls))

    @property
    def kind(self) -> str:
        return kind_of(self.cls)

    @property
    def iri(self) -> URIRef:
        return entity_iri(self.kind, self.label)


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """Comparison key for names: case, dashes, quotes, a leading 'the' and spacing ignored.

    Memoised: the same names are folded again for every sentence that names them."""
    name = name.replace("’", "'").replace("‘", "'")
    name = re.sub(r"[‐‑‒–—―]", "-", name)
    name = re.sub(r"^\s*the\s+", "", name, flags=re.IGNORECASE)
    name = re.sub(r"\s+&\s+", " and ", name)
    return re.sub(r"\s+", " ", name).strip().lower()


@dataclass
class Registry:
    """Entities by key, and every name (label, alias, Chinese label) that points at one."""

    path: Path | None = None
    entities: dict[str, Entity] = field(default_factory=dict)
    by_name: dict[str, Entity] = field(default_factory=dict)
    by_site: dict[str, Entity] = field(default_factory=dict)
    digest: str = ""

    def for_site(self, site: str) -> Entity | None:
        """The organisation a domain speaks for: news.gov.hk, then gov.hk."""
        parts = site.lower().removeprefix("www.").split(".")
        for i in range(len(parts) - 1):
            entity = self.by_site.get(".".join(parts[i:]))
            if entity is not None:
                return entity
        return None

    def lookup(self, name: str) -> Entity | None:
        return self.by_name.get(fold(name))

    def names(self) -> list[tuple[str, Entity]]:
        """Every (surface name, entity) pair, longest names first."""
        pairs = []
        for entity in self.entities.values():
            for name in (entity.label, *entity.aliases, entity.zh_hant, entity.zh_hans):
                if name:
                    pairs.append((name, entity))
        return sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0]))


def load_registry(path: Path) -> Registry:
    """Read the registry TSV; a malformed line or an alias used twice is a LoaderError."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoaderError(path, f"cannot read the entity registry: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoaderError(path, f"registry is not UTF-8 (byte {exc.start})") from exc
    registry = Registry(path=path, digest=hashlib.sha256(raw).hexdigest())
    owners: dict[str, tuple[int, str]] = {}
    rows = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    header_seen = False
    for lineno, row in enumerate(rows, start=1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if not header_seen:
            if tuple(cell.strip() for cell in row) != COLUMNS:
                raise LoaderError(path, f"line {lineno}: header must be {' TAB '.join(COLUMNS)}")
            header_seen = True
            continue
        if len(row) != len(COLUMNS):
            raise LoaderError(
                path,
                f"line {lineno}: expected {len(COLUMNS)} tab-separated columns, got {len(row)}",
            )
        key, cls, label, aliases, zh_hant, zh_hans, wikidata, part_of, sites = (
            c.strip() for c in row
        )
        if not key or not label:
            raise LoaderError(path, f"line {lineno}: key and label are required")
        try:
            kind_of(cls)
        except ValueError:
            raise LoaderError(path, f"line {lineno}: unknown class {cls!r}") from None
        if wikidata and not re.fullmatch(r"Q[1-9][0-9]*", wikidata):
            raise LoaderError(
                path, f"line {lineno}: Wikidata id {wikidata!r} is not of the form Q123"
            )
        if key in registry.entities:
            raise LoaderError(path, f"line {lineno}: key {key!r} is already used")
        entity = Entity(
            key=key,
            cls=cls,
            label=label,
            aliases=tuple(a.strip() for a in aliases.split("|") if a.strip()),
            zh_hant=zh_hant,
            zh_hans=zh_hans,
            wikidata=wikidata,
            part_of=part_of,
        )
        for name in {fold(n) for n in (label, *entity.aliases, zh_hant, zh_hans) if n}:
            if name in owners and owners[name][1] != key:
                first_line, first_key = owners[name]
                raise LoaderError(
                    path,
                    f"line {lineno}: name {name!r} of {key!r} is already used by "
                    f"{first_key!r} on line {first_line}",
                )
            owners[name] = (lineno, key)
            registry.by_name[name] = entity
        registry.entities[key] = entity
        for site in (s.strip().lower() for s in sites.split("|") if s.strip()):
            if site in registry.by_site:
                raise LoaderError(path, f"line {lineno}: site {site!r} is already used")
            registry.by_site[site] = entity
    for entity in registry.entities.values():
        if entity.part_of and entity.part_of not in registry.entities:
            raise LoaderError(path, f"{entity.key!r}: part_of {entity.part_of!r} is not a key")
    return registry
