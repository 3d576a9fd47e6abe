"""Lead management on the small world: the taxonomy's quarantine, the funnel against the
generator's intent, and a scorecard that changes when its seed changes."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from dbt_world import BuiltWarehouse

from emergence.dbt import dbt_env, dbt_executable
from emergence.paths import project_dir
from emergence.validate import validate_funnel

pytestmark = pytest.mark.dbt

EDITED_RULE = "seniority_director"
ADDED_POINTS = 100.0


def test_unknown_statuses_and_stages_are_quarantined_by_the_taxonomy(small_warehouse: BuiltWarehouse) -> None:
    dirty = small_warehouse.query(
        "select source_table, row_id from synth_truth.dirty_rows where dirty_kind = 'unknown_picklist'"
    )
    assert dirty, "the small world injects no unknown statuses: the test would prove nothing"
    expected = {
        "lead": "unknown_lead_status",
        "opportunity": "unknown_opportunity_stage",
        "opportunity_history": "unknown_opportunity_stage",
    }
    for table, row_id in dirty:
        rejected = small_warehouse.query(
            "select dq_reason, rejected_by, rejected_layer from quality.fct_quarantined_rows "
            "where source_system = 'salesforce' and source_table = ? and source_row_id = ?",
            [table, row_id],
        )
        live = small_warehouse.query(
            f"select is_source_deleted, dq_reason from staging.base_salesforce__{table} "
            "where source_row_id = ?",
            [row_id],
        )
        if live and (live[0][0] or live[0][1] is not None):
            continue  # deleted at the source, or already rejected by staging
        assert rejected == [(expected[table], "int_lead_statuses__mapped", "intermediate")], (table, row_id)
    # the intermediate rejects stay kept rows: the reconciliation counts only staging's
    off = small_warehouse.query(
        "select count(*) from quality.fct_source_reconciliation where not is_reconciled"
    )
    assert off == [(0,)]


def test_funnel_rates_fall_within_the_generators_ranges(small_warehouse: BuiltWarehouse) -> None:
    report = validate_funnel(small_warehouse.database)
    assert {(s.from_stage, s.to_stage) for s in report.steps} >= {("inquiry", "mql"), ("mql", "sal")}
    assert report.passes() == []


def _scores(database: Path) -> dict[str, float]:
    """Each person's newest score."""
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            """
            select person_key, total_score from marts.fct_lead_scores
            qualify row_number() over (partition by person_key order by score_date desc) = 1
            """
        ).fetchall()
    return dict(rows)


@pytest.mark.own_world
def test_editing_one_rule_in_the_seed_changes_the_scores(
    small_warehouse: BuiltWarehouse, tmp_path: Path
) -> None:
    """Copy the dbt project and the small warehouse, raise one rule's points in the seed CSV,
    rebuild the scoring path: the people who meet the rule score exactly that much more."""
    source = project_dir()
    project = tmp_path / "project"
    project.mkdir()
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(source / name, project / name)
    for folder in ("models", "macros", "seeds", "tests"):
        shutil.copytree(source / folder, project / folder)
    rules_path = project / "seeds" / "scoring" / "lead_scorecard_rules.csv"
    with rules_path.open(newline="") as handle:
        rules = list(csv.DictReader(handle))
    edited = [r for r in rules if r["rule_id"] == EDITED_RULE]
    assert len(edited) == 1
    edited[0]["points"] = str(float(edited[0]["points"]) + ADDED_POINTS)
    with rules_path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rules[0]))
        writer.writeheader()
        writer.writerows(rules)

    database = tmp_path / "edited.duckdb"
    shutil.copy(small_warehouse.database, database)
    before = _scores(database)
    with duckdb.connect(str(database), read_only=True) as con:
        meeting = {
            key
            for (key,) in con.execute(
                "select distinct person_key from marts.fct_lead_score_points where rule_id = ?", [EDITED_RULE]
            ).fetchall()
        }
    assert meeting, f"nobody in the small world meets {EDITED_RULE}: the test would prove nothing"

    env = dbt_env(database)  # the warehouse, and the demo key unless one is set
    env.update(
        {
            "DBT_PROFILES_DIR": str(project),
            "DBT_TARGET_PATH": str(tmp_path / "target"),
            "DBT_LOG_PATH": str(tmp_path / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
    )
    result = subprocess.run(
        [
            dbt_executable(),
            "build",
            "--select",
            "lead_scorecard_rules+",
            "--exclude",
            "test_type:unit",
            "--project-dir",
            str(project),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:]

    after = _scores(database)
    assert set(after) == set(before)
    for person, score in after.items():
        expected = before[person] + (ADDED_POINTS if person in meeting else 0.0)
        assert score == pytest.approx(expected), person
