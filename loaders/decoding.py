"""Bytes to text: Unicode with or without a BOM, and legacy Chinese encodings.

A page is decoded as what it claims (a BOM, an HTML charset) or, failing that, as
UTF-8, then GB18030 or Big5 when the bytes are valid there and read as Chinese text.
Binary data and undecodable bytes are refused with a LoaderError naming the file.
"""

import codecs
import re
from pathlib import Path

from loaders.errors import LoaderError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
LEGACY_CHINESE = ("gb18030", "big5hkscs")
CONTROLS = {
    c: 0xFFFD for c in [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]
}
"""Control characters no report text needs (ESC, BEL, C1 ...): shown as U+FFFD, one for one,
so offsets stay true and no terminal or viewer ever receives them."""
CJK = re.compile(r"[\u3400-\u9fff]")


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 50)


def _cjk_share(text: str) -> float:
    letters = [c for c in text if not c.isspace() and not c.isascii()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if CJK.match(c)) / len(letters)


def decode(path: Path, data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name) or raise LoaderError; control characters replaced."""
    text, encoding = _decode(path, data, declared)
    return text.translate(CONTROLS), encoding


def _decode(path: Path, data: bytes, declared: str | None = None) -> tuple[str, str]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise LoaderError(
                    path,
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start + len(bom)})",
                    "re-save the file as UTF-8",
                ) from exc
    if _looks_binary(data):
        raise LoaderError(
            path,
            "is a binary file, not a text page (it holds NUL or control bytes)",
            "give a .txt, .html or .pdf report page",
        )
    if declared:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration is common; fall back to detection
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    candidates = []
    for encoding in LEGACY_CHINESE:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_cjk_share(text), encoding, text))
    if candidates:
        share, encoding, text = max(candidates)
        if share >= 0.6:
            return text, "big5" if encoding.startswith("big5") else encoding
    raise LoaderError(
        path,
        f"is not valid UTF-8 (byte {utf8_error.start}) and does not decode as GB18030 or "
        "Big5 Chinese text",
        "re-save the file as UTF-8",
    )
