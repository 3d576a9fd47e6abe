-- The truth's in-market episodes of a truth account, with both dates.
create or replace temp table vs_episodes as
select
    cast(truth_episodes.episode_id as varchar) as episode_id,
    truth_accounts.truth_account_id,
    truth_accounts.account_key,
    cast(truth_episodes.start_date as date) as start_date,
    cast(truth_episodes.end_date as date) as end_date,
    coalesce(truth_episodes.opened_opportunity, false) as opened_opportunity,
    cast(truth_episodes.opportunity_created_date as date) as opportunity_date
from synth_truth.episodes as truth_episodes
inner join vs_accounts as truth_accounts
    on cast(truth_episodes.truth_account_id as varchar) = truth_accounts.truth_account_id
where truth_episodes.start_date is not null and truth_episodes.end_date is not null
