-- The population: every truth account x every week, with both scores and the label (the
-- week overlaps an episode of the account). No mart row scores 0 and has tier $no_row.
create or replace temp table vs_population as
with in_market_weeks as (
    select distinct
        episodes.truth_account_id,
        weeks.week_start
    from vs_episodes as episodes
    inner join vs_weeks as weeks
        on
            episodes.start_date <= weeks.week_start + 6
            and episodes.end_date >= weeks.week_start
)

select
    truth_accounts.truth_account_id,
    truth_accounts.account_key,
    weeks.week_start,
    coalesce(emergence_weeks.emergence_score, 0) as emergence_score,
    coalesce(map_weeks.map_score, 0) as map_score,
    coalesce(emergence_weeks.tier, $no_row) as tier,
    emergence_weeks.account_key is not null as has_emergence,
    map_weeks.account_key is not null as has_map,
    coalesce(emergence_weeks.mart_rows, 0) as emergence_rows,
    coalesce(map_weeks.mart_rows, 0) as map_rows,
    in_market_weeks.truth_account_id is not null as positive
from vs_accounts as truth_accounts
cross join vs_weeks as weeks
left join vs_emergence as emergence_weeks
    on truth_accounts.account_key = emergence_weeks.account_key and weeks.week_start = emergence_weeks.week_start
left join vs_map as map_weeks
    on truth_accounts.account_key = map_weeks.account_key and weeks.week_start = map_weeks.week_start
left join in_market_weeks
    on
        truth_accounts.truth_account_id = in_market_weeks.truth_account_id
        and weeks.week_start = in_market_weeks.week_start
