"""ontology/shapes.ttl: each rule catches a graph broken in its own way, and no more.

pySHACL style (its test/issues/test_NNN.py): small inline Turtle per case, asserting the
exact (focus node, path) pairs that fail, so a rule that stops firing, or starts firing
on valid data, fails here. Graphs run through graph.validation.validate_graph, the way the
build runs them (ontology subclass axioms mixed in, no RDFS inference).
"""

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SH, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, SKOS

from graph.validation import GBASH, validate_graph
from ontology import ONTOLOGY_FILE, SHAPES_FILE
from ontology.namespace import GBA, ID, OA, ORG, SCHEMA

DATA = Path(__file__).resolve().parent / "data"
VALID_EXAMPLES = ["valid_report.ttl", "valid_report_fund.ttl"]

PREFIXES = """
@prefix gba:     <https://w3id.org/gbakg/ontology#> .
@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix schema:  <https://schema.org/> .
@prefix oa:      <http://www.w3.org/ns/oa#> .
@prefix wd:      <http://www.wikidata.org/entity/> .
@prefix report:  <https://w3id.org/gbakg/id/report/> .
@prefix organisation: <https://w3id.org/gbakg/id/organisation/> .
@prefix place:   <https://w3id.org/gbakg/id/place/> .
@prefix fund:    <https://w3id.org/gbakg/id/fund/> .
@prefix post:    <https://w3id.org/gbakg/id/post/> .
@prefix topic:   <https://w3id.org/gbakg/id/topic/> .
@prefix source:  <https://w3id.org/gbakg/id/source/> .
@prefix passage: <https://w3id.org/gbakg/id/source/76e92d2e3bd29dc6/passage/> .
"""

# A source file and two passages of it, valid; most cases below add to it.
FILE = """
source:76e92d2e3bd29dc6 a gba:SourceFile ;
    dcterms:identifier "ohkf.txt" ;
    gba:sha256 "76e92d2e3bd29dc674d2b04200e3a5ba481b2f11aeccabd596f7ebcb00cafe89" ;
    dcterms:format "text/plain" .
passage:0-22 a gba:Passage ;
    oa:exact "Hong Kong and Shenzhen" ;
    oa:start "0"^^xsd:nonNegativeInteger ;
    oa:end "22"^^xsd:nonNegativeInteger ;
    gba:inFile source:76e92d2e3bd29dc6 .
passage:30-44 a gba:Passage ;
    oa:exact "HK$ 50 billion" ;
    oa:start "30"^^xsd:nonNegativeInteger ;
    oa:end "44"^^xsd:nonNegativeInteger ;
    gba:inFile source:76e92d2e3bd29dc6 .
"""

# A minimal valid report: title, label, source file, title passage.
REPORT_CORE = """
    dcterms:title "Hong Kong and Shenzhen"@en ;
    rdfs:label "Hong Kong and Shenzhen"@en ;
    gba:sourceFile source:76e92d2e3bd29dc6 ;
    gba:passage passage:0-22 """
REPORT = f"report:r a gba:Report ; {REPORT_CORE} ."

R = ID["report/r"]
OHKF = ID["organisation/ohkf"]
HK = ID["place/hong-kong"]
SZ = ID["place/shenzhen"]
FUND = ID["fund/f"]
P1 = ID["source/76e92d2e3bd29dc6/passage/0-22"]
FILE_IRI = ID["source/76e92d2e3bd29dc6"]
REC = URIRef(f"{R}/recommendation/1")
AMOUNT = URIRef(f"{R}/amount/1")
STAT = URIRef(f"{R}/statistic/1")
COLLAB = URIRef(f"{R}/collaboration/1")
EVIDENCE = URIRef(f"{R}/evidence/1")


def failures(turtle: str) -> set[tuple[str, str]]:
    """The (focus node, path) of every violation the shapes report on ``turtle``."""
    g = Graph().parse(data=PREFIXES + turtle, format="turtle")
    report = validate_graph(g, "test")
    assert report.conforms == (not report.violations)
    return {(v.focus, v.path) for v in report.violations}


def one(focus: URIRef, path: URIRef | str = "") -> set[tuple[str, str]]:
    return {(str(focus), str(path))}


# --- the valid examples and the shapes file itself -----------------------------------------


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_valid_example_conforms(name: str) -> None:
    g = Graph().parse(DATA / name)
    report = validate_graph(g, name)
    assert report.conforms, report.format()
    assert report.violations == []


def test_minimal_report_conforms() -> None:
    assert failures(FILE + REPORT) == set()


def test_validation_leaves_the_graph_alone() -> None:
    g = Graph().parse(DATA / "valid_report_fund.ttl")
    before = set(g)
    validate_graph(g)
    assert set(g) == before


def test_shapes_pass_meta_shacl() -> None:
    """pySHACL's SHACL-for-SHACL check of shapes.ttl.

    The 180-code currency list alone triples its time (meta-SHACL walks every list cell
    with rdf:rest* paths), so the list is checked here cell by cell, as meta-SHACL's
    list shape would, and the meta check runs with the list cut to its first three codes.
    """
    from pyshacl.entrypoints import meta_validate

    shapes = Graph().parse(SHAPES_FILE)
    head = shapes.value(GBASH["MonetaryAmount-currency"], SH["in"])
    cell, seen = head, []
    while cell != RDF.nil:
        assert cell not in seen and isinstance(cell, BNode), "a well-formed, acyclic list"
        assert len(list(shapes.objects(cell, RDF.first))) == 1
        assert len(list(shapes.objects(cell, RDF.rest))) == 1
        assert len(list(shapes.predicate_objects(cell))) == 2
        seen.append(cell)
        cell = shapes.value(cell, RDF.rest)
    assert len(seen) >= 150
    shapes.set((seen[2], RDF.rest, RDF.nil))
    for dropped in seen[3:]:
        shapes.remove((dropped, None, None))
    conforms, _, text = meta_validate(shapes)
    assert conforms, text


