-- Every Monday of every episode with a positive team size, keyed like the warehouse keys
-- accounts. An account-week inside two episodes belongs to the later one (pick = 1).
create or replace temp table vt_episode_weeks as
with accounts as (
    select
        truth_account_id,
        truth_account_key(sfdc_account_id, domain) as account_key
    from synth_truth.accounts
),

episodes as (
    select
        episodes.episode_id,
        episodes.start_date,
        episodes.end_date,
        accounts.account_key,
        cast(episodes.team_size as double) as team_size
    from synth_truth.episodes as episodes
    inner join accounts
        on episodes.truth_account_id = accounts.truth_account_id
    where
        episodes.start_date is not null
        and episodes.end_date is not null
        and episodes.team_size > 0
        and accounts.account_key is not null
),

weeks as (
    select
        episode_id,
        start_date,
        team_size,
        account_key,
        cast(unnest(generate_series(
            cast(date_trunc('week', start_date) as timestamp),
            cast(end_date as timestamp),
            interval 7 day
        )) as date) as week_start
    from episodes
),

final as (
    select
        *,
        count(*) over (partition by account_key, week_start) as episodes_here,
        row_number() over (
            partition by account_key, week_start
            order by start_date desc, episode_id desc
        ) as pick
    from weeks
    where week_start >= start_date
)

select * from final
