"""Extractors on real sentences from report pages."""

from decimal import Decimal

import pytest

from loaders.extract.dates import find_date, is_date_line
from loaders.extract.documents import find_documents
from loaders.extract.entities import EntityFinder
from loaders.extract.money import find_amounts, fund_phrase_after
from loaders.extract.recommendations import claimed_count, find_in_sentence
from loaders.model import Span
from loaders.registry import Registry
from loaders.sentences import Sentence


def sentence(text: str) -> Sentence:
    return Sentence(text, Span(0, len(text)))


def recs(registry: Registry, text: str) -> list[str]:
    s = sentence(text)
    mentions = EntityFinder(registry).find(text)
    return [text[f.span.start : f.span.end] for f in find_in_sentence(s, mentions)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HK$ 50 billion", (Decimal("50000000000"), "HKD")),
        ("US$3.5 million", (Decimal("3500000"), "USD")),
        ("RMB 10 billion", (Decimal("10000000000"), "CNY")),
        ("5 billion yuan", (Decimal("5000000000"), "CNY")),
        ("$2,000 million", (Decimal("2000000000"), "HKD")),
    ],
)
def test_amounts_in_iso_currencies(text: str, expected: tuple[Decimal, str]) -> None:
    (amount,) = find_amounts(f"It costs {text} in all.")
    assert (amount.value, amount.currency) == expected


def test_fund_phrase_after_an_amount() -> None:
    text = "recommends establishing a HK$ 50 billion endowment fund on applied research. We"
    (amount,) = find_amounts(text)
    start, end = fund_phrase_after(text, amount.span.end + 1) or (0, 0)
    assert text[start:end] == "endowment fund on applied research"


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("07/26/2021 - 15:00", "2021-07-26"),
        ("02/15/2022 - 17:49", "2022-02-15"),
        ("Dec 22, 2022", "2022-12-22"),
        ("20 May, 2022", "2022-05-20"),
        ("2022年12月22日", "2022-12-22"),
    ],
)
def test_date_lines(line: str, iso: str) -> None:
    assert is_date_line(line)
    found = find_date(line)
    assert found is not None and found[0].isoformat() == iso


def test_registry_names_longest_first_and_coordinated_governments(registry: Registry) -> None:
    text = (
        "Hence, we put forth seven major recommendations for the Hong Kong, Shenzhen, and "
        "Central Government to consider, with the Hong Kong Monetary Authority."
    )
    labels = [m.entity.label for m in EntityFinder(registry).find(text)]
    assert labels == [
        "Hong Kong Government",
        "Shenzhen Government",
        "Central Government",
        "Hong Kong Monetary Authority",
    ]


def test_unknown_bodies_found_by_shape_with_acronym(registry: Registry) -> None:
    finder = EntityFinder(registry)
    text = (
        "We recommend the Government establish a high-level Science and Development Office "
        "and the Hong Kong Institute for Strategic Studies (HKISS) said so. HKISS agreed."
    )
    found = {(m.entity.label, m.entity.cls) for m in finder.find(text)}
    assert ("Science and Development Office", "GovernmentBody") in found
    assert ("Hong Kong Institute for Strategic Studies", "ResearchInstitute") in found
    assert sum(1 for m in finder.find(text) if "Strategic" in m.entity.label) == 3


def test_case_rules_for_single_words(registry: Registry) -> None:
    finder = EntityFinder(registry)
    assert not finder.find("Shenzhen leverages substantial government support to grow.")[1:]
    assert [m.entity.label for m in finder.find("HK$ 50 billion")] == []


def test_gerund_list_after_we_recommend(registry: Registry) -> None:
    assert recs(
        registry,
        "Namely, we recommend speeding up the development of industrial clusters, "
        "setting up ancillary facilities, and training interdisciplinary talents.",
    ) == [
        "speeding up the development of industrial clusters",
        "setting up ancillary facilities",
        "training interdisciplinary talents",
    ]


def test_base_verb_list_addressed_to_a_body(registry: Registry) -> None:
    text = (
        "In the meantime, we recommend the Government utilise the Future Fund to provide "
        "patient capital, establish a high-level Science and Development Office to advise "
        "the Chief Executive, and develop the Kowloon Bay Action Area."
    )
    s = sentence(text)
    found = find_in_sentence(s, EntityFinder(registry).find(text))
    assert [text[f.span.start : f.span.end].split()[0] for f in found] == [
        "utilise",
        "establish",
        "develop",
    ]
    assert {m.entity.label for f in found for m in f.addressees} == {"Hong Kong Government"}


def test_purpose_clause_is_not_a_list(registry: Registry) -> None:
    assert recs(
        registry,
        "We recommend the Government to set the goal of increasing public R&D "
        "funding to 1% of GDP, to catch up with international peers.",
    ) == [
        "set the goal of increasing public R&D funding to 1% of GDP, to catch up with international peers"
    ]


def test_should_needs_a_body_or_place_as_subject(registry: Registry) -> None:
    assert recs(
        registry,
        "For business, regulatory bodies should strike a balance between "
        "innovation and regulation.",
    ) == ["regulatory bodies should strike a balance between innovation and regulation"]
    assert recs(registry, "In light of this, we should seize this opportunity.") == []


def test_hopes_a_body_can(registry: Registry) -> None:
    assert recs(
        registry,
        "Moreover, the Foundation hopes the Government can promote collaboration "
        "with Shenzhen to create a regional technology cluster.",
    ) == ["promote collaboration with Shenzhen to create a regional technology cluster"]


def test_quoted_directions_after_namely(registry: Registry) -> None:
    text = (
        "The Government will take it forward under four broad development directions, namely "
        '"to strengthen the I&T ecosystem"; "to expand the I&T talent pool"; and '
        '"to foster the digital economy".'
    )
    assert recs(registry, text) == [
        "strengthen the I&T ecosystem",
        "expand the I&T talent pool",
        "foster the digital economy",
    ]


def test_claimed_counts() -> None:
    assert claimed_count(sentence("Hence, we put forth seven major recommendations.")) == 7
    assert (
        claimed_count(
            sentence(
                "Under the four broad development directions, the Blueprint "
                "lays out eight major strategies, as follows:"
            )
        )
        == 8
    )
    assert claimed_count(sentence("The report addresses three fundamental areas.")) is None


def test_documents_named_in_text() -> None:
    text = (
        "Three years ago the central government released the Outline Development Plan (ODP) "
        "for the Guangdong-Hong Kong-Macao Greater Bay Area, expressing a hope."
    )
    (doc,) = find_documents(sentence(text), 2022)
    assert (
        doc.title == "Outline Development Plan for the Guangdong-Hong Kong-Macao Greater Bay Area"
    )
    assert "ODP" in doc.aliases
    (address,) = find_documents(sentence("In this year's Policy Address, the CE spoke."), 2022)
    assert address.title == "2022 Policy Address"
