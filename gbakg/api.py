"""The notebook API: ``open_build("build").query("hk-sz-links")`` -> a pandas DataFrame.

Cells are Python values: int, Decimal (xsd:decimal), float, bool, date, datetime, str
(IRIs and language-tagged text as plain str), None when unbound. Columns keep the
``object`` dtype so those types survive; ``df.infer_objects()`` gives numpy dtypes. pandas
is imported on first use only, so ``import gbakg`` stays light.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.querylib import QueryFile, load_library
from graph.results import to_python
from graph.sparql import QueryError, run_query
from graph.store import GraphStore, open_store

if TYPE_CHECKING:
    import pandas as pd


class Build:
    """One build generation, opened read-only, with the query library at hand."""

    def __init__(self, store: GraphStore, endpoint: str | None = None) -> None:
        self.store = store
        self.endpoint = endpoint
        self.library: Mapping[str, QueryFile] = load_library()

    def query(self, name_or_sparql: str, **params: Any) -> "pd.DataFrame":
        """Run a library query (by name), a .rq path or SPARQL text; params as keywords."""
        import pandas as pd

        result, _ = run_query(name_or_sparql, params, store=self.store,
                              endpoint=self.endpoint, library=self.library)
        if result.kind != "select":
            raise QueryError("Build.query() returns tables: use a SELECT query")
        rows = [[to_python(term) for term in row] for row in result.rows]
        return pd.DataFrame(rows, columns=result.variables, dtype=object)

    def queries(self) -> "pd.DataFrame":
        """The library: name, title, question and parameters of every query."""
        import pandas as pd

        rows = [
            {"name": q.name, "title": q.title, "question": q.question,
             "params": ", ".join(p.name for p in q.params)}
            for q in self.library.values()
        ]
        return pd.DataFrame(rows, columns=["name", "title", "question", "params"])

    def __repr__(self) -> str:
        return f"Build({self.store.generation}, {len(self.store):,} quads)"


def open_build(path: str | Path = "build") -> Build:
    """Open the current generation of the build folder ``path``."""
    return Build(open_store(Path(path)))


__all__ = ["Build", "open_build"]
