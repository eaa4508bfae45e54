"""A second SHACL engine, Apache Jena's, reads ontology/shapes.ttl as pySHACL does.

Why: shapes that only one engine understands are a private dialect, not a contract. Both
engines validate the same files (a report graph plus gba.ttl's rdfs:subClassOf axioms, as
graph.validation's working copy has them): the valid examples must conform in both, and
deliberately broken graphs must give the same (focus node, path, shape) results.

Jena runs as Debian's ``libapache-jena-java`` ships it: ``java -cp ... shacl.shacl
validate``. Without java or those jars the test skips, with the reason, except under CI
(``CI=true``), where a missing engine is a failure: CI must install it
(``apt-get install default-jre-headless libapache-jena-java``).

Where the engines disagree, the cases below say which is right (see DISAGREEMENTS).
"""

import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, RDFS, SH, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS
from rdflib.term import Node

from graph.validation import GBASH, validate_graph
from ontology import ONTOLOGY_FILE, SHAPES_FILE
from ontology.iris import entity_iri, report_iri
from ontology.namespace import GBA, ID, OA, SCHEMA

DATA = Path(__file__).resolve().parent / "data"
FUND_REPORT = report_iri("The Ecosystem of Innovation and Technology in Hong Kong")
JAVA_DIR = Path(os.environ.get("GBAKG_JENA_JARS", "/usr/share/java"))
# Jena 4's SHACL command and what it loads; slf4j-nop keeps the other slf4j bindings (which
# Debian also puts in /usr/share/java, and which make '/usr/share/java/*' fail) out.
JARS = [
    "jena-base", "jena-core", "jena-arq", "jena-iri", "jena-shacl", "jena-cmds",
    "commons-lang3", "commons-io", "commons-codec", "commons-compress", "commons-collections4",
    "guava", "thrift", "protobuf", "gson", "jsonld-java", "jackson-core", "jackson-databind",
    "jackson-annotations", "titanium-json-ld", "httpclient", "httpcore", "slf4j-api",
    "slf4j-nop",
]
REQUIRED = {"jena-base", "jena-core", "jena-arq", "jena-iri", "jena-shacl", "jena-cmds",
            "commons-lang3", "guava", "slf4j-api"}

Case = Callable[[Graph], None]


# --- the broken graphs ---------------------------------------------------------------------


def _report(g: Graph) -> Node:
    return next(g.subjects(RDF.type, GBA.Report))


def broken_report(g: Graph) -> None:
    """valid_report.ttl broken in the report and its entities."""
    report = _report(g)
    hong_kong = entity_iri("place", "Hong Kong")
    g.remove((report, DCTERMS.title, None))  # missing title (and so label != title)
    g.set((report, DCTERMS.publisher, hong_kong))  # a place as publisher
    g.add((report, DCTERMS.issued, Literal("2021-13-01", datatype=XSD.date)))  # ill-typed
    g.add((entity_iri("place", "Shenzhen"), RDFS.label, Literal("Shenzhen", lang="fr")))
    g.add((hong_kong, RDFS.label, Literal("Hongkong", lang="en")))  # two English labels
    g.set((hong_kong, OWL.sameAs, URIRef("https://www.wikidata.org/wiki/Q8646")))
    collaboration = next(g.subjects(RDF.type, GBA.Collaboration))
    g.remove((collaboration, GBA.participant, entity_iri("place", "Shenzhen")))  # 1 participant
    rec1, rec2 = sorted(g.objects(report, GBA.recommends))[:2]
    g.set((rec1, RDFS.label, Literal("x" * 401, lang="en")))
    g.set((rec2, GBA.order, Literal(0)))


def broken_fund(g: Graph) -> None:
    """valid_report_fund.ttl broken in its fund, amount and statistic."""
    amount = next(g.subjects(RDF.type, SCHEMA.MonetaryAmount))
    g.set((amount, SCHEMA.currency, Literal("HK$")))
    g.set((amount, SCHEMA.value, Literal("50 billion")))
    fund = next(g.subjects(RDF.type, GBA.Fund))
    g.set((fund, GBA.status, Literal("proposed")))
    statistic = next(g.subjects(RDF.type, GBA.Statistic))
    g.set((statistic, GBA.place, entity_iri("organisation", "Our Hong Kong Foundation")))
    g.set((statistic, GBA.measures, Literal("R&D funding")))
    recommendation = sorted(g.objects(_report(g), GBA.recommends))[0]
    g.add((recommendation, GBA.concerns, statistic))
    topic = next(g.objects(_report(g), GBA.topic))
    g.remove((topic, SKOS.inScheme, None))


