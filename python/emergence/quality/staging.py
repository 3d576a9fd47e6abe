"""Staging layer: the valid rows that every later model reads.

- uniqueness and presence of each stg model's key, and the other not-null and
  accepted-values rules its YAML declares (read from the YAML, so the two never drift);
- formats: emails are one lowercase address, domains are bare lowercase domains, IPv4
  integers are within 0 .. 2^32 - 1.
"""

from __future__ import annotations

from emergence.quality.spec import Check, Project, TableSuite, check

EMAIL = r"^[^@\s A-Z]+@[^@\s A-Z]+\.[a-z0-9-]+$"
DOMAIN = r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"
IPV4_MAX = 2**32 - 1
STAGING_SCHEMA = "staging"


def yaml_checks(model: dict) -> tuple[list[Check], tuple[str, ...]]:
    checks, key = [], []
    for column in model.get("columns") or []:
        name = column["name"]
        for test in column.get("data_tests") or []:
            if test == "unique":
                checks.append(check("ExpectColumnValuesToBeUnique", column=name))
                key.append(name)
            elif test == "not_null":
                checks.append(check("ExpectColumnValuesToNotBeNull", column=name))
            elif isinstance(test, dict) and "accepted_values" in test:
                spec = test["accepted_values"]
                severity = (spec.get("config") or {}).get("severity", "error")
                values = spec["arguments"]["values"]
                checks.append(check("ExpectColumnValuesToBeInSet", severity, column=name, value_set=values))
    return checks, tuple(key)


def _format_checks(model: dict) -> list[Check]:
    checks = []
    for column in model.get("columns") or []:
        name = column["name"]
        if name == "email":
            checks.append(check("ExpectColumnValuesToMatchRegex", column=name, regex=EMAIL))
        elif name.endswith("domain") and name != "email_domain":
            checks.append(check("ExpectColumnValuesToMatchRegex", "warn", column=name, regex=DOMAIN))
        elif name.endswith("ip_integer"):
            checks.append(
                check("ExpectColumnValuesToBeBetween", column=name, min_value=0, max_value=IPV4_MAX)
            )
    return checks


def suites(project: Project) -> list[TableSuite]:
    found = []
    for entry in project.staging_tables:
        model = project.models[entry["stg"]]
        checks, key = yaml_checks(model)
        checks += _format_checks(model)
        found.append(
            TableSuite(
                layer="staging",
                relation=f"{STAGING_SCHEMA}.{entry['stg']}",
                checks=tuple(checks),
                key=key,
            )
        )
    return found
