-- One row per day, the calendar MetricFlow joins metrics to (metric_time) and fills gaps
-- from (docs/semantic_layer.md). Its range is the vars time_spine_start and time_spine_end.
with

days as (
    {{ dbt.date_spine(
        'day',
        "cast('" ~ var('time_spine_start') ~ "' as date)",
        "cast('" ~ var('time_spine_end') ~ "' as date)",
    ) }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
