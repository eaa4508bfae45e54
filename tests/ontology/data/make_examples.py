"""Regenerate the valid example report graphs in this folder from the real source page.

Run from the repository root: ``python tests/ontology/data/make_examples.py``. Every
passage is a real quote from ``data/sources/ohkf-science-tech-innovation.txt`` with its
real offsets, so the examples stay true to docs/graph-model.md and to the file. The
output is reviewed by hand and committed; the tests read the Turtle, not this script.
"""

from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from loaders import read_source
from ontology.iris import (
    entity_iri,
    evidence_iri,
    part_iri,
    passage_iri,
    report_iri,
    source_iri,
    topic_iri,
)
from ontology.namespace import GBA, OA, PREFIXES, SCHEMA, WD

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "data" / "sources" / "ohkf-science-tech-innovation.txt"
HERE = Path(__file__).resolve().parent

ENTITIES = {
    # key: (kind, class, English, zh-Hant, zh-Hans, Wikidata)
    "ohkf": ("organisation", GBA.ThinkTank, "Our Hong Kong Foundation", "團結香港基金",
             "团结香港基金", None),
    "cciee": ("organisation", GBA.ThinkTank, "China Center for International Economic Exchanges",
              "中國國際經濟交流中心", "中国国际经济交流中心", None),
    "cdi": ("organisation", GBA.ThinkTank, "China Development Institute", "綜合開發研究院",
            "综合开发研究院", None),
    "central-government": ("organisation", GBA.GovernmentBody, "Central Government",
                           "中央人民政府", "中央人民政府", None),
    "hk-government": ("organisation", GBA.GovernmentBody, "Hong Kong Government",
                      "香港特別行政區政府", "香港特别行政区政府", None),
    "sz-government": ("organisation", GBA.GovernmentBody, "Shenzhen Government",
                      "深圳市人民政府", "深圳市人民政府", None),
    "hong-kong": ("place", GBA.City, "Hong Kong", "香港", "香港", "Q8646"),
    "shenzhen": ("place", GBA.City, "Shenzhen", "深圳", "深圳", "Q15174"),
    "hetao": ("place", GBA.Zone,
              "Hetao Shenzhen-Hong Kong Science and Technology Innovation Co-operation Zone",
              "河套深港科技創新合作區", "河套深港科技创新合作区", None),
    "fund": ("fund", GBA.Fund, "Applied Research Endowment Fund", None, None, None),
}