def test_every_shape_is_labelled_and_every_property_shape_has_a_message() -> None:
    shapes = Graph().parse(SHAPES_FILE)
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        labels = [lbl for lbl in shapes.objects(shape, RDFS.label) if lbl.language == "en"]
        assert len(labels) == 1, f"{shape} needs one English rdfs:label"
    for shape in set(shapes.subjects(SH.path, None)):
        assert isinstance(shape, URIRef), f"property shape {shape} should be named"
        messages = [m for m in shapes.objects(shape, SH.message) if m.language == "en"]
        assert len(messages) == 1, f"{shape} needs one English sh:message"
        assert shapes.value(shape, SH.name) is not None, f"{shape} needs an sh:name"
    for constraint in shapes.subjects(RDF.type, SH.SPARQLConstraint):
        assert shapes.value(constraint, SH.message) is not None


def test_shapes_use_only_terms_the_ontology_defines() -> None:
    ontology = Graph().parse(ONTOLOGY_FILE)
    defined = {s for s in ontology.subjects() if str(s).startswith(str(GBA))}
    shapes_text = SHAPES_FILE.read_text(encoding="utf-8")
    used = {URIRef(str(GBA) + name) for name in re.findall(r"\bgba:(\w+)", shapes_text)}
    assert used - defined == set()


def _currency_codes() -> list[str]:
    shapes = Graph().parse(SHAPES_FILE)
    head = shapes.value(GBASH["MonetaryAmount-currency"], SH["in"])
    assert head is not None
    return [str(code) for code in Collection(shapes, head)]


def test_currency_list_is_iso_4217() -> None:
    codes = _currency_codes()
    assert len(codes) >= 150
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch("[A-Z]{3}", code) for code in codes)
    assert {"HKD", "CNY", "USD", "MOP", "EUR", "GBP", "JPY", "SGD", "TWD", "KRW"} <= set(codes)
    assert not {"XTS", "XXX", "RMB", "HK$", "HRK"} & set(codes)


def test_currency_list_matches_debian_iso_codes() -> None:
    """Cross-check with Debian's iso-codes where installed (a reference, not a dependency)."""
    import json

    path = Path("/usr/share/iso-codes/json/iso_4217.json")
    if not path.exists():
        pytest.skip("Debian's iso-codes is not installed; test_currency_list_is_iso_4217 ran")
    debian = {entry["alpha_3"] for entry in json.loads(path.read_text())["4217"]}
    ours = set(_currency_codes())
    # shapes.ttl says why: two codes newer than iso-codes 4.15, three it lists that we drop.
    assert ours - debian <= {"ZWG", "XCG"}
    assert debian - ours <= {"XTS", "XXX", "HRK"}


# --- Report ------------------------------------------------------------------------------


def test_report_without_title() -> None:
    turtle = FILE + """
        report:r a gba:Report ; rdfs:label "Hong Kong and Shenzhen"@en ;
            gba:sourceFile source:76e92d2e3bd29dc6 ; gba:passage passage:0-22 ."""
    # No title, so the label no longer equals it either.
    assert failures(turtle) == one(R, DCTERMS.title) | one(R, RDFS.label)


def test_report_title_not_english() -> None:
    turtle = FILE + """
        report:r a gba:Report ; dcterms:title "Hong Kong"@fr ; rdfs:label "Hong Kong"@fr ;
            gba:sourceFile source:76e92d2e3bd29dc6 ; gba:passage passage:0-22 ."""
    assert failures(turtle) == one(R, DCTERMS.title)


def test_report_with_two_titles() -> None:
    turtle = FILE + REPORT + ' report:r dcterms:title "Another title"@en .'
    assert failures(turtle) == one(R, DCTERMS.title) | one(R, RDFS.label)


def test_report_blank_title() -> None:
    turtle = FILE + """
        report:r a gba:Report ; dcterms:title "  "@en ; rdfs:label "  "@en ;
            gba:sourceFile source:76e92d2e3bd29dc6 ; gba:passage passage:0-22 ."""
    assert failures(turtle) == one(R, DCTERMS.title)


def test_report_label_differs_from_title() -> None:
    turtle = FILE + """
        report:r a gba:Report ; dcterms:title "Hong Kong"@en ; rdfs:label "Shenzhen"@en ;
            gba:sourceFile source:76e92d2e3bd29dc6 ; gba:passage passage:0-22 ."""
    assert failures(turtle) == one(R, RDFS.label)


@pytest.mark.parametrize(
    "issued",
    [
        '"26 July 2021"',  # a string, not a date
        '"2021-07-26T15:00:00"^^xsd:dateTime',  # a date-time
        '"2021-02-30"^^xsd:date',  # no such day: ill-typed
        '"2021-7-26"^^xsd:date',  # not YYYY-MM-DD: ill-typed
        '"2021"^^xsd:gYear',
    ],
)
def test_report_issued_must_be_a_plain_date(issued: str) -> None:
    turtle = FILE + REPORT + f" report:r dcterms:issued {issued} ."
    assert failures(turtle) == one(R, DCTERMS.issued)


