"""A source's optional metadata header: provenance and context, never report text.

Two forms are read: leading ``# key: value`` lines (``# origin: publisher, year``) and
YAML-style front matter between ``---`` lines (``url:``, ``retrieved:``, ``publisher:``).
"""

import re

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
HASH_LINE = re.compile(r"[ \t]*#[ \t]*([A-Za-z][\w -]{0,30}?)[ \t]*:[ \t]*(.*?)[ \t]*(?:\r?\n|\Z)")
KEY_VALUE = re.compile(r"[ \t]*([A-Za-z][\w -]{0,30}?)[ \t]*:[ \t]*(.*?)[ \t]*$")
YEAR = re.compile(r"\b(19|20)\d{2}\b")


def parse_header(text: str) -> tuple[dict[str, str], int]:
    """Return (metadata, offset where the body starts)."""
    metadata: dict[str, str] = {}
    match = FRONT_MATTER.match(text)
    if match:
        for line in match.group(1).splitlines():
            kv = KEY_VALUE.match(line)
            if kv:
                metadata[kv.group(1).strip().lower()] = kv.group(2).strip().strip("\"'")
        end = match.end()
    else:
        end = 0
        while (line := HASH_LINE.match(text, end)) is not None:
            metadata[line.group(1).strip().lower()] = line.group(2)
            end = line.end()
    if "origin" in metadata:
        _read_origin(metadata)
    return metadata, end


def _read_origin(metadata: dict[str, str]) -> None:
    """``origin: Publisher (site), 2022 — note`` gives a publisher and a year as context."""
    origin = metadata["origin"]
    head = re.split(r"\s+[—–-]\s+", origin, maxsplit=1)[0]
    year = YEAR.search(head)
    if year and "year" not in metadata:
        metadata["year"] = year.group(0)
    name = re.sub(r"\(.*?\)", "", re.split(r",\s*(?:19|20)\d{2}\b|,", head)[0]).strip()
    if name and "publisher" not in metadata and not re.fullmatch(r"[\w.-]+\.[a-z]{2,}", name):
        metadata["publisher"] = name
    site = re.search(r"\b([\w-]+(?:\.[\w-]+)*\.[a-z]{2,})\b", head)
    if site and "site" not in metadata:
        metadata["site"] = site.group(1)
