"""ontology/namespace.py and ontology/gba.ttl agree, and every term is documented.

``GBA`` is a closed DefinedNamespace: Python code can only spell terms it lists, so it must
list exactly what gba.ttl defines, or code could use a term the ontology never declared
(or fail to reach one it did).
"""

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from ontology import ONTOLOGY_FILE
from ontology.namespace import GBA, ONTOLOGY_IRI


def _ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def _defined_terms(g: Graph) -> set[URIRef]:
    """gba: IRIs that gba.ttl describes (as the subject of a triple)."""
    return {s for s in g.subjects() if isinstance(s, URIRef) and s.startswith(str(GBA))}


def test_gba_namespace_lists_exactly_the_terms_of_gba_ttl() -> None:
    listed = {URIRef(str(GBA) + name) for name in GBA.__annotations__}
    defined = _defined_terms(_ontology())
    assert sorted(listed - defined) == [], "listed in namespace.py, not defined in gba.ttl"
    assert sorted(defined - listed) == [], "defined in gba.ttl, missing from namespace.py"


def test_gba_ttl_uses_no_undefined_gba_term() -> None:
    g = _ontology()
    used = {t for triple in g for t in triple if isinstance(t, URIRef) and t.startswith(str(GBA))}
    assert sorted(used - _defined_terms(g)) == []


def test_every_term_has_an_english_label_and_comment() -> None:
    g = _ontology()
    for term in sorted(_defined_terms(g)):
        labels = [x for x in g.objects(term, RDFS.label) if getattr(x, "language", None) == "en"]
        comments = [
            x for x in g.objects(term, RDFS.comment) if getattr(x, "language", None) == "en"
        ]
        assert len(labels) == 1 and str(labels[0]).strip(), f"{term}: one English rdfs:label"
        assert len(comments) == 1 and str(comments[0]).strip(), f"{term}: one English comment"


def test_every_term_has_a_type() -> None:
    g = _ontology()
    for term in sorted(_defined_terms(g)):
        assert g.value(term, RDF.type) is not None, f"{term} has no rdf:type"


def test_ontology_header() -> None:
    g = _ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    version = g.value(ONTOLOGY_IRI, OWL.versionInfo)
    assert version is not None and str(version).strip()
    assert g.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{version}")


def test_a_misspelt_term_is_an_error() -> None:
    import pytest

    with pytest.raises(AttributeError):
        GBA.Organization  # noqa: B018  (the American spelling is not a gba: term)
