"""Saved web pages: navigation, scripts and styles stripped, headings kept as lines.

Headings (``h1``-``h4``) become lines of their own so the page splitter sees titles; the
page's ``<meta>`` description, canonical URL and date become provenance metadata.
"""

import hashlib
import re
from pathlib import Path

from gbakg.config import MAX_HTML_BYTES
from loaders.decoding import decode
from loaders.errors import LoaderError
from loaders.formats.text import check_lines, check_size
from loaders.source import SourceText

DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "menu",
)
BLOCKS = (
    "p",
    "div",
    "section",
    "article",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "blockquote",
    "pre",
    "main",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
    "figcaption",
)
CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


def read(path: Path, data: bytes) -> SourceText:
    if len(data) > MAX_HTML_BYTES:
        raise LoaderError(
            path,
            f"is a {len(data):,}-byte web page, over the limit of {MAX_HTML_BYTES:,}",
            "save the article alone, or raise GBAKG_MAX_HTML_BYTES",
        )
    declared = CHARSET.search(data[:4096])
    markup, encoding = decode(path, data, declared.group(1).decode("ascii") if declared else None)
    from bs4 import BeautifulSoup, Tag  # here: a text-only build need not import it

    soup = BeautifulSoup(markup, "lxml")
    metadata: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        if not isinstance(meta, Tag):
            continue
        key = str(meta.get("property") or meta.get("name") or "").lower()
        content = str(meta.get("content") or "").strip()
        if (
            key in ("og:url", "article:published_time", "date", "og:site_name", "author")
            and content
        ):
            metadata[key.split(":")[-1].replace("published_time", "published")] = content
    if "site_name" in metadata:
        metadata.setdefault("publisher", metadata["site_name"])
    canonical = soup.find("link", rel="canonical")
    if isinstance(canonical, Tag) and canonical.get("href"):
        metadata["url"] = str(canonical["href"])
    title = soup.find("title")
    if isinstance(title, Tag):
        if title.get_text(strip=True):
            metadata["html-title"] = title.get_text(" ", strip=True)
        title.decompose()  # metadata, not page text (it repeats the <h1>)
    for tag in soup.find_all(DROP):
        tag.decompose()
    for tag in soup.find_all(BLOCKS):
        tag.insert(0, "\n")  # inside the tag: O(1), where insert_before scans the parent
        tag.append("\n")
    raw = soup.get_text()
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in raw.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
    if not text.strip():
        raise LoaderError(path, "is an HTML page with no visible text")
    check_size(path, text)
    check_lines(path, text)
    return SourceText(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        media_type="text/html",
        encoding=encoding,
        metadata=metadata,
    )