def broken_provenance(g: Graph) -> None:
    """valid_report.ttl broken in its source file, passages, editions and evidence."""
    source = next(g.subjects(RDF.type, GBA.SourceFile))
    g.set((source, GBA.sha256, Literal(str(g.value(source, GBA.sha256)).upper())))
    passages = sorted(g.subjects(RDF.type, GBA.Passage))
    g.set((passages[0], OA.end, g.value(passages[0], OA.start)))  # end == start
    g.set((passages[1], OA.start, Literal(int(g.value(passages[1], OA.start)))))  # xsd:integer
    g.remove((passages[2], GBA.inFile, None))
    evidence = sorted(g.subjects(RDF.type, GBA.Evidence))
    g.remove((evidence[0], GBA.inReport, None))
    s, p, o = (g.value(evidence[1], RDF[x]) for x in ("subject", "predicate", "object"))
    g.remove((s, p, o))  # evidence of a triple no longer in the graph
    edition = next(g.subjects(RDF.type, GBA.Edition))
    g.remove((edition, GBA.editionKind, None))


def chinese_subtag(g: Graph) -> None:
    hong_kong = entity_iri("place", "Hong Kong")
    g.remove((hong_kong, RDFS.label, Literal("香港", lang="zh-Hant")))
    g.add((hong_kong, RDFS.label, Literal("香港", lang="zh-Hant-HK")))


def typed_string_currency(g: Graph) -> None:
    amount = next(g.subjects(RDF.type, SCHEMA.MonetaryAmount))
    g.set((amount, SCHEMA.currency, Literal("HKD", datatype=XSD.string)))


BROKEN: dict[str, tuple[str, Case]] = {
    "broken_report": ("valid_report.ttl", broken_report),
    "broken_fund": ("valid_report_fund.ttl", broken_fund),
    "broken_provenance": ("valid_report.ttl", broken_provenance),
}
VALID = {"valid_report": "valid_report.ttl", "valid_report_fund": "valid_report_fund.ttl"}

# Where the two engines disagree, and who is right (test_disagreement_* pin both down).
#
# 1. "HKD"^^xsd:string against sh:in ( "HKD" ): RDF 1.1 says a simple literal IS an
#    xsd:string, so these are one term and the value is in the list. Jena: conforms
#    (right). pySHACL: violation, because rdflib keeps Literal("HKD") and
#    Literal("HKD", datatype=XSD.string) apart. graph.validation writes xsd:string literals
#    in simple form before validating, so the build agrees with Jena.
# 2. "2021-07-26+08:00"^^xsd:date against sh:pattern "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": the
#    lexical form has a time zone, so Jena reports it (right, by the letter of SHACL).
#    rdflib normalises the literal to "2021-07-26" while parsing, so pySHACL never sees the
#    time zone. Harmless for the build: the dumps are written from rdflib's terms, so the
#    time zone never reaches them either.
# 3. "香港"@zh-Hant-HK against sh:languageIn ( "en" "zh-Hant" "zh-Hans" ): SHACL matches
#    language ranges with langMatches (RFC 4647 basic filtering), under which zh-Hant
#    covers zh-Hant-HK. Jena: conforms (right, by the spec). pySHACL: violation, because
#    it accepts only the exact tag or its first subtag ("zh", not listed). The contract
#    asks for exactly @zh-Hant, so pySHACL's stricter answer is the one the build wants.


# --- running the engines -------------------------------------------------------------------


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must install default-jre-headless and libapache-jena-java")
    pytest.skip(reason)


def _classpath(tmp: Path) -> str:
    java = shutil.which("java")
    if java is None:
        _missing("java is not installed (Debian: default-jre-headless)")
    missing = sorted(name for name in REQUIRED if not (JAVA_DIR / f"{name}.jar").exists())
    if missing:
        _missing(f"Apache Jena is not installed in {JAVA_DIR} (Debian: libapache-jena-java); "
                 f"missing {', '.join(missing)}")
    jars = [str(JAVA_DIR / f"{n}.jar") for n in JARS if (JAVA_DIR / f"{n}.jar").exists()]
    return os.pathsep.join([*_resource_fix(tmp), *jars])


