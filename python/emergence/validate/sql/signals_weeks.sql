-- Every week from the first to the last week of the emergence mart, 7 days apart.
create or replace temp table vs_weeks as
with mart_span as (
    select
        min(week_start) as first_week,
        max(week_start) as last_week
    from vs_emergence
)

select
    cast(unnest(generate_series(
        cast(first_week as timestamp), cast(last_week as timestamp), interval 7 day
    )) as date) as week_start
from mart_span
where first_week is not null
