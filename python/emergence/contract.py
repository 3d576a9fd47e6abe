"""The raw contract as the project declares it, read from its files.

- The sources YAML (``models/staging/<source>/_<source>__sources.yml``) is the one home of
  each raw table's columns, their loader types and which of them are required
  (``config: {meta: {required: true}}``).
- Each base model names the columns it reads in its ``select_source`` call: the required
  ones, then ``optional=[...]``. Tests keep the two equal; ``docs/raw_contract.md`` is
  written from them (``python -m emergence.docgen``).
- A column's description is read as dbt renders it: a ``doc()`` call gives its block's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from emergence.dbt_docs import doc_blocks, render
from emergence.paths import project_dir

SELECT_SOURCE = re.compile(
    r"select_source\('(\w+)', '(\w+)', \[(.*?)\](?:, optional=\[(.*?)\])?\)", re.DOTALL
)


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    required: bool
    description: str


def declared_tables(root: Path | None = None) -> dict[tuple[str, str], list[Column]]:
    """(source, table) -> its declared columns, from the sources YAML."""
    out: dict[tuple[str, str], list[Column]] = {}
    blocks = doc_blocks(root)
    for path in sorted((root or project_dir()).glob("models/staging/*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                out[(source["name"], table["name"])] = [
                    Column(
                        name=c["name"],
                        data_type=c["data_type"],
                        required=bool(((c.get("config") or {}).get("meta") or {}).get("required")),
                        description=render(c.get("description", ""), blocks),
                    )
                    for c in table.get("columns", [])
                ]
    return out


def base_model_reads(root: Path | None = None) -> dict[tuple[str, str], tuple[list[str], list[str]]]:
    """(source, table) -> (required, optional) columns its base model's select_source names."""
    out = {}
    for path in sorted((root or project_dir()).glob("models/staging/*/base_*.sql")):
        match = SELECT_SOURCE.search(path.read_text())
        if match is None:
            raise ValueError(f"{path.name} has no select_source call")
        source, table, required, optional = match.groups()
        out[(source, table)] = (re.findall(r"'(\w+)'", required), re.findall(r"'(\w+)'", optional or ""))
    return out


def render_markdown(root: Path | None = None) -> str:
    """The per-table tables of docs/raw_contract.md."""
    reads = base_model_reads(root)
    declared = declared_tables(root)
    lines = ["| table | required columns |", "|---|---|"]
    for (source, table), columns in declared.items():
        required = ", ".join(f"`{c.name}`" for c in columns if c.required)
        lines.append(f"| `{source}.{table}` | {required} |")
    lines.append("")
    for (source, table), columns in declared.items():
        read = set(sum(reads.get((source, table), ([], [])), []))
        lines += [
            f"### `{source}.{table}`",
            "",
            f"Switch: `emergence__using_{source}_{table}`.",
            "",
            "| column | type | required | read by the base model |",
            "|---|---|---|---|",
        ]
        for column in sorted(columns, key=lambda c: (not c.required, c.name)):
            kind = "**required**" if column.required else "optional"
            lines.append(
                f"| `{column.name}` | {column.data_type} | {kind} | {'yes' if column.name in read else ''} |"
            )
        lines.append("")
    return "\n".join(lines)


def render_summary(root: Path | None = None) -> str:
    """Per source: its tables, the columns the base models read, and how many are required."""
    lines = ["| source | tables | columns read | required |", "|---|---|---|---|"]
    totals = [0, 0, 0]
    by_source: dict[str, list[int]] = {}
    for (source, _), (required, optional) in base_model_reads(root).items():
        counts = by_source.setdefault(source, [0, 0, 0])
        for k, n in enumerate((1, len(required) + len(optional), len(required))):
            counts[k] += n
            totals[k] += n
    for source, (tables, read, required) in by_source.items():
        lines.append(f"| {source} | {tables} | {read} | {required} |")
    lines.append(f"| all | {totals[0]} | {totals[1]} | {totals[2]} |")
    return "\n".join(lines) + "\n"