def test_report_issued_time_zone_is_dropped_by_rdflib() -> None:
    """rdflib normalises "2021-07-26+08:00"^^xsd:date to "2021-07-26" when it parses it, so
    the time zone never reaches pySHACL (nor the dumps). Jena sees it and reports it: see
    tests/ontology/test_jena_agrees.py."""
    turtle = FILE + REPORT + ' report:r dcterms:issued "2021-07-26+08:00"^^xsd:date .'
    assert failures(turtle) == set()


def test_report_issued_date_conforms() -> None:
    assert failures(FILE + REPORT + ' report:r dcterms:issued "2021-07-26"^^xsd:date .') == set()


def test_report_with_two_issued_dates() -> None:
    turtle = FILE + REPORT + """ report:r dcterms:issued "2021-07-26"^^xsd:date,
        "2021-07-27"^^xsd:date ."""
    assert failures(turtle) == one(R, DCTERMS.issued)


def test_publisher_that_is_a_place() -> None:
    turtle = FILE + REPORT + """
        report:r dcterms:publisher place:hong-kong .
        place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en ."""
    assert failures(turtle) == one(R, DCTERMS.publisher)


def test_publisher_of_a_subclass_is_an_organisation() -> None:
    turtle = FILE + REPORT + """
        report:r dcterms:publisher organisation:hkma ; gba:partner organisation:ohkf .
        organisation:hkma a gba:Regulator ; rdfs:label "Hong Kong Monetary Authority"@en .
        organisation:ohkf a gba:ThinkTank ; rdfs:label "Our Hong Kong Foundation"@en ."""
    assert failures(turtle) == set()


def test_publisher_without_type() -> None:
    turtle = FILE + REPORT + " report:r dcterms:publisher organisation:ohkf ."
    assert failures(turtle) == one(R, DCTERMS.publisher)


def test_two_publishers() -> None:
    turtle = FILE + REPORT + """
        report:r dcterms:publisher organisation:ohkf, organisation:cdi .
        organisation:ohkf a gba:ThinkTank ; rdfs:label "Our Hong Kong Foundation"@en .
        organisation:cdi a gba:ThinkTank ; rdfs:label "China Development Institute"@en ."""
    assert failures(turtle) == one(R, DCTERMS.publisher)


def test_partner_that_is_a_place() -> None:
    turtle = FILE + REPORT + """
        report:r gba:partner place:hong-kong .
        place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en ."""
    assert failures(turtle) == one(R, GBA.partner)


@pytest.mark.parametrize("language", ['"en"', '"en"@en', '"English"^^xsd:language'])
def test_report_language_is_an_xsd_language_tag(language: str) -> None:
    turtle = FILE + REPORT + f" report:r dcterms:language {language} ."
    assert failures(turtle) == one(R, DCTERMS.language)


def test_report_mentions_a_statistic() -> None:
    turtle = FILE + REPORT + f"""
        report:r gba:mentions <{STAT}> ; gba:cites <{STAT}> .
        <{STAT}> a gba:Statistic ; rdfs:label "growth"@en ; gba:passage passage:0-22 ."""
    assert failures(turtle) == one(R, GBA.mentions)


def test_report_mentions_organisation_place_fund_post_and_report() -> None:
    turtle = FILE + REPORT + """
        report:r gba:mentions organisation:ohkf, place:hetao, fund:f, post:ce, report:plan .
        organisation:ohkf a gba:ThinkTank ; rdfs:label "Our Hong Kong Foundation"@en .
        place:hetao a gba:Zone ; rdfs:label "Hetao"@en .
        fund:f a gba:Fund ; rdfs:label "Innovation and Technology Fund"@en .
        post:ce a gba:Post ; rdfs:label "Chief Executive"@en .
        report:plan a gba:PolicyDocument ; dcterms:title "Outline Plan"@en ;
            rdfs:label "Outline Plan"@en ; gba:citedIn report:r ;
            gba:sourceFile source:76e92d2e3bd29dc6 ; gba:passage passage:0-22 ."""
    assert failures(turtle) == set()


def test_recommends_something_not_a_recommendation() -> None:
    turtle = FILE + REPORT + " report:r gba:recommends place:hong-kong ."
    assert failures(turtle) == one(R, GBA.recommends)


def test_cites_something_not_a_statistic() -> None:
    turtle = FILE + REPORT + " report:r gba:cites passage:0-22 ."
    assert failures(turtle) == one(R, GBA.cites)


def test_proposes_something_not_a_collaboration() -> None:
    turtle = FILE + REPORT + " report:r gba:proposesCollaboration place:hong-kong ."
    assert failures(turtle) == one(R, GBA.proposesCollaboration)


@pytest.mark.parametrize("count", ["0", '"7"', "7.0", "-1"])
def test_claimed_recommendation_count(count: str) -> None:
    turtle = FILE + REPORT + f" report:r gba:claimedRecommendationCount {count} ."
    assert failures(turtle) == one(R, GBA.claimedRecommendationCount)


def test_report_without_source_file() -> None:
    turtle = FILE + """report:r a gba:Report ; dcterms:title "Hong Kong"@en ;
        rdfs:label "Hong Kong"@en ; gba:passage passage:0-22 ."""
    assert failures(turtle) == one(R, GBA.sourceFile)


