"""A deterministic, seeded synthetic corpus of report pages, for scale benchmarks only.

Why: the real corpus is one page of five reports; the build, the store and the queries must
be measured at 10,000 reports (about a million triples). This module writes N reports as
pages in the style of the user's page (``data/sources/ohkf-science-tech-innovation.txt``):
1–5 report summaries a page, each a title line, an optional ``MM/DD/YYYY - HH:MM`` line,
``[Download …]`` link lines and paragraphs with a publisher sentence, places, funds and
amounts, statistics, enumerated recommendations and Hong Kong–Shenzhen collaboration.

The text is grammatical filler drawn from the entity registry and fixed phrase lists. It
exercises the loaders at scale; **nothing about extraction quality may be claimed from it**
(its pages are shaped to what the loaders read, so accuracy on it says nothing).

The same seed, registry and N give byte-identical files (one ``random.Random(seed)``, no
set iteration, no clock). CLI::

    python -m benchmarks.corpus --reports 1000 --seed 7 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gbakg.config import DEFAULT_REGISTRY
from ontology.iris import slug

ORGANISATION_CLASSES = ("ThinkTank", "GovernmentBody", "Regulator", "ResearchInstitute",
                        "University", "Organisation", "Company")
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
FIELDS = (
    "biotechnology", "artificial intelligence", "microelectronics", "new materials",
    "financial technology", "marine science", "life and health technology",
    "quantum information", "green energy", "smart manufacturing", "data science",
    "aerospace engineering", "integrated circuits", "robotics", "clean transport",
)
SERIES = (
    "Science & Tech Innovation", "Land and Housing", "Economic Development",
    "Talent and Education", "Greater Bay Integration", "Healthcare Policy",
)
PLACE_STEMS = ("Nansha", "Tai Po", "Sha Tau Kok", "Guangming", "Songshan Lake", "Cuiheng",
               "Xiangmihu", "Pingshan", "Lau Fau Shan", "Ma Wan", "Tung Chung", "Yuen Long")
ZONE_HEADS = ("Zone", "Park", "Corridor", "Technopole")
ORG_PREFIXES = ("Greater Bay", "Pearl River", "South China", "Lingnan", "Bay Area",
                "Cross-Boundary", "Delta", "Harbour", "Victoria", "Kowloon East")
ORG_SUFFIXES = (
    "Institute of Advanced Studies", "Institute for Policy Research", "Innovation Authority",
    "Data Authority", "Talent Bureau", "Technology Commission", "Industry Council",
    "Academy of Applied Sciences", "Research Centre", "Venture Association",
)
FUND_PURPOSES = (
    "applied research", "deep technology", "talent attraction", "university spin-offs",
    "translational medicine", "green finance", "semiconductor design", "basic research",
)
CURRENCIES = ("HK$", "US$", "RMB")
ACTIONS = (
    "speeding up the development of industrial clusters", "setting up ancillary facilities",
    "building a one-stop service platform", "encouraging technology transfer",
    "training interdisciplinary talents", "strengthening overall coordination",
    "bridging the systems of the two cities", "facilitating the flow of research materials",
    "enhancing the assessment framework and funding allocation",
    "offering more flexibilities for research commercialisation",
    "improving technology transfer units", "expanding public research funding",
    "attracting top-notch international scientists", "building a regional data exchange",
    "simplifying cross-boundary procurement", "opening laboratory facilities to start-ups",
    "creating a shared pilot production line", "reforming the land supply for research",
)
ASPECTS = ("collaboration", "inclusivity", "facilitation", "scalability", "governance",
           "transparency", "funding", "talent", "infrastructure", "regulation")
TITLE_NOUNS = ("Technology Bridge", "Talent Pipeline", "Innovation Corridor", "Data Highway",
               "Research Ecosystem", "Venture Market", "Industrial Base", "Policy Toolkit")
TITLE_GOALS = ("Scientific Breakthroughs", "Regional Integration", "Industrial Upgrading",
               "Sustainable Growth", "Global Competitiveness", "Shared Prosperity")
HUBS = ("R&D Powerhouse", "Innovation Hub", "Technology Centre", "Finance Hub",
        "Talent Magnet", "Data Hub")
LINKS = (
    "[Download Full Report]", "[Download Executive Summary]", "[Download Presentation Slides]",
    "[Full Report (Download PDF) - English]", "[Full Report (Download PDF) - Traditional Chinese]",
    "[Executive Summary (Download PDF) Traditional Chinese]",
)
CHINESE_HEADERS = ("科技 創新", "土地 房屋", "經濟 發展", "人才 教育")


@dataclass(frozen=True)
class Names:
    """Registry names by kind: what the generator draws its entities from."""

    cities: tuple[str, ...]
    countries: tuple[str, ...]
    zones: tuple[str, ...]
    organisations: tuple[str, ...]
    funds: tuple[str, ...]


def read_names(registry: Path = DEFAULT_REGISTRY) -> Names:
    """English labels from the registry TSV, in file order (so draws are reproducible)."""
    by_class: dict[str, list[str]] = {}
    for line in registry.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("key\t"):
            continue
        cells = line.split("\t")
        if len(cells) >= 3:
            by_class.setdefault(cells[1], []).append(cells[2])
    orgs = [name for cls in ORGANISATION_CLASSES for name in by_class.get(cls, [])]
    return Names(
        cities=tuple(by_class.get("City", [])),
        countries=tuple(by_class.get("Country", [])),
        zones=tuple(by_class.get("Zone", [])),
        organisations=tuple(orgs),
        funds=tuple(by_class.get("Fund", [])),
    )


def _join(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b, and c' as on the user's page."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _title_case(text: str) -> str:
    return " ".join(w if w in {"and", "of", "in", "for"} else w[:1].upper() + w[1:]
                    for w in text.split())


class Writer:
    """Draws reports from one seeded generator; remembers titles so each is unique."""

    def __init__(self, seed: int, names: Names) -> None:
        self.rng = random.Random(seed)
        self.names = names
        self.titles: set[str] = set()
        self.organisations = tuple(f"{p} {s}" for p in ORG_PREFIXES for s in ORG_SUFFIXES)
        self.zones = tuple(f"{stem} {_title_case(field)} {head}" for stem in PLACE_STEMS
                           for field in FIELDS[:8] for head in ZONE_HEADS[:2])

    def pick(self, items: Sequence[str], k: int = 1) -> list[str]:
        return self.rng.sample(list(items), k)

    def title(self) -> str:
        """A new title, never drawn before (its slug is the report's IRI)."""
        for attempt in range(1000):
            title = self._title_once()
            if attempt >= 20:
                title += f" – Volume {attempt}"
            if slug(title) not in self.titles:
                self.titles.add(slug(title))
                return title
        raise RuntimeError("no unique title left")

    def _title_once(self) -> str:
        rng = self.rng
        a, b = self.pick(self.names.cities[:12], 2)
        field = _title_case(rng.choice(FIELDS))
        city = rng.choice(self.names.cities[:12])
        forms = (
            f"Strategic Collaborations between {a} and {b} in {field} – "
            f"Capitalising on {rng.choice(TITLE_GOALS)}",
            f"Building the {rng.choice(TITLE_NOUNS)} for {rng.choice(TITLE_GOALS)}: "
            f"Developing {city} into a {rng.choice(HUBS)}",
            f"Unleash the Potential in {field}: Develop {city} into an International "
            f"{rng.choice(HUBS)}",
            f"The Ecosystem of {field} in {city} and the {rng.choice(TITLE_NOUNS)}",
            f"{field} Advocacy Study on the {rng.choice(TITLE_NOUNS)} of {city}",
            f"Towards a {rng.choice(TITLE_NOUNS)} in {a}: {field} and {rng.choice(TITLE_GOALS)}",
        )
        return rng.choice(forms)

    def report(self) -> list[str]:
        """One report summary: lines of text (blank lines included)."""
        rng = self.rng
        title = self.title()
        lines: list[str] = []
        if rng.random() < 0.7:
            lines += [f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/"
                      f"{rng.randint(2015, 2025)} - {rng.randint(8, 19):02d}:"
                      f"{rng.choice(('00', '15', '30', '45'))}", ""]
        lines += [title, ""]
        lines += sorted(self.pick(LINKS, rng.randint(1, 3)), key=LINKS.index)
        lines += ["", ""]
        paragraphs = [self.opening(), self.publisher(title)]
        optional = [self.statistics, self.fund, self.recommendations, self.numbered,
                    self.collaboration, self.new_body]
        chosen = rng.sample(range(len(optional)), rng.randint(1, 3))
        paragraphs += [optional[i]() for i in sorted(chosen)]
        paragraphs.append(self.closing())
        for paragraph in paragraphs:
            lines += [paragraph, ""]
        return lines

    def opening(self) -> str:
        a, b = self.pick(self.names.cities[:4], 2)
        field = self.rng.choice(FIELDS)
        return (f"Overlooking the same bay stand {a} and {b}, two major cities of the "
                f"Greater Bay Area, whose co-operation in {field} has drawn significant "
                "attention.")

    def publisher(self, title: str) -> str:
        rng = self.rng
        publisher, *partners = self.pick(self.names.organisations[:6], 3)
        series = rng.choice(SERIES)
        if rng.random() < 0.5:
            return (f"As such, {publisher} has partnered with {_join(partners)} to publish "
                    f"its new {series} report entitled ‘{title}’.")
        return (f"Against the current backdrop, {publisher} has published its new {series} "
                f"report, entitled ‘{title}’.")

    def statistics(self) -> str:
        rng = self.rng
        city = rng.choice(self.names.cities[:4])
        c1, c2 = self.pick(self.names.countries, 2)
        v1, v2 = rng.randint(50, 400) / 10, rng.randint(50, 400) / 10
        return (f"Over half of {city}’s R&D expenditure occurred in the higher education "
                f"sector. Compared with just {v1}% in {_the(c1)} and {v2}% in {_the(c2)}, "
                "universities are the game-changer for the local innovation ecosystem.")

    def fund(self) -> str:
        rng = self.rng
        currency = rng.choice(CURRENCIES)
        size = f"{rng.randint(1, 80)} {rng.choice(('million', 'billion'))}"
        purpose = rng.choice(FUND_PURPOSES)
        existing = rng.choice(self.names.funds)
        return (f"The report recommends establishing a {currency} {size} endowment fund on "
                f"{purpose}. It also suggests that the {existing} should support more "
                f"projects in {rng.choice(FIELDS)}.")

    def recommendations(self) -> str:
        rng = self.rng
        count = rng.randint(3, 6)
        claimed = count if rng.random() < 0.8 else count + 1
        actions = self.pick(ACTIONS, count)
        head, tail = actions[: count // 2 + 1], actions[count // 2 + 1 :]
        who = rng.choice(("Government", "Central Government",
                          "Hong Kong, Shenzhen, and Central Government"))
        text = (f"Hence, we put forth {NUMBER_WORDS[claimed - 1]} recommendations for the "
                f"{who} to consider. Namely, we recommend {_join(head)}.")
        if tail:
            text += f" We also recommend {_join(tail)}."
        return text + " For details, please refer to the full report."

    def numbered(self) -> str:
        rng = self.rng
        aspects = self.pick(ASPECTS, rng.randint(3, 5))
        items = "; ".join(f"({i}) {a}" for i, a in enumerate(aspects[:-1], 1))
        items += f"; and ({len(aspects)}) {aspects[-1]}"
        regulator = rng.choice(self.names.organisations[:24])
        return (f"The study suggests that {NUMBER_WORDS[len(aspects) - 1]} aspects of the "
                f"framework of {regulator} could be improved. They are: {items}.")

    def collaboration(self) -> str:
        rng = self.rng
        field = rng.choice(FIELDS)
        zone = rng.choice(self.names.zones[:2] + self.zones[:: rng.randint(1, 7)])
        return (f"Therefore, this report recommends that Hong Kong and Shenzhen use {field} "
                "as an entry point for scientific and technological innovation cooperation. "
                f"By taking advantage of the {zone} and making use of each city’s unique "
                "advantages, Hong Kong and Shenzhen can pursue common development in this area.")

    def new_body(self) -> str:
        rng = self.rng
        org = rng.choice(self.organisations)
        zone = rng.choice(self.zones)
        return (f"In the meantime, we recommend the Government establish the {org} to "
                f"advise the Chief Executive, and develop the {zone} into a world-class "
                "innovation district.")

    def closing(self) -> str:
        return (f"We hope to strengthen {self.rng.choice(FIELDS)} in the region. As such, it "
                "would extend our research impact and generate new industrial opportunities.")

    def page(self, reports: int) -> str:
        """One page of ``reports`` summaries in the layout of the user's page."""
        rng = self.rng
        header = rng.choice(CHINESE_HEADERS)
        series = rng.choice(SERIES)
        lines = [header, series, "", f"{series} | Policy Research Series", ""]
        for _ in range(reports):
            lines += self.report()
        return "".join(("    " + line if line else "") + "\n" for line in lines)


def _the(country: str) -> str:
    return f"the {country}" if country.startswith("United") else country


def page_sizes(reports: int, rng: random.Random) -> list[int]:
    """Reports per page (1–5 each) summing to ``reports``."""
    sizes: list[int] = []
    left = reports
    while left > 0:
        size = min(rng.randint(1, 5), left)
        sizes.append(size)
        left -= size
    return sizes


def generate(reports: int, seed: int, out: Path, registry: Path = DEFAULT_REGISTRY) -> list[Path]:
    """Write ``reports`` report summaries as pages ``page-NNNNN.txt`` under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    writer = Writer(seed, read_names(registry))
    paths = []
    for number, size in enumerate(page_sizes(reports, writer.rng), 1):
        path = out / f"page-{number:05d}.txt"
        path.write_text(writer.page(size), "utf-8", newline="\n")
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks.corpus --reports N --seed S --out DIR``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, required=True, metavar="N")
    parser.add_argument("--seed", type=int, default=0, metavar="S")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY, metavar="FILE")
    args = parser.parse_args(argv)
    if args.reports < 1:
        parser.error("--reports must be at least 1")
    paths = generate(args.reports, args.seed, args.out, args.registry)
    print(f"wrote {args.reports:,} reports in {len(paths):,} pages to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
