"""The plain triples the build renders and the rdflib graphs tests and notebooks use agree."""

from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph.serialise import render_graph
from loaders import Extraction
from loaders.script import cjk_share
from loaders.terms import Lit, integer, to_rdflib_term, typed


def test_plain_triples_render_as_their_rdflib_graph(user_page: Extraction) -> None:
    assert set(user_page.graphs) == {URIRef(iri) for iri in user_page.triples}
    for iri, triples in user_page.triples.items():
        assert render_graph(iri, triples) == render_graph(URIRef(iri), user_page.graphs[URIRef(iri)])


def test_typed_literals_keep_rdflib_lexical_forms() -> None:
    assert typed(Decimal("1.50"), str(XSD.decimal)) == Lit(
        str(Literal(Decimal("1.50"), datatype=XSD.decimal)), None, str(XSD.decimal)
    )
    assert to_rdflib_term(integer(7)) == Literal(7)
    assert to_rdflib_term(Lit("港", "zh-Hant")) == Literal("港", lang="zh-Hant")
    assert to_rdflib_term("https://example.org/a") == URIRef("https://example.org/a")


def test_cjk_share_counts_chinese_letters_only() -> None:
    assert cjk_share("") == cjk_share("123 ...") == cjk_share("Hong Kong") == 0.0
    assert cjk_share("香港 ab") == 0.5
    assert cjk_share("\u4dc0") == 0.0  # a hexagram symbol: in the range, not a letter