def test_report_source_file_untyped() -> None:
    turtle = FILE + """report:r a gba:Report ; dcterms:title "Hong Kong"@en ;
        rdfs:label "Hong Kong"@en ; gba:passage passage:0-22 ; gba:sourceFile source:other ."""
    assert failures(turtle) == one(R, GBA.sourceFile)


def test_report_without_passage() -> None:
    turtle = FILE + """report:r a gba:Report ; dcterms:title "Hong Kong"@en ;
        rdfs:label "Hong Kong"@en ; gba:sourceFile source:76e92d2e3bd29dc6 ."""
    assert failures(turtle) == one(R, GBA.passage)


def test_report_with_two_topics() -> None:
    turtle = FILE + REPORT + """
        report:r gba:topic topic:biotech, topic:fintech .
        topic:biotech a skos:Concept ; skos:prefLabel "Biotechnology"@en ;
            skos:inScheme gba:TopicScheme .
        topic:fintech a skos:Concept ; skos:prefLabel "FinTech"@en ;
            skos:inScheme gba:TopicScheme ."""
    assert failures(turtle) == one(R, GBA.topic)


def test_cited_in_only_on_policy_documents() -> None:
    turtle = FILE + REPORT + f"""
        report:other a gba:Report ; {REPORT_CORE.replace("Hong Kong and", "Macao and")} ;
            gba:citedIn report:r ."""
    assert failures(turtle) == one(ID["report/other"])


# --- Topic, Edition --------------------------------------------------------------------


def test_topic_not_in_the_topic_scheme() -> None:
    turtle = FILE + REPORT + """
        report:r gba:topic topic:biotech .
        topic:biotech a skos:Concept ; skos:prefLabel "Biotechnology"@en ."""
    assert failures(turtle) == one(ID["topic/biotech"], SKOS.inScheme)


def test_topic_without_preferred_label() -> None:
    turtle = FILE + REPORT + """
        report:r gba:topic topic:biotech .
        topic:biotech a skos:Concept ; skos:inScheme gba:TopicScheme ."""
    assert failures(turtle) == one(ID["topic/biotech"], SKOS.prefLabel)


def test_topic_that_is_not_a_concept() -> None:
    turtle = FILE + REPORT + """
        report:r gba:topic topic:biotech .
        topic:biotech skos:prefLabel "Biotechnology"@en ; skos:inScheme gba:TopicScheme ."""
    assert failures(turtle) == one(R, GBA.topic)


EDITION = URIRef(f"{R}/edition/1")


def test_edition_without_kind() -> None:
    turtle = FILE + REPORT + f"""
        report:r gba:edition <{EDITION}> .
        <{EDITION}> a gba:Edition ; rdfs:label "Full Report - English"@en ."""
    assert failures(turtle) == one(EDITION, GBA.editionKind)


def test_edition_format_not_a_media_type() -> None:
    turtle = FILE + REPORT + f"""
        report:r gba:edition <{EDITION}> .
        <{EDITION}> a gba:Edition ; rdfs:label "Full Report - English"@en ;
            gba:editionKind "Full Report" ; dcterms:format "PDF" ;
            dcterms:language "en"^^xsd:language ."""
    assert failures(turtle) == one(EDITION, DCTERMS["format"])


def test_edition_without_label() -> None:
    turtle = FILE + REPORT + f"""
        report:r gba:edition <{EDITION}> .
        <{EDITION}> a gba:Edition ; gba:editionKind "Full Report" ."""
    assert failures(turtle) == one(EDITION, RDFS.label)


def test_report_edition_untyped() -> None:
    turtle = FILE + REPORT + f" report:r gba:edition <{EDITION}> ."
    assert failures(turtle) == one(R, GBA.edition)


# --- entity labels and Wikidata ------------------------------------------------------------


def test_entity_with_english_and_chinese_labels_conforms() -> None:
    turtle = """organisation:ohkf a gba:ThinkTank ;
        rdfs:label "Our Hong Kong Foundation"@en, "團結香港基金"@zh-Hant, "团结香港基金"@zh-Hans ;
        skos:altLabel "OHKF"@en ."""
    assert failures(turtle) == set()


def test_entity_without_english_label() -> None:
    turtle = 'organisation:ohkf a gba:ThinkTank ; rdfs:label "團結香港基金"@zh-Hant .'
    assert failures(turtle) == one(OHKF, RDFS.label)


def test_entity_without_any_label() -> None:
    assert failures("place:hong-kong a gba:City .") == one(HK, RDFS.label)


def test_entity_with_two_english_labels() -> None:
    turtle = 'place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en, "Hongkong"@en .'
    assert failures(turtle) == one(HK, RDFS.label)


def test_english_subtag_counts_as_english() -> None:
    """sh:languageIn matches language ranges: @en-GB is English, so this is two."""
    turtle = 'place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en, "Hong Kong"@en-GB .'
    assert failures(turtle) == one(HK, RDFS.label)


def test_entity_label_in_french() -> None:
    turtle = 'place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en, "Hong Kong"@fr .'
    assert failures(turtle) == one(HK, RDFS.label)


def test_entity_label_untagged_chinese() -> None:
    turtle = 'place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en, "香港"@zh .'
    assert failures(turtle) == one(HK, RDFS.label)


def test_entity_label_without_language() -> None:
    turtle = 'place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en, "Hong Kong" .'
    assert failures(turtle) == one(HK, RDFS.label)


