"""End to end on the user's page: what an analyst checks first."""

from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from loaders import Extraction
from ontology.iris import entity_iri, report_iri
from ontology.namespace import GBA, SCHEMA
from tests.loaders.conftest import FIXTURES, union

BIOTECH = "Strategic Collaborations between Hong Kong and Shenzhen in Biotechnology"
HONG_KONG = entity_iri("place", "Hong Kong")
SHENZHEN = entity_iri("place", "Shenzhen")


def _titles(extraction: Extraction) -> dict[str, URIRef]:
    g = union(extraction)
    return {str(t): s for s, t in g.subject_objects(DCTERMS.title)}  # type: ignore[misc]


def _labels(g, nodes) -> list[str]:  # type: ignore[no-untyped-def]
    """English labels of ``nodes``, sorted."""
    return sorted(
        str(label)
        for n in nodes
        for label in g.objects(n, RDFS.label)
        if getattr(label, "language", None) == "en"
    )


def test_the_five_reports_each_in_its_own_named_graph(user_page: Extraction) -> None:
    titles = _titles(user_page)
    assert len(user_page.graphs) == 5
    assert sorted(t[:30] for t in titles) == sorted(
        [
            BIOTECH[:30],
            "Building the Technology Bridge for Scientific Breakthroughs: Developing an Innovation Hub of the Future"[
                :30
            ],
            "Unleash the Potential in Science and Technology Innovation: Develop Hong Kong into an International R&D Powerhouse"[
                :30
            ],
            "FinTech Advocacy Study",
            "The Ecosystem of Innovation and Technology in Hong Kong"[:30],
        ]
    )


def test_biotech_report_publisher_partners_date_and_languages(user_page: Extraction) -> None:
    g = union(user_page)
    report = next(s for t, s in _titles(user_page).items() if t.startswith(BIOTECH))
    assert _labels(g, g.objects(report, DCTERMS.publisher)) == ["Our Hong Kong Foundation"]
    assert _labels(g, g.objects(report, GBA.partner)) == [
        "China Center for International Economic Exchanges",
        "China Development Institute",
    ]
    assert g.value(report, DCTERMS.issued) == Literal("2021-07-26", datatype=XSD.date)
    assert {str(x) for x in g.objects(report, DCTERMS.language)} == {"en", "zh-Hant", "zh-Hans"}
    assert g.value(report, GBA.claimedRecommendationCount) == Literal(7)


def test_recommendations_per_report_in_order(user_page: Extraction) -> None:
    g = union(user_page)
    counts = {}
    for title, report in _titles(user_page).items():
        recs = sorted(g.objects(report, GBA.recommends), key=lambda r: int(g.value(r, GBA.order)))
        counts[title[:20]] = len(recs)
        assert [int(g.value(r, GBA.order)) for r in recs] == list(range(1, len(recs) + 1))
    assert counts == {
        "Strategic Collaborat": 9,
        "Building the Technol": 7,
        "Unleash the Potentia": 1,
        "FinTech Advocacy Stu": 4,
        "The Ecosystem of Inn": 8,
    }
    biotech = next(s for t, s in _titles(user_page).items() if t.startswith(BIOTECH))
    second = next(
        r for r in g.objects(biotech, GBA.recommends) if g.value(r, GBA.order) == Literal(2)
    )
    assert str(g.value(second, RDFS.label)) == "speeding up the development of industrial clusters"
    assert _labels(g, g.objects(second, GBA.addressedTo)) == [
        "Central Government",
        "Hong Kong Government",
        "Shenzhen Government",
    ]


def test_the_fifty_billion_fund_is_proposed_in_hkd(user_page: Extraction) -> None:
    g = union(user_page)
    fund = entity_iri("fund", "endowment fund on applied research")
    assert (fund, RDF.type, GBA.Fund) in g
    assert g.value(fund, GBA.status) == GBA.Proposed
    amount = g.value(fund, GBA.amount)
    assert g.value(amount, SCHEMA.currency) == Literal("HKD")
    assert g.value(amount, SCHEMA.value).toPython() == Decimal("50000000000")
    assert g.value(entity_iri("fund", "Future Fund"), GBA.status) == GBA.Existing