class Builder:
    """Adds one report's triples to a graph, minting IRIs the way the loaders do."""

    def __init__(self, title: str) -> None:
        self.source = read_source(SOURCE)
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, str(ns))
        self.report = report_iri(title)
        self.file = source_iri(self.source.sha256)
        self.entities: dict[str, URIRef] = {}
        g, f = self.g, self.file
        g.add((f, RDF.type, GBA.SourceFile))
        g.add((f, DCTERMS.identifier, Literal(SOURCE.name)))
        g.add((f, GBA.sha256, Literal(self.source.sha256)))
        g.add((f, DCTERMS["format"], Literal(self.source.media_type)))
        g.add((f, GBA.origin, Literal("Our Hong Kong Foundation, Science & Tech Innovation page")))
        r = self.report
        g.add((r, RDF.type, GBA.Report))
        g.add((r, DCTERMS.title, Literal(title, lang="en")))
        g.add((r, RDFS.label, Literal(title, lang="en")))
        g.add((r, GBA.sourceFile, f))
        g.add((r, GBA.passage, self.passage(title)))

    def passage(self, quote: str) -> URIRef:
        text = self.source.text
        start = text.index(quote)
        end = start + len(quote)
        p = passage_iri(self.source.sha256, start, end)
        g = self.g
        g.add((p, RDF.type, GBA.Passage))
        g.add((p, OA.exact, Literal(quote)))
        g.add((p, OA.prefix, Literal(text[max(0, start - 32) : start])))
        g.add((p, OA.suffix, Literal(text[end : end + 32])))
        g.add((p, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((p, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
        g.add((p, GBA.inFile, self.file))
        return p

    def entity(self, key: str) -> URIRef:
        kind, cls, en, hant, hans, qid = ENTITIES[key]
        e = entity_iri(kind, en)
        if key not in self.entities:
            g = self.g
            g.add((e, RDF.type, cls))
            g.add((e, RDFS.label, Literal(en, lang="en")))
            if hant:
                g.add((e, RDFS.label, Literal(hant, lang="zh-Hant")))
            if hans:
                g.add((e, RDFS.label, Literal(hans, lang="zh-Hans")))
            if qid:
                g.add((e, OWL.sameAs, WD[qid]))
                g.add((e, SKOS.exactMatch, WD[qid]))
            self.entities[key] = e
        return e

    def fact(self, s: URIRef, p: URIRef, o: URIRef, quote: str) -> None:
        """Add an extracted triple and the Evidence that ties it to its passage."""
        g = self.g
        g.add((s, p, o))
        ev = evidence_iri(self.report, str(s), str(p), str(o))
        g.add((ev, RDF.type, GBA.Evidence))
        g.add((ev, RDF.subject, s))
        g.add((ev, RDF.predicate, p))
        g.add((ev, RDF.object, o))
        g.add((ev, GBA.passage, self.passage(quote)))
        g.add((ev, GBA.inReport, self.report))

    def topic(self, name: str) -> URIRef:
        t = topic_iri(name)
        self.g.add((t, RDF.type, SKOS.Concept))
        self.g.add((t, SKOS.prefLabel, Literal(name, lang="en")))
        self.g.add((t, SKOS.inScheme, GBA.TopicScheme))
        return t

    def edition(self, n: int, link: str, kind: str, lang: str) -> None:
        e = part_iri(self.report, "edition", n)
        g = self.g
        g.add((self.report, GBA.edition, e))
        g.add((e, RDF.type, GBA.Edition))
        g.add((e, RDFS.label, Literal(link, lang="en")))
        g.add((e, GBA.editionKind, Literal(kind)))
        g.add((e, DCTERMS.language, Literal(lang, datatype=XSD.language)))
        g.add((e, DCTERMS["format"], Literal("application/pdf")))

    def recommendation(self, n: int, phrase: str, quote: str | None = None) -> URIRef:
        rec = part_iri(self.report, "recommendation", n)
        g = self.g
        g.add((self.report, GBA.recommends, rec))
        g.add((rec, RDF.type, GBA.Recommendation))
        g.add((rec, RDFS.label, Literal(phrase, lang="en")))
        g.add((rec, GBA.order, Literal(n)))
        g.add((rec, GBA.passage, self.passage(quote or phrase)))
        return rec

    def write(self, name: str, header: str) -> None:
        body = self.g.serialize(format="longturtle")
        (HERE / name).write_text(header + body, encoding="utf-8")


def biotech() -> None:
    b = Builder(
        "Strategic Collaborations between Hong Kong and Shenzhen in Biotechnology – "
        "Capitalising opportunities in the Loop for Policy Innovations"
    )
    g, r = b.g, b.report
    g.add((r, DCTERMS.issued, Literal("2021-07-26", datatype=XSD.date)))
    g.add((r, DCTERMS.language, Literal("en", datatype=XSD.language)))
    g.add((r, GBA.topic, b.topic("Biotechnology")))
    g.add((r, GBA.claimedRecommendationCount, Literal(7)))
    partnered = ("Our Hong Kong Foundation has partnered with the China Center for International "
                 "Economic Exchanges and the China Development Institute")
    b.fact(r, DCTERMS.publisher, b.entity("ohkf"), partnered)
    b.fact(r, GBA.partner, b.entity("cciee"), partnered)
    b.fact(r, GBA.partner, b.entity("cdi"), partnered)
    b.edition(1, "Full Report (Download PDF) - English", "Full Report", "en")
    b.edition(2, "Full Report (Download PDF) - Traditional Chinese", "Full Report", "zh-Hant")
    b.edition(3, "Executive Summary (Download PDF) Traditional Chinese", "Executive Summary",
              "zh-Hant")
    hetao = "Hetao Shenzhen/Hong Kong Innovation and Technology Co-operation Zone"
    b.fact(r, GBA.mentions, b.entity("hetao"), hetao)
    seven = ("we put forth seven major recommendations for the Hong Kong, Shenzhen, and "
             "Central Government to consider")
    for key in ("hong-kong", "shenzhen", "central-government"):
        b.fact(r, GBA.mentions, b.entity(key), seven)
    phrases = [
        "speeding up the development of industrial clusters",
        "setting up ancillary facilities",
        "building a one-stop service platform",
        "encouraging technology transfer",
        "training interdisciplinary talents",
        "strengthening overall coordination",
        "bridging the systems of the two cities",
        "facilitating the flow of biological materials and equipment",
    ]
    for n, phrase in enumerate(phrases, start=1):
        rec = b.recommendation(n, phrase)
        if n == 6:
            for key in ("hk-government", "sz-government", "central-government"):
                b.fact(rec, GBA.addressedTo, b.entity(key), seven)
    collab = part_iri(r, "collaboration", 1)
    quote = ("this report recommends that Hong Kong and Shenzhen use biotechnology as an entry "
             "point for scientific and technological innovation cooperation")
    g.add((r, GBA.proposesCollaboration, collab))
    g.add((collab, RDF.type, GBA.Collaboration))
    g.add((collab, RDFS.label, Literal("Hong Kong-Shenzhen co-operation in biotechnology",
                                       lang="en")))
    g.add((collab, GBA.field, b.topic("Biotechnology")))
    g.add((collab, GBA.passage, b.passage(quote)))
    b.fact(collab, GBA.participant, b.entity("hong-kong"), quote)
    b.fact(collab, GBA.participant, b.entity("shenzhen"), quote)
    b.fact(collab, GBA.through, b.entity("hetao"), hetao)
    b.write("valid_report.ttl", "# A valid report graph: see README.md. Generated by "
            "make_examples.py, then reviewed.\n")


def ecosystem() -> None:
    b = Builder("The Ecosystem of Innovation and Technology in Hong Kong")
    g, r = b.g, b.report
    g.add((r, GBA.topic, b.topic("Innovation and Technology")))
    ohkf = b.entity("ohkf")
    fund_quote = "recommends establishing a HK$ 50 billion endowment fund on applied research"
    g.add((r, DCTERMS.publisher, ohkf))
    fund = b.entity("fund")
    b.fact(r, GBA.mentions, fund, fund_quote)
    g.add((fund, GBA.status, GBA.Proposed))
    amount = part_iri(r, "amount", 1)
    g.add((fund, GBA.amount, amount))
    g.add((amount, RDF.type, SCHEMA.MonetaryAmount))
    g.add((amount, SCHEMA.value, Literal(Decimal("50000000000"))))
    g.add((amount, SCHEMA.currency, Literal("HKD")))
    g.add((amount, GBA.passage, b.passage("HK$ 50 billion")))
    rec1 = b.recommendation(1, "establishing a HK$ 50 billion endowment fund on applied research",
                            fund_quote)
    b.fact(rec1, GBA.concerns, fund, fund_quote)
    target = ("We recommend the Government to set the goal of increasing public R&D funding to "
              "1% of GDP")
    rec2 = b.recommendation(2, "increasing public R&D funding to 1% of GDP", target)
    b.fact(rec2, GBA.addressedTo, b.entity("hk-government"), target)
    stat = part_iri(r, "statistic", 1)
    g.add((r, GBA.cites, stat))
    g.add((stat, RDF.type, GBA.Statistic))
    g.add((stat, RDFS.label, Literal("public R&D funding target of 1% of GDP", lang="en")))
    g.add((stat, SCHEMA.value, Literal(Decimal("1"))))
    g.add((stat, GBA.unit, Literal("percent of GDP")))
    g.add((stat, GBA.measures, Literal("public R&D funding", lang="en")))
    g.add((stat, GBA.place, b.entity("hong-kong")))
    g.add((stat, GBA.passage, b.passage(target)))
    cluster = ("the Foundation hopes the Government can promote collaboration with Shenzhen to "
               "create a regional technology cluster")
    collab = part_iri(r, "collaboration", 1)
    g.add((r, GBA.proposesCollaboration, collab))
    g.add((collab, RDF.type, GBA.Collaboration))
    g.add((collab, RDFS.label, Literal("a Hong Kong-Shenzhen regional technology cluster",
                                       lang="en")))
    g.add((collab, GBA.passage, b.passage(cluster)))
    b.fact(collab, GBA.participant, b.entity("hong-kong"), cluster)
    b.fact(collab, GBA.participant, b.entity("shenzhen"), cluster)
    b.write("valid_report_fund.ttl", "# A valid report graph with a fund, an amount and a "
            "statistic: see README.md. Generated by make_examples.py, then reviewed.\n")


if __name__ == "__main__":
    biotech()
    ecosystem()
