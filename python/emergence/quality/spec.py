"""The shape of a suite, and what the suites read from the dbt project to stay in step
with it (the staging registry, the sources YAML, the base models' required columns, vars)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from emergence.contract import declared_tables
from emergence.paths import project_dir


@dataclass(frozen=True, eq=False)
class Check:
    """One expectation: a GX expectation class name and its arguments."""

    expectation: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    severity: str = "error"

    def _identity(self) -> str:
        return repr((self.expectation, sorted(self.kwargs.items(), key=str), self.severity))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Check) and self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def describe(self) -> str:
        shown = {k: v for k, v in self.kwargs.items() if k not in {"column", "mostly"}}
        return f"{self.expectation}({', '.join(f'{k}={v!r}' for k, v in shown.items())})"


def check(expectation: str, severity: str = "error", **kwargs: Any) -> Check:
    """An expectation; ``severity='warn'`` reports a failure without failing the run."""
    return Check(expectation, kwargs, severity)


@dataclass(frozen=True)
class TableSuite:
    """The expectations for one table (or one aggregated frame) of one layer.

    ``relation`` is ``schema.table`` (quoted where a name needs it).
    ``key`` names the columns shown beside a failing value in the message.
    ``text_columns`` are also read as text (``<column>__text``), so a timestamp can be
    checked for its form whatever type the loader gave it. ``volumes`` turns the suite
    into one frame of row counts (``raw_table``, ``row_count``) of those relations.
    """

    layer: str
    relation: str
    checks: tuple[Check, ...]
    key: tuple[str, ...] = ()
    text_columns: tuple[str, ...] = ()
    volumes: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.relation


@dataclass
class Project:
    """What the suites read from the dbt project."""

    root: Path = field(default_factory=project_dir)

    @cached_property
    def staging_tables(self) -> list[dict[str, str]]:
        """The (source, table, stg) registry of macros/staging/staging_tables.sql."""
        text = (self.root / "macros" / "staging" / "staging_tables.sql").read_text()
        pattern = r"\{'source': '(\w+)', 'table': '(\w+)', 'stg': '(\w+)'\}"
        return [{"source": s, "table": t, "stg": g} for s, t, g in re.findall(pattern, text)]

    @cached_property
    def sources(self) -> dict[str, dict]:
        """Source name -> its YAML entry (schema default, loaded_at_field, tables)."""
        found = {}
        for path in sorted((self.root / "models" / "staging").glob("*/_*__sources.yml")):
            for source in yaml.safe_load(path.read_text())["sources"]:
                found[source["name"]] = source
        return found

    def loaded_at_field(self, source: str) -> str | None:
        """The source's loaded-at column; none for a source that may have no load stamp."""
        return (self.sources[source].get("config") or {}).get("loaded_at_field")

    def required_columns(self, source: str, table: str) -> list[str]:
        """The columns the sources YAML marks required (docs/raw_contract.md)."""
        columns = declared_tables(self.root).get((source, table), [])
        return [c.name for c in columns if c.required]

    @cached_property
    def models(self) -> dict[str, dict]:
        """Model name -> its YAML entry, for every model folder."""
        found = {}
        for path in sorted((self.root / "models").rglob("_*__models.yml")):
            for model in yaml.safe_load(path.read_text()).get("models") or []:
                found[model["name"]] = model
        return found

    @cached_property
    def vars(self) -> dict[str, Any]:
        return yaml.safe_load((self.root / "dbt_project.yml").read_text())["vars"]

    def var(self, name: str, overrides: dict | None = None) -> Any:
        return (overrides or {}).get(name, self.vars[name])

    def source_enabled(self, source: str, table: str) -> bool:
        """Whether the project's vars switch the raw table on (macro source_is_enabled):
        a switched-off table, HubSpot's by default, may not exist at all."""
        return bool(
            self.vars.get(f"emergence__using_{source}", True)
            and self.vars.get(f"emergence__using_{source}_{table}", True)
        )

    def scoring_parameter(self, name: str) -> float:
        """A parameter of the emergence score: the scoring_parameters seed, the set the vars select."""
        import pandas as pd

        table = pd.read_csv(self.root / "seeds" / "scoring" / "scoring_parameters.csv")
        rows = table[
            (table["parameter_set"] == self.var("emergence_parameter_set")) & (table["parameter"] == name)
        ]
        if len(rows) != 1:
            raise ValueError(
                f"scoring_parameters: expected one {name!r} in the selected set, got {len(rows)}"
            )
        return float(rows["value"].iloc[0])
