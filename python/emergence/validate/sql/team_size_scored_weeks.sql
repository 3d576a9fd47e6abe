-- The measured account-weeks (inside the mart's weeks), each against the mart: a missing
-- row counts as seen = estimate = 0 with no interval. APE = |estimate - truth| / truth.
create or replace temp table vt_scored as
with span as (
    select
        min(week_start) as first_week,
        max(week_start) as last_week
    from vt_mart
),

measured as (
    select episode_weeks.*
    from vt_episode_weeks as episode_weeks
    cross join span
    where
        episode_weeks.pick = 1
        and episode_weeks.week_start between span.first_week and span.last_week
),

joined as (
    select
        measured.episode_id,
        measured.account_key,
        measured.week_start,
        measured.team_size,
        measured.episodes_here,
        mart.account_key is not null as in_mart,
        coalesce(mart.mart_rows, 0) as mart_rows,
        coalesce(mart.seen, 0) as seen,
        coalesce(mart.estimated_team_size, 0) as estimate,
        coalesce(
            mart.estimated_low <= measured.team_size and measured.team_size <= mart.estimated_high,
            false
        ) as covered,
        case
            when mart.account_key is null then '(no row)'
            else coalesce(mart.estimate_method, '(none)')
        end as estimate_method
    from measured
    left join vt_mart as mart
        on
            measured.account_key = mart.account_key
            and measured.week_start = mart.week_start
),

final as (
    select
        *,
        abs(estimate - team_size) / team_size as ape,
        abs(seen - team_size) / team_size as baseline_ape,
        (estimate - team_size) / team_size as pe
    from joined
)

select * from final