@pytest.mark.parametrize("label", ['""@en', '" "@en'])
def test_entity_label_empty(label: str) -> None:
    turtle = f"place:hong-kong a gba:City ; rdfs:label {label} ."
    assert failures(turtle) == one(HK, RDFS.label)


def test_entity_with_two_traditional_chinese_labels() -> None:
    turtle = 'place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en, "香港"@zh-Hant, "香港特區"@zh-Hant .'
    assert failures(turtle) == one(HK, RDFS.label)


def test_entity_with_two_simplified_chinese_labels() -> None:
    turtle = 'place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en, "香港"@zh-Hans, "香港特区"@zh-Hans .'
    assert failures(turtle) == one(HK, RDFS.label)


def test_entity_alt_label_not_english() -> None:
    turtle = 'place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en ; skos:altLabel "HK" .'
    assert failures(turtle) == one(HK, SKOS.altLabel)


def test_fund_and_post_need_labels_too() -> None:
    assert failures("fund:f a gba:Fund . post:ce a gba:Post .") == one(FUND, RDFS.label) | one(
        ID["post/ce"], RDFS.label
    )


def test_wikidata_identity_conforms() -> None:
    turtle = """place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en ;
        owl:sameAs wd:Q8646 ; skos:exactMatch wd:Q8646 ."""
    assert failures(turtle) == set()


@pytest.mark.parametrize(
    "iri",
    [
        "https://www.wikidata.org/wiki/Q8646",  # the page, not the entity
        "https://www.wikidata.org/entity/Q8646",  # https: Wikidata's entity IRIs are http:
        "http://www.wikidata.org/entity/P17",  # a property, not an item
        "http://www.wikidata.org/entity/Q8646-x",
        "http://dbpedia.org/resource/Hong_Kong",
    ],
)
def test_same_as_must_be_a_wikidata_item(iri: str) -> None:
    turtle = f"""place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en ;
        owl:sameAs <{iri}> ; skos:exactMatch <{iri}> ."""
    assert failures(turtle) == one(HK, OWL.sameAs) | one(HK, SKOS.exactMatch)


def test_same_as_as_a_string() -> None:
    turtle = """place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en ;
        owl:sameAs "Q8646" ."""
    # The string is not an IRI, and skos:exactMatch (absent) no longer equals owl:sameAs.
    assert failures(turtle) == one(HK, OWL.sameAs) | one(HK, SKOS.exactMatch)


def test_two_wikidata_items() -> None:
    turtle = """place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en ;
        owl:sameAs wd:Q8646, wd:Q15174 ; skos:exactMatch wd:Q8646, wd:Q15174 ."""
    assert failures(turtle) == one(HK, OWL.sameAs) | one(HK, SKOS.exactMatch)


def test_exact_match_differs_from_same_as() -> None:
    turtle = """place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en ;
        owl:sameAs wd:Q8646 ; skos:exactMatch wd:Q15174 ."""
    assert failures(turtle) == one(HK, SKOS.exactMatch)


def test_place_that_is_also_an_organisation() -> None:
    turtle = 'place:hong-kong a gba:City, gba:GovernmentBody ; rdfs:label "Hong Kong"@en .'
    assert failures(turtle) == one(HK)


def test_post_in_a_place() -> None:
    turtle = """post:ce a gba:Post ; rdfs:label "Chief Executive"@en ;
        org:postIn place:hong-kong .
        place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en ."""
    assert failures(turtle) == one(ID["post/ce"], ORG.postIn)


# --- Fund and MonetaryAmount -------------------------------------------------------------

FUND_WITH_AMOUNT = f"""
    fund:f a gba:Fund ; rdfs:label "Applied Research Endowment Fund"@en ;
        gba:status gba:Proposed ; gba:amount <{AMOUNT}> .
    <{AMOUNT}> a schema:MonetaryAmount ; gba:passage passage:30-44 ;
        schema:value "50000000000"^^xsd:decimal ;"""


def test_fund_with_amount_conforms() -> None:
    assert failures(FILE + FUND_WITH_AMOUNT + ' schema:currency "HKD" .') == set()


@pytest.mark.parametrize("status", ["gba:Planned", '"proposed"', "gba:Existing, gba:Proposed"])
def test_fund_status(status: str) -> None:
    turtle = f'fund:f a gba:Fund ; rdfs:label "A fund"@en ; gba:status {status} .'
    assert failures(turtle) == one(FUND, GBA.status)


@pytest.mark.parametrize("currency", ['"HK$"', '"XYZ"', '"hkd"', '"RMB"', '"HKD"@en', "1"])
def test_currency_must_be_an_iso_4217_code(currency: str) -> None:
    turtle = FILE + FUND_WITH_AMOUNT + f" schema:currency {currency} ."
    assert failures(turtle) == one(AMOUNT, SCHEMA.currency)


@pytest.mark.parametrize("currency", ["CNY", "USD", "MOP", "EUR", "GBP", "JPY"])
def test_currency_codes_accepted(currency: str) -> None:
    assert failures(FILE + FUND_WITH_AMOUNT + f' schema:currency "{currency}" .') == set()


def test_currency_typed_as_xsd_string_is_the_same_literal() -> None:
    """RDF 1.1: "HKD"^^xsd:string is "HKD" (pySHACL alone would reject it; see the shapes)."""
    turtle = FILE + FUND_WITH_AMOUNT + ' schema:currency "HKD"^^xsd:string .'
    assert failures(turtle) == set()