def test_hong_kong_shenzhen_collaboration_in_two_reports(user_page: Extraction) -> None:
    g = union(user_page)
    linked = sorted(
        str(g.value(report, DCTERMS.title))[:20]
        for report, collab in g.subject_objects(GBA.proposesCollaboration)
        if {HONG_KONG, SHENZHEN} <= set(g.objects(collab, GBA.participant))
    )
    assert linked == ["Strategic Collaborat", "The Ecosystem of Inn"]
    biotech_collab = next(
        c
        for r, c in g.subject_objects(GBA.proposesCollaboration)
        if str(g.value(r, DCTERMS.title)).startswith(BIOTECH)
    )
    zones = _labels(g, g.objects(biotech_collab, GBA.through))
    assert zones == ["Hetao Shenzhen-Hong Kong Science and Technology Innovation Co-operation Zone"]


def test_statistic_with_its_place(user_page: Extraction) -> None:
    g = union(user_page)
    uk = entity_iri("place", "United Kingdom")
    stats = [s for s in g.subjects(RDF.type, GBA.Statistic) if g.value(s, GBA.place) == uk]
    assert len(stats) == 1
    assert g.value(stats[0], SCHEMA.value).toPython() == Decimal("23.6")
    assert str(g.value(stats[0], GBA.unit)) == "percent"
    assert "higher education" in str(g.value(stats[0], GBA.measures))


def test_every_fact_has_a_passage_that_quotes_the_file(user_page: Extraction) -> None:
    from ontology.namespace import OA

    g = union(user_page)
    text = user_page.source.text
    evidence = list(g.subjects(RDF.type, GBA.Evidence))
    assert len(evidence) > 50
    for node in evidence:
        passage = g.value(node, GBA.passage)
        start, end = int(g.value(passage, OA.start)), int(g.value(passage, OA.end))
        assert text[start:end] == str(g.value(passage, OA.exact))


def test_same_entity_in_two_reports_is_one_iri(user_page: Extraction) -> None:
    mentioning = [
        name for name, graph in user_page.graphs.items() if (None, GBA.mentions, HONG_KONG) in graph
    ]
    assert len(mentioning) == 5


def test_press_release_with_header(registry) -> None:  # type: ignore[no-untyped-def]
    from loaders import load_source

    ex = load_source(FIXTURES / "press-release.txt", registry)
    g = union(ex)
    (report,) = list(g.subjects(RDF.type, GBA.Report))
    assert str(g.value(report, DCTERMS.title)).startswith("LCQ12: Support for innovation")
    assert g.value(report, DCTERMS.issued) == Literal("2023-03-15", datatype=XSD.date)
    assert _labels(g, g.objects(report, DCTERMS.publisher)) == ["Hong Kong Government"]
    itf = entity_iri("fund", "Innovation and Technology Fund")
    amount = g.value(itf, GBA.amount)
    assert g.value(amount, SCHEMA.value).toPython() == Decimal("10000000000")
    # the header is provenance, not report text
    assert "origin" not in str(g.value(report, DCTERMS.title))


def test_saved_news_page_drops_scripts_and_navigation(registry) -> None:  # type: ignore[no-untyped-def]
    from loaders import load_source

    ex = load_source(FIXTURES / "news-story.html", registry)
    g = union(ex)
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert "Hong Kong Monetary Authority" not in labels  # only inside a <script>
    (report,) = list(g.subjects(RDF.type, GBA.Report))
    assert str(g.value(report, DCTERMS.title)).startswith("Think tank urges HK$20 billion fund")
    recs = {str(g.value(r, RDFS.label)) for r in g.objects(report, GBA.recommends)}
    assert any("Northern Metropolis should become a hub" in r for r in recs)


def _only_report(name: str, registry):  # type: ignore[no-untyped-def]
    from loaders import load_source

    g = union(load_source(FIXTURES / name, registry))
    reports = [r for r in g.subjects(RDF.type, GBA.Report)]
    assert len(reports) == 1
    return g, reports[0]


