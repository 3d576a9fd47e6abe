"""HubSpot as the marketing-automation platform: a world recorded by HubSpot instead of
Marketo (the same seed, people and behaviour; ``--map hubspot``) builds into marts that agree
with the Marketo world's, and a world that moved from Marketo to HubSpot halfway
(``--map both``) counts each person in both systems once (docs/identity.md#hubspot).

The Marketo side is the session's shared small world; the HubSpot and both worlds are built
here from the same seed and size.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dbt_world import BuiltWarehouse, build, generate, world_path

from emergence.validate import validate_identity

pytestmark = [pytest.mark.dbt, pytest.mark.own_world]

HUBSPOT_ONLY = {"emergence__using_hubspot": True, "emergence__using_marketo": False}
BOTH = {"emergence__using_hubspot": True, "emergence__using_marketo": True}
NEWEST_WEEKS = 8


@pytest.fixture(scope="session")
def hubspot_warehouse(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    """The shared small world's seed and size, recorded by HubSpot, built with its data tests."""
    work = tmp_path_factory.mktemp("hubspot_world")
    database = generate(world_path(work, "hubspot"), mapping="hubspot")
    return build(database, database.parent, dbt_vars=HUBSPOT_ONLY)


@pytest.fixture(scope="session")
def both_warehouse(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    """The same world, recorded by Marketo until halfway and by HubSpot from then on."""
    work = tmp_path_factory.mktemp("both_world")
    database = generate(world_path(work, "both"), mapping="both")
    return build(database, database.parent, dbt_vars=BOTH)


def _rivers(warehouse: BuiltWarehouse) -> set[str]:
    """Accounts at river in any of the newest weeks of the warehouse."""
    rows = warehouse.query(
        "select distinct account_key from marts.fct_account_emergence "
        "where tier = 'river' "
        "and date_diff('week', week_start, (select max(week_start) from marts.fct_account_emergence)) < ?",
        [NEWEST_WEEKS],
    )
    return {key for (key,) in rows}


def _estimates(warehouse: BuiltWarehouse) -> dict[tuple[str, object], tuple[float, float, float]]:
    rows = warehouse.query(
        "select account_key, week_start, estimated_team_size, estimated_low, estimated_high "
        "from marts.fct_buying_team_estimates"
    )
    return {(a, w): (est, low, high) for a, w, est, low, high in rows}


def test_hubspot_world_builds_with_hubspot_touches(hubspot_warehouse: BuiltWarehouse) -> None:
    channels = dict(
        hubspot_warehouse.query(
            "select channel, count(*) from marts.fct_touches where source_system = 'hubspot' group by channel"
        )
    )
    assert channels.get("email", 0) > 0 and channels.get("form", 0) > 0, channels
    assert hubspot_warehouse.query(
        "select count(*) from marts.fct_touches where source_system = 'marketo'"
    ) == [(0,)]


def test_social_form_submissions_are_social_touches_as_the_truth_says(
    hubspot_warehouse: BuiltWarehouse, small_warehouse: BuiltWarehouse
) -> None:
    # LinkedIn lead gen forms, recorded by HubSpot as submissions on LinkedIn's page
    # (docs/engagement.md#social): each is a social form fill, and no other submission is
    built = dict(
        hubspot_warehouse.query(
            "select source_row_id, channel from marts.fct_touches "
            "where source_system = 'hubspot' and touch_type = 'social_form_fill'"
        )
    )
    truth = {
        row_id
        for (row_id,) in hubspot_warehouse.query(
            "select source_row_id from synth_truth.touches where source_system = 'hubspot' "
            "and source_table = 'contact_form_submission' and social_network = 'linkedin'"
        )
    }
    assert truth and set(built) == truth, (len(built), len(truth), sorted(set(built) ^ truth)[:5])
    assert set(built.values()) == {"social"}
    assert hubspot_warehouse.query(
        "select distinct page_utm_source from staging.stg_hubspot__form_submissions "
        "where conversion_id in (select source_row_id from marts.fct_touches "
        "where touch_type = 'social_form_fill')"
    ) == [("linkedin",)]
    # the same fills, recorded by Marketo in the Marketo world, land on the same people and accounts
    resolved = (
        "select source_row_id, person_key, account_key from marts.fct_touches "
        "where touch_type = 'social_form_fill'"
    )
    assert set(hubspot_warehouse.query(resolved)) == set(small_warehouse.query(resolved))


def test_deals_are_staged_as_the_opportunities_hubspot_syncs(hubspot_warehouse: BuiltWarehouse) -> None:
    # each opportunity is a deal (HubSpot's Salesforce sync), closed and won by its stage's
    # flags, with its account's company and its contact roles' contacts
    deals = hubspot_warehouse.query(
        "select deal_name, amount, stages.is_closed, stages.is_won "
        "from staging.stg_hubspot__deals as deals "
        "inner join staging.stg_hubspot__deal_pipeline_stages as stages using (deal_pipeline_stage_id)"
    )
    opportunities = hubspot_warehouse.query(
        "select opportunity_name, amount, is_closed, is_won from staging.stg_salesforce__opportunities"
    )
    assert deals and sorted(deals) == sorted(opportunities)
    assert hubspot_warehouse.query(
        "select count(*) from staging.stg_hubspot__deals where hubspot_deal_id not in "
        "(select hubspot_deal_id from staging.stg_hubspot__deal_companies)"
    ) == [(0,)]
    # contact roles of people HubSpot holds (every one but those only Salesforce knows)
    ((contacts, roles),) = hubspot_warehouse.query(
        "select (select count(*) from staging.stg_hubspot__deal_contacts), "
        "(select count(*) from staging.stg_salesforce__opportunity_contact_roles)"
    )
    assert 0.8 * roles <= contacts <= roles, (contacts, roles)


def test_identity_targets_hold_on_the_hubspot_world(hubspot_warehouse: BuiltWarehouse) -> None:
    report = validate_identity(hubspot_warehouse.database)
    assert report.passes() == []
    methods = {
        row[0] for row in hubspot_warehouse.query("select distinct account_method from marts.fct_touches")
    }
    assert "hubspot_company" in methods


def test_rivers_agree_with_the_marketo_world(
    hubspot_warehouse: BuiltWarehouse, small_warehouse: BuiltWarehouse
) -> None:
    hubspot, marketo = _rivers(hubspot_warehouse), _rivers(small_warehouse)
    assert marketo, "the Marketo world has no river in its newest weeks: nothing to compare"
    jaccard = len(hubspot & marketo) / len(hubspot | marketo)
    assert jaccard >= 0.8, (jaccard, sorted(hubspot ^ marketo))


def test_team_size_estimates_agree_with_the_marketo_world(
    hubspot_warehouse: BuiltWarehouse, small_warehouse: BuiltWarehouse
) -> None:
    hubspot, marketo = _estimates(hubspot_warehouse), _estimates(small_warehouse)
    common = hubspot.keys() & marketo.keys()
    assert len(common) >= 0.9 * len(hubspot.keys() | marketo.keys()), "the worlds' account-weeks differ"
    within = 0
    for key in common:
        (est_h, low_h, high_h), (est_m, low_m, high_m) = hubspot[key], marketo[key]
        within += abs(est_h - est_m) <= min(high_h - low_h, high_m - low_m)
    assert within >= 0.9 * len(common), f"{within} of {len(common)} account-weeks within the narrower"


def test_a_person_in_both_systems_is_one_person(
    both_warehouse: BuiltWarehouse, small_warehouse: BuiltWarehouse
) -> None:
    twice = both_warehouse.query(
        "select email from intermediate.int_people__source_records "
        "group by email "
        "having count(distinct record_type) "
        "filter (where record_type in ('marketo_lead', 'hubspot_contact')) = 2"
    )
    assert len(twice) > 100
    assert both_warehouse.query("select count(*) - count(distinct person_key) from marts.dim_people") == [
        (0,)
    ]
    # their touches from either system land on the same person
    both_systems = both_warehouse.query(
        "select count(*) from (select person_key from marts.fct_touches "
        "where source_system in ('marketo', 'hubspot') group by person_key "
        "having count(distinct source_system) = 2)"
    )[0][0]
    assert both_systems > 0
    # and the move between systems neither adds nor loses anyone the warehouse knows by email
    known = "select count(*) from marts.dim_people where not is_anonymous"
    assert both_warehouse.query(known) == small_warehouse.query(known)


def test_switched_off_hubspot_models_are_empty_with_their_columns(small_warehouse: BuiltWarehouse) -> None:
    # the shared small world builds with HubSpot off (the default): its models exist, empty
    for model in (
        "stg_hubspot__contacts",
        "stg_hubspot__email_events",
        "stg_hubspot__form_submissions",
        "stg_hubspot__deals",
    ):
        assert small_warehouse.query(f"select count(*) from staging.{model}") == [(0,)], model
    columns = {
        name
        for (name,) in small_warehouse.query(
            "select column_name from information_schema.columns where table_name = 'stg_hubspot__contacts'"
        )
    }
    assert {"hubspot_contact_id", "email", "lifecycle_stage", "lead_status"} <= columns


def test_the_generator_map_is_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="map must be one of"):
        generate(world_path(tmp_path, "bad"), mapping="pardot")