def test_amount_without_currency() -> None:
    assert failures(FILE + FUND_WITH_AMOUNT + " .") == one(AMOUNT, SCHEMA.currency)


def test_two_currencies() -> None:
    turtle = FILE + FUND_WITH_AMOUNT + ' schema:currency "HKD", "CNY" .'
    assert failures(turtle) == one(AMOUNT, SCHEMA.currency)


@pytest.mark.parametrize("value", ['"50 billion"', "50000000000", '"5e10"^^xsd:double', "-1.0"])
def test_amount_value_is_a_non_negative_decimal(value: str) -> None:
    turtle = FILE + f"""
        fund:f a gba:Fund ; rdfs:label "A fund"@en ; gba:amount <{AMOUNT}> .
        <{AMOUNT}> a schema:MonetaryAmount ; gba:passage passage:30-44 ;
            schema:currency "HKD" ; schema:value {value} ."""
    assert failures(turtle) == one(AMOUNT, SCHEMA.value)


def test_amount_without_passage() -> None:
    turtle = f"""
        fund:f a gba:Fund ; rdfs:label "A fund"@en ; gba:amount <{AMOUNT}> .
        <{AMOUNT}> a schema:MonetaryAmount ; schema:currency "HKD" ;
            schema:value "5"^^xsd:decimal ."""
    assert failures(turtle) == one(AMOUNT, GBA.passage)


def test_amount_of_no_fund() -> None:
    turtle = FILE + f"""<{AMOUNT}> a schema:MonetaryAmount ; gba:passage passage:30-44 ;
        schema:currency "HKD" ; schema:value "5"^^xsd:decimal ."""
    assert failures(turtle) == one(AMOUNT, "^" + str(GBA.amount))


def test_fund_amount_not_a_monetary_amount() -> None:
    turtle = 'fund:f a gba:Fund ; rdfs:label "A fund"@en ; gba:amount "HK$ 50 billion" .'
    assert failures(turtle) == one(FUND, GBA.amount)


# --- Recommendation ------------------------------------------------------------------------


def recommendation(extra: str = "", label: str = '"speeding up industrial clusters"@en',
                   order: str = "1") -> str:
    return FILE + REPORT + f"""
        report:r gba:recommends <{REC}> .
        <{REC}> a gba:Recommendation ; rdfs:label {label} ; gba:order {order} ;
            gba:passage passage:0-22 {extra} ."""


def test_recommendation_conforms() -> None:
    assert failures(recommendation()) == set()


def test_recommendation_label_too_long() -> None:
    label = '"' + "develop " * 51 + '"@en'  # 408 characters: a paragraph, not a phrase
    assert failures(recommendation(label=label)) == one(REC, RDFS.label)


def test_recommendation_label_of_400_characters_conforms() -> None:
    assert failures(recommendation(label='"' + "x" * 400 + '"@en')) == set()


@pytest.mark.parametrize("label", ['""@en', '"   "@en', '"speed up"@fr', '"speed up"'])
def test_recommendation_label_blank_or_not_english(label: str) -> None:
    assert failures(recommendation(label=label)) == one(REC, RDFS.label)


@pytest.mark.parametrize("order", ["0", "-2", '"1"', "1.5", '"1"^^xsd:decimal', "1, 2"])
def test_recommendation_order(order: str) -> None:
    assert failures(recommendation(order=order)) == one(REC, GBA.order)


def test_recommendation_order_as_positive_integer_subtype() -> None:
    """xsd:positiveInteger is not xsd:integer for sh:datatype: the contract says xsd:integer."""
    order = '"1"^^xsd:positiveInteger'
    assert failures(recommendation(order=order)) == one(REC, GBA.order)


def test_recommendation_addressed_to_a_place() -> None:
    turtle = recommendation("; gba:addressedTo place:hong-kong") + """
        place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en ."""
    assert failures(turtle) == one(REC, GBA.addressedTo)


def test_recommendation_concerns_a_report() -> None:
    turtle = recommendation("; gba:concerns report:r")
    assert failures(turtle) == one(REC, GBA.concerns)


def test_recommendation_concerns_organisation_place_and_fund() -> None:
    turtle = recommendation("; gba:concerns organisation:ohkf, place:hong-kong, fund:f") + """
        organisation:ohkf a gba:ThinkTank ; rdfs:label "Our Hong Kong Foundation"@en .
        place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en .
        fund:f a gba:Fund ; rdfs:label "A fund"@en ."""
    assert failures(turtle) == set()


def test_recommendation_without_passage() -> None:
    turtle = FILE + REPORT + f"""
        report:r gba:recommends <{REC}> .
        <{REC}> a gba:Recommendation ; rdfs:label "speed up"@en ; gba:order 1 ."""
    assert failures(turtle) == one(REC, GBA.passage)


def test_recommendation_of_no_report() -> None:
    turtle = FILE + f"""<{REC}> a gba:Recommendation ; rdfs:label "speed up"@en ;
        gba:order 1 ; gba:passage passage:0-22 ."""
    assert failures(turtle) == one(REC, "^" + str(GBA.recommends))


def test_recommendation_of_two_reports() -> None:
    other = REPORT_CORE.replace("Hong Kong and", "Macao and")
    turtle = recommendation() + f"report:other a gba:Report ; {other} ; gba:recommends <{REC}> ."
    assert failures(turtle) == one(REC, "^" + str(GBA.recommends))


# --- Statistic ---------------------------------------------------------------------------


