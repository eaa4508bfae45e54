"""Configuration in one place: default paths, limits and server settings.

Every default can be overridden by a command-line option; paths can also be moved with
environment variables (``GBAKG_DATA``) so an installed copy finds its data.
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("GBAKG_DATA", PROJECT_ROOT / "data"))
DEFAULT_SOURCES = DATA_DIR / "sources"
"""The bundled corpus: the user's page and any report pages dropped beside it."""
DEFAULT_REGISTRY = DATA_DIR / "registry" / "entities.tsv"
"""The curated entity registry: identity only (names, aliases, types, Wikidata, Chinese)."""
DEFAULT_BUILD = Path("build")
"""Where ``gbakg build`` writes and every reading command looks, relative to the cwd."""

SOURCE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".pdf")
"""Files a source folder is scanned for; other files in it are ignored."""
MAX_SOURCE_BYTES = int(os.environ.get("GBAKG_MAX_SOURCE_BYTES", 64 * 1024 * 1024))
"""A source file larger than this is refused, naming this limit."""
MAX_TEXT_CHARS = int(os.environ.get("GBAKG_MAX_TEXT_CHARS", 5_000_000))
"""A source whose text (decoded, or extracted from HTML/PDF) is longer is refused: a page of
report summaries is tens of kilobytes, a full report a few megabytes."""
MAX_HTML_BYTES = int(os.environ.get("GBAKG_MAX_HTML_BYTES", 10 * 1024 * 1024))
"""A saved web page larger than this is refused before parsing: markup trees cost tens of
times their size in memory, and real article pages are well under a megabyte."""
MAX_LINE_CHARS = int(os.environ.get("GBAKG_MAX_LINE_CHARS", 2 * 1024 * 1024))
"""A text line longer than this is refused: no real report page has one."""

BUILD_JOBS = int(os.environ.get("GBAKG_JOBS", "0")) or os.cpu_count() or 1
"""Worker processes ``gbakg build`` extracts sources in (``--jobs``); default the CPU count."""

SERVER_HOST = "127.0.0.1"
SERVER_PORT = 7878
QUERY_TIMEOUT_S = 30.0
