"""Download links as language versions and formats of a report.

'[Full Report (Download PDF) - Traditional Chinese]' is the full report, a PDF, in
zh-Hant; '[Executive Summary (Read Flipbook) ...]' an HTML flipbook of the summary.
"""

import re

from loaders.model import EditionRecord, Span

LANGUAGES = (
    (re.compile(r"traditional\s+chinese|繁體", re.IGNORECASE), "zh-Hant"),
    (re.compile(r"simplified\s+chinese|简体", re.IGNORECASE), "zh-Hans"),
    (re.compile(r"\bchinese\b|中文", re.IGNORECASE), "zh"),
    (re.compile(r"\benglish\b|英文", re.IGNORECASE), "en"),
)
KINDS = (
    "Full Report",
    "Executive Summary",
    "Presentation Slides",
    "Summary",
    "Report",
    "Slides",
    "Infographic",
    "Press Release",
    "Appendix",
)


def edition_from_link(text: str, span: Span) -> EditionRecord | None:
    label = text.strip().strip("[]").strip()
    if not label:
        return None
    kind = next((k for k in KINDS if k.lower() in label.lower()), "Document")
    language = next((code for pattern, code in LANGUAGES if pattern.search(label)), "")
    media_type = ""
    if re.search(r"\bpdf\b", label, re.IGNORECASE):
        media_type = "application/pdf"
    elif re.search(r"flipbook|read online|html", label, re.IGNORECASE):
        media_type = "text/html"
    elif re.search(r"slides|pptx?", label, re.IGNORECASE):
        media_type = "application/pdf" if "pdf" in label.lower() else ""
    return EditionRecord(
        label=re.sub(r"\s+", " ", label),
        kind=kind,
        span=span,
        language=language,
        media_type=media_type,
    )
