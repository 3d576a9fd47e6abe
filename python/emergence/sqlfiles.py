"""Queries kept in ``.sql`` files beside the modules that run them, loaded by name.

STYLE.md, "One home for each fact": SQL lives where sqlfluff sees it
(``python/emergence/.sqlfluff``), and a Python module loads it by name. Each module family
keeps its files in a ``sql/`` folder beside it (``validate/sql/``, ``report/sql/``); values go
in as DuckDB named parameters (``$name``), never by formatting the text.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["load_sql", "sql_path"]


def sql_path(module_file: str | Path, name: str) -> Path:
    """Where the query ``name`` lives: ``sql/<name>.sql`` in the folder of ``module_file``
    (a module's ``__file__``, or the folder itself)."""
    place = Path(module_file)
    folder = place if place.is_dir() else place.parent
    return folder / "sql" / f"{name}.sql"


def load_sql(module_file: str | Path, name: str) -> str:
    """The text of the query ``name`` beside ``module_file`` (see :func:`sql_path`)."""
    return sql_path(module_file, name).read_text(encoding="utf-8")
