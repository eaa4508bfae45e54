"""Bad and unusual input: each a LoaderError naming the file, or a correct decode."""

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import Extraction, LoaderError, load_registry, load_source, read_source
from loaders.registry import Registry

PAGE = (
    "Strategic Collaborations between Hong Kong and Shenzhen\n\n[Download Full Report]\n\n"
    "Our Hong Kong Foundation has published its new report. We recommend building a "
    "one-stop service platform, and training interdisciplinary talents.\n"
)


def _error(path: Path, registry: Registry) -> str:
    with pytest.raises(LoaderError) as info:
        load_source(path, registry)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message
    return message


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
        (b"Title\x00 with a NUL", "binary"),
        (b"Report caf\xe9 \xff text " * 5, "not valid UTF-8"),
    ],
)
def test_bad_bytes_are_refused(
    tmp_path: Path, registry: Registry, content: bytes, problem: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert problem in _error(path, registry)


def test_missing_path_and_unknown_format(tmp_path: Path, registry: Registry) -> None:
    assert "does not exist" in _error(tmp_path / "nope.txt", registry)
    odd = tmp_path / "page.docx"
    odd.write_bytes(b"PK")
    assert "unknown source format" in _error(odd, registry)


def test_page_with_no_report(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "nothing.txt"
    path.write_text("ok.\n", encoding="utf-8")
    assert "holds no report" in _error(path, registry)


@pytest.mark.parametrize("encoding", ["big5", "gb18030", "utf-16"])
def test_chinese_and_utf16_pages_decode(tmp_path: Path, encoding: str) -> None:
    text = "香港與深圳的創新科技合作\n\n團結香港基金發表報告，建議兩地加強合作。\n"
    if encoding == "gb18030":
        text = text.replace("與", "与").replace("創", "创").replace("團結", "团结")
    path = tmp_path / f"zh-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert read_source(path).text == text


def test_mixed_line_endings_keep_offsets(extract_text: Callable[[str, str], Extraction]) -> None:
    ex = extract_text(PAGE.replace("\n", "\r\n", 3))
    assert len(ex.graphs) == 1


def test_over_long_line_is_refused_naming_the_limit(
    tmp_path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("loaders.formats.text.MAX_LINE_CHARS", 1000)
    path = tmp_path / "long.txt"
    path.write_text("Title\n\n" + "word " * 400 + "\n", encoding="utf-8")
    assert "over the limit of 1,000" in _error(path, registry)


def test_pdf_reports(tmp_path: Path, registry: Registry) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in PAGE.splitlines():
        pdf.multi_cell(0, 6, line or " ")
        pdf.ln(2)
    good = tmp_path / "report.pdf"
    pdf.output(str(good))
    assert read_source(good).media_type == "application/pdf"
    assert "Hong Kong" in read_source(good).text
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(good.read_bytes()[:300])
    assert "PDF" in _error(truncated, registry)


def test_encrypted_pdf(tmp_path: Path, registry: Registry) -> None:
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 6, "Secret report")
    plain = tmp_path / "plain.pdf"
    pdf.output(str(plain))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt("pw")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    assert "encrypted" in _error(locked, registry)


def test_registry_errors_name_the_line(tmp_path: Path) -> None:
    header = "key\tclass\tlabel\taliases\tzh-Hant\tzh-Hans\twikidata\tpart_of\tsites\n"
    bad = tmp_path / "reg.tsv"
    bad.write_text(header + "a\tCity\tAlpha\t\t\t\t\t\t\nb\tCity\tBeta\n", encoding="utf-8")
    with pytest.raises(LoaderError, match="line 3: expected 9"):
        load_registry(bad)
    bad.write_text(
        header + "a\tCity\tAlpha\tAL\t\t\t\t\t\nb\tCity\tBeta\tal\t\t\t\t\t\n", encoding="utf-8"
    )
    with pytest.raises(
        LoaderError, match="line 3: name 'al' of 'b' is already used by 'a' on line 2"
    ):
        load_registry(bad)


def test_html_title_with_script_stays_text(extract_text: Callable[[str, str], Extraction]) -> None:
    html = (
        "<html><body><h1>Bay Area &lt;script&gt;alert(1)&lt;/script&gt; report</h1>"
        "<p>[Download Full Report]</p><p>Our Hong Kong Foundation has published its report. "
        "We recommend building a platform for Hong Kong, and training talents.</p>"
        "<script>alert('x')</script></body></html>"
    )
    ex = extract_text(html, "page.html")
    text = "".join(str(o) for g in ex.graphs.values() for o in g.objects())
    assert "<script>alert(1)</script>" in text and "alert('x')" not in text


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=400))
def test_any_text_gives_a_graph_or_a_loader_error(
    tmp_path: Path, registry: Registry, text: str
) -> None:
    path = tmp_path / "fuzz.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        ex = load_source(path, registry)
    except LoaderError:
        return
    assert ex.graphs