def statistic(extra: str) -> str:
    return FILE + REPORT + f"""
        report:r gba:cites <{STAT}> .
        <{STAT}> a gba:Statistic ; rdfs:label "R&D spending"@en ;
            gba:passage passage:0-22 {extra} ."""


def test_statistic_conforms() -> None:
    turtle = statistic("""; schema:value "23.6"^^xsd:decimal ; gba:unit "percent" ;
        gba:qualifier "just" ; gba:measures "R&D in higher education"@en ;
        gba:place place:hong-kong""") + 'place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en .'
    assert failures(turtle) == set()


@pytest.mark.parametrize(
    ("extra", "path"),
    [
        ('; schema:value "23.6%"', SCHEMA.value),
        ('; schema:value "23.6"^^xsd:double', SCHEMA.value),
        ('; gba:unit "percent", "%"', GBA.unit),
        ('; gba:measures "R&D"', GBA.measures),
        ("; gba:place organisation:ohkf", GBA.place),
    ],
)
def test_statistic_values(extra: str, path: URIRef) -> None:
    assert failures(statistic(extra)) == one(STAT, path)


def test_statistic_cited_by_no_report() -> None:
    turtle = FILE + f"""<{STAT}> a gba:Statistic ; rdfs:label "growth"@en ;
        gba:passage passage:0-22 ."""
    assert failures(turtle) == one(STAT, "^" + str(GBA.cites))


def test_statistic_without_label() -> None:
    turtle = FILE + REPORT + f"""report:r gba:cites <{STAT}> .
        <{STAT}> a gba:Statistic ; gba:passage passage:0-22 ."""
    assert failures(turtle) == one(STAT, RDFS.label)


# --- Collaboration -----------------------------------------------------------------------

PLACES = """
    place:hong-kong a gba:City ; rdfs:label "Hong Kong"@en .
    place:shenzhen a gba:City ; rdfs:label "Shenzhen"@en .
    place:hetao a gba:Zone ; rdfs:label "Hetao"@en .
"""


def collaboration(body: str) -> str:
    return FILE + REPORT + PLACES + f"""
        report:r gba:proposesCollaboration <{COLLAB}> .
        <{COLLAB}> a gba:Collaboration ; rdfs:label "biotech co-operation"@en ;
            gba:passage passage:0-22 ; {body} ."""


def test_collaboration_conforms() -> None:
    body = "gba:participant place:hong-kong, place:shenzhen ; gba:through place:hetao"
    assert failures(collaboration(body)) == set()


def test_collaboration_with_one_participant() -> None:
    assert failures(collaboration("gba:participant place:hong-kong")) == one(
        COLLAB, GBA.participant
    )


def test_collaboration_participant_not_a_place() -> None:
    body = "gba:participant place:hong-kong, organisation:ohkf"
    turtle = collaboration(body) + """
        organisation:ohkf a gba:ThinkTank ; rdfs:label "Our Hong Kong Foundation"@en ."""
    assert failures(turtle) == one(COLLAB, GBA.participant)


def test_collaboration_through_a_city() -> None:
    body = "gba:participant place:hong-kong, place:shenzhen ; gba:through place:shenzhen"
    assert failures(collaboration(body)) == one(COLLAB, GBA.through)


def test_collaboration_proposed_by_no_report() -> None:
    turtle = FILE + PLACES + f"""<{COLLAB}> a gba:Collaboration ; rdfs:label "co-op"@en ;
        gba:passage passage:0-22 ; gba:participant place:hong-kong, place:shenzhen ."""
    assert failures(turtle) == one(COLLAB, "^" + str(GBA.proposesCollaboration))


def test_collaboration_field_not_a_concept() -> None:
    body = 'gba:participant place:hong-kong, place:shenzhen ; gba:field "biotech"'
    # The literal is not a concept, and as a gba:field object it is a topic without labels.
    assert failures(collaboration(body)) == one(COLLAB, GBA.field) | {
        ('"biotech"', str(SKOS.prefLabel)),
        ('"biotech"', str(SKOS.inScheme)),
    }


# --- SourceFile and Passage --------------------------------------------------------------


def source_file(identifier: str = '"ohkf.txt"', sha: str = '"' + "ab" * 32 + '"',
                media: str = '"text/html"') -> str:
    return f"""source:abababababababab a gba:SourceFile ; dcterms:identifier {identifier} ;
        gba:sha256 {sha} ; dcterms:format {media} ;
        gba:origin "OHKF website" ; schema:url "https://www.ourhkfoundation.org.hk"^^xsd:anyURI ."""


SOURCE = ID["source/abababababababab"]


def test_source_file_conforms() -> None:
    assert failures(source_file()) == set()


@pytest.mark.parametrize(
    "sha",
    ['"' + "AB" * 32 + '"', '"' + "ab" * 31 + '"', '"' + "ab" * 33 + '"', '"' + "g" * 64 + '"'],
)
def test_source_file_sha256_is_64_lowercase_hex(sha: str) -> None:
    assert failures(source_file(sha=sha)) == one(SOURCE, GBA.sha256)


@pytest.mark.parametrize("media", ['"PDF"', '"text"', '"text/plain"@en', '"application/pdf "'])
def test_source_file_format_is_a_media_type(media: str) -> None:
    assert failures(source_file(media=media)) == one(SOURCE, DCTERMS["format"])


@pytest.mark.parametrize("identifier", ['""', '"a.txt", "b.txt"', "<file:///a.txt>"])
def test_source_file_identifier(identifier: str) -> None:
    assert failures(source_file(identifier=identifier)) == one(SOURCE, DCTERMS.identifier)


