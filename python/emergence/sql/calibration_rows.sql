-- One row per account and week that the signal evaluation labels (int_signal_scores__labelled,
-- signal emergence): whether the account opened an opportunity within the horizon after the
-- week, and the emergence score's inputs that week (fct_account_emergence; null where the
-- account had no engagement). Read by `emergence calibrate` (python/emergence/calibrate.py).
with labelled as (
    select * from intermediate.int_signal_scores__labelled
    where signal_name = 'emergence'
),

emergence as (
    select * from marts.fct_account_emergence
),

final as (
    select
        labelled.account_key,
        labelled.week_start,
        labelled.is_positive,
        coalesce(emergence.engaged_people, 0) as engaged_people,
        coalesce(emergence.engaged_functions, 0) as engaged_functions,
        coalesce(emergence.concurrent_people, 0) as concurrent_people,
        coalesce(emergence.deep_people, 0) as deep_people,
        coalesce(emergence.recent_people, 0) as recent_people,
        emergence.momentum,
        coalesce(emergence.active_weeks, 0) as active_weeks,
        coalesce(emergence.role_coverage, 0) as role_coverage,
        emergence.expected_team_size
    from labelled
    left join emergence
        on labelled.account_key = emergence.account_key and labelled.week_start = emergence.week_start
)

select * from final
