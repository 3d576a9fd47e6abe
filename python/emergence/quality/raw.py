"""Raw layer: what the loaders wrote, before any model reads it.

- schema: every column the base model requires is there;
- keys: the id is filled on almost every row (a few are quarantined by staging; many
  mean a broken loader);
- timestamps: the loaded-at and event time read as ISO timestamps;
- volumes: every raw table has rows, and no more than a sane ceiling (a warning: an
  empty table can be a real company's state, but a human should look).
"""

from __future__ import annotations

from emergence.quality.spec import Project, TableSuite, check

# Staging quarantines a few bad keys and times; more than this share means the loader or
# the upstream system is broken, and a human must look before the marts are trusted.
RAW_MOSTLY = 0.95
ISO_TIMESTAMP = r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}"
ID_COLUMN = {
    ("reverse_ip", "ip_company_ranges"): "range_id",
    ("hubspot", "deal"): "deal_id",
    ("hubspot", "deal_pipeline_stage"): "stage_id",
}
EVENT_COLUMN = {"segment": "timestamp", "marketo": "activity_date", "salesforce": "created_date"}


def raw_relation(project: Project, source: str, table: str) -> str:
    schema = project.var(f"{source}_schema")
    return f'{schema}."{table}"'


def suites(project: Project) -> list[TableSuite]:
    found = []
    enabled = [e for e in project.staging_tables if project.source_enabled(e["source"], e["table"])]
    for entry in enabled:
        source, table = entry["source"], entry["table"]
        required = project.required_columns(source, table)
        id_column = ID_COLUMN.get((source, table), "id")
        loaded = project.loaded_at_field(source)
        # A reverse-IP export may have no id and no load stamp (docs/raw_contract.md): only
        # required columns are checked.
        timestamps = [loaded] if loaded in required else []
        event = EVENT_COLUMN.get(source)
        if event and event in required and event != loaded:
            timestamps.append(event)
        checks = [check("ExpectTableColumnsToMatchSet", column_set=required, exact_match=False)]
        if id_column in required:
            checks.append(check("ExpectColumnValuesToNotBeNull", column=id_column, mostly=RAW_MOSTLY))
        for column in timestamps:
            checks.append(
                check(
                    "ExpectColumnValuesToMatchRegex",
                    column=f"{column}__text",
                    regex=ISO_TIMESTAMP,
                    mostly=RAW_MOSTLY,
                )
            )
        found.append(
            TableSuite(
                layer="raw",
                relation=raw_relation(project, source, table),
                checks=tuple(checks),
                key=(id_column,) if id_column in required else tuple(required[:2]),
                text_columns=tuple(timestamps),
            )
        )
    found.append(
        TableSuite(
            layer="raw",
            relation="raw volumes",
            checks=(
                check(
                    "ExpectColumnValuesToBeBetween",
                    column="row_count",
                    min_value=project.var("quality_raw_min_rows"),
                    severity="warn",
                ),
                check(
                    "ExpectColumnValuesToBeBetween",
                    column="row_count",
                    max_value=project.var("quality_raw_max_rows"),
                ),
            ),
            key=("raw_table",),
            volumes=tuple(raw_relation(project, e["source"], e["table"]) for e in enabled),
        )
    )
    return found