def test_source_file_url_as_string() -> None:
    turtle = source_file().replace('"^^xsd:anyURI', '"')
    assert failures(turtle) == one(SOURCE, SCHEMA.url)


def passage(start: str, end: str, extra: str = "") -> str:
    return FILE + f"""passage:x a gba:Passage ; oa:exact "Hong Kong" ;
        oa:start {start} ; oa:end {end} ; gba:inFile source:76e92d2e3bd29dc6 {extra} ."""


PASSAGE = ID["source/76e92d2e3bd29dc6/passage/x"]
NNI = "^^xsd:nonNegativeInteger"


def test_passage_conforms() -> None:
    extra = '; oa:prefix "in " ; oa:suffix " and"'
    assert failures(passage(f'"5"{NNI}', f'"14"{NNI}', extra)) == set()


@pytest.mark.parametrize(("start", "end"), [("14", "5"), ("5", "5")])
def test_passage_end_not_after_start(start: str, end: str) -> None:
    turtle = passage(f'"{start}"{NNI}', f'"{end}"{NNI}')
    assert failures(turtle) == one(PASSAGE, OA.start)


@pytest.mark.parametrize(
    ("start", "end", "path"),
    [
        ("5", f'"14"{NNI}', OA.start),  # xsd:integer, not xsd:nonNegativeInteger
        (f'"-1"{NNI}', f'"14"{NNI}', OA.start),  # ill-typed
        (f'"5"{NNI}', '"14"', OA.end),
    ],
)
def test_passage_offsets_are_non_negative_integers(start: str, end: str, path: URIRef) -> None:
    assert (str(PASSAGE), str(path)) in failures(passage(start, end))


def test_passage_without_end() -> None:
    turtle = FILE + f"""passage:x a gba:Passage ; oa:exact "Hong Kong" ;
        oa:start "5"{NNI} ; gba:inFile source:76e92d2e3bd29dc6 ."""
    assert failures(turtle) == one(PASSAGE, OA.end)


def test_passage_with_empty_quote() -> None:
    turtle = passage(f'"5"{NNI}', f'"14"{NNI}').replace('"Hong Kong"', '""')
    assert failures(turtle) == one(PASSAGE, OA.exact)


def test_passage_without_file() -> None:
    turtle = f"""passage:x a gba:Passage ; oa:exact "Hong Kong" ;
        oa:start "5"{NNI} ; oa:end "14"{NNI} ."""
    assert failures(turtle) == one(PASSAGE, GBA.inFile)


# --- Evidence ----------------------------------------------------------------------------

PUBLISHED = FILE + REPORT + """
    report:r dcterms:publisher organisation:ohkf .
    organisation:ohkf a gba:ThinkTank ; rdfs:label "Our Hong Kong Foundation"@en .
"""


def evidence(body: str) -> str:
    return PUBLISHED + f"<{EVIDENCE}> a gba:Evidence ; {body} ."


def test_evidence_conforms() -> None:
    turtle = evidence("""rdf:subject report:r ; rdf:predicate dcterms:publisher ;
        rdf:object organisation:ohkf ; gba:passage passage:0-22 ; gba:inReport report:r""")
    assert failures(turtle) == set()


@pytest.mark.parametrize(
    ("missing", "path"),
    [
        ("rdf:subject report:r ;", RDF.subject),
        ("rdf:predicate dcterms:publisher ;", RDF.predicate),
        ("rdf:object organisation:ohkf ;", RDF.object),
        ("gba:passage passage:0-22 ;", GBA.passage),
        ("gba:inReport report:r ;", GBA.inReport),
    ],
)
def test_evidence_incomplete(missing: str, path: URIRef) -> None:
    body = """rdf:subject report:r ; rdf:predicate dcterms:publisher ;
        rdf:object organisation:ohkf ; gba:passage passage:0-22 ; gba:inReport report:r ;"""
    assert missing in body
    assert failures(evidence(body.replace(missing, "").rstrip(" ;\n"))) == one(EVIDENCE, path)


def test_evidence_of_a_triple_not_in_the_graph() -> None:
    turtle = evidence("""rdf:subject report:r ; rdf:predicate gba:partner ;
        rdf:object organisation:ohkf ; gba:passage passage:0-22 ; gba:inReport report:r""")
    assert failures(turtle) == one(EVIDENCE)


def test_evidence_in_something_not_a_report() -> None:
    turtle = evidence("""rdf:subject report:r ; rdf:predicate dcterms:publisher ;
        rdf:object organisation:ohkf ; gba:passage passage:0-22 ;
        gba:inReport organisation:ohkf""")
    assert failures(turtle) == one(EVIDENCE, GBA.inReport)


def test_evidence_with_literal_predicate() -> None:
    turtle = evidence("""rdf:subject report:r ; rdf:predicate "publisher" ;
        rdf:object organisation:ohkf ; gba:passage passage:0-22 ; gba:inReport report:r""")
    # Not an IRI, and so no triple of the graph has it as predicate.
    assert failures(turtle) == one(EVIDENCE, RDF.predicate) | one(EVIDENCE)


def test_literal_focus_nodes_are_reported_in_turtle_form() -> None:
    g = Graph()
    g.add((R, GBA.topic, Literal("biotech", lang="en")))
    focus = {v.focus for v in validate_graph(g).violations}
    assert '"biotech"@en' in focus