@pytest.mark.parametrize(("encoding", "variant"), [("big5", "zh-Hant"), ("gb18030", "zh-Hans")])
def test_chinese_page_gives_a_chinese_report(
    tmp_path: Path, registry: Registry, encoding: str, variant: str
) -> None:
    from rdflib.namespace import DCTERMS, RDFS

    from ontology.iris import entity_iri
    from ontology.namespace import GBA

    text = (
        "香港與深圳生物科技合作\n\n2021年7月26日\n\n團結香港基金聯同中國國際經濟交流中心發表報告。"
        "報告建議香港與深圳以生物科技為切入點，推動河套深港科技創新合作區發展。\n"
    )
    if encoding == "gb18030":
        text = text.translate(
            str.maketrans(
                "與團結聯國際經濟髮報告建議為點動創區發", "与团结联国际经济发报告建议为点动创区发"
            )
        )
    path = tmp_path / f"zh.{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    (graph,) = load_source(path, registry).graphs.values()
    (report,) = graph.subjects(DCTERMS.issued, None)
    title = graph.value(report, DCTERMS.title)
    assert title.language == variant and str(title).startswith("香港")
    assert graph.value(report, DCTERMS.publisher) == entity_iri(
        "organisation", "Our Hong Kong Foundation"
    )
    mentioned = set(graph.objects(report, GBA.mentions))
    assert {entity_iri("place", "Hong Kong"), entity_iri("place", "Shenzhen")} <= mentioned
    (rec,) = graph.objects(report, GBA.recommends)
    assert str(graph.value(rec, RDFS.label)).startswith("香港")


def test_over_long_text_is_refused_naming_the_limit(
    tmp_path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("loaders.formats.text.MAX_TEXT_CHARS", 500)
    path = tmp_path / "long.txt"
    path.write_text(PAGE * 5, encoding="utf-8")
    assert "over the limit of 500" in _error(path, registry)


def test_control_characters_never_reach_the_graph(
    extract_text: Callable[[str, str], Extraction],
) -> None:
    ex = extract_text(PAGE.replace("Our Hong Kong", "Our \x1b[31mHong\x07 Kong"))
    text = "".join(str(o) for g in ex.graphs.values() for o in g.objects())
    assert "\x1b" not in text and "\x07" not in text


def test_recommendation_wrapped_over_lines(extract_text: Callable[[str, str], Extraction]) -> None:
    from rdflib.namespace import RDFS

    from ontology.namespace import GBA

    page = PAGE.replace(
        "We recommend building a one-stop service platform, and training",
        "We recommend building a one-stop service\nplatform, and training",
    )
    (g,) = extract_text(page).graphs.values()
    labels = {str(g.value(r, RDFS.label)) for r in g.subjects(None, GBA.Recommendation)}
    labels |= {str(g.value(r, RDFS.label)) for r in g.objects(None, GBA.recommends)}
    assert "building a one-stop service platform" in labels


def test_html_title_is_metadata_not_text(extract_text: Callable[[str, str], Extraction]) -> None:
    from rdflib.namespace import DCTERMS

    html = (
        "<html><head><title>Bay Area Innovation Report</title></head><body>"
        "<h1>Bay Area Innovation Report</h1><p>[Download Full Report]</p>"
        "<p>Our Hong Kong Foundation has published its report. We recommend building a "
        "platform for Hong Kong, and training talents.</p></body></html>"
    )
    (g,) = extract_text(html, "page.html").graphs.values()
    assert {str(t) for t in g.objects(None, DCTERMS.title)} == {"Bay Area Innovation Report"}


def test_oversized_web_page_refused_before_parsing(
    tmp_path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("loaders.formats.html.MAX_HTML_BYTES", 1000)
    path = tmp_path / "big.html"
    path.write_text("<html><body>" + "<p>Hong Kong</p>" * 200 + "</body></html>", encoding="utf-8")
    assert "over the limit of 1,000" in _error(path, registry)
