"""Report records -> one named graph per report, as plain triples (see docs/graph-model.md).

Each graph is self-contained: the report, its parts, the entities it names (type,
labels, Wikidata), the passages behind every fact and the source file, so it can be
validated alone and replaced alone in an incremental build. Triples are kept in the
plain terms of :mod:`loaders.terms` (an rdflib Graph per report cost most of the
extraction time); ``loaders.Extraction.graphs`` makes rdflib graphs of them on demand.
"""

from collections.abc import Iterable
from functools import lru_cache

from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS, SKOS, XSD, Namespace

from loaders.model import Mention, ReportRecord, Span
from loaders.registry import Entity, Registry, kind_of
from loaders.script import language_of
from loaders.sentences import flat
from loaders.source import SourceText
from loaders.terms import XSD_NON_NEGATIVE_INTEGER, Lit, Term, Triple, integer, typed
from ontology.iris import (
    entity_iri,
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


class _Plain:
    """A namespace whose terms are plain ``str`` IRIs, each made (and checked, for a
    closed namespace such as ``GBA``) by rdflib once, then kept as an attribute."""

    def __init__(self, namespace: type | Namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        value = str(getattr(self._namespace, name))
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> str:
        return str(self._namespace[name])  # type: ignore[index]


_RDF, _RDFS, _OWL, _SKOS, _DCTERMS = (_Plain(ns) for ns in (RDF, RDFS, OWL, SKOS, DCTERMS))
_GBA, _OA, _ORG, _SCHEMA, _WD = (_Plain(ns) for ns in (GBA, OA, ORG, SCHEMA, WD))
_XSD = _Plain(XSD)
TYPE = _RDF.type
LABEL = _RDFS.label


def en(text: str) -> Lit:
    return Lit(flat(text), "en")


def written(text: str) -> Lit:
    """Text tagged with the language it is written in (a Chinese page's title stays Chinese)."""
    return Lit(flat(text), language_of(text))


@lru_cache(maxsize=1 << 16)
def _entity_iri(cls: str, label: str) -> str:
    return str(entity_iri(kind_of(cls), label))


@lru_cache(maxsize=1 << 16)
def _report_iri(title: str) -> str:
    return str(report_iri(title))


@lru_cache(maxsize=1 << 16)
def _passage_iri(sha256: str, start: int, end: int) -> str:
    """Memoised: every fact asks for its passage, and rdflib makes each IRI in Python."""
    return str(passage_iri(sha256, start, end))


class ReportGraphWriter:
    """Writes one report's graph; remembers what it has written to avoid repeats."""

    def __init__(self, record: ReportRecord, source: SourceText, registry: Registry) -> None:
        self.record = record
        self.source = source
        self.registry = registry
        self.triples: set[Triple] = set()
        self.labelled: set[str] = set()
        """Subjects with an ``rdfs:label``: an entity already written has one."""
        self.ref = report_iri(record.title)
        self.iri = str(self.ref)
        self.source_node = str(source_iri(source.sha256))

    def add(self, s: str, p: str, o: Term) -> None:
        self.triples.add((s, p, o))
        if p == LABEL:
            self.labelled.add(s)

    # -- provenance -------------------------------------------------------------------
    def passage(self, span: Span) -> str:
        node = _passage_iri(self.source.sha256, span.start, span.end)
        if (node, TYPE, _GBA.Passage) in self.triples:
            return node
        text = self.source.text
        self.add(node, TYPE, _GBA.Passage)
        self.add(node, _OA.exact, Lit(text[span.start : span.end]))
        prefix = text[max(0, span.start - CONTEXT_CHARS) : span.start]
        suffix = text[span.end : span.end + CONTEXT_CHARS]
        if prefix:
            self.add(node, _OA.prefix, Lit(prefix))
        if suffix:
            self.add(node, _OA.suffix, Lit(suffix))
        self.add(node, _OA.start, integer(span.start, XSD_NON_NEGATIVE_INTEGER))
        self.add(node, _OA.end, integer(span.end, XSD_NON_NEGATIVE_INTEGER))
        self.add(node, _GBA.inFile, self.source_node)
        return node

    def fact(self, s: str, p: str, o: str, span: Span | None) -> None:
        """Add a triple and, where its passage is known, the evidence behind it."""
        if (s, p, o) in self.triples:
            return
        self.add(s, p, o)
        if span is None:
            return
        node = str(evidence_iri(self.ref, s, p, o))
        self.add(node, TYPE, _GBA.Evidence)
        self.add(node, _RDF.subject, s)
        self.add(node, _RDF.predicate, p)
        self.add(node, _RDF.object, o)
        self.add(node, _GBA.passage, self.passage(span))
        self.add(node, _GBA.inReport, self.iri)

    def source_file(self) -> None:
        node = self.source_node
        self.add(node, TYPE, _GBA.SourceFile)
        self.add(node, _DCTERMS.identifier, Lit(self.source.path.name))
        self.add(node, _GBA.sha256, Lit(self.source.sha256))
        self.add(node, _DCTERMS.format, Lit(self.source.media_type))
        if origin := self.source.metadata.get("origin"):
            self.add(node, _GBA.origin, Lit(origin))
        if url := self.source.metadata.get("url"):
            self.add(node, _SCHEMA.url, typed(url, _XSD.anyURI))

    # -- entities ---------------------------------------------------------------------
    def entity(self, entity: Entity) -> str:
        node = _entity_iri(entity.cls, entity.label)
        if node in self.labelled:
            return node
        self.add(node, TYPE, _GBA[entity.cls])
        self.add(node, LABEL, en(entity.label))
        for alias in entity.aliases:
            if alias != entity.label:
                self.add(node, _SKOS.altLabel, en(alias))
        if entity.zh_hant:
            self.add(node, LABEL, Lit(entity.zh_hant, "zh-Hant"))
        if entity.zh_hans:
            self.add(node, LABEL, Lit(entity.zh_hans, "zh-Hans"))
        if entity.wikidata:
            self.add(node, _OWL.sameAs, _WD[entity.wikidata])
            self.add(node, _SKOS.exactMatch, _WD[entity.wikidata])
        if entity.part_of and entity.part_of in self.registry.entities:
            owner = self.registry.entities[entity.part_of]
            self.add(
                node,
                _ORG.postIn if entity.cls == "Post" else _ORG.subOrganizationOf,
                self.entity(owner),
            )
        return node

    def mention(self, mention: Mention) -> str:
        node = self.entity(mention.entity)
        self.fact(self.iri, _GBA.mentions, node, mention.context or mention.span)
        return node

    def stub(self, other: ReportRecord) -> str:
        """Another report of the same source, described enough to stand alone here."""
        node = _report_iri(other.title)
        self.add(node, TYPE, _GBA.PolicyDocument if other.policy_document else _GBA.Report)
        self.add(node, _DCTERMS.title, written(other.title))
        self.add(node, LABEL, written(other.title))
        self.add(node, _GBA.sourceFile, self.source_node)
        self.add(node, _GBA.passage, self.passage(other.title_span))
        return node

    # -- the report -------------------------------------------------------------------
    def write(self, citing: str | None) -> set[Triple]:
        record, r = self.record, self.iri
        self.source_file()
        self.add(r, TYPE, _GBA.PolicyDocument if record.policy_document else _GBA.Report)
        self.add(r, _DCTERMS.title, written(record.title))
        self.add(r, LABEL, written(record.title))
        for alias in record.aliases:
            if alias != record.title:
                self.add(r, _DCTERMS.alternative, written(alias))
        for line, language in record.alternative_titles:
            self.add(r, _DCTERMS.alternative, Lit(line, language))
        self.add(r, _GBA.sourceFile, self.source_node)
        self.add(r, _GBA.passage, self.passage(record.title_span))
        if citing is not None and self.record.cited_in is not None:
            self.stub(self.record.cited_in)
            self.fact(r, _GBA.citedIn, citing, record.title_span)
        if record.issued is not None:
            self.add(r, _DCTERMS.issued, typed(record.issued.isoformat(), _XSD.date))
        if record.publisher is not None:
            self.fact(
                r,
                _DCTERMS.publisher,
                self.entity(record.publisher.entity),
                record.publisher.context or record.publisher.span,
            )
        for partner in record.partners:
            self.fact(r, _GBA.partner, self.entity(partner.entity), partner.context or partner.span)
        if record.topic:
            topic = str(topic_iri(record.topic))
            self.add(r, _GBA.topic, topic)
            self.add(topic, TYPE, _SKOS.Concept)
            self.add(topic, _SKOS.prefLabel, en(record.topic))
            self.add(topic, _SKOS.inScheme, _GBA.TopicScheme)
        if record.claimed_count is not None:
            self.add(r, _GBA.claimedRecommendationCount, integer(record.claimed_count))
        self._editions()
        for mention in record.mentions:
            self.mention(mention)
        for doc in record.cited:
            self.fact(r, _GBA.mentions, self.stub(doc), doc.title_span)
            self.add(_report_iri(doc.title), _GBA.citedIn, r)
        self._recommendations()
        self._funds()
        self._statistics()
        self._collaborations()
        return self.triples

    def _part(self, part: str, number: int) -> str:
        return str(part_iri(self.ref, part, number))

    def _editions(self) -> None:
        languages = set()
        for n, edition in enumerate(self.record.editions, start=1):
            node = self._part("edition", n)
            self.add(self.iri, _GBA.edition, node)
            self.add(node, TYPE, _GBA.Edition)
            self.add(node, LABEL, en(edition.label))
            self.add(node, _GBA.editionKind, Lit(edition.kind))
            if edition.language:
                self.add(node, _DCTERMS.language, typed(edition.language, _XSD.language))
                languages.add(edition.language)
            if edition.media_type:
                self.add(node, _DCTERMS["format"], Lit(edition.media_type))
        for language in sorted(languages):
            self.add(self.iri, _DCTERMS.language, typed(language, _XSD.language))

    def _recommendations(self) -> None:
        for n, rec in enumerate(self.record.recommendations, start=1):
            node = self._part("recommendation", n)
            self.add(self.iri, _GBA.recommends, node)
            self.add(node, TYPE, _GBA.Recommendation)
            self.add(node, LABEL, written(rec.label))
            self.add(node, _GBA.order, integer(n))
            self.add(node, _GBA.passage, self.passage(rec.span))
            for addressee in rec.addressees:
                self.fact(node, _GBA.addressedTo, self.entity(addressee.entity), rec.span)
            for concern in rec.concerns:
                if concern.entity.cls != "Post":
                    self.fact(node, _GBA.concerns, self.entity(concern.entity), rec.span)

    def _funds(self) -> None:
        amounts = 0
        for fund in self.record.funds:
            node = self.entity(fund.entity)
            self.fact(self.iri, _GBA.mentions, node, fund.span)
            self.add(node, _GBA.status, _GBA.Proposed if fund.proposed else _GBA.Existing)
            if fund.amount is not None:
                amounts += 1
                amount = self._part("amount", amounts)
                self.add(node, _GBA.amount, amount)
                self.add(amount, TYPE, _SCHEMA.MonetaryAmount)
                self.add(amount, _SCHEMA.value, typed(fund.amount.value, _XSD.decimal))
                self.add(amount, _SCHEMA.currency, Lit(fund.amount.currency))
                self.add(amount, _GBA.passage, self.passage(fund.amount.span))

    def _statistics(self) -> None:
        for n, stat in enumerate(self.record.statistics, start=1):
            node = self._part("statistic", n)
            self.add(self.iri, _GBA.cites, node)
            self.add(node, TYPE, _GBA.Statistic)
            self.add(node, LABEL, en(stat.label))
            if stat.value is not None:
                self.add(node, _SCHEMA.value, typed(stat.value, _XSD.decimal))
            if stat.unit:
                self.add(node, _GBA.unit, Lit(stat.unit))
            if stat.qualifier:
                self.add(node, _GBA.qualifier, Lit(stat.qualifier))
            if stat.measures:
                self.add(node, _GBA.measures, en(stat.measures))
            if stat.place is not None:
                self.fact(node, _GBA.place, self.entity(stat.place), stat.span)
            self.add(node, _GBA.passage, self.passage(stat.span))

    def _collaborations(self) -> None:
        for n, collab in enumerate(self.record.collaborations, start=1):
            node = self._part("collaboration", n)
            self.add(self.iri, _GBA.proposesCollaboration, node)
            self.add(node, TYPE, _GBA.Collaboration)
            names = " – ".join(p.label for p in collab.participants)
            self.add(node, LABEL, en(f"{names} collaboration"))
            for place in collab.participants:
                evidence = next((m for m in collab.evidence if m.entity == place), None)
                self.fact(
                    node,
                    _GBA.participant,
                    self.entity(place),
                    (evidence.context if evidence else None) or collab.span,
                )
            if self.record.topic:
                self.add(node, _GBA.field, str(topic_iri(self.record.topic)))
            for zone in collab.through:
                self.fact(node, _GBA.through, self.entity(zone.entity), zone.context or zone.span)
            self.add(node, _GBA.passage, self.passage(collab.span))


def report_graphs(
    records: Iterable[ReportRecord], source: SourceText, registry: Registry
) -> dict[str, set[Triple]]:
    """One named graph (by IRI) per report and per document a report names."""
    graphs: dict[str, set[Triple]] = {}
    for record in records:
        todo: list[tuple[ReportRecord, URIRef | None]] = [(record, None)]
        todo += [(doc, report_iri(record.title)) for doc in record.cited]
        for item, citing in todo:
            writer = ReportGraphWriter(item, source, registry)
            name = str(graph_iri(writer.ref, citing))
            triples = writer.write(None if citing is None else str(citing))
            if name in graphs:
                graphs[name] |= triples
            else:
                graphs[name] = triples
    return graphs