def _resource_fix(tmp: Path) -> list[str]:
    """Work around a Debian packaging bug in libapache-jena-java 4.5.0.

    Its jena-core.jar moved the shaded Xerces classes to the package ``xerces`` but left
    their message bundles under ``org/apache/jena/ext/xerces``; the datatype code then fails
    to load (``RuntimeException: internal error`` in XSSimpleTypeDecl.applyFacets1) before
    any validation. Copying the bundles to where the classes look fixes it.
    """
    with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as jar:
        names = set(jar.namelist())
        old = "org/apache/jena/ext/xerces/"
        if "xerces/impl/xpath/regex/message.properties" in names or not any(
            n.startswith(old) for n in names
        ):
            return []
        fix = tmp / "jena-resources"
        for name in names:
            if name.startswith(old) and name.endswith(".properties"):
                target = fix / "xerces" / name[len(old) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
        return [str(fix)]


def _subclass_axioms() -> Graph:
    ontology = Graph().parse(ONTOLOGY_FILE)
    axioms = Graph()
    for triple in ontology.triples((None, RDFS.subClassOf, None)):
        axioms.add(triple)
    return axioms


def _case_texts() -> dict[str, str]:
    """Every case as Turtle text: the data plus the ontology's subclass axioms."""
    axioms = _subclass_axioms().serialize(format="nt", encoding="utf-8").decode()
    cases: dict[str, tuple[str, Case | None]] = {
        **{name: (source, None) for name, source in VALID.items()},
        **BROKEN,
        "typed_string_currency": ("valid_report_fund.ttl", typed_string_currency),
        "chinese_subtag": ("valid_report_fund.ttl", chinese_subtag),
    }
    texts = {}
    for name, (source, mutate) in cases.items():
        g = Graph().parse(DATA / source)
        if mutate is not None:
            mutate(g)
        texts[name] = g.serialize(format="nt", encoding="utf-8").decode() + axioms
    # Written as text: rdflib would normalise the time zone away before Jena saw it.
    text = (DATA / "valid_report_fund.ttl").read_text(encoding="utf-8")
    texts["date_with_time_zone"] = f'{text}\n<{FUND_REPORT}> dcterms:issued "2021-07-26+08:00"^^xsd:date .\n{axioms}'
    return texts


def _moved(name: str, text: str) -> str:
    """``text`` with every id: IRI moved under ``id:<name>/``, so cases cannot interact."""
    return text.replace(str(ID), f"{ID}{name}/")


Result = tuple[str, str, str]


def results(report: Graph) -> set[Result]:
    """(focus node, path, source shape) of every result in a SHACL validation report."""
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        shape = report.value(result, SH.sourceShape)
        if shape in (GBASH.EvidenceTripleShape,):  # the offending node is the value
            focus = report.value(result, SH.value)
        path = report.value(result, SH.resultPath)
        if isinstance(path, BNode):
            path = URIRef("^" + str(report.value(path, SH.inversePath)))
        found.add((_text(focus), _text(path), _text(shape)))
    return found


def _text(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, Literal):
        return node.n3()
    return str(node)


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return _case_texts()


@pytest.fixture(scope="module")
def jena(tmp_path_factory: pytest.TempPathFactory, texts: dict[str, str]) -> dict[str, set[Result]]:
    """Jena's results for every case, from one JVM run over all of them.

    A JVM with Jena takes about 1.5 s to start, so the cases go in one data file, each
    under its own id: prefix (see _moved); results are split back by that prefix.
    """
    tmp = tmp_path_factory.mktemp("jena")
    classpath = _classpath(tmp)
    data = tmp / "cases.ttl"
    data.write_text("\n".join(_moved(n, t) for n, t in texts.items()), encoding="utf-8")
    command = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath,
               "shacl.shacl", "validate", "--shapes", str(SHAPES_FILE), "--data", str(data)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, f"Jena failed:\n{run.stderr}"
    report = Graph().parse(data=run.stdout, format="turtle")
    assert (None, RDF.type, SH.ValidationReport) in report, run.stdout
    found: dict[str, set[Result]] = {name: set() for name in texts}
    for focus, path, shape in results(report):
        name = next(n for n in texts if focus.startswith(f"{ID}{n}/"))
        found[name].add((focus.replace(f"{ID}{name}/", str(ID)), path, shape))
    return found


@pytest.fixture(scope="module")
def pyshacl_found(texts: dict[str, str]) -> Callable[[str], set[Result]]:
    """pySHACL on exactly the text Jena read (one case alone): no help from graph.validation."""
    shapes = Graph().parse(SHAPES_FILE)

    def run(name: str) -> set[Result]:
        data = Graph().parse(data=texts[name], format="turtle")
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes)
        return results(report)

    return run


