-- What the comparison covered and what it left out, so that every account-week reconciles.
with population_counts as (
    select
        count(*) filter (where not has_emergence) as missing_emergence_account_weeks,
        count(*) filter (where not has_map) as missing_map_account_weeks,
        count(*) filter (where emergence_rows > 1) as duplicated_emergence_account_weeks,
        count(*) filter (where map_rows > 1) as duplicated_map_account_weeks
    from vs_population
),

emergence_left_out as (
    select count(*) as account_weeks
    from vs_emergence as mart
    anti join vs_population as population
        on mart.account_key = population.account_key and mart.week_start = population.week_start
),

map_left_out as (
    select count(*) as account_weeks
    from vs_map as mart
    anti join vs_population as population
        on mart.account_key = population.account_key and mart.week_start = population.week_start
),

accounts_per_key as (
    select count(*) as truth_accounts
    from vs_accounts
    where account_key is not null
    group by account_key
)

select
    population_counts.*,
    emergence_left_out.account_weeks as emergence_account_weeks_left_out,
    map_left_out.account_weeks as map_account_weeks_left_out,
    (select count(*) from vs_accounts) as account_count,
    (select count(*) from vs_weeks) as week_count,
    (select min(week_start) from vs_weeks) as first_week,
    (select max(week_start) from vs_weeks) as last_week,
    (
        select coalesce(sum(truth_accounts), 0) from accounts_per_key
        where truth_accounts > 1
    ) as truth_accounts_sharing_a_key,
    (
        select count(*) from vs_accounts
        where account_key is null
    ) as truth_accounts_without_key,
    (select count(*) from synth_truth.episodes) - (select count(*) from vs_episodes) as episodes_ignored
from population_counts, emergence_left_out, map_left_out
