"""The query library: ``queries/*.rq`` files and the comment header each one starts with.

Header format (one fixed grammar, parsed here and checked by a test on every file)::

    # title: Hong Kong–Shenzhen collaboration links
    # question: Which reports ... ?
    # param: (none)
    # param: body — label or alias of the addressed organisation (default "Central Government")
    # example:
    # | report | field | zone |
    # |---|---|---|
    # | Strategic Collaborations … | biotechnology | Hetao … |

``title`` and ``question`` come once, ``param`` once as ``(none)`` or once per parameter,
then ``example:`` followed by the example output (a Markdown table whose columns are the
query's variables) up to the end of the comment block. A parameter's kind comes from its
default, written in SPARQL term syntax: ``"text"`` (a string), ``<IRI>`` (an IRI), ``42``
(an integer), ``4.2`` (a decimal); without a default the parameter is optional and a
command-line value is read as an IRI when written ``<…>``, ``http(s)://…`` or ``id:…``, else
as a string.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import queries

QUERIES_DIR = Path(next(iter(queries.__path__))).resolve()
"""Where the ``*.rq`` files live (package data; found the same way installed or editable)."""
KEYS = ("title", "question", "param", "example")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PARAM = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+[—–-]+\s+(?P<description>.+?)"
    r"(?:\s*\(default\s+(?P<default>.+)\))?$"
)
_LINE = re.compile(r"#\s?(?P<key>[a-z]+):\s*(?P<value>.*)$")
KINDS = ("auto", "string", "iri", "integer", "decimal")


class HeaderError(ValueError):
    """A query file's header does not follow the format; the message names file and line."""


@dataclass(frozen=True)
class Param:
    """A declared parameter: its name, what it means, and its default (raw text, typed)."""

    name: str
    description: str
    kind: str = "auto"
    default: str | None = None


@dataclass(frozen=True)
class QueryFile:
    """One library query: its name (file stem), header fields and SPARQL text."""

    name: str
    path: Path
    title: str
    question: str
    params: tuple[Param, ...]
    example: tuple[str, ...]
    text: str = field(repr=False)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def example_columns(self) -> list[str]:
        """Column names of the example table's first row (empty without an example)."""
        for line in self.example:
            if line.startswith("|"):
                return [cell.strip() for cell in line.strip().strip("|").split("|")]
        return []


def _parse_default(raw: str, where: str) -> tuple[str, str]:
    """``"text"`` / ``<iri>`` / ``42`` / ``4.2`` -> (kind, value)."""
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return "string", raw[1:-1]
    if raw.startswith("<") and raw.endswith(">"):
        return "iri", raw[1:-1]
    if re.fullmatch(r"[+-]?\d+", raw):
        return "integer", raw
    if re.fullmatch(r"[+-]?\d*\.\d+", raw):
        return "decimal", raw
    raise HeaderError(f"{where}: default {raw!r} is not \"text\", <IRI>, an integer or a decimal")


def _parse_param(value: str, where: str) -> Param | None:
    if value.strip() == "(none)":
        return None
    match = _PARAM.fullmatch(value.strip())
    if not match:
        raise HeaderError(f"{where}: expected 'param: NAME — description (default VALUE)'")
    default = match["default"]
    if default is None:
        return Param(match["name"], match["description"].strip())
    kind, text = _parse_default(default, where)
    return Param(match["name"], match["description"].strip(), kind, text)


@dataclass(frozen=True)
class Header:
    """The parsed comment header of a query file."""

    title: str
    question: str
    params: tuple[Param, ...]
    example: tuple[str, ...]


def parse_header(text: str, source: str = "<query>") -> Header | None:
    """The header of a query text, or None when it has no header at all.

    Raises :class:`HeaderError` for a header that is present but malformed, so a file
    whose header rots fails loudly instead of being listed with blanks.
    """
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        block.append((number, line))
    first = _LINE.match(block[0][1]) if block else None
    if first is None or first["key"] != "title":
        return None
    values: dict[str, str] = {}
    params: list[Param] = []
    example: list[str] = []
    seen: list[str] = []
    for number, line in block:
        where = f"{source}:{number}"
        if "example" in seen:
            if line[1:].strip():
                example.append(line[1:].strip())
            continue
        match = _LINE.match(line)
        if not match or match["key"] not in KEYS:
            raise HeaderError(f"{where}: expected '# KEY: value' with KEY in {', '.join(KEYS)}")
        key, value = match["key"], match["value"].strip()
        if key != "param" and key in seen:
            raise HeaderError(f"{where}: '{key}' given twice")
        seen.append(key)
        if key == "param":
            param = _parse_param(value, where)
            if param is not None:
                params.append(param)
        elif key != "example":
            if not value:
                raise HeaderError(f"{where}: '{key}' is empty")
            values[key] = value
    missing = [key for key in KEYS if key not in seen]
    if missing:
        raise HeaderError(f"{source}: header lacks {', '.join(missing)}")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise HeaderError(f"{source}: a parameter is declared twice")
    return Header(values["title"], values["question"], tuple(params), tuple(example))


def read_query(path: Path) -> QueryFile | None:
    """A query file with its header, or None when the file has no header (plain SPARQL)."""
    text = path.read_text("utf-8")
    header = parse_header(text, str(path))
    if header is None:
        return None
    return QueryFile(path.stem, path, header.title, header.question, header.params,
                     header.example, text)


def load_library(folder: Path = QUERIES_DIR) -> dict[str, QueryFile]:
    """Every ``*.rq`` in ``folder`` by name; a file without a valid header is an error."""
    library: dict[str, QueryFile] = {}
    for path in sorted(folder.glob("*.rq")):
        query = read_query(path)
        if query is None:
            raise HeaderError(f"{path}: no header (it must start with '# title: ...')")
        library[query.name] = query
    return library


__all__ = ["KINDS", "QUERIES_DIR", "Header", "HeaderError", "Param", "QueryFile", "load_library", "parse_header",
           "read_query"]
