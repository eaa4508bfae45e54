"""Report records -> one rdflib Graph per report (see docs/graph-model.md).

Each graph is self-contained: the report, its parts, the entities it names (type,
labels, Wikidata), the passages behind every fact and the source file, so it can be
validated alone and replaced alone in an incremental build.
"""

from collections.abc import Iterable

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS, SKOS, XSD

from loaders.model import Mention, ReportRecord, Span
from loaders.registry import Entity, Registry
from loaders.script import language_of
from loaders.sentences import flat
from loaders.source import SourceText
from ontology.iris import (
    evidence_iri,
    graph_iri,
    part_iri,
    passage_iri,
    report_iri,
    source_iri,
    topic_iri,
)
from ontology.namespace import GBA, OA, ORG, SCHEMA, WD

CONTEXT_CHARS = 32


def en(text: str) -> Literal:
    return Literal(flat(text), lang="en")


def written(text: str) -> Literal:
    """Text tagged with the language it is written in (a Chinese page's title stays Chinese)."""
    return Literal(flat(text), lang=language_of(text))


class ReportGraphWriter:
    """Writes one report's graph; remembers what it has written to avoid repeats."""

    def __init__(self, record: ReportRecord, source: SourceText, registry: Registry) -> None:
        self.record = record
        self.source = source
        self.registry = registry
        self.graph = Graph()
        self.iri = report_iri(record.title)
        self.source_node = source_iri(source.sha256)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))

    # -- provenance -------------------------------------------------------------------
    def passage(self, span: Span) -> URIRef:
        node = passage_iri(self.source.sha256, span.start, span.end)
        if (node, RDF.type, GBA.Passage) in self.graph:
            return node
        text = self.source.text
        self.add(node, RDF.type, GBA.Passage)
        self.add(node, OA.exact, Literal(text[span.start : span.end]))
        prefix = text[max(0, span.start - CONTEXT_CHARS) : span.start]
        suffix = text[span.end : span.end + CONTEXT_CHARS]
        if prefix:
            self.add(node, OA.prefix, Literal(prefix))
        if suffix:
            self.add(node, OA.suffix, Literal(suffix))
        self.add(node, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger))
        self.add(node, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger))
        self.add(node, GBA.inFile, self.source_node)
        return node

    def fact(self, s: URIRef, p: URIRef, o: URIRef, span: Span | None) -> None:
        """Add a triple and, where its passage is known, the evidence behind it."""
        if (s, p, o) in self.graph:
            return
        self.add(s, p, o)
        if span is None:
            return
        node = evidence_iri(self.iri, str(s), str(p), str(o))
        self.add(node, RDF.type, GBA.Evidence)
        self.add(node, RDF.subject, s)
        self.add(node, RDF.predicate, p)
        self.add(node, RDF.object, o)
        self.add(node, GBA.passage, self.passage(span))
        self.add(node, GBA.inReport, self.iri)

    def source_file(self) -> None:
        node = self.source_node
        self.add(node, RDF.type, GBA.SourceFile)
        self.add(node, DCTERMS.identifier, Literal(self.source.path.name))
        self.add(node, GBA.sha256, Literal(self.source.sha256))
        self.add(node, DCTERMS.format, Literal(self.source.media_type))
        if origin := self.source.metadata.get("origin"):
            self.add(node, GBA.origin, Literal(origin))
        if url := self.source.metadata.get("url"):
            self.add(node, SCHEMA.url, Literal(url, datatype=XSD.anyURI))

    # -- entities ---------------------------------------------------------------------
    def entity(self, entity: Entity) -> URIRef:
        node = entity.iri
        if (node, RDFS.label, None) in self.graph:
            return node
        self.add(node, RDF.type, GBA[entity.cls])
        self.add(node, RDFS.label, en(entity.label))
        for alias in entity.aliases:
            if alias != entity.label:
                self.add(node, SKOS.altLabel, en(alias))
        if entity.zh_hant:
            self.add(node, RDFS.label, Literal(entity.zh_hant, lang="zh-Hant"))
        if entity.zh_hans:
            self.add(node, RDFS.label, Literal(entity.zh_hans, lang="zh-Hans"))
        if entity.wikidata:
            self.add(node, OWL.sameAs, WD[entity.wikidata])
            self.add(node, SKOS.exactMatch, WD[entity.wikidata])
        if entity.part_of and entity.part_of in self.registry.entities:
            owner = self.registry.entities[entity.part_of]
            self.add(
                node,
                ORG.postIn if entity.cls == "Post" else ORG.subOrganizationOf,
                self.entity(owner),
            )
        return node

    def mention(self, mention: Mention) -> URIRef:
        node = self.entity(mention.entity)
        self.fact(self.iri, GBA.mentions, node, mention.context or mention.span)
        return node

    def stub(self, other: ReportRecord) -> URIRef:
        """Another report of the same source, described enough to stand alone here."""
        node = report_iri(other.title)
        self.add(node, RDF.type, GBA.PolicyDocument if other.policy_document else GBA.Report)
        self.add(node, DCTERMS.title, written(other.title))
        self.add(node, RDFS.label, written(other.title))
        self.add(node, GBA.sourceFile, self.source_node)
        self.add(node, GBA.passage, self.passage(other.title_span))
        return node

    # -- the report -------------------------------------------------------------------
    def write(self, citing: URIRef | None) -> Graph:
        record, r = self.record, self.iri
        self.source_file()
        self.add(r, RDF.type, GBA.PolicyDocument if record.policy_document else GBA.Report)
        self.add(r, DCTERMS.title, written(record.title))
        self.add(r, RDFS.label, written(record.title))
        for alias in record.aliases:
            if alias != record.title:
                self.add(r, DCTERMS.alternative, written(alias))
        for line, language in record.alternative_titles:
            self.add(r, DCTERMS.alternative, Literal(line, lang=language))
        self.add(r, GBA.sourceFile, self.source_node)
        self.add(r, GBA.passage, self.passage(record.title_span))
        if citing is not None and self.record.cited_in is not None:
            self.stub(self.record.cited_in)
            self.fact(r, GBA.citedIn, citing, record.title_span)
        if record.issued is not None:
            self.add(r, DCTERMS.issued, Literal(record.issued.isoformat(), datatype=XSD.date))
        if record.publisher is not None:
            self.fact(
                r,
                DCTERMS.publisher,
                self.entity(record.publisher.entity),
                record.publisher.context or record.publisher.span,
            )
        for partner in record.partners:
            self.fact(r, GBA.partner, self.entity(partner.entity), partner.context or partner.span)
        if record.topic:
            topic = topic_iri(record.topic)
            self.add(r, GBA.topic, topic)
            self.add(topic, RDF.type, SKOS.Concept)
            self.add(topic, SKOS.prefLabel, en(record.topic))
            self.add(topic, SKOS.inScheme, GBA.TopicScheme)
        if record.claimed_count is not None:
            self.add(r, GBA.claimedRecommendationCount, Literal(record.claimed_count))
        self._editions()
        for mention in record.mentions:
            self.mention(mention)
        for doc in record.cited:
            self.fact(r, GBA.mentions, self.stub(doc), doc.title_span)
            self.add(report_iri(doc.title), GBA.citedIn, r)
        self._recommendations()
        self._funds()
        self._statistics()
        self._collaborations()
        return self.graph

    def _editions(self) -> None:
        languages = set()
        for n, edition in enumerate(self.record.editions, start=1):
            node = part_iri(self.iri, "edition", n)
            self.add(self.iri, GBA.edition, node)
            self.add(node, RDF.type, GBA.Edition)
            self.add(node, RDFS.label, en(edition.label))
            self.add(node, GBA.editionKind, Literal(edition.kind))
            if edition.language:
                self.add(node, DCTERMS.language, Literal(edition.language, datatype=XSD.language))
                languages.add(edition.language)
            if edition.media_type:
                self.add(node, DCTERMS["format"], Literal(edition.media_type))
        for language in sorted(languages):
            self.add(self.iri, DCTERMS.language, Literal(language, datatype=XSD.language))

    def _recommendations(self) -> None:
        for n, rec in enumerate(self.record.recommendations, start=1):
            node = part_iri(self.iri, "recommendation", n)
            self.add(self.iri, GBA.recommends, node)
            self.add(node, RDF.type, GBA.Recommendation)
            self.add(node, RDFS.label, written(rec.label))
            self.add(node, GBA.order, Literal(n))
            self.add(node, GBA.passage, self.passage(rec.span))
            for addressee in rec.addressees:
                self.fact(node, GBA.addressedTo, self.entity(addressee.entity), rec.span)
            for concern in rec.concerns:
                if concern.entity.cls != "Post":
                    self.fact(node, GBA.concerns, self.entity(concern.entity), rec.span)

    def _funds(self) -> None:
        amounts = 0
        for fund in self.record.funds:
            node = self.entity(fund.entity)
            self.fact(self.iri, GBA.mentions, node, fund.span)
            self.add(node, GBA.status, GBA.Proposed if fund.proposed else GBA.Existing)
            if fund.amount is not None:
                amounts += 1
                amount = part_iri(self.iri, "amount", amounts)
                self.add(node, GBA.amount, amount)
                self.add(amount, RDF.type, SCHEMA.MonetaryAmount)
                self.add(amount, SCHEMA.value, Literal(fund.amount.value, datatype=XSD.decimal))
                self.add(amount, SCHEMA.currency, Literal(fund.amount.currency))
                self.add(amount, GBA.passage, self.passage(fund.amount.span))

    def _statistics(self) -> None:
        for n, stat in enumerate(self.record.statistics, start=1):
            node = part_iri(self.iri, "statistic", n)
            self.add(self.iri, GBA.cites, node)
            self.add(node, RDF.type, GBA.Statistic)
            self.add(node, RDFS.label, en(stat.label))
            if stat.value is not None:
                self.add(node, SCHEMA.value, Literal(stat.value, datatype=XSD.decimal))
            if stat.unit:
                self.add(node, GBA.unit, Literal(stat.unit))
            if stat.qualifier:
                self.add(node, GBA.qualifier, Literal(stat.qualifier))
            if stat.measures:
                self.add(node, GBA.measures, en(stat.measures))
            if stat.place is not None:
                self.fact(node, GBA.place, self.entity(stat.place), stat.span)
            self.add(node, GBA.passage, self.passage(stat.span))

    def _collaborations(self) -> None:
        for n, collab in enumerate(self.record.collaborations, start=1):
            node = part_iri(self.iri, "collaboration", n)
            self.add(self.iri, GBA.proposesCollaboration, node)
            self.add(node, RDF.type, GBA.Collaboration)
            names = " – ".join(p.label for p in collab.participants)
            self.add(node, RDFS.label, en(f"{names} collaboration"))
            for place in collab.participants:
                evidence = next((m for m in collab.evidence if m.entity == place), None)
                self.fact(
                    node,
                    GBA.participant,
                    self.entity(place),
                    (evidence.context if evidence else None) or collab.span,
                )
            if self.record.topic:
                self.add(node, GBA.field, topic_iri(self.record.topic))
            for zone in collab.through:
                self.fact(node, GBA.through, self.entity(zone.entity), zone.context or zone.span)
            self.add(node, GBA.passage, self.passage(collab.span))


def report_graphs(
    records: Iterable[ReportRecord], source: SourceText, registry: Registry
) -> dict[URIRef, Graph]:
    """One named graph per report and per document a report names."""
    graphs: dict[URIRef, Graph] = {}
    for record in records:
        todo: list[tuple[ReportRecord, URIRef | None]] = [(record, None)]
        todo += [(doc, report_iri(record.title)) for doc in record.cited]
        for item, citing in todo:
            writer = ReportGraphWriter(item, source, registry)
            name = graph_iri(writer.iri, citing)
            graph = writer.write(citing)
            if name in graphs:
                graphs[name] += graph
            else:
                graphs[name] = graph
    return graphs
