"""PDF reports, through pypdf; truncated, encrypted or image-only files are refused."""

import hashlib
import io
import logging
import re
from pathlib import Path

from loaders.errors import LoaderError
from loaders.source import SourceText

logging.getLogger("pypdf").addHandler(logging.NullHandler())  # its repair notes are not ours


def read(path: Path, data: bytes) -> SourceText:
    if not data.lstrip().startswith(b"%PDF-"):
        raise LoaderError(path, "is not a PDF (no %PDF- header)")
    from pypdf import PdfReader  # here: a build without PDFs need not import it
    from pypdf.errors import PdfReadError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise LoaderError(path, "is an encrypted PDF", "save an unencrypted copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except LoaderError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, OSError) as exc:
        raise LoaderError(path, f"is a damaged or truncated PDF ({exc})") from exc
    text = "\n\n".join(re.sub(r"[ \t]+\n", "\n", page).strip() for page in pages).strip()
    if not text:
        raise LoaderError(
            path, "is a PDF with no text layer (scanned images?)", "run OCR on it first"
        )
    metadata = {}
    info = reader.metadata
    if info is not None:
        for key, name in (("/Title", "pdf-title"), ("/Author", "author")):
            value = info.get(key)
            if value:
                metadata[name] = str(value)
    return SourceText(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text + "\n",
        media_type="application/pdf",
        metadata=metadata,
    )
