"""What a format reader hands the extractors: decoded text plus provenance."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SourceText:
    """A source file's text, ready for splitting and extraction.

    ``text`` is the whole decoded text (for HTML and PDF: the text extracted from it);
    every character offset in the graph refers to it. ``body_start`` is where the report
    text begins, after any metadata header, which is provenance, never report text.
    """

    path: Path
    sha256: str
    text: str
    media_type: str
    encoding: str = "utf-8"
    body_start: int = 0
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def body(self) -> str:
        return self.text[self.body_start :]