def test_numbered_list_after_a_cue(registry) -> None:  # type: ignore[no-untyped-def]
    g, report = _only_report("think-tank-list.txt", registry)
    recs = sorted(g.objects(report, GBA.recommends), key=lambda r: int(g.value(r, GBA.order)))
    labels = [str(g.value(r, RDFS.label)) for r in recs]
    assert labels[1:] == [
        "increase government R&D expenditure to 2% of GDP by 2030",
        "establish a HK$10 billion GBA Technology Transfer Fund to support cross-boundary commercialisation",
        "streamline the cross-boundary flow of research funds and samples between Hong Kong and the Mainland",
    ]
    assert "set up an Innovation and Technology Development Council" in labels[0]
    assert str(g.value(report, DCTERMS.title)) == "Seizing Opportunities in the Greater Bay Area"
    fund = entity_iri("fund", "GBA Technology Transfer Fund")
    assert g.value(g.value(fund, GBA.amount), SCHEMA.value).toPython() == Decimal("10000000000")


def test_news_story_dates_and_urges(registry) -> None:  # type: ignore[no-untyped-def]
    g, report = _only_report("news-urges.txt", registry)
    assert g.value(report, DCTERMS.issued) == Literal("2022-11-03", datatype=XSD.date)
    assert _labels(g, g.objects(report, DCTERMS.publisher)) == ["South China Morning Post"]
    labels = {str(g.value(r, RDFS.label)) for r in g.objects(report, GBA.recommends)}
    assert "speed up work on the Lok Ma Chau Loop" in labels
    assert "expand the Technology Talent Admission Scheme" in labels


def test_ampersand_names_and_site_publisher(registry) -> None:  # type: ignore[no-untyped-def]
    g, report = _only_report("gov-ampersand.txt", registry)
    assert _labels(g, g.objects(report, DCTERMS.publisher)) == ["Hong Kong Government"]
    mentioned = _labels(g, g.objects(report, GBA.mentions))
    assert "Innovation, Technology and Industry Bureau" in mentioned
    assert (
        "Hetao Shenzhen-Hong Kong Science and Technology Innovation Co-operation Zone" in mentioned
    )
    assert not any("&" in label for label in mentioned)


def test_a_document_named_by_two_pages_is_one_iri_in_two_graphs(extract_text) -> None:  # type: ignore[no-untyped-def]
    from graph.validation import validate_union

    page = (
        "{title}\n\n[Download Full Report]\n\nOur Hong Kong Foundation has published its new "
        "report. It builds on the National 14th Five-Year Plan, and we recommend building a "
        "platform for Hong Kong, and training talents.\n"
    )
    first = extract_text(page.format(title="Bridging Hong Kong and Shenzhen"), "a.txt")
    second = extract_text(page.format(title="Talent for the Greater Bay Area"), "b.txt")
    assert not set(first.graphs) & set(second.graphs)
    plan = report_iri("National 14th Five-Year Plan")
    cited = [
        g for ex in (first, second) for g in ex.graphs.values() if (plan, GBA.citedIn, None) in g
    ]
    assert len(cited) >= 2
    report = validate_union({**first.graphs, **second.graphs})
    assert report.conforms, report.format()


def test_government_page_measures_and_footer_date(registry) -> None:  # type: ignore[no-untyped-def]
    from loaders import load_source

    g = union(load_source(FIXTURES / "gov-measures.txt", registry))
    (report,) = [r for r in g.subjects(RDF.type, GBA.Report) if (r, GBA.citedIn, None) not in g]
    assert g.value(report, DCTERMS.issued) == Literal("2023-03-01", datatype=XSD.date)
    labels = {str(g.value(r, RDFS.label)) for r in g.objects(report, GBA.recommends)}
    assert "inject HK$5 billion into the Hong Kong Growth Portfolio" in labels
    budget = report_iri("2023-24 Budget")
    budget_recs = {str(g.value(r, RDFS.label)) for r in g.objects(budget, GBA.recommends)}
    assert any(
        r.startswith("set up the Office for Attracting Strategic Enterprises") for r in budget_recs
    )
    fund = entity_iri("fund", "Research, Academic and Industry Sectors One-plus Scheme")
    assert (fund, RDF.type, GBA.Fund) in g


def test_a_news_story_reports_government_plans_without_adopting_them(registry) -> None:  # type: ignore[no-untyped-def]
    g, report = _only_report("news-urges.txt", registry)
    labels = {str(g.value(r, RDFS.label)) for r in g.objects(report, GBA.recommends)}
    assert not any("invite more start-ups" in label for label in labels)
