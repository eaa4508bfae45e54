"""TEMPORARY stub: one report per source, titled by its first line (being replaced)."""

from rdflib import RDF, Graph, Literal
from rdflib.namespace import DCTERMS, RDFS

from loaders import Extraction
from loaders.registry import Registry
from loaders.source import SourceText
from ontology.iris import graph_iri, report_iri, source_iri
from ontology.namespace import GBA


def extract(source: SourceText, registry: Registry) -> Extraction:
    title = next(line.strip() for line in source.body.splitlines() if line.strip())
    report = report_iri(title)
    g = Graph()
    g.add((report, RDF.type, GBA.Report))
    g.add((report, DCTERMS.title, Literal(title, lang="en")))
    g.add((report, RDFS.label, Literal(title, lang="en")))
    g.add((report, GBA.sourceFile, source_iri(source.sha256)))
    return Extraction(source=source, graphs={graph_iri(report): g})
