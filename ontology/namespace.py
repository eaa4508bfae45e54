"""Namespaces used by gbakg, each defined once.

``GBA`` is a closed :class:`rdflib.namespace.DefinedNamespace`: a misspelt term is an
error at import time, not a silent new IRI. ``tests/ontology/test_namespace.py`` checks
that it lists exactly the terms ``gba.ttl`` defines.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/gbakg/ontology")
ID = Namespace("https://w3id.org/gbakg/id/")
"""Base of every instance IRI (entities, reports, passages)."""
GRAPH = Namespace("https://w3id.org/gbakg/graph/")
"""Base of named-graph IRIs: one graph per report."""
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = SDO


class GBA(DefinedNamespace):
    """The gbakg ontology, https://w3id.org/gbakg/ontology# (see ontology/gba.ttl)."""

    _NS = Namespace("https://w3id.org/gbakg/ontology#")
    _fail = True

    # classes
    Report: URIRef
    PolicyDocument: URIRef
    Edition: URIRef
    SourceFile: URIRef
    Passage: URIRef
    Evidence: URIRef
    Organisation: URIRef
    ThinkTank: URIRef
    GovernmentBody: URIRef
    Regulator: URIRef
    University: URIRef
    ResearchInstitute: URIRef
    Company: URIRef
    MediaOutlet: URIRef
    Post: URIRef
    Place: URIRef
    City: URIRef
    Region: URIRef
    Zone: URIRef
    Country: URIRef
    Fund: URIRef
    FundStatus: URIRef
    Recommendation: URIRef
    Statistic: URIRef
    Collaboration: URIRef
    TopicScheme: URIRef
    # individuals
    Existing: URIRef
    Proposed: URIRef
    # object properties
    partner: URIRef
    mentions: URIRef
    recommends: URIRef
    addressedTo: URIRef
    concerns: URIRef
    topic: URIRef
    edition: URIRef
    amount: URIRef
    status: URIRef
    cites: URIRef
    place: URIRef
    proposesCollaboration: URIRef
    participant: URIRef
    field: URIRef
    through: URIRef
    sourceFile: URIRef
    passage: URIRef
    inFile: URIRef
    inReport: URIRef
    citedIn: URIRef
    # datatype properties
    order: URIRef
    claimedRecommendationCount: URIRef
    measures: URIRef
    unit: URIRef
    qualifier: URIRef
    editionKind: URIRef
    sha256: URIRef
    origin: URIRef


PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "gba": GBA,
    "id": ID,
    "dcterms": DCTERMS,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "schema": SCHEMA,
    "oa": OA,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "wd": WD,
}
"""Prefixes bound in every serialisation and query, in one place."""

__all__ = ["GBA", "GRAPH", "ID", "OA", "ONTOLOGY_IRI", "ORG", "PREFIXES", "SCHEMA", "WD"]
