"""Format readers: one module per file format, each turning bytes into a SourceText.

To add a format, write ``loaders/formats/<name>.py`` with a ``read(path, data)`` function
and list its suffixes in ``READERS`` below.
"""

from collections.abc import Callable
from pathlib import Path

from loaders.errors import LoaderError
from loaders.formats import html, pdf, text
from loaders.source import SourceText

Reader = Callable[[Path, bytes], SourceText]

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".text": text.read,
    ".md": text.read,
    ".html": html.read,
    ".htm": html.read,
    ".pdf": pdf.read,
}


def reader_for(path: Path) -> Reader:
    try:
        return READERS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise LoaderError(
            path,
            f"unknown source format {path.suffix or '(no suffix)'!r}",
            f"known formats: {known}",
        ) from None


__all__ = ["READERS", "Reader", "reader_for"]