# --- the comparisons -----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(VALID))
def test_both_engines_accept_the_valid_examples(
    name: str, jena: dict[str, set[Result]], pyshacl_found: Callable[[str], set[Result]]
) -> None:
    assert jena[name] == set()
    assert pyshacl_found(name) == set()


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_both_engines_report_the_same_results(
    name: str, jena: dict[str, set[Result]], pyshacl_found: Callable[[str], set[Result]]
) -> None:
    assert len({focus for focus, _, _ in jena[name]}) >= 5, "a broken case should break more"
    assert pyshacl_found(name) == jena[name]


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_build_validator_reports_what_jena_reports(
    name: str, jena: dict[str, set[Result]]
) -> None:
    source, mutate = BROKEN[name]
    g = Graph().parse(DATA / source)
    mutate(g)
    ours = {(v.focus, v.path, v.shape) for v in validate_graph(g).violations}
    assert ours == jena[name]


def test_broken_report_results(jena: dict[str, set[Result]]) -> None:
    """A spot check that the comparison is about the right things."""
    report = str(report_iri(
        "Strategic Collaborations between Hong Kong and Shenzhen in Biotechnology – "
        "Capitalising opportunities in the Loop for Policy Innovations"
    ))
    hong_kong = str(entity_iri("place", "Hong Kong"))
    pairs = {(focus, path) for focus, path, _ in jena["broken_report"]}
    assert {
        (report, str(DCTERMS.title)),
        (report, str(DCTERMS.publisher)),
        (report, str(DCTERMS.issued)),
        (hong_kong, str(RDFS.label)),
        (hong_kong, str(OWL.sameAs)),
        (str(entity_iri("place", "Shenzhen")), str(RDFS.label)),
        (f"{report}/collaboration/1", str(GBA.participant)),
        (f"{report}/recommendation/1", str(RDFS.label)),
        (f"{report}/recommendation/2", str(GBA.order)),
    } <= pairs


def test_disagreement_typed_string(
    jena: dict[str, set[Result]], pyshacl_found: Callable[[str], set[Result]]
) -> None:
    """Jena is right (RDF 1.1); graph.validation agrees with Jena, raw pySHACL does not."""
    amount = f"{FUND_REPORT}/amount/1"
    assert jena["typed_string_currency"] == set()
    assert {(f, p) for f, p, _ in pyshacl_found("typed_string_currency")} == {
        (amount, str(SCHEMA.currency))
    }
    g = Graph().parse(DATA / "valid_report_fund.ttl")
    typed_string_currency(g)
    assert validate_graph(g).conforms


def test_disagreement_language_subtag(
    jena: dict[str, set[Result]], pyshacl_found: Callable[[str], set[Result]]
) -> None:
    """Jena follows langMatches (spec); pySHACL only the first subtag (stricter)."""
    hong_kong = str(entity_iri("place", "Hong Kong"))
    assert jena["chinese_subtag"] == set()
    assert pyshacl_found("chinese_subtag") == {
        (hong_kong, str(RDFS.label), str(GBASH["Entity-labelForm"]))
    }


def test_disagreement_date_time_zone(
    jena: dict[str, set[Result]], pyshacl_found: Callable[[str], set[Result]]
) -> None:
    """Jena sees the time zone and reports it; rdflib has dropped it before pySHACL runs."""
    assert jena["date_with_time_zone"] == {
        (str(FUND_REPORT), str(DCTERMS.issued), str(GBASH["Report-issued"]))
    }
    assert pyshacl_found("date_with_time_zone") == set()


def test_a_missing_engine_skips_on_a_laptop_and_fails_in_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        _missing("no java")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must install"):
        _missing("no java")
