-- River lead time of each opportunity episode: the first week at tier $river in
-- [start_date - $lead_window_days, opportunity date], and the oracle's first week with half
-- the true team seen. Episodes whose window holds no week of the mart are not measurable.
create or replace temp table vs_leads as
with truth_episodes as (
    select * from synth_truth.episodes
),

span as (
    select
        min(week_start) as first_week,
        max(week_start) as last_week
    from vs_weeks
),

opportunities as (
    select
        episodes.*,
        coalesce(
            episodes.opportunity_date >= span.first_week
            and episodes.start_date - $lead_window_days <= span.last_week
            and episodes.start_date - $lead_window_days <= episodes.opportunity_date,
            false
        ) as measurable
    from vs_episodes as episodes
    cross join span
    where episodes.opened_opportunity and episodes.opportunity_date is not null
),

first_river as (
    select
        opportunities.episode_id,
        min(emergence.week_start) as first_river_week
    from opportunities
    inner join vs_emergence as emergence
        on
            opportunities.account_key = emergence.account_key
            and emergence.tier = $river
            and emergence.week_start
            between opportunities.start_date - $lead_window_days and opportunities.opportunity_date
    group by 1
),

first_half_team as (
    select
        opportunities.episode_id,
        min(oracle.week_start) as first_half_team_week
    from opportunities
    inner join truth_episodes
        on opportunities.episode_id = cast(truth_episodes.episode_id as varchar)
    inner join vs_oracle as oracle
        on
            opportunities.truth_account_id = oracle.truth_account_id
            and oracle.team_people >= 0.5 * truth_episodes.team_size
            and oracle.week_start
            between opportunities.start_date - $lead_window_days and opportunities.opportunity_date
    group by 1
)

select
    opportunities.episode_id,
    opportunities.measurable,
    first_river.first_river_week,
    date_diff('day', first_river.first_river_week, opportunities.opportunity_date) as lead_days,
    date_diff('day', first_half_team.first_half_team_week, opportunities.opportunity_date) as ceiling_lead_days
from opportunities
left join first_river
    on opportunities.episode_id = first_river.episode_id
left join first_half_team
    on opportunities.episode_id = first_half_team.episode_id
