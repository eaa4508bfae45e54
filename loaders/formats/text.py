"""Plain-text report pages, such as the user's saved page of report summaries."""

import hashlib
import re
from pathlib import Path

from gbakg.config import MAX_LINE_CHARS, MAX_TEXT_CHARS
from loaders.decoding import decode
from loaders.errors import LoaderError
from loaders.header import parse_header
from loaders.source import SourceText


def check_size(path: Path, text: str) -> None:
    """Refuse more text than any report page holds, before the extractors see it."""
    if len(text) > MAX_TEXT_CHARS:
        raise LoaderError(
            path,
            f"has {len(text):,} characters of text, over the limit of {MAX_TEXT_CHARS:,}",
            "split it, or raise GBAKG_MAX_TEXT_CHARS",
        )


def check_lines(path: Path, text: str) -> None:
    """Refuse a single line so long that no report page would have it."""
    if re.search(r"[^\n]{" + str(MAX_LINE_CHARS + 1) + "}", text) is None:
        return
    longest = max(len(line) for line in text.splitlines())
    raise LoaderError(
        path,
        f"has a line of {longest:,} characters, over the limit of {MAX_LINE_CHARS:,}",
        "split the text into lines, or raise GBAKG_MAX_LINE_CHARS",
    )


def read(path: Path, data: bytes) -> SourceText:
    text, encoding = decode(path, data)
    if not text.strip():
        raise LoaderError(path, "is empty (no text)", "give a page with at least one report")
    check_size(path, text)
    check_lines(path, text)
    metadata, body_start = parse_header(text)
    return SourceText(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        media_type="text/plain",
        encoding=encoding,
        body_start=body_start,
        metadata=metadata,
    )
