"""Marts layer: the business invariants a reader relies on.

Each mart also gets its key and accepted-values rules from its YAML. The invariants are
listed per table in ``INVARIANTS``; adding one is one line. Numbers that are parameters
(tier thresholds) come from the dbt vars and the scoring_parameters seed, so the suite
follows a change of config.
"""

from __future__ import annotations

from collections.abc import Callable

from great_expectations.expectations.row_conditions import Column

from emergence.quality.spec import Check, Project, TableSuite, check
from emergence.quality.staging import yaml_checks
from emergence.scoring.emergence import TIER_MOLECULE, TIERS


def _between(column: str, low: float | None, high: float | None, **kwargs) -> Check:
    return check("ExpectColumnValuesToBeBetween", column=column, min_value=low, max_value=high, **kwargs)


def _at_least(column_a: str, column_b: str) -> Check:
    """column_a >= column_b on every row where both are filled."""
    return check(
        "ExpectColumnPairValuesAToBeGreaterThanB",
        column_A=column_a,
        column_B=column_b,
        or_equal=True,
        ignore_row_if="either_value_is_missing",
    )


def _when(column: str, value: str, item: Check, equal: bool = True) -> Check:
    """Apply ``item`` only to the rows where ``column`` equals (or not) ``value``."""
    condition = Column(column) == value if equal else Column(column) != value
    return Check(item.expectation, {**item.kwargs, "row_condition": condition}, item.severity)


def _emergence(project: Project) -> list[Check]:
    river_min = project.scoring_parameter("river_min_score")
    molecule_max = project.scoring_parameter("molecule_max_score")
    factors = ["breadth", "diversity", "concurrency", "momentum_factor", "persistence", "depth", "recency"]
    return [
        _between("emergence_score", 0, 100),
        *[_between(factor, 0, 1) for factor in factors],
        check("ExpectColumnValuesToBeInSet", column="tier", value_set=TIERS),
        # Tier consistent with the score (docs/emergence_score.md): a river scores at least
        # the river threshold; a molecule is one person, held under the breadth gate.
        _when("tier", "river", _between("emergence_score", river_min, 100)),
        _when("tier", TIER_MOLECULE, _between("emergence_score", 0, molecule_max)),
        _when("tier", TIER_MOLECULE, _between("engaged_people", 0, 1)),
        _when("tier", TIER_MOLECULE, _between("engaged_people", 2, None), equal=False),
    ]


# schema.table -> the invariants beyond the YAML's keys (a function of the project's vars).
INVARIANTS: dict[str, Callable[[Project], list[Check]]] = {
    "marts.dim_accounts": lambda p: [
        _between("known_people", 0, None),
        _between("anonymous_people", 0, None),
    ],
    "marts.dim_people": lambda p: (
        []
        if p.var("emergence_expose_pii")
        else [check("ExpectColumnValuesToNotMatchRegex", column="email", regex="@")]
    ),
    "marts.fct_touches": lambda p: [
        _between("weight", 0, None),
        _between("account_confidence", 0, 1),
    ],
    "marts.fct_account_engagement_daily": lambda p: [
        _between("touches", 0, None),
        _at_least("engaged_people", "known_engaged_people"),
        _at_least("weighted_engagement", "web_weighted_engagement"),
    ],
    "marts.fct_account_engagement_weekly": lambda p: [
        # Windows nest (7 within 28 within 90 days): a longer window sees everyone a
        # shorter one sees (docs/engagement.md).
        _at_least("engaged_people_medium", "engaged_people_short"),
        _at_least("engaged_people_long", "engaged_people_medium"),
    ],
    "marts.fct_buying_team_estimates": lambda p: [
        # Seen people are part of the team: the estimate never falls below them
        # (docs/team_size.md).
        _at_least("estimated_team_size", "seen"),
        _at_least("estimated_high", "estimated_team_size"),
        _between("role_coverage", 0, 1),
        _between("seen", 0, None),
    ],
    "marts.fct_account_emergence": _emergence,
    "marts.fct_account_tier_changes": lambda p: [
        check("ExpectColumnValuesToBeInSet", column="tier", value_set=TIERS),
    ],
    "marts.fct_account_map_scores": lambda p: [
        _between("map_score", 0, None),
        _at_least("map_score", "top_person_score"),
    ],
    # Leads (docs/lead_management.md): conversion and recycle rates are shares; an MQL event
    # is a crossing of the threshold; the best score at an account is a score.
    "marts.fct_lead_score_points": lambda p: [],
    "marts.fct_lead_scores": lambda p: [
        _when("is_mql_event", True, _between("total_score", p.var("lead_mql_threshold"), None)),
    ],
    "marts.fct_lead_stage_history": lambda p: [_between("days_in_from_stage", 0, None)],
    "marts.fct_lead_funnel": lambda p: [
        _between("conversion_rate", 0, 1),
        _between("recycle_rate", 0, 1),
        _at_least("entered", "converted_to_next"),
        _at_least("p80_days_to_next", "median_days_to_next"),
    ],
    "marts.fct_account_lead_rollup_weekly": lambda p: [_between("best_lead_score", 0, None)],
    # Contribution (docs/contribution.md): credit and shares within [0, 1]; pipeline and
    # revenue never negative.
    "marts.fct_marketing_contribution": lambda p: [
        _between("marketing_credit", 0, 1),
        _at_least("pipeline_amount", "revenue_amount"),
    ],
    "marts.fct_marketing_contribution_quarterly": lambda p: [
        _between("pipeline_sourced_share", 0, 1),
        _between("pipeline_contribution_share", 0, 1),
        _between("revenue_sourced_share", 0, 1),
        _between("revenue_contribution_share", 0, 1),
        _at_least("pipeline_created", "pipeline_marketing_sourced"),
    ],
    "marts.fct_channel_contribution": lambda p: [
        _between("opportunity_share", 0, 1),
        _between("pipeline_share", 0, 1),
        _at_least("opportunities", "opportunities_touched"),
        _at_least("pipeline_touched", "pipeline_influenced"),
    ],
    # Evaluation and planning (docs/evaluation.md, docs/planning.md).
    "marts.fct_signal_evaluation": lambda p: [
        _between("auc", 0, 1),
        _between("precision_at_top_k", 0, 1),
        _between("median_lead_days", 0, None),
    ],
    "marts.fct_signal_evaluation_deciles": lambda p: [
        _between("positive_rate", 0, 1),
        _between("decile", 1, 10),
    ],
    "marts.fct_reverse_funnel": lambda p: [
        _between("needed", 0, None),
        _at_least("needed", "needed_low"),
        _at_least("needed_high", "needed"),
    ],
    "quality.fct_quarantined_rows": lambda p: [],
    "quality.fct_source_reconciliation": lambda p: [
        check("ExpectColumnValuesToBeInSet", column="is_reconciled", value_set=[True]),
    ],
}


def suites(project: Project) -> list[TableSuite]:
    found = []
    for relation, invariants in INVARIANTS.items():
        model = project.models[relation.split(".", 1)[1]]
        checks, key = yaml_checks(model)
        found.append(
            TableSuite(layer="marts", relation=relation, checks=tuple(checks + invariants(project)), key=key)
        )
    return found
