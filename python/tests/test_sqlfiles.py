"""The package's queries live in .sql files beside their modules (emergence.sqlfiles): every
query a module names exists, and every query file is named by some module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from emergence.sqlfiles import load_sql, sql_path

PACKAGE = Path(__file__).resolve().parents[1] / "emergence"
# A query named where it is loaded: _sql("name") or load_sql(__file__, "name").
LOADED = re.compile(r"""(?:\b_sql|\bload_sql)\((?:__file__,\s*)?["'](\w+)["']\)""")


def test_load_sql_reads_the_sql_folder_beside_a_module(tmp_path: Path) -> None:
    (tmp_path / "sql").mkdir()
    (tmp_path / "sql" / "answer.sql").write_text("select 42 as answer\n")
    module = tmp_path / "module.py"
    assert load_sql(module, "answer") == "select 42 as answer\n"
    assert load_sql(tmp_path, "answer") == "select 42 as answer\n"
    assert sql_path(module, "other") == tmp_path / "sql" / "other.sql"
    with pytest.raises(FileNotFoundError):
        load_sql(module, "other")


def test_every_loaded_query_exists() -> None:
    missing = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in PACKAGE.rglob("*.py")
        for name in LOADED.findall(path.read_text())
        if not sql_path(path, name).exists()
    ]
    assert missing == []


@pytest.mark.parametrize("folder", ["validate", "report", "bi"])
def test_every_query_file_is_named_by_its_modules(folder: str) -> None:
    sources = "\n".join(path.read_text() for path in (PACKAGE / folder).glob("*.py"))
    unused = [
        path.name for path in (PACKAGE / folder / "sql").glob("*.sql") if f'"{path.stem}"' not in sources
    ]
    assert unused == []
